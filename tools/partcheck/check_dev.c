/* SPDX-License-Identifier: MIT */
/* Passthrough-device rules: each board device and each SPI belongs to at most one VM, and to no hypervisor use. */
#include <string.h>

#include "internal.h"

/*
 * Page granularity, decided here: stage 2 maps whole 4 KiB pages, so a passthrough
 * entry must give a page-aligned pa, ipa and size. A board device smaller than a page
 * (QEMU virt's virtio-mmio transports are 0x200 bytes, eight to a page) is given as
 * the page(s) that hold it, and that entry may lie anywhere inside those pages. The
 * other devices sharing the page are then reachable by the VM too; two VMs can never
 * both get such a page because their entries would overlap in PA (PC_DEV_PA_OVERLAP).
 */

/* The page-rounded extent of a board device: what a VM given it may map. */
static uint64_t dev_page_base(const struct board_device *bd)
{
	return ALIGN_DOWN(bd->base.v, PC_GRANULE);
}

static uint64_t dev_page_size(const struct board_device *bd)
{
	return ALIGN_UP(bd->base.v + bd->size, PC_GRANULE) - dev_page_base(bd);
}

static const struct board_device *check_dev_known(struct pc *pc, uint32_t v, uint32_t d)
{
	const char *name = pc_vm(pc, v)->devices[d].device;
	const struct board_device *bd = pc_board_device(pc->board, name);

	if (name == NULL) {
		pc_vm_error(pc, PC_DEV_UNKNOWN, v, "devices", d, "names no board device (device is NULL)");
	} else if (bd == NULL) {
		pc_vm_error(pc, PC_DEV_UNKNOWN, v, "devices", d, "'%.*s' is not a device of board '%s'", PC_NAME_MAX,
			    name, partcheck_board_label(pc->board));
	}
	return bd;
}

/* Returns whether the entry is usable for the overlap rules that follow. */
static bool check_dev_range(struct pc *pc, uint32_t v, uint32_t d)
{
	const struct vm_device *dev = &pc_vm(pc, v)->devices[d];

	return pc_check_window(pc, v, "devices", d, dev->pa.v, dev->ipa.v, dev->size, PC_DEV_EMPTY, PC_DEV_WRAP);
}

static void check_dev_alignment(struct pc *pc, uint32_t v, uint32_t d)
{
	const struct vm_device *dev = &pc_vm(pc, v)->devices[d];
	uint64_t base = ALIGN_DOWN(dev->pa.v, PC_GRANULE);
	uint64_t size = ALIGN_UP(dev->pa.v + dev->size, PC_GRANULE) - base;

	if (!IS_ALIGNED(dev->pa.v, PC_GRANULE) || !IS_ALIGNED(dev->size, PC_GRANULE)) {
		pc_vm_error(pc, PC_DEV_UNALIGNED, v, "devices", d,
			    "pa " PC_HEX " size " PC_HEX
			    " is not whole 4 KiB pages: stage 2 maps pages, so give pa " PC_HEX " size " PC_HEX
			    " (every device in those pages becomes reachable)",
			    dev->pa.v, dev->size, base, size);
	}
	if (!IS_ALIGNED(dev->ipa.v, PC_GRANULE)) {
		pc_vm_error(pc, PC_DEV_UNALIGNED, v, "devices", d, "ipa " PC_HEX " is not 4 KiB aligned", dev->ipa.v);
	}
}

static void check_dev_inside(struct pc *pc, uint32_t v, uint32_t d, const struct board_device *bd)
{
	const struct vm_device *dev = &pc_vm(pc, v)->devices[d];

	if (!range_valid(bd->base.v, bd->size)) {
		return; /* the board rules report it */
	}
	if (!range_inside(dev->pa.v, dev->size, dev_page_base(bd), dev_page_size(bd))) {
		pc_vm_error(pc, PC_DEV_OUTSIDE, v, "devices", d,
			    "pa range " PC_RANGE " is outside board device '%s' (" PC_RANGE ", pages " PC_RANGE ")",
			    PC_RANGE_ARGS(dev->pa.v, dev->size), bd->name, PC_RANGE_ARGS(bd->base.v, bd->size),
			    PC_RANGE_ARGS(dev_page_base(bd), dev_page_size(bd)));
	}
}

static bool same_device(const struct vm_device *a, const struct vm_device *b)
{
	return a->device != NULL && b->device != NULL && strcmp(a->device, b->device) == 0;
}

/*
 * Entry d of VM v against every earlier passthrough entry, this VM's included. The
 * same board device twice is one error (PC_DEV_TWICE); different devices whose
 * pages overlap are the other (PC_DEV_PA_OVERLAP).
 */
static void check_dev_unique(struct pc *pc, uint32_t v, uint32_t d)
{
	const struct vm_device *dev = &pc_vm(pc, v)->devices[d];
	char other[PC_LABEL_MAX];

	for (uint32_t w = 0; w <= v; w++) {
		const struct vm_config *vm = pc_vm(pc, w);
		uint32_t n = w == v ? d : pc_num_devices(vm);

		for (uint32_t e = 0; e < n; e++) {
			const struct vm_device *o = &vm->devices[e];

			if (same_device(dev, o)) {
				pc_vm_error(pc, PC_DEV_TWICE, v, "devices", d,
					    "board device '%s' is already given to %s devices[%" PRIu32 "]",
					    dev->device, pc_vm_label(pc, w, other, sizeof(other)), e);
			} else if (pc_dev_usable(o) && ranges_overlap(dev->pa.v, dev->size, o->pa.v, o->size)) {
				pc_vm_error(pc, PC_DEV_PA_OVERLAP, v, "devices", d,
					    "pa range " PC_RANGE " overlaps %s devices[%" PRIu32 "] (" PC_RANGE ")",
					    PC_RANGE_ARGS(dev->pa.v, dev->size),
					    pc_vm_label(pc, w, other, sizeof(other)), e,
					    PC_RANGE_ARGS(o->pa.v, o->size));
			}
		}
	}
}

static void check_dev_vs_ram(struct pc *pc, uint32_t v, uint32_t d)
{
	const struct vm_device *dev = &pc_vm(pc, v)->devices[d];
	char other[PC_LABEL_MAX];

	for (uint32_t w = 0; w < pc_num_vms(pc); w++) {
		const struct vm_config *vm = pc_vm(pc, w);

		for (uint32_t r = 0; r < pc_num_ram(vm); r++) {
			const struct vm_ram *ram = &vm->ram[r];

			if (pc_ram_usable(ram) && ranges_overlap(dev->pa.v, dev->size, ram->pa.v, ram->size)) {
				pc_vm_error(pc, PC_DEV_RAM, v, "devices", d,
					    "pa range " PC_RANGE " overlaps %s ram[%" PRIu32 "] (" PC_RANGE ")",
					    PC_RANGE_ARGS(dev->pa.v, dev->size),
					    pc_vm_label(pc, w, other, sizeof(other)), r,
					    PC_RANGE_ARGS(ram->pa.v, ram->size));
			}
		}
	}
}

static void check_dev_vs_window(struct pc *pc, uint32_t v, uint32_t d, enum pc_code code, const char *what,
				uint64_t base, uint64_t size)
{
	const struct vm_device *dev = &pc_vm(pc, v)->devices[d];

	if (ranges_overlap(dev->pa.v, dev->size, base, size)) {
		pc_vm_error(pc, code, v, "devices", d, "pa range " PC_RANGE " overlaps %s (" PC_RANGE ")",
			    PC_RANGE_ARGS(dev->pa.v, dev->size), what, PC_RANGE_ARGS(base, size));
	}
}

/* What the hypervisor keeps for itself: its memory, its console and the real GIC. */
static void check_dev_vs_hyp(struct pc *pc, uint32_t v, uint32_t d)
{
	const struct board_desc *b = pc->board;
	struct pc_window mmio[PC_MAX_HYP_MMIO];
	uint32_t n = pc_hyp_mmio(b, mmio);

	check_dev_vs_window(pc, v, d, PC_DEV_HYP, "the hypervisor window", b->hyp_base.v, b->hyp_size);
	for (uint32_t i = 0; i < n; i++) {
		check_dev_vs_window(pc, v, d, PC_DEV_HYP_MMIO, mmio[i].what, mmio[i].base, mmio[i].size);
	}
}

/* ---- interrupts: only SPIs are routed to a VM, each to one VM (DESIGN.md, interrupts) ---- */

static bool device_raises(const struct board_device *bd, uint32_t intid)
{
	for (uint32_t k = 0; k < pc_num_intids(bd->intids, ARRAY_SIZE(bd->intids)); k++) {
		if (bd->intids[k] == intid) {
			return true;
		}
	}
	return false;
}

/* Entry k against every earlier INTID of every passthrough entry, skipping repeats of one device (PC_DEV_TWICE). */
static void check_irq_unique(struct pc *pc, uint32_t v, uint32_t d, uint32_t k)
{
	const struct vm_device *dev = &pc_vm(pc, v)->devices[d];
	char other[PC_LABEL_MAX];

	for (uint32_t w = 0; w <= v; w++) {
		const struct vm_config *vm = pc_vm(pc, w);
		uint32_t n = w == v ? d + 1 : pc_num_devices(vm);

		for (uint32_t e = 0; e < n; e++) {
			const struct vm_device *o = &vm->devices[e];
			bool self = w == v && e == d;
			uint32_t m = self ? k : pc_num_intids(o->intids, ARRAY_SIZE(o->intids));

			if (!self && same_device(dev, o)) {
				continue;
			}
			for (uint32_t l = 0; l < m; l++) {
				if (o->intids[l] == dev->intids[k]) {
					pc_vm_error(pc, PC_IRQ_TWICE, v, "devices", d,
						    "intids[%" PRIu32 "]: INTID %" PRIu32
						    " is already routed to %s devices[%" PRIu32 "]",
						    k, dev->intids[k], pc_vm_label(pc, w, other, sizeof(other)), e);
					return;
				}
			}
		}
	}
}

static void check_irq(struct pc *pc, uint32_t v, uint32_t d, uint32_t k, const struct board_device *bd)
{
	uint32_t intid = pc_vm(pc, v)->devices[d].intids[k];
	uint32_t spis = pc->board->num_spis_max;

	if (intid < 32 || intid >= spis) {
		pc_vm_error(pc, PC_IRQ_NOT_SPI, v, "devices", d,
			    "intids[%" PRIu32 "]: INTID %" PRIu32 " is not an SPI (32..%" PRIu32 " on board '%s')", k,
			    intid, spis - 1, partcheck_board_label(pc->board));
		return;
	}
	if (bd != NULL && !device_raises(bd, intid)) {
		pc_vm_error(pc, PC_IRQ_NOT_DEVICE, v, "devices", d,
			    "intids[%" PRIu32 "]: INTID %" PRIu32 " is not raised by board device '%s'", k, intid,
			    bd->name);
	}
	check_irq_unique(pc, v, d, k);
}

static void check_irqs(struct pc *pc, uint32_t v, uint32_t d, const struct board_device *bd)
{
	const struct vm_device *dev = &pc_vm(pc, v)->devices[d];
	uint32_t n = pc_num_intids(dev->intids, ARRAY_SIZE(dev->intids));

	for (uint32_t k = 0; k < n; k++) {
		check_irq(pc, v, d, k, bd);
	}
	for (uint32_t k = n + 1; k < ARRAY_SIZE(dev->intids); k++) {
		if (dev->intids[k] != 0) {
			pc_vm_error(pc, PC_IRQ_AFTER_END, v, "devices", d,
				    "intids[%" PRIu32 "]: INTID %" PRIu32
				    " follows the terminating 0 at intids[%" PRIu32 "] and would be ignored",
				    k, dev->intids[k], n);
		}
	}
}

/*
 * The vPL011's interrupt is a virtual SPI in the VM's own numbering: any SPI the
 * GIC can express, except one the VM already receives from a passthrough device.
 */
static void check_vuart_intid(struct pc *pc, uint32_t v)
{
	const struct vm_config *vm = pc_vm(pc, v);
	uint32_t intid = vm->vdevs.vuart_intid;

	if (intid == 0) {
		return; /* no interrupt: a polled console */
	}
	if (intid < 32 || intid > 1019) {
		pc_vm_error(pc, PC_VUART_INTID, v, "vdevs.vuart_intid", PC_NO_IDX,
			    "INTID %" PRIu32 " is not an SPI (32..1019)", intid);
		return;
	}
	for (uint32_t d = 0; d < pc_num_devices(vm); d++) {
		for (uint32_t k = 0; k < ARRAY_SIZE(vm->devices[d].intids); k++) {
			if (vm->devices[d].intids[k] == intid) {
				pc_vm_error(pc, PC_VUART_INTID, v, "vdevs.vuart_intid", PC_NO_IDX,
					    "INTID %" PRIu32 " is also devices[%" PRIu32 "]'s interrupt", intid, d);
			}
		}
	}
}

void pc_check_devices(struct pc *pc, uint32_t v)
{
	check_vuart_intid(pc, v);
	for (uint32_t d = 0; d < pc_num_devices(pc_vm(pc, v)); d++) {
		const struct board_device *bd = check_dev_known(pc, v, d);

		check_irqs(pc, v, d, bd);
		if (!check_dev_range(pc, v, d)) {
			continue;
		}
		check_dev_alignment(pc, v, d);
		if (bd != NULL) {
			check_dev_inside(pc, v, d, bd);
		}
		check_dev_unique(pc, v, d);
		check_dev_vs_ram(pc, v, d);
		check_dev_vs_hyp(pc, v, d);
	}
}
