/* SPDX-License-Identifier: MIT */
/*
 * The board porting interface: what every board under board/<name>/ provides.
 *
 * A board is one folder with a fixed set of files:
 *   board.mk      build knobs: load address, GIC and UART flavours, QEMU command line
 *   board.c       `const struct board_desc board_desc`, data only
 *   board_ops.c   the mandatory functions declared at the end of this header
 * Nothing else in the tree names a physical address of a particular board.
 */
#ifndef SHOJI_BOARD_H
#define SHOJI_BOARD_H

#include <shoji/types.h>

/* Upper bound on CPUs any board may describe; sizes per-CPU arrays. */
#define BOARD_MAX_CPUS 8

enum gic_version {
	GIC_V2 = 2,
	GIC_V3 = 3,
};

/* A platform device: the checker verifies passthrough ranges against this list. */
struct board_device {
	const char *name;
	pa_t base;
	uint64_t size;
	/* GIC INTIDs the device raises (SPIs); 0 terminates the list early. */
	uint32_t intids[4];
	/* Bus master: it reads and writes memory by PA, so its VM must be identity-mapped (no SMMU yet). */
	bool dma;
};

struct board_desc {
	const char *name;

	/* Physical RAM. */
	pa_t ram_base;
	uint64_t ram_size;

	/*
	 * RAM reserved for the hypervisor: its image (loaded by the boot loader at
	 * the link address inside this window), the packed VM payloads that follow
	 * it, and everything it allocates statically. No VM may map a byte of it.
	 */
	pa_t hyp_base;
	uint64_t hyp_size;

	/* CPUs by MPIDR affinity (Aff3..Aff0 only); index = Shoji CPU number. */
	const uint64_t *cpu_mpidr;
	uint32_t num_cpus;

	/* The console UART, owned by the hypervisor. */
	pa_t uart_base;
	uint64_t uart_size;
	uint32_t uart_intid;

	/* Interrupt controller. */
	enum gic_version gic_version;
	pa_t gicd_base;
	uint64_t gicd_size;
	pa_t gicr_base; /* GICv3: redistributor frames, gicr_stride apart */
	uint64_t gicr_stride;
	uint32_t num_spis_max; /* highest SPI INTID + 1 the board routes */
	uint32_t maint_intid;  /* GIC maintenance interrupt (PPI) */
	uint32_t hyp_timer_intid;
	uint32_t vtimer_intid;
	uint32_t ptimer_intid;

	/* Platform devices a VM may be given, and must not reach otherwise. */
	const struct board_device *devices;
	uint32_t num_devices;
};

extern const struct board_desc board_desc;

/*
 * Mandatory functions (board_ops.c). There are no optional ones yet; when there
 * are, a board states their absence explicitly rather than through weak symbols.
 */

/* Called once on the boot CPU before the console is up; may do nothing. */
void board_early_init(void);

/*
 * The device secret: 32 bytes unique to this device and readable only by the
 * hypervisor (a hardware unique key, or a key derived from it by the boot ROM).
 * The device attestation key and every sealing key derive from it (attest.h), so
 * whoever can read it can forge this device's reports and unseal its data.
 * Called once at boot.
 */
void board_device_secret(uint8_t out[32]);

#endif /* SHOJI_BOARD_H */
