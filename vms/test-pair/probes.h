/* SPDX-License-Identifier: MIT */
/*
 * test-pair on qemu-virt: named addresses the `apps` test guest probes, so tests
 * say "probe vpn_ram" and only this file knows where that is. Every one of them
 * must be denied to `apps`,
 * except `rtc`, which test-pair gives to apps (its passthrough device).
 */
#ifndef SHOJI_TEST_PAIR_PROBES_H
#define SHOJI_TEST_PAIR_PROBES_H

#include "layout.h"

/* X(name, guest address) */
#define TP_PROBES(X)                                        \
	X(vpn_ram, TP_VPN_RAM_PA)                           \
	X(vpn_ram_end, TP_VPN_RAM_PA + TP_VPN_RAM_SIZE - 8) \
	X(apps_own_pa, TP_APPS_RAM_PA)                      \
	X(hyp_ram, 0x40200000)                              \
	X(hyp_ram_low, 0x40000000)                          \
	X(uart, 0x09000000)                                 \
	X(gic_its, 0x08080000)                              \
	X(nic, 0x0a003e00)                                  \
	X(fw_cfg, 0x09020000)                               \
	X(rtc, 0x09010000)                                  \
	X(vpn_dev, 0x0a000000)                              \
	X(gpio, 0x09030000)                                 \
	X(flash, 0x00000000)                                \
	X(pcie_ecam, 0x4010000000)                          \
	X(pcie_mmio, 0x10000000)                            \
	X(unassigned, 0x0c000000)                           \
	X(beyond_ipa, 0x10000000000)

#endif /* SHOJI_TEST_PAIR_PROBES_H */
