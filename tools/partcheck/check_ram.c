/* SPDX-License-Identifier: MIT */
/* RAM rules (no byte of RAM in two places) and the layout of each VM's IPA space. */
#include <stdio.h>

#include "internal.h"

/* ---- RAM regions ---- */

/* Returns whether the region is usable for the overlap rules that follow. */
static bool check_ram_range(struct pc *pc, uint32_t v, uint32_t r)
{
	const struct vm_ram *ram = &pc_vm(pc, v)->ram[r];

	return pc_check_window(pc, v, "ram", r, ram->pa.v, ram->ipa.v, ram->size, PC_RAM_EMPTY, PC_RAM_WRAP);
}

/* Stage 2 maps whole 4 KiB pages: anything less would hand out the neighbour's bytes. */
static void check_ram_alignment(struct pc *pc, uint32_t v, uint32_t r)
{
	const struct vm_ram *ram = &pc_vm(pc, v)->ram[r];

	if (!IS_ALIGNED(ram->pa.v, PC_GRANULE)) {
		pc_vm_error(pc, PC_RAM_UNALIGNED, v, "ram", r, "pa " PC_HEX " is not 4 KiB aligned", ram->pa.v);
	}
	if (!IS_ALIGNED(ram->ipa.v, PC_GRANULE)) {
		pc_vm_error(pc, PC_RAM_UNALIGNED, v, "ram", r, "ipa " PC_HEX " is not 4 KiB aligned", ram->ipa.v);
	}
	if (!IS_ALIGNED(ram->size, PC_GRANULE)) {
		pc_vm_error(pc, PC_RAM_UNALIGNED, v, "ram", r, "size " PC_HEX " is not a multiple of 4 KiB", ram->size);
	}
}

static void check_ram_in_board(struct pc *pc, uint32_t v, uint32_t r)
{
	const struct vm_ram *ram = &pc_vm(pc, v)->ram[r];
	const struct board_desc *b = pc->board;

	if (!range_inside(ram->pa.v, ram->size, b->ram_base.v, b->ram_size)) {
		pc_vm_error(pc, PC_RAM_NOT_BOARD, v, "ram", r,
			    "pa range " PC_RANGE " is outside board RAM (" PC_RANGE ")",
			    PC_RANGE_ARGS(ram->pa.v, ram->size), PC_RANGE_ARGS(b->ram_base.v, b->ram_size));
	}
}

/* DESIGN.md: hypervisor memory is never mapped into a VM. */
static void check_ram_hyp(struct pc *pc, uint32_t v, uint32_t r)
{
	const struct vm_ram *ram = &pc_vm(pc, v)->ram[r];
	const struct board_desc *b = pc->board;

	if (ranges_overlap(ram->pa.v, ram->size, b->hyp_base.v, b->hyp_size)) {
		pc_vm_error(pc, PC_RAM_HYP, v, "ram", r,
			    "pa range " PC_RANGE " overlaps the hypervisor window (" PC_RANGE ")",
			    PC_RANGE_ARGS(ram->pa.v, ram->size), PC_RANGE_ARGS(b->hyp_base.v, b->hyp_size));
	}
}

/* No byte of RAM is in two places: checked against every earlier region, this VM's included. */
static void check_ram_pa_unique(struct pc *pc, uint32_t v, uint32_t r)
{
	const struct vm_ram *ram = &pc_vm(pc, v)->ram[r];
	char other[PC_LABEL_MAX];

	for (uint32_t w = 0; w <= v; w++) {
		const struct vm_config *vm = pc_vm(pc, w);
		uint32_t n = w == v ? r : pc_num_ram(vm);

		for (uint32_t s = 0; s < n; s++) {
			const struct vm_ram *o = &vm->ram[s];

			if (pc_ram_usable(o) && ranges_overlap(ram->pa.v, ram->size, o->pa.v, o->size)) {
				pc_vm_error(pc, PC_RAM_PA_OVERLAP, v, "ram", r,
					    "overlaps %s ram[%" PRIu32 "] (" PC_RANGE ")",
					    pc_vm_label(pc, w, other, sizeof(other)), s,
					    PC_RANGE_ARGS(o->pa.v, o->size));
			}
		}
	}
}

/* True if the VM is given a device the board marks as a bus master (DMA). */
static bool has_dma_device(const struct pc *pc, const struct vm_config *vm)
{
	for (uint32_t d = 0; d < pc_num_devices(vm); d++) {
		const struct board_device *bd = pc_board_device(pc->board, vm->devices[d].device);
		if (bd != NULL && bd->dma) {
			return true;
		}
	}
	return false;
}

/*
 * DESIGN.md: VMs whose devices do DMA without an SMMU are identity-mapped;
 * otherwise the device would write to the PA the guest believes is its IPA, which
 * may be another VM's memory. The board marks which devices are bus masters.
 */
static void check_ram_identity(struct pc *pc, uint32_t v, uint32_t r)
{
	const struct vm_ram *ram = &pc_vm(pc, v)->ram[r];

	if (has_dma_device(pc, pc_vm(pc, v)) && ram->ipa.v != ram->pa.v) {
		pc_vm_error(pc, PC_RAM_NOT_IDENTITY, v, "ram", r,
			    "ipa " PC_HEX " differs from pa " PC_HEX
			    ", but the VM has a DMA-capable passthrough device, which uses physical addresses (no SMMU "
			    "yet): "
			    "it must be identity-mapped",
			    ram->ipa.v, ram->pa.v);
	}
}

void pc_check_ram(struct pc *pc, uint32_t v)
{
	const struct vm_config *vm = pc_vm(pc, v);

	if (vm->num_ram == 0) {
		pc_vm_error(pc, PC_RAM_NONE, v, "num_ram", PC_NO_IDX, "the VM has no RAM regions");
	}
	for (uint32_t r = 0; r < pc_num_ram(vm); r++) {
		check_ram_alignment(pc, v, r);
		if (!check_ram_range(pc, v, r)) {
			continue;
		}
		check_ram_in_board(pc, v, r);
		check_ram_hyp(pc, v, r);
		check_ram_pa_unique(pc, v, r);
		check_ram_identity(pc, v, r);
	}
}

/* ---- the IPA space of one VM: RAM, passthrough devices, emulated devices and channel windows ---- */

/* One guest-visible window. */
struct ipa_win {
	const char *field;
	uint32_t idx;
	uint64_t base;
	uint64_t size;
	bool usable; /* false when its own rules already reported it empty or wrapping, or it is not this VM's */
	bool is_ram;
};

enum {
	VDEV_VUART,
	VDEV_GICD,
	VDEV_GICR,
	NUM_VDEVS
};

/* Every channel has a slot; those without an end in the VM give an unusable window. */
static uint32_t num_windows(const struct pc *pc, uint32_t v)
{
	const struct vm_config *vm = pc_vm(pc, v);

	return pc_num_ram(vm) + pc_num_devices(vm) + NUM_VDEVS + pc_num_channels(pc);
}

static struct ipa_win vdev_window(const struct vm_config *vm, uint32_t k)
{
	struct ipa_win w = {.idx = PC_NO_IDX, .usable = true};
	uint32_t vcpus = vm->num_cpus;

	switch (k) {
	case VDEV_VUART:
		w.field = "vdevs.vuart";
		w.base = vm->vdevs.vuart.v;
		w.size = PC_VUART_SIZE;
		break;
	case VDEV_GICD:
		w.field = "vdevs.gicd";
		w.base = vm->vdevs.gicd.v;
		w.size = PC_VGICD_SIZE;
		break;
	default:
		/* A bad vCPU count is reported as PC_CPU_COUNT; the window then has no size. */
		w.field = "vdevs.gicr";
		w.base = vm->vdevs.gicr.v;
		w.size = PC_VGICR_SIZE * vcpus;
		w.usable = vcpus >= 1 && vcpus <= VM_MAX_VCPUS;
		break;
	}
	return w;
}

/* Where VM v sees channel c, if it is one of its ends; an empty or wrapping window is PC_CHAN_SIZE or _WRAP. */
static struct ipa_win chan_window(const struct pc *pc, uint32_t v, uint32_t c)
{
	const struct channel_config *ch = &pc->sys->channels[c];
	struct ipa_win w = {.field = "channels", .idx = c, .size = ch->size};
	uint32_t e = 0;

	if (pc_chan_end_in(pc, c, v, &e)) {
		w.base = ch->end[e].ipa.v;
		w.usable = range_valid(w.base, w.size);
	}
	return w;
}

/* Window k of a VM: its RAM regions, its passthrough devices, the emulated devices, then the channels. */
static struct ipa_win window(const struct pc *pc, uint32_t v, uint32_t k)
{
	const struct vm_config *vm = pc_vm(pc, v);
	uint32_t first_vdev = pc_num_ram(vm) + pc_num_devices(vm);
	struct ipa_win w = {0};

	if (k < pc_num_ram(vm)) {
		const struct vm_ram *r = &vm->ram[k];

		w = (struct ipa_win){"ram", k, r->ipa.v, r->size, pc_ram_usable(r), true};
	} else if (k - pc_num_ram(vm) < pc_num_devices(vm)) {
		uint32_t d = k - pc_num_ram(vm);
		const struct vm_device *dev = &vm->devices[d];

		w = (struct ipa_win){"devices", d, dev->ipa.v, dev->size, pc_dev_usable(dev), false};
	} else if (k - first_vdev < NUM_VDEVS) {
		w = vdev_window(vm, k - first_vdev);
	} else {
		w = chan_window(pc, v, k - first_vdev - NUM_VDEVS);
	}
	return w;
}

static const char *window_name(const struct ipa_win *w, char *buf, size_t len)
{
	if (w->idx == PC_NO_IDX) {
		(void)snprintf(buf, len, "%s", w->field);
	} else {
		(void)snprintf(buf, len, "%s[%" PRIu32 "]", w->field, w->idx);
	}
	return buf;
}

static void check_vdev_alignment(struct pc *pc, uint32_t v)
{
	for (uint32_t k = 0; k < NUM_VDEVS; k++) {
		struct ipa_win w = vdev_window(pc_vm(pc, v), k);

		if (!IS_ALIGNED(w.base, PC_GRANULE)) {
			pc_vm_error(pc, PC_VDEV_UNALIGNED, v, w.field, PC_NO_IDX, "ipa " PC_HEX " is not 4 KiB aligned",
				    w.base);
		}
	}
}

/* Stage 2 translates SHOJI_IPA_BITS of input address; nothing above can be mapped. Also rules out wrapping. */
static bool window_fits(const struct ipa_win *w)
{
	return w->size <= PC_IPA_LIMIT && w->base <= PC_IPA_LIMIT - w->size;
}

static void check_window_limit(struct pc *pc, uint32_t v, const struct ipa_win *w)
{
	if (!window_fits(w)) {
		pc_vm_error(pc, PC_IPA_TOO_HIGH, v, w->field, w->idx,
			    "ipa window at " PC_HEX " size " PC_HEX " reaches past the %d-bit IPA space (top " PC_HEX
			    ")",
			    w->base, w->size, SHOJI_IPA_BITS, (uint64_t)(PC_IPA_LIMIT - 1));
	}
}

/* Window k against every earlier window of the same VM. */
static void check_window_overlaps(struct pc *pc, uint32_t v, uint32_t k, const struct ipa_win *w)
{
	char other[PC_LABEL_MAX];

	for (uint32_t j = 0; j < k; j++) {
		struct ipa_win o = window(pc, v, j);

		if (!o.usable || !window_fits(&o) || !ranges_overlap(w->base, w->size, o.base, o.size)) {
			continue;
		}
		pc_vm_error(pc, w->is_ram && o.is_ram ? PC_RAM_IPA_OVERLAP : PC_IPA_OVERLAP, v, w->field, w->idx,
			    "ipa window " PC_RANGE " overlaps %s (ipa " PC_RANGE ")", PC_RANGE_ARGS(w->base, w->size),
			    window_name(&o, other, sizeof(other)), PC_RANGE_ARGS(o.base, o.size));
	}
}

void pc_check_ipa_space(struct pc *pc, uint32_t v)
{
	check_vdev_alignment(pc, v);
	for (uint32_t k = 0; k < num_windows(pc, v); k++) {
		struct ipa_win w = window(pc, v, k);

		if (!w.usable) {
			continue;
		}
		check_window_limit(pc, v, &w);
		if (window_fits(&w)) {
			check_window_overlaps(pc, v, k, &w);
		}
	}
}
