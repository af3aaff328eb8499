/* SPDX-License-Identifier: MIT */
/* Physical interrupts taken at EL2: acknowledged, handled or routed, and completed. */
#ifndef SHOJI_IRQ_H
#define SHOJI_IRQ_H

#include <shoji/types.h>

/* Handles every pending physical interrupt (from a guest exit or a parked CPU). */
void irq_poll_el2(void);

#endif /* SHOJI_IRQ_H */
