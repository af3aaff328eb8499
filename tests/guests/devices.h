/* SPDX-License-Identifier: MIT */
/*
 * Interrupt numbers and device addresses the test guest uses beyond its console:
 * the GIC and the devices from the system's layout.h, the rest as QEMU virt has
 * them (hw/arm/virt.c, a15irqmap: SPI n is INTID 32 + n), which is also what the
 * guest sees bare on QEMU (native_test.py).
 */
#ifndef SHOJI_GUEST_DEVICES_H
#define SHOJI_GUEST_DEVICES_H

#include "layout.h"

/* GICv3 as the VMs see it: QEMU virt's addresses (layout.h). */
#define GUEST_GICD_BASE TP_GICD_IPA
#define GUEST_GICR_BASE TP_GICR_IPA

/* SGIs the guest gives a meaning to; every vCPU enables these at boot. */
#define INTID_SGI_PLAIN 0 /* counted only: the target of `sgi` attacks */
#define INTID_SGI_PING  1 /* `ipi`: vCPU 0 -> vCPU 1 */
#define INTID_SGI_PONG  2 /* `ipi`: the reply, vCPU 1 -> vCPU 0 */
#define INTID_SGI_STORM 3 /* `storm sgi`: sent to oneself */
#define GUEST_NUM_SGIS  4

/* PPI 27: the EL1 virtual timer (Arm BSA; virt's ARCH_TIMER_VIRT_IRQ 11 + 16). */
#define INTID_VTIMER 27

/* The console's SPI: the VM's vPL011 (layout.h), or bare QEMU's PL011 (virt UART, SPI 1). */
#if defined(GUEST_UART_OVERRIDE)
#define INTID_UART 33
#else
#define INTID_UART TP_VUART_INTID
#endif

/*
 * Passthrough devices keep their physical address (IPA = PA) and INTID, so the
 * partition's numbers are QEMU virt's and hold bare too: the PL031 RTC that
 * `apps` owns (virt RTC, SPI 2: 34, level; `storm rtc`) and virtio-mmio
 * transport 0 that `vpn` owns (virt MMIO, SPI 16: 48; only counted).
 */
#define GUEST_RTC_BASE TP_APPS_DEV_PA
#define INTID_RTC      TP_APPS_DEV_INTID
#define INTID_NIC      TP_VPN_DEV_INTID

/*
 * The doorbell of test-pair's channel 0 (layout.h): a virtual-only SPI, the same
 * INTID in both VMs. Bare QEMU has nothing there (SPI 8), so it never fires.
 */
#define INTID_CHAN TP_CHAN_INTID

#endif /* SHOJI_GUEST_DEVICES_H */
