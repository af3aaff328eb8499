/* SPDX-License-Identifier: MIT */
/* The physical interrupt controller, as the hypervisor drives it (driver chosen by the board). */
#ifndef SHOJI_GIC_H
#define SHOJI_GIC_H

#include <shoji/types.h>

#define GIC_INTID_SPURIOUS 1023U
#define GIC_SPI_BASE       32U

/* SGIs the hypervisor uses between its own CPUs. */
enum hyp_sgi {
	SGI_WAKE = 0,  /* a parked CPU has something to do */
	SGI_KICK = 1,  /* re-evaluate a running vCPU's pending interrupts */
	SGI_STOP = 15, /* a CPU panicked: stop */
};

void gic_init(void);     /* distributor; boot CPU, once */
void gic_cpu_init(void); /* redistributor and CPU interface of the calling CPU */
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);        /* priority drop */
void gic_deactivate(uint32_t intid); /* EOImode 1: explicit deactivation */
void gic_send_sgi(uint32_t cpu, enum hyp_sgi sgi);
void gic_send_sgi_others(enum hyp_sgi sgi);
void gic_set_enable(uint32_t intid, bool on);
void gic_route_spi(uint32_t intid, uint32_t cpu);
bool gic_ready(void);
void gic_ppi_set_enable(uint32_t cpu, uint32_t intid, bool on);
void gic_set_pending(uint32_t cpu, uint32_t intid, bool on);
void gic_set_config(uint32_t intid, bool edge);
void gic_quiesce(uint32_t cpu, uint32_t intid);

#endif /* SHOJI_GIC_H */
