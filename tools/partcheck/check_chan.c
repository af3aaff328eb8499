/* SPDX-License-Identifier: MIT */
/* Channel rules: each window is RAM of its own, shared by exactly two VMs, with a doorbell SPI in each. */
#include <stdio.h>
#include <string.h>

#include <shoji/channel.h>

#include "internal.h"

/* INTID ranges (IHI 0069, INTIDs): a doorbell is a virtual SPI, 32 and up. */
#define INTID_SPI_FIRST 32U

uint32_t pc_vm_index(const struct pc *pc, const char *name)
{
	for (uint32_t v = 0; name != NULL && v < pc_num_vms(pc); v++) {
		const char *vm = pc_vm(pc, v)->name;

		if (vm != NULL && strcmp(vm, name) == 0) {
			return v;
		}
	}
	return PC_NO_IDX;
}

bool pc_chan_end_in(const struct pc *pc, uint32_t c, uint32_t v, uint32_t *end)
{
	const struct channel_config *ch = &pc->sys->channels[c];

	for (uint32_t e = 0; e < ARRAY_SIZE(ch->end); e++) {
		if (pc_vm_index(pc, ch->end[e].vm) == v) {
			*end = e;
			return true;
		}
	}
	return false;
}

static const struct channel_config *chan(const struct pc *pc, uint32_t c)
{
	return &pc->sys->channels[c];
}

/* ---- the table ---- */

static void check_chan_table(struct pc *pc)
{
	const struct system_config *sys = pc->sys;

	if (sys->num_channels != 0 && sys->channels == NULL) {
		pc_sys_error(pc, PC_NULL_ARRAY, "system", PC_NO_IDX, "num_channels is %" PRIu32 " but channels is NULL",
			     sys->num_channels);
	}
	/* The hypervisor keeps state for CHANNEL_MAX channels and would ignore the rest. */
	if (sys->num_channels > CHANNEL_MAX) {
		pc_sys_error(pc, PC_CHAN_TOO_MANY, "system", PC_NO_IDX,
			     "has %" PRIu32 " channels, at most CHANNEL_MAX (%d)", sys->num_channels, CHANNEL_MAX);
	}
}

/* ---- names: like VM names, they label the channel wherever people read about it ---- */

static void check_chan_name_form(struct pc *pc, uint32_t c)
{
	const char *name = chan(pc, c)->name;
	size_t bad = 0;

	switch (pc_name_fault(name, PC_CHAN_NAME_MAX, &bad)) {
	case PC_NAME_MISSING:
		pc_sys_error(pc, PC_CHAN_NAME_MISSING, "channels", c, "name is missing (NULL or empty)");
		break;
	case PC_NAME_TOO_LONG:
		pc_sys_error(pc, PC_CHAN_NAME_TOO_LONG, "channels", c, "name '%.*s...' is longer than %d characters",
			     PC_CHAN_NAME_MAX, name, PC_CHAN_NAME_MAX);
		break;
	case PC_NAME_BAD_CHAR:
		pc_sys_error(pc, PC_CHAN_NAME_CHARSET, "channels", c,
			     "name has character 0x%02x at offset %zu, outside [a-z0-9_-]", (unsigned char)name[bad],
			     bad);
		break;
	case PC_NAME_OK:
		break;
	}
}

static bool chan_name_ok(const struct channel_config *ch)
{
	return pc_name_fault(ch->name, PC_CHAN_NAME_MAX, NULL) == PC_NAME_OK;
}

static void check_chan_name_unique(struct pc *pc, uint32_t c)
{
	const struct channel_config *ch = chan(pc, c);

	if (!chan_name_ok(ch)) {
		return;
	}
	for (uint32_t d = 0; d < c; d++) {
		if (chan_name_ok(chan(pc, d)) && strcmp(chan(pc, d)->name, ch->name) == 0) {
			pc_sys_error(pc, PC_CHAN_NAME_DUP, "channels", c,
				     "name '%s' is already the name of channels[%" PRIu32 "]", ch->name, d);
			return;
		}
	}
}

/* ---- ends: exactly two VMs, each named ---- */

static void check_chan_end_vm(struct pc *pc, uint32_t c, uint32_t e)
{
	const char *name = chan(pc, c)->end[e].vm;

	if (pc_num_vms(pc) == 0) {
		return; /* no VM can be named: PC_SYS_NO_VMS or PC_NULL_ARRAY says why */
	}
	if (name == NULL) {
		pc_sys_error(pc, PC_CHAN_NO_VM, "channels", c, "end[%" PRIu32 "].vm: names no VM (NULL)", e);
	} else if (pc_vm_index(pc, name) == PC_NO_IDX) {
		pc_sys_error(pc, PC_CHAN_NO_VM, "channels", c, "end[%" PRIu32 "].vm: '%.*s' is not a VM of this system",
			     e, VM_NAME_MAX, name);
	}
}

/* A channel to oneself would be a window mapped twice and a doorbell that rings its own VM: a typo. */
static void check_chan_same_vm(struct pc *pc, uint32_t c)
{
	const struct channel_config *ch = chan(pc, c);
	uint32_t v = pc_vm_index(pc, ch->end[0].vm);

	if (v != PC_NO_IDX && pc_vm_index(pc, ch->end[1].vm) == v) {
		pc_sys_error(pc, PC_CHAN_SAME_VM, "channels", c,
			     "end[1].vm: '%s' is also end[0].vm; a channel joins two different VMs", ch->end[1].vm);
	}
}

/* ---- the window: one size for all, whole pages, no wrap ---- */

/* include/shoji/channel.h: the guests' drivers lay out exactly this much. */
static void check_chan_size(struct pc *pc, uint32_t c)
{
	uint64_t size = chan(pc, c)->size;

	if (size != SHOJI_CHAN_WINDOW_SIZE) {
		pc_sys_error(pc, PC_CHAN_SIZE, "channels", c,
			     "size " PC_HEX " is not SHOJI_CHAN_WINDOW_SIZE (" PC_HEX ")", size,
			     (uint64_t)SHOJI_CHAN_WINDOW_SIZE);
	}
}

/* Stage 2 maps whole 4 KiB pages in both VMs. */
static void check_chan_alignment(struct pc *pc, uint32_t c)
{
	const struct channel_config *ch = chan(pc, c);

	if (!IS_ALIGNED(ch->pa.v, PC_GRANULE)) {
		pc_sys_error(pc, PC_CHAN_UNALIGNED, "channels", c, "pa " PC_HEX " is not 4 KiB aligned", ch->pa.v);
	}
	for (uint32_t e = 0; e < ARRAY_SIZE(ch->end); e++) {
		if (!IS_ALIGNED(ch->end[e].ipa.v, PC_GRANULE)) {
			pc_sys_error(pc, PC_CHAN_UNALIGNED, "channels", c,
				     "end[%" PRIu32 "].ipa " PC_HEX " is not 4 KiB aligned", e, ch->end[e].ipa.v);
		}
	}
}

/* Returns whether the pa range is usable for the overlap rules that follow. A size of 0 is PC_CHAN_SIZE. */
static bool check_chan_wrap(struct pc *pc, uint32_t c)
{
	const struct channel_config *ch = chan(pc, c);
	bool ok = range_valid(ch->pa.v, ch->size);

	if (ch->size == 0) {
		return false;
	}
	if (!ok) {
		pc_sys_error(pc, PC_CHAN_WRAP, "channels", c, "pa range wraps (pa " PC_HEX " size " PC_HEX ")",
			     ch->pa.v, ch->size);
	}
	for (uint32_t e = 0; e < ARRAY_SIZE(ch->end); e++) {
		if (!range_valid(ch->end[e].ipa.v, ch->size)) {
			pc_sys_error(pc, PC_CHAN_WRAP, "channels", c,
				     "end[%" PRIu32 "].ipa range wraps (ipa " PC_HEX " size " PC_HEX ")", e,
				     ch->end[e].ipa.v, ch->size);
		}
	}
	return ok;
}

/* ---- the pa range: plain RAM that is nobody else's ---- */

/* Both VMs map the window as normal memory: on MMIO that would mean speculative, merged device accesses. */
static void check_chan_in_board(struct pc *pc, uint32_t c)
{
	const struct channel_config *ch = chan(pc, c);
	const struct board_desc *b = pc->board;

	if (!range_inside(ch->pa.v, ch->size, b->ram_base.v, b->ram_size)) {
		pc_sys_error(pc, PC_CHAN_NOT_BOARD, "channels", c,
			     "pa range " PC_RANGE " is outside board RAM (" PC_RANGE "): a window is memory",
			     PC_RANGE_ARGS(ch->pa.v, ch->size), PC_RANGE_ARGS(b->ram_base.v, b->ram_size));
	}
}

/* DESIGN.md: hypervisor memory is never mapped into a VM. */
static void check_chan_hyp(struct pc *pc, uint32_t c)
{
	const struct channel_config *ch = chan(pc, c);
	const struct board_desc *b = pc->board;

	if (ranges_overlap(ch->pa.v, ch->size, b->hyp_base.v, b->hyp_size)) {
		pc_sys_error(pc, PC_CHAN_HYP, "channels", c,
			     "pa range " PC_RANGE " overlaps the hypervisor window (" PC_RANGE ")",
			     PC_RANGE_ARGS(ch->pa.v, ch->size), PC_RANGE_ARGS(b->hyp_base.v, b->hyp_size));
	}
}

/* The hypervisor zeroes the window when either end (re)starts: it must hold nothing else. */
static void check_chan_vs_ram(struct pc *pc, uint32_t c)
{
	const struct channel_config *ch = chan(pc, c);
	char other[PC_LABEL_MAX];

	for (uint32_t w = 0; w < pc_num_vms(pc); w++) {
		const struct vm_config *vm = pc_vm(pc, w);

		for (uint32_t r = 0; r < pc_num_ram(vm); r++) {
			const struct vm_ram *ram = &vm->ram[r];

			if (pc_ram_usable(ram) && ranges_overlap(ch->pa.v, ch->size, ram->pa.v, ram->size)) {
				pc_sys_error(pc, PC_CHAN_RAM, "channels", c,
					     "pa range " PC_RANGE " overlaps %s ram[%" PRIu32 "] (" PC_RANGE ")",
					     PC_RANGE_ARGS(ch->pa.v, ch->size),
					     pc_vm_label(pc, w, other, sizeof(other)), r,
					     PC_RANGE_ARGS(ram->pa.v, ram->size));
			}
		}
	}
}

static void check_chan_vs_devices(struct pc *pc, uint32_t c)
{
	const struct channel_config *ch = chan(pc, c);
	char other[PC_LABEL_MAX];

	for (uint32_t w = 0; w < pc_num_vms(pc); w++) {
		const struct vm_config *vm = pc_vm(pc, w);

		for (uint32_t d = 0; d < pc_num_devices(vm); d++) {
			const struct vm_device *dev = &vm->devices[d];

			if (pc_dev_usable(dev) && ranges_overlap(ch->pa.v, ch->size, dev->pa.v, dev->size)) {
				pc_sys_error(pc, PC_CHAN_DEV, "channels", c,
					     "pa range " PC_RANGE " overlaps %s devices[%" PRIu32 "] (" PC_RANGE ")",
					     PC_RANGE_ARGS(ch->pa.v, ch->size),
					     pc_vm_label(pc, w, other, sizeof(other)), d,
					     PC_RANGE_ARGS(dev->pa.v, dev->size));
			}
		}
	}
}

/* Against every earlier channel: a shared byte would join VMs the table never put on one channel. */
static void check_chan_pa_unique(struct pc *pc, uint32_t c)
{
	const struct channel_config *ch = chan(pc, c);

	for (uint32_t d = 0; d < c; d++) {
		const struct channel_config *o = chan(pc, d);

		if (range_valid(o->pa.v, o->size) && ranges_overlap(ch->pa.v, ch->size, o->pa.v, o->size)) {
			pc_sys_error(pc, PC_CHAN_PA_OVERLAP, "channels", c,
				     "pa range " PC_RANGE " overlaps channels[%" PRIu32 "] (" PC_RANGE ")",
				     PC_RANGE_ARGS(ch->pa.v, ch->size), d, PC_RANGE_ARGS(o->pa.v, o->size));
		}
	}
}

/* ---- doorbells: a virtual SPI in the end's VM, which nothing else there raises ---- */

/* Returns whether the INTID is an SPI the board's GIC, and so the vGIC, can express. */
static bool check_doorbell_spi(struct pc *pc, uint32_t c, uint32_t e)
{
	uint32_t intid = chan(pc, c)->end[e].intid;
	uint32_t spis = pc->board->num_spis_max;

	if (intid < INTID_SPI_FIRST || intid >= spis) {
		pc_sys_error(pc, PC_CHAN_IRQ_NOT_SPI, "channels", c,
			     "end[%" PRIu32 "].intid: INTID %" PRIu32 " is not an SPI (32..%" PRIu32 " on board '%s')",
			     e, intid, spis - 1, partcheck_board_label(pc->board));
		return false;
	}
	return true;
}

/*
 * What else in VM v uses `intid`, named as a field of v ("vdevs.vuart_intid",
 * "devices[d] intids[k]", or an earlier channel's "channels[d] end[e].intid"),
 * written into buf; NULL when nothing does.
 */
static const char *intid_user(const struct pc *pc, uint32_t c, uint32_t v, uint32_t intid, char *buf, size_t len)
{
	const struct vm_config *vm = pc_vm(pc, v);

	if (intid == vm->vdevs.vuart_intid) {
		(void)snprintf(buf, len, "vdevs.vuart_intid");
		return buf;
	}
	for (uint32_t d = 0; d < pc_num_devices(vm); d++) {
		const uint32_t *intids = vm->devices[d].intids;

		for (uint32_t k = 0; k < pc_num_intids(intids, ARRAY_SIZE(vm->devices[d].intids)); k++) {
			if (intids[k] == intid) {
				(void)snprintf(buf, len, "devices[%" PRIu32 "] intids[%" PRIu32 "]", d, k);
				return buf;
			}
		}
	}
	for (uint32_t d = 0; d < c; d++) {
		uint32_t e = 0;

		if (pc_chan_end_in(pc, d, v, &e) && chan(pc, d)->end[e].intid == intid) {
			(void)snprintf(buf, len, "channels[%" PRIu32 "] end[%" PRIu32 "].intid", d, e);
			return buf;
		}
	}
	return NULL;
}

/*
 * Doorbells are VM-local numbers, so only the end's own VM matters; there the
 * number must be free, or one virtual line would mean two things to the guest.
 */
static void check_doorbell_free(struct pc *pc, uint32_t c, uint32_t e)
{
	const struct channel_end *end = &chan(pc, c)->end[e];
	uint32_t v = pc_vm_index(pc, end->vm);
	uint32_t mine = 0;
	char label[PC_LABEL_MAX];
	char what[PC_SUBJECT_MAX];

	if (v == PC_NO_IDX || !pc_chan_end_in(pc, c, v, &mine) || mine != e) {
		return; /* no VM, or the second end of a channel to one VM: PC_CHAN_NO_VM or PC_CHAN_SAME_VM */
	}
	if (intid_user(pc, c, v, end->intid, what, sizeof(what)) != NULL) {
		pc_sys_error(pc, PC_CHAN_IRQ_TWICE, "channels", c,
			     "end[%" PRIu32 "].intid: INTID %" PRIu32 " is already used in %s by %s", e, end->intid,
			     pc_vm_label(pc, v, label, sizeof(label)), what);
	}
}

/* ---- driver ---- */

static void check_channel(struct pc *pc, uint32_t c)
{
	check_chan_name_form(pc, c);
	check_chan_name_unique(pc, c);
	for (uint32_t e = 0; e < ARRAY_SIZE(chan(pc, c)->end); e++) {
		check_chan_end_vm(pc, c, e);
		if (check_doorbell_spi(pc, c, e)) {
			check_doorbell_free(pc, c, e);
		}
	}
	check_chan_same_vm(pc, c);
	check_chan_size(pc, c);
	check_chan_alignment(pc, c);
	if (!check_chan_wrap(pc, c)) {
		return;
	}
	check_chan_in_board(pc, c);
	check_chan_hyp(pc, c);
	check_chan_vs_ram(pc, c);
	check_chan_vs_devices(pc, c);
	check_chan_pa_unique(pc, c);
}

/* The windows' IPA side is part of each end VM's IPA space (pc_check_ipa_space). */
void pc_check_channels(struct pc *pc)
{
	check_chan_table(pc);
	for (uint32_t c = 0; c < pc_num_channels(pc); c++) {
		check_channel(pc, c);
	}
}
