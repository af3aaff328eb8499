/* SPDX-License-Identifier: MIT */
/* The build-time partition-table checker: one board plus one system in, every rule it breaks out. */
#ifndef SHOJI_PARTCHECK_CHECK_H
#define SHOJI_PARTCHECK_CHECK_H

#include <board.h>
#include <shoji/partition.h>

/*
 * One code per rule, so tests can assert that exactly the rule they broke fired.
 * The message text (see check.c and friends) names the system, the VM or board
 * field and the addresses involved; the code only says which rule.
 */
enum pc_code {
	/* Any table whose count is non-zero but whose array pointer is NULL. */
	PC_NULL_ARRAY = 1,

	/* The system as a whole. */
	PC_SYS_NAME,         /* system name missing or not [a-z0-9_-] */
	PC_SYS_NO_VMS,       /* num_vms == 0 */
	PC_SYS_TOO_MANY_VMS, /* num_vms > VM_MAX */

	/* VM identity. */
	PC_VM_NAME_MISSING,  /* NULL or "" */
	PC_VM_NAME_TOO_LONG, /* longer than VM_NAME_MAX */
	PC_VM_NAME_CHARSET,  /* a character outside [a-z0-9_-] */
	PC_VM_NAME_DUP,      /* two VMs with one name */
	PC_VM_TRUST,         /* neither VM_TRUSTED nor VM_UNTRUSTED */
	PC_VM_VERIFY,        /* not a vm_verify value, or a trusted VM that may start unverified */

	/* CPUs. */
	PC_CPU_COUNT,   /* not 1..VM_MAX_VCPUS */
	PC_CPU_NO_SUCH, /* index >= board num_cpus */
	PC_CPU_TWICE,   /* one physical CPU listed twice, in one VM or two */

	/* RAM regions. */
	PC_RAM_NONE,         /* no region at all */
	PC_RAM_EMPTY,        /* size 0 */
	PC_RAM_WRAP,         /* pa + size or ipa + size wraps */
	PC_RAM_UNALIGNED,    /* pa, ipa or size not 4 KiB aligned (the message says which) */
	PC_RAM_NOT_BOARD,    /* pa range not inside board RAM */
	PC_RAM_HYP,          /* pa range overlaps the hypervisor window */
	PC_RAM_PA_OVERLAP,   /* shares a PA byte with another region, any VM */
	PC_RAM_IPA_OVERLAP,  /* two regions of one VM overlap in IPA */
	PC_RAM_NOT_IDENTITY, /* ipa != pa in a VM that has passthrough (DMA-capable) devices */

	/* Passthrough devices. */
	PC_DEV_UNKNOWN,    /* `device` NULL or not a board device */
	PC_DEV_EMPTY,      /* size 0 */
	PC_DEV_WRAP,       /* pa + size or ipa + size wraps */
	PC_DEV_UNALIGNED,  /* pa, ipa or size not 4 KiB aligned (the message says which) */
	PC_DEV_OUTSIDE,    /* pa range not inside the named board device's pages */
	PC_DEV_TWICE,      /* one board device listed twice, in one VM or two */
	PC_DEV_PA_OVERLAP, /* pa range shares a byte with another passthrough entry */
	PC_DEV_RAM,        /* pa range overlaps some VM's RAM */
	PC_DEV_HYP,        /* pa range overlaps the hypervisor window */
	PC_DEV_HYP_MMIO,   /* pa range overlaps the hypervisor's UART or the GIC */
	PC_IRQ_NOT_SPI,    /* INTID outside 32..num_spis_max-1 */
	PC_IRQ_NOT_DEVICE, /* INTID the named board device does not raise */
	PC_IRQ_TWICE,      /* one INTID routed twice, in one VM or two */
	PC_IRQ_AFTER_END,  /* a non-zero INTID after the terminating 0, silently ignored */
	PC_VUART_INTID,    /* the vPL011's virtual SPI is not an SPI, or is one of the VM's passthrough INTIDs */

	/* A VM's IPA space: RAM, passthrough devices, emulated devices and channel windows together. */
	PC_VDEV_UNALIGNED, /* emulated device window not 4 KiB aligned */
	PC_IPA_TOO_HIGH,   /* window reaches past 2^SHOJI_IPA_BITS (or wraps) */
	PC_IPA_OVERLAP,    /* two windows of one VM overlap (other than RAM with RAM) */

	/* Boot image. */
	PC_IMG_NO_KERNEL,  /* kernel payload name NULL */
	PC_IMG_NAME_EMPTY, /* a payload name is "" (NULL means none) */
	PC_IMG_NOT_IN_RAM, /* a load address or the entry point is outside the VM's RAM */
	PC_IMG_SAME_ADDR,  /* two payloads loaded at one address */
	PC_IMG_SEALED,     /* sealed area not 4 KiB aligned, not inside one RAM region, or holding a load address */

	/* Channels: a window of RAM shared by two VMs, and a doorbell in each (IPA layout: PC_IPA_*). */
	PC_CHAN_TOO_MANY,      /* num_channels > CHANNEL_MAX */
	PC_CHAN_NAME_MISSING,  /* NULL or "" */
	PC_CHAN_NAME_TOO_LONG, /* longer than PC_CHAN_NAME_MAX */
	PC_CHAN_NAME_CHARSET,  /* a character outside [a-z0-9_-] */
	PC_CHAN_NAME_DUP,      /* two channels with one name */
	PC_CHAN_NO_VM,         /* an end's vm is NULL or names no VM of the system */
	PC_CHAN_SAME_VM,       /* both ends name one VM */
	PC_CHAN_SIZE,          /* size is not SHOJI_CHAN_WINDOW_SIZE */
	PC_CHAN_UNALIGNED,     /* pa or an end's ipa not 4 KiB aligned (the message says which) */
	PC_CHAN_WRAP,          /* pa + size or an end's ipa + size wraps */
	PC_CHAN_NOT_BOARD,     /* pa range not inside board RAM (a window is memory, never MMIO) */
	PC_CHAN_HYP,           /* pa range overlaps the hypervisor window */
	PC_CHAN_RAM,           /* pa range overlaps some VM's RAM */
	PC_CHAN_DEV,           /* pa range overlaps some VM's passthrough device */
	PC_CHAN_PA_OVERLAP,    /* pa range overlaps another channel's window */
	PC_CHAN_IRQ_NOT_SPI,   /* doorbell INTID outside 32..num_spis_max-1 */
	PC_CHAN_IRQ_TWICE,     /* doorbell INTID is, in its VM, a passthrough INTID, the vPL011's or another doorbell */

	/* Board self-consistency: a board is data someone typed, too. */
	PC_BOARD_NAME,        /* board name missing or not [a-z0-9_-] */
	PC_BOARD_RAM,         /* RAM empty, wrapping or not 4 KiB aligned */
	PC_BOARD_HYP,         /* hypervisor window empty, unaligned or not inside RAM */
	PC_BOARD_CPUS,        /* num_cpus not 1..BOARD_MAX_CPUS */
	PC_BOARD_MPIDR,       /* non-affinity bits set, or two CPUs with one MPIDR */
	PC_BOARD_GIC,         /* unknown GIC version or bad redistributor stride */
	PC_BOARD_MMIO,        /* UART/GICD/GICR window empty, wrapping, or overlapping RAM or each other */
	PC_BOARD_IRQ,         /* num_spis_max, UART SPI or a PPI out of range */
	PC_BOARD_DEV_NAME,    /* device name missing, not [a-z0-9_-], or used twice */
	PC_BOARD_DEV_RANGE,   /* device window empty or wrapping */
	PC_BOARD_DEV_OVERLAP, /* device overlaps another device, RAM, the UART or the GIC */
	PC_BOARD_DEV_IRQ,     /* device INTID not an SPI, the UART's, or after the terminator */

	PC_NUM_CODES
};

/*
 * Receives each error as one complete line, without a newline, e.g.
 * "partcheck: test-pair: vm 'apps' ram[0]: overlaps vm 'vpn' ram[0] (0x50000000..0x51ffffff)".
 * The line is only valid during the call.
 */
typedef void (*partcheck_sink)(void *ctx, enum pc_code code, const char *line);

/* Longest line handed to the sink, terminator included; longer ones are cut. */
#define PC_LINE_MAX 400

/*
 * Check `sys` against `board` and itself. Every error found goes to `sink` (which
 * may be NULL to only count); returns the number of errors, 0 when the pair is
 * fit to build. Reads the tables only; no allocation, no global state.
 */
unsigned int partcheck(const struct board_desc *board, const struct system_config *sys, partcheck_sink sink, void *ctx);

/* The system's name as messages print it: the name, or "(unnamed system)" when unusable. */
const char *partcheck_system_label(const struct system_config *sys);

/* The board's name likewise. */
const char *partcheck_board_label(const struct board_desc *board);

#endif /* SHOJI_PARTCHECK_CHECK_H */
