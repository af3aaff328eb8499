/* SPDX-License-Identifier: MIT */
/*
 * The EL1 virtual timer, interrupt-driven: periodic runs on an absolute schedule
 * (`timer`, `latency`) that measure how late each tick is handled, and a one-shot
 * wake-up for the idle loop when it sleeps in WFI.
 */
#ifndef SHOJI_GUEST_VTIMER_H
#define SHOJI_GUEST_VTIMER_H

#include <shoji/types.h>

/* Command loop, boot vCPU: prints `timer done ...` once a `timer <hz> <ms>` run is over. */
void vtimer_poll(void);
/* IRQs masked: an interrupt at `deadline` (to bound a WFI) unless a run already ticks. */
void vtimer_arm_wake(uint64_t deadline);
/* Disarms a wake-up that is no longer needed (a run's ticks are left alone). */
void vtimer_cancel_wake(void);

#endif /* SHOJI_GUEST_VTIMER_H */
