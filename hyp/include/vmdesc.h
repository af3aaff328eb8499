/* SPDX-License-Identifier: MIT */
/*
 * A VM's partition-table entry in one canonical byte encoding ("vmdesc"), so the
 * vendor can sign it (the "<vm>.config" payload, written by a host tool from the
 * same system.c) and the hypervisor can check that the table it runs is the signed
 * one. Pure C, host-compilable. Every number little-endian, every name NUL-padded
 * to its field; a count precedes each list, so no two tables encode alike:
 *
 *   "SHOJI-VMDESC-v2\0"          16  domain
 *   name                         16  VM name
 *   trust, verify, num_cpus       4+4+4
 *   cpus[num_cpus]                4 each  (physical CPU of vCPU i)
 *   num_ram                       4
 *     pa, ipa, size               8+8+8 each
 *   num_devices                   4
 *     device name                32
 *     pa, ipa, size               8+8+8
 *     intids[4]                   4 each  (zero from the first zero on)
 *   kernel name, kernel ipa      32+8     (absent payload: all-zero name, ipa 0)
 *   entry offset                  8
 *   dtb name, dtb ipa            32+8
 *   initrd name, initrd ipa      32+8
 *   sealed name, sealed ipa      32+8     (v2: the sealed area, include/shoji/seal.h)
 *   vuart, vuart intid, gicd, gicr  8+4+8+8
 *   num_channels                  4       (channels this VM is an end of, table order)
 *     channel name               32
 *     index                       4       (the CHANNEL_NOTIFY number)
 *     pa, size                    8+8
 *     side                        4       (0 or 1)
 *     ipa, intid                  8+4     (this VM's end)
 *     peer VM name               16
 */
#ifndef SHOJI_VMDESC_H
#define SHOJI_VMDESC_H

#include <shoji/partition.h>

#define VMDESC_MAX       2048
#define VMDESC_DOMAIN    "SHOJI-VMDESC-v2" /* 16 bytes with its terminator; v1 had no sealed area */
#define VMDESC_VM_NAME   16                /* VM_NAME_MAX + 1 */
#define VMDESC_NAME_SIZE 32                /* payload, device and channel names (= PACK_NAME_SIZE) */

/*
 * Writes VM `vm` of `sys` in its canonical encoding to buf and returns the length,
 * or 0 if it does not fit in `size`, `vm` is out of range or a name is too long for
 * its field. Never writes past buf + size.
 */
size_t vmdesc_encode(const struct system_config *sys, uint32_t vm, uint8_t *buf, size_t size);

#endif /* SHOJI_VMDESC_H */
