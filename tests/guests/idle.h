/* SPDX-License-Identifier: MIT */
/* How the boot vCPU spends the time between commands: background output, then a short wait. */
#ifndef SHOJI_GUEST_IDLE_H
#define SHOJI_GUEST_IDLE_H

/* Heartbeat, secondaries' check-ins, the end of a `timer` run: each prints at most a line. */
void idle_background(void);
/*
 * About 10 us of polling by default; with `uartirq on`, WFI until an interrupt
 * (at the latest the next heartbeat or IDLE_WAKE_MS). Called with the IRQ window
 * open (irq.h) and returns with it open.
 */
void idle_wait(void);

#endif /* SHOJI_GUEST_IDLE_H */
