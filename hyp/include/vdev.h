/* SPDX-License-Identifier: MIT */
/* Emulated devices in a VM's IPA space, found by address on a stage-2 data abort. */
#ifndef SHOJI_VDEV_H
#define SHOJI_VDEV_H

#include <guest_fault.h>
#include <shoji/types.h>

struct vm;

void vdev_init(struct vm *vm);  /* once, at set-up */
void vdev_reset(struct vm *vm); /* at every VM start */

/*
 * Emulates the access if an emulated device covers it: true and *val filled (for
 * a read) when it was handled; false when no device owns the address or the
 * device rejects the access (size, alignment): the caller denies it.
 */
/* Re-evaluates the vPL011's interrupt line after its state changed outside an MMIO access. */
void vdev_uart_irq_update(struct vm *vm);

bool vdev_access(struct vm *vm, const struct mmio_access *a, uint64_t *val);

#endif /* SHOJI_VDEV_H */
