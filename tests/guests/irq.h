/* SPDX-License-Identifier: MIT */
/*
 * Interrupts in the test guest. The GIC is set up at boot on every vCPU (if the
 * VM has one), but the boot vCPU takes interrupts only while it waits: between
 * irq_window_open() and irq_window_close(), and only after `irq on`. Commands
 * therefore run with IRQs masked and need no locking against handlers, which
 * never print. Secondaries wait with IRQs unmasked in WFI from boot on.
 */
#ifndef SHOJI_GUEST_IRQ_H
#define SHOJI_GUEST_IRQ_H

#include <shoji/types.h>

#include "gic.h"

/* Boot vCPU, before the command loop: distributor and own CPU interface, SGIs enabled. */
void irq_boot_init(void);
/* A secondary, on itself: its CPU interface and SGIs; false if the VM has no usable GIC. */
bool irq_secondary_init(uint64_t cpu);
/* A secondary after irq_secondary_init: handles interrupts in WFI forever. */
__attribute__((noreturn)) void irq_secondary_idle(void);

/* `irq on`: (re)tries the GIC setup if boot failed; GIC_OK means the waits now unmask IRQs. */
enum gic_status irq_turn_on(struct probe_fault *fault);
void irq_turn_off(void);
bool irq_is_on(void);
/*
 * For commands that need interrupts: turns them on, or prints `error irq <why>`
 * and returns false (the command then replies nothing else).
 */
bool irq_require(void);

/* Boot vCPU: open (unmask, if on) and close (mask) the window in which handlers run. */
void irq_window_open(void);
void irq_window_close(void);

/* Group 1, default priority, routed to this vCPU (SPIs), enabled; and the reverse. */
void irq_line_on(uint32_t intid);
void irq_line_off(uint32_t intid);

/* exception.c: an IRQ at EL1h. Acknowledges, counts, runs the INTID's handler, EOIs. */
void irq_handle(void);

/* The handlers irq.c's table runs, given CNTVCT_EL0 at entry; each lives with what it serves. */
void ipi_on_ping(uint64_t now);      /* cmd_irq.c: SGI 1, answers with SGI 2 */
void ipi_on_pong(uint64_t now);      /* cmd_irq.c: SGI 2 */
void storm_on_sgi(uint64_t now);     /* storm.c: SGI 3 */
void storm_on_rtc(uint64_t now);     /* storm.c: the RTC's SPI, left asserted */
void vtimer_on_irq(uint64_t now);    /* vtimer.c: PPI 27 */
void con_on_rx_irq(uint64_t now);    /* console.c: the UART's SPI */
void chan_on_doorbell(uint64_t now); /* cmd_chan.c: channel 0's doorbell, answered in `chan echo` mode */

/* `irqs [vcpu]`: the counters of one vCPU, or summed over all when cpu >= GUEST_MAX_CPUS. */
void irq_print_counts(uint64_t cpu);

#endif /* SHOJI_GUEST_IRQ_H */
