/* SPDX-License-Identifier: MIT */
/*
 * vpn-apps on qemu-virt (the default system): the addresses the partition table,
 * the device trees (via cpp) and the image packing are all built from.
 */
#ifndef SHOJI_VPN_APPS_LAYOUT_H
#define SHOJI_VPN_APPS_LAYOUT_H

/* vpn: trusted, CPU 0, 256 MiB identity-mapped (its NIC does DMA by PA; no SMMU yet). */
#define VA_VPN_RAM_PA   0x50000000
#define VA_VPN_RAM_IPA  0x50000000
#define VA_VPN_RAM_SIZE 0x10000000

/*
 * apps: untrusted, CPUs 1 and 2, 512 MiB, translated (it has no DMA device). Its
 * IPA window avoids every physical address vpn or the hypervisor use, so an attack
 * from apps on those addresses reaches the hypervisor, not apps' own RAM.
 */
#define VA_APPS_RAM_PA   0x60000000
#define VA_APPS_RAM_IPA  0x80000000
#define VA_APPS_RAM_SIZE 0x20000000

/* Where each VM's payloads go, as offsets from its RAM base (kernel at a 2 MiB boundary). */
#define VA_KERNEL_OFFSET 0x00000000
#define VA_DTB_OFFSET    0x03e00000
#define VA_INITRD_OFFSET 0x04000000

/*
 * vpn's sealed area (include/shoji/seal.h): SHOJI_SEALED_MAX bytes just below its DTB, where the
 * hypervisor copies the vpn.sealed payload (its VPN client key, sealed to its measurement) at every
 * start. vpn.dts reserves it (no-map) for the trust driver, vms/linux/shoji-trust.
 */
#define VA_SEALED_OFFSET 0x03df0000
#define VA_SEALED_SIZE   0x00010000

/* Emulated devices, where QEMU virt has the real ones, so the DTs look familiar. */
#define VA_VUART_IPA   0x09000000
#define VA_VUART_INTID 33
#define VA_GICD_IPA    0x08000000
#define VA_GICR_IPA    0x080a0000

/*
 * vpn's NIC: QEMU puts the first virtio-net-device on the highest virtio-mmio
 * transport, 31 (0x0a003e00, SPI 47 = INTID 79). Passthrough is by page: the
 * page also holds the empty transports 24-30, which no other VM may have.
 */
#define VA_NIC_PAGE  0x0a003000
#define VA_NIC_BASE  0x0a003e00
#define VA_NIC_SPI   47
#define VA_NIC_INTID 79

/*
 * vpn's clock: QEMU virt's PL031 RTC (SPI 2), so vpn boots with the wall-clock time
 * its VPN needs to check certificate validity. apps has no clock device.
 */
#define VA_RTC_PA    0x09010000
#define VA_RTC_SPI   2
#define VA_RTC_INTID 34

/*
 * The channel between vpn (side 0) and apps (side 1): 1 MiB of RAM just below
 * vpn's (clear of RAM + 128 MiB, where QEMU leaves its DTB), seen at a different
 * IPA by each, and a doorbell each (a virtual SPI; the number is VM-local).
 * apps' only network path.
 */
#define VA_CHAN_PA       0x4ff00000
#define VA_CHAN_SIZE     0x00100000
#define VA_CHAN_VPN_IPA  0x70000000
#define VA_CHAN_APPS_IPA 0xa0000000
#define VA_CHAN_INTID    40
#define VA_CHAN_SPI      8 /* VA_CHAN_INTID - 32, for the device trees */
#define VA_CHAN_INDEX    0

/* For booting a VM's kernel natively (tests/linux): bare QEMU virt's RAM starts here. */
#define VA_NATIVE_RAM_BASE 0x40000000

#endif /* SHOJI_VPN_APPS_LAYOUT_H */
