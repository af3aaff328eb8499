/* SPDX-License-Identifier: MIT */
/*
 * The virtual GICv3 each VM sees: per-VM distributor state for the SPIs the VM
 * owns, per-vCPU redistributor state for SGIs and PPIs, and the list-register
 * side that gets pending interrupts into the running vCPU.
 *
 * Ownership is the whole security story: a VM's vGIC holds only the SPIs its
 * partition gives it (passthrough device interrupts, hardware-backed, and
 * virtual ones such as its vPL011's), the SGIs of its own vCPUs, and the PPIs
 * Shoji hands to guests (the virtual timer). Every other INTID reads as zero and
 * ignores writes; nothing a guest writes reaches the physical GIC except the
 * enable, route, trigger and pending state of interrupts it owns.
 *
 * Locking: vgic->lock guards everything in struct vgic. It is taken by the
 * MMIO emulation, by injection from any CPU, and by the owning CPU when it moves
 * interrupts into or out of its list registers. Lock order: vm->lock (never
 * taken with this held), vgic->lock, then the console lock.
 */
#ifndef SHOJI_VGIC_H
#define SHOJI_VGIC_H

#include <shoji/partition.h>
#include <shoji/types.h>
#include <spinlock.h>

#define VGIC_NUM_PRIVATE     32U /* SGIs 0-15, PPIs 16-31 */
#define VGIC_NUM_SGIS        16U
#define VGIC_MAX_SPIS        32U /* SPIs one VM may own */
#define VGIC_LR_NONE         0xffU
#define VGIC_INTID_NONE      0U
#define VGICD_CTLR_ENABLE_G1 (1U << 1)

/* Window sizes (GICv3 §12.1: 64 KiB distributor; 2 x 64 KiB per redistributor). */
#define VGICD_SIZE       0x10000ULL
#define VGICR_STRIDE     0x20000ULL
#define VGICR_SGI_OFFSET 0x10000ULL

enum virq_flags {
	VIRQ_ENABLED = 1U << 0,
	VIRQ_PENDING = 1U << 1, /* pending, and not (yet) in a list register */
	VIRQ_ACTIVE = 1U << 2,  /* active as far as the distributor knows */
	VIRQ_EDGE = 1U << 3,    /* ICFGR: edge-triggered (else level) */
	VIRQ_HW = 1U << 4,      /* backed by physical `pintid`: injected with the HW bit */
	VIRQ_LEVEL = 1U << 5,   /* level-sensitive virtual source: its line is high */
	VIRQ_IN_LR = 1U << 6,   /* currently held by list register `lr` of vCPU `target` */
};

/* One interrupt as the VM sees it. */
struct virq {
	uint16_t intid;  /* as the guest numbers it */
	uint16_t pintid; /* physical INTID if VIRQ_HW, else 0 */
	uint8_t priority;
	uint8_t target; /* vCPU index it is delivered to (SPIs: from IROUTER; private: its owner) */
	uint8_t lr;     /* list register index while VIRQ_IN_LR */
	uint8_t flags;
};

struct vgic_vcpu {
	struct virq priv[VGIC_NUM_PRIVATE];
	uint32_t owned_ppis; /* bit n: PPI (16 + n) is the guest's (the virtual timer) */
	bool sleeping;       /* GICR_WAKER.ProcessorSleep */
};

/* What the partition gives a VM: its SPIs, and which are backed by hardware. */
struct vgic_spi_desc {
	uint16_t intid;
	uint16_t pintid; /* 0: virtual only */
	bool edge;
};

struct vgic {
	struct spinlock lock;
	void *owner; /* the struct vm, for the hardware hooks */
	uint32_t num_vcpus;
	uint32_t ctlr; /* GICD_CTLR as the guest wrote it (EnableGrp1) */
	uint32_t num_spis;
	struct virq spis[VGIC_MAX_SPIS]; /* sorted by intid */
	uint64_t irouter[VGIC_MAX_SPIS];
	struct vgic_vcpu cpu[VM_MAX_VCPUS];
};

/* ---- state and register emulation (hyp/core/vgic_regs.c, pure, host-tested) ---- */

/*
 * Resets all state: SPIs from `spis` (at most VGIC_MAX_SPIS, unsorted input is
 * sorted), all disabled, inactive, priority 0, routed to vCPU 0; SGIs edge,
 * PPIs in `ppi_mask` (bit n = PPI 16+n, e.g. the virtual timer) level and
 * hardware-backed with pintid = intid. Returns 0, or -1 on bad input (too many
 * SPIs, an INTID that is not an SPI, a duplicate).
 */
int vgic_init(struct vgic *g, void *owner, uint32_t num_vcpus, const struct vgic_spi_desc *spis, uint32_t num_spis,
	      uint32_t ppi_mask);

/* Finds an interrupt the VM owns as seen from vCPU `vcpu`; NULL if not owned. */
struct virq *vgic_find(struct vgic *g, uint32_t vcpu, uint32_t intid);

/*
 * Guest MMIO accesses, offset inside the window, size 1/2/4/8. The caller holds
 * g->lock. Return 0, or -1 for an access the GIC does not allow (bad size or
 * alignment for that register): the caller injects an abort. Unowned INTIDs and
 * unimplemented registers read as zero and ignore writes (return 0).
 */
int vgic_dist_read(struct vgic *g, uint64_t offset, uint32_t size, uint64_t *val);
int vgic_dist_write(struct vgic *g, uint64_t offset, uint32_t size, uint64_t val);
/* `vcpu` is the redistributor's owner: offset / VGICR_STRIDE, checked by the caller. */
int vgic_redist_read(struct vgic *g, uint32_t vcpu, uint64_t offset, uint32_t size, uint64_t *val);
int vgic_redist_write(struct vgic *g, uint32_t vcpu, uint64_t offset, uint32_t size, uint64_t val);

/*
 * Hardware hooks the emulation calls (under g->lock) for hardware-backed
 * interrupts only; hyp/core/vgic_hw.c implements them, unit tests fake them.
 *   enable:  GICD/GICR_I{S,C}ENABLER for `pintid` (PPIs: on vCPU `vcpu`'s CPU)
 *   route:   GICD_IROUTER of SPI `pintid` to vCPU `vcpu`'s CPU
 *   config:  GICD_ICFGR of SPI `pintid`
 *   pending: GICD_I{S,C}PENDR of `pintid`
 *   notify:  vCPU `vcpu` has a newly pending, enabled interrupt: get it to its list registers
 */
void vgic_hw_enable(struct vgic *g, uint32_t vcpu, uint32_t pintid, bool on);
void vgic_hw_route(struct vgic *g, uint32_t pintid, uint32_t vcpu);
void vgic_hw_config(struct vgic *g, uint32_t pintid, bool edge);
void vgic_hw_pending(struct vgic *g, uint32_t vcpu, uint32_t pintid, bool on);
void vgic_notify(struct vgic *g, uint32_t vcpu);

/* ---- injection (hyp/core/vgic.c) ---- */

/* Marks a virtual interrupt pending (edge) or sets its line (level); notifies its vCPU. */
void vgic_inject(struct vgic *g, uint32_t vcpu, uint32_t intid, bool level_high);

/* A channel doorbell (edge, virtual-only SPI); false if it was already pending. Any CPU. */
bool vgic_ring(struct vgic *g, uint32_t intid);

#endif /* SHOJI_VGIC_H */
