/* SPDX-License-Identifier: MIT */
/*
 * Glue between the physical UART, the console multiplexer (console.c) and each
 * VM's virtual PL011: tagged output, input to the focused VM, console commands.
 */
#ifndef SHOJI_VCONSOLE_H
#define SHOJI_VCONSOLE_H

#include <shoji/types.h>

struct vm;

void vconsole_setup(void);              /* after every VM is set up */
void vconsole_attach_vm(struct vm *vm); /* the VM's vPL011 feeds the console */
void vconsole_reset_vm(struct vm *vm);  /* vPL011 back to reset (VM restart); caller holds uart_lock */
void vconsole_rx_irq(void);             /* the UART has input */
void vconsole_rx_pump(struct vm *vm);   /* the guest read its FIFO: refill it from the queue */
void vconsole_flush_timer_irq(void);    /* this CPU's EL2 timer: write out unfinished lines */

/* The hypervisor's own text (whole lines); used by log.c. */
void vconsole_hyp_write(const char *s, size_t n);

#endif /* SHOJI_VCONSOLE_H */
