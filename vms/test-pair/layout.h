/* SPDX-License-Identifier: MIT */
/*
 * test-pair on qemu-virt: the addresses both the partition table and the bare-metal
 * test guests are built from, so the two cannot disagree.
 */
#ifndef SHOJI_TEST_PAIR_LAYOUT_H
#define SHOJI_TEST_PAIR_LAYOUT_H

/* vpn: trusted, CPU 0, identity-mapped (its devices will do DMA). */
#define TP_VPN_RAM_PA   0x50000000
#define TP_VPN_RAM_IPA  0x50000000
#define TP_VPN_RAM_SIZE 0x02000000

/* apps: untrusted, CPUs 1 and 2, at an IPA unlike its PA so translation is real. */
#define TP_APPS_RAM_PA   0x54000000
#define TP_APPS_RAM_IPA  0x80000000
#define TP_APPS_RAM_SIZE 0x02000000

/*
 * Emulated devices. The GIC sits where QEMU virt has it; the vPL011 does not, so
 * the physical UART's address is provably unmapped for a guest (probe "uart").
 */
#define TP_VUART_IPA   0x09100000
#define TP_VUART_INTID 33
#define TP_GICD_IPA    0x08000000
#define TP_GICR_IPA    0x080a0000

/* Passthrough devices (IPA = PA): vpn gets virtio-mmio transport 0's page, apps the PL031 RTC. */
#define TP_VPN_DEV_PA     0x0a000000
#define TP_VPN_DEV_INTID  48
#define TP_APPS_DEV_PA    0x09010000
#define TP_APPS_DEV_INTID 34

/* A channel between vpn (side 0) and apps (side 1), for the CHANNEL_NOTIFY tests. */
#define TP_CHAN_PA       0x4ff00000
#define TP_CHAN_SIZE     0x00100000
#define TP_CHAN_VPN_IPA  0x60000000
#define TP_CHAN_APPS_IPA 0x90000000
#define TP_CHAN_INTID    40

/* For running the test guest natively (tests/guests/native_test.py): bare QEMU virt's PL011. */
#define TP_NATIVE_UART 0x09000000

#endif /* SHOJI_TEST_PAIR_LAYOUT_H */
