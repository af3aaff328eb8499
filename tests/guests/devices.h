/* SPDX-License-Identifier: MIT */
/*
 * Interrupt numbers and device addresses the test guest uses beyond its console,
 * as QEMU virt has them (hw/arm/virt.c, a15memmap and a15irqmap: SPI n is INTID
 * 32 + n). Under test-pair devices are passed through at IPA = PA and interrupt
 * numbers are the physical ones, so the same values hold bare and under Shoji.
 * Deliberately not in vms/test-pair/layout.h: the partition does not need them.
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
/* SPI 33: the console PL011 (virt UART, SPI 1); under test-pair each VM's vPL011 uses it too. */
#define INTID_UART 33
/* SPI 34: the PL031 RTC (virt RTC, SPI 2), level; under test-pair `apps` owns it. */
#define INTID_RTC 34
/* SPI 48: virtio-mmio transport 0 (virt MMIO, SPI 16); under test-pair `vpn` owns it. */
#define INTID_NIC 48

/* The PL031 RTC (virt RTC at 0x09010000), used by `storm rtc`. */
#define GUEST_RTC_BASE 0x09010000

#endif /* SHOJI_GUEST_DEVICES_H */
