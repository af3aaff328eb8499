/* SPDX-License-Identifier: MIT */
/*
 * The static partition table: what a system (vms/<system>/system.c) declares.
 * Compiled into the hypervisor and, unchanged, into the build-time checker.
 * Nothing here is created or resized at run time.
 */
#ifndef SHOJI_PARTITION_H
#define SHOJI_PARTITION_H

#include <shoji/types.h>

#define VM_NAME_MAX  15 /* printable name length, without the terminator */
#define VM_MAX       4
#define VM_MAX_VCPUS 4

/*
 * Stage-2 input (IPA) size. With the 4 KiB granule, VTCR_EL2.T0SZ = 25 and SL0 = 1
 * start the walk at level 1 with a single 512-entry table (Arm ARM, VTCR_EL2), so
 * no concatenated tables are needed; 512 GiB covers every board Shoji targets.
 * Every guest-visible window (RAM, passthrough MMIO, emulated devices) lies below it.
 */
#define SHOJI_IPA_BITS 39

enum vm_trust {
	VM_UNTRUSTED = 0,
	VM_TRUSTED = 1,
};

/*
 * What happens when a VM's payloads or partition entry fail verified boot
 * (docs/abi.md). The zero value is the default, so a VM that says nothing is
 * never started unverified.
 */
enum vm_verify {
	VM_VERIFY_REQUIRED = 0, /* refused: it never runs */
	VM_VERIFY_MARK = 1,     /* started, marked "UNVERIFIED" (untrusted VMs only; partcheck) */
};

/* A RAM region: host-physical base, where the guest sees it, and size. */
struct vm_ram {
	pa_t pa;
	ipa_t ipa;
	uint64_t size;
};

/*
 * A passthrough device: an MMIO window mapped into the guest and the SPIs it
 * raises, which are routed to the VM. `device` names a board_device entry.
 */
struct vm_device {
	const char *device;
	pa_t pa;
	ipa_t ipa;
	uint64_t size;
	uint32_t intids[4]; /* 0 terminates early */
};

/*
 * What the VM boots: payloads are found by name in the package appended to the
 * hypervisor image (include/shoji/pack.h) and copied to their IPA at every start.
 *
 * `sealed` is different: data sealed to this VM (include/shoji/seal.h), such as its
 * VPN credentials. It cannot be measured, since the sealing key depends on the
 * measurement, and it is not the vendor's to sign (a real device writes it at
 * enrolment), so verified boot neither checks nor measures it: its own AEAD protects
 * it. Its name and IPA are part of the signed partition entry, so where it lands is
 * measured. It may be absent (the area then stays zero); present, it is at most
 * SHOJI_SEALED_MAX bytes, copied before the measured payloads.
 */
struct vm_image {
	const char *kernel; /* payload name, e.g. "apps.kernel" */
	ipa_t kernel_ipa;   /* load address; entry point unless entry_offset */
	uint64_t entry_offset;
	const char *dtb; /* payload name, or NULL */
	ipa_t dtb_ipa;
	const char *initrd; /* payload name, or NULL */
	ipa_t initrd_ipa;
	const char *sealed; /* payload name, or NULL: the VM has no sealed area */
	ipa_t sealed_ipa;   /* the sealed area: SHOJI_SEALED_MAX bytes of the VM's RAM, 4 KiB aligned */
};

/* Where the emulated devices appear in the guest's IPA space. */
struct vm_vdevs {
	ipa_t vuart;
	uint32_t vuart_intid; /* the virtual SPI of its vPL011 (a VM-local number) */
	ipa_t gicd;
	ipa_t gicr; /* one 128 KiB frame per vCPU */
};

struct vm_config {
	const char *name;
	enum vm_trust trust;
	enum vm_verify verify;
	/* vCPU i runs on physical CPU cpus[i]; 1:1, pinned, no scheduler. */
	const uint32_t *cpus;
	uint32_t num_cpus;
	const struct vm_ram *ram;
	uint32_t num_ram;
	const struct vm_device *devices;
	uint32_t num_devices;
	struct vm_image image;
	struct vm_vdevs vdevs;
};

/* One end of a channel: the VM, where it sees the window, and its doorbell. */
struct channel_end {
	const char *vm; /* a VM name of this system */
	ipa_t ipa;      /* where that VM sees the window (mapped RW, never executable) */
	uint32_t intid; /* the doorbell: a virtual SPI in that VM, raised by the peer's CHANNEL_NOTIFY */
};

/*
 * A channel: a window of RAM shared by exactly two VMs (layout: include/shoji/channel.h)
 * and a doorbell in each. Its index in system_config.channels is the number the
 * guests pass to CHANNEL_NOTIFY. The hypervisor zeroes the window before either
 * end starts and whenever either restarts or powers off; it never reads it.
 */
struct channel_config {
	const char *name;
	pa_t pa;
	uint64_t size;
	struct channel_end end[2];
};

#define CHANNEL_MAX 4

struct system_config {
	const char *name;
	const struct vm_config *vms;
	uint32_t num_vms;
	const struct channel_config *channels;
	uint32_t num_channels;
};

/* Each system defines exactly one. */
extern const struct system_config system_config;

#endif /* SHOJI_PARTITION_H */
