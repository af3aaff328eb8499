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
/* Idle loop, IRQs masked: an interrupt at `deadline` unless a run already ticks. */
void vtimer_arm_wake(uint64_t deadline);

#endif /* SHOJI_GUEST_VTIMER_H */
