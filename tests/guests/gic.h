/* SPDX-License-Identifier: MIT */
/*
 * A minimal GICv3 driver for the test guest: system-register CPU interface,
 * one redistributor per vCPU (frame = GICR base + vCPU index x 0x20000), the
 * distributor for SPIs. Affinity routing only, everything in Group 1, no LPIs.
 * A "cpu" argument is a vCPU index (MPIDR.Aff0); it picks the redistributor
 * for SGIs and PPIs and is ignored for SPIs.
 */
#ifndef SHOJI_GUEST_GIC_H
#define SHOJI_GUEST_GIC_H

#include <shoji/types.h>

#include "devices.h"
#include "probe.h"

/* IHI 0069: a 64 KiB distributor; per CPU a 64 KiB RD frame then a 64 KiB SGI frame. */
#define GICD_SIZE        ULL(0x10000)
#define GICR_STRIDE      ULL(0x20000)
#define GICR_SGI_OFFSET  ULL(0x10000)
#define GIC_SPECIAL_MIN  1020U /* ICC_IAR1_EL1 values 1020-1023 are not interrupts */
#define GIC_SPURIOUS     1023U
#define GIC_MAX_SPI      1019U
#define GIC_PRIO_DEFAULT 0x80U

enum gic_status {
	GIC_OK,
	GIC_ABSENT,    /* reading GICD_CTLR aborted: this VM has no (v)GIC */
	GIC_NO_SRE,    /* ICC_SRE_EL1.SRE stays 0: no system-register interface */
	GIC_RWP,       /* GICD_CTLR.RWP did not clear in time */
	GIC_AWAKE,     /* GICR_WAKER.ChildrenAsleep did not clear in time */
	GIC_WRONG_CPU, /* the redistributor frame's GICR_TYPER names another CPU */
};

/* The word `irq on` prints for a status ("ok", "absent", ...). */
const char *gic_status_name(enum gic_status s);

/* vCPU 0, once, before any gic_cpu_init: ARE and EnableGrp1. An abort on the first access gives GIC_ABSENT. */
enum gic_status gic_dist_init(struct probe_fault *fault);
/* Each vCPU, on itself: SRE, wakes its redistributor, all its SGIs/PPIs Group 1, PMR/BPR/IGRPEN1. */
enum gic_status gic_cpu_init(uint64_t cpu);

void gic_enable(uint32_t intid, uint64_t cpu);
void gic_disable(uint32_t intid, uint64_t cpu);
void gic_set_group1(uint32_t intid, uint64_t cpu);
void gic_set_priority(uint32_t intid, uint64_t cpu, uint8_t prio);
/* SPIs only: GICD_IROUTER, Interrupt_Routing_Mode 0, to the CPU with this MPIDR. */
void gic_set_route(uint32_t intid, uint64_t mpidr);
void gic_set_pending(uint32_t intid, uint64_t cpu);

/* SGI `intid` (0-15) to the one vCPU with this MPIDR (Aff3.Aff2.Aff1.Aff0, Aff0 < 16). */
void gic_send_sgi(uint32_t intid, uint64_t mpidr);
/* ICC_SGI1R_EL1 as given: for tests that aim at other VMs' CPUs or broadcast. */
void gic_write_sgi1r(uint64_t val);

/* ICC_IAR1_EL1's INTID (acknowledges it), and ICC_EOIR1_EL1 (EOImode 0: priority drop and deactivate). */
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);

/* MMIO addresses for the raw access commands. */
uint64_t gic_dist_addr(uint64_t offset);
uint64_t gic_redist_addr(uint64_t cpu, uint64_t offset);

#endif /* SHOJI_GUEST_GIC_H */
