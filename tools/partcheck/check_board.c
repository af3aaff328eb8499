/* SPDX-License-Identifier: MIT */
/* Board self-consistency: a board is data someone typed, so it is checked like a system. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* MPIDR_EL1 affinity fields: Aff3 [39:32], Aff2..Aff0 [23:0] (Arm ARM, MPIDR_EL1). */
#define MPIDR_AFF_MASK (GENMASK(39, 32) | GENMASK(23, 0))

/* GICv3: a Redistributor is 2 x 64 KiB frames, 4 with GICv4 virtual LPIs (IHI 0069, Redistributor map). */
#define GICR_FRAMES_V3 KIB(128)
#define GICR_FRAMES_V4 KIB(256)

/* INTID ranges (IHI 0069, INTIDs): PPIs 16..31, SPIs 32..1019. */
#define INTID_PPI_FIRST 16U
#define INTID_SPI_FIRST 32U
#define INTID_SPI_END   1020U

uint32_t pc_hyp_mmio(const struct board_desc *b, struct pc_window out[PC_MAX_HYP_MMIO])
{
	uint32_t n = 0;

	out[n++] = (struct pc_window){"uart_base", "the hypervisor's UART", b->uart_base.v, b->uart_size};
	out[n++] = (struct pc_window){"gicd_base", "the GIC distributor", b->gicd_base.v, b->gicd_size};
	if (b->gic_version == GIC_V3) {
		out[n++] = (struct pc_window){"gicr_base", "the GIC redistributors", b->gicr_base.v,
					      b->gicr_stride * b->num_cpus};
	}
	return n;
}

static void check_board_name(struct pc *pc)
{
	if (pc_name_fault(pc->board->name, PC_NAME_MAX, NULL) != PC_NAME_OK) {
		pc_board_error(pc, PC_BOARD_NAME, "name", PC_NO_IDX, "missing or not 1..%d characters of [a-z0-9_-]",
			       PC_NAME_MAX);
	}
}

static void check_board_ram(struct pc *pc)
{
	const struct board_desc *b = pc->board;

	if (!range_valid(b->ram_base.v, b->ram_size)) {
		pc_board_error(pc, PC_BOARD_RAM, "ram_size", PC_NO_IDX,
			       "RAM at " PC_HEX " size " PC_HEX " is empty or wraps", b->ram_base.v, b->ram_size);
	} else if (!IS_ALIGNED(b->ram_base.v, PC_GRANULE) || !IS_ALIGNED(b->ram_size, PC_GRANULE)) {
		pc_board_error(pc, PC_BOARD_RAM, "ram_base", PC_NO_IDX,
			       "RAM at " PC_HEX " size " PC_HEX " is not whole 4 KiB pages", b->ram_base.v,
			       b->ram_size);
	}
}

static void check_board_hyp(struct pc *pc)
{
	const struct board_desc *b = pc->board;

	if (!range_valid(b->hyp_base.v, b->hyp_size)) {
		pc_board_error(pc, PC_BOARD_HYP, "hyp_size", PC_NO_IDX,
			       "hypervisor window at " PC_HEX " size " PC_HEX " is empty or wraps", b->hyp_base.v,
			       b->hyp_size);
		return;
	}
	if (!IS_ALIGNED(b->hyp_base.v, PC_GRANULE) || !IS_ALIGNED(b->hyp_size, PC_GRANULE)) {
		pc_board_error(pc, PC_BOARD_HYP, "hyp_base", PC_NO_IDX,
			       "hypervisor window " PC_RANGE " is not whole 4 KiB pages",
			       PC_RANGE_ARGS(b->hyp_base.v, b->hyp_size));
	}
	if (!range_inside(b->hyp_base.v, b->hyp_size, b->ram_base.v, b->ram_size)) {
		pc_board_error(pc, PC_BOARD_HYP, "hyp_base", PC_NO_IDX,
			       "hypervisor window " PC_RANGE " is not inside board RAM (" PC_RANGE ")",
			       PC_RANGE_ARGS(b->hyp_base.v, b->hyp_size), PC_RANGE_ARGS(b->ram_base.v, b->ram_size));
	}
}

static void check_board_cpus(struct pc *pc)
{
	const struct board_desc *b = pc->board;

	if (b->num_cpus == 0 || b->num_cpus > BOARD_MAX_CPUS) {
		pc_board_error(pc, PC_BOARD_CPUS, "num_cpus", PC_NO_IDX,
			       "%" PRIu32 " CPUs, need 1..BOARD_MAX_CPUS (%d)", b->num_cpus, BOARD_MAX_CPUS);
	}
	if (b->num_cpus != 0 && b->cpu_mpidr == NULL) {
		pc_board_error(pc, PC_NULL_ARRAY, "cpu_mpidr", PC_NO_IDX, "is NULL but num_cpus is %" PRIu32,
			       b->num_cpus);
	}
}

/* The hypervisor finds each CPU's redistributor and PSCI target by MPIDR: they must be exact and distinct. */
static void check_board_mpidr(struct pc *pc, uint32_t i)
{
	const struct board_desc *b = pc->board;
	uint64_t mpidr = b->cpu_mpidr[i];

	if ((mpidr & ~MPIDR_AFF_MASK) != 0) {
		pc_board_error(pc, PC_BOARD_MPIDR, "cpu_mpidr", i, PC_HEX " has bits outside Aff3..Aff0 (" PC_HEX ")",
			       mpidr, (uint64_t)(mpidr & ~MPIDR_AFF_MASK));
	}
	for (uint32_t j = 0; j < i; j++) {
		if (b->cpu_mpidr[j] == mpidr) {
			pc_board_error(pc, PC_BOARD_MPIDR, "cpu_mpidr", i, PC_HEX " is also cpu_mpidr[%" PRIu32 "]",
				       mpidr, j);
			return;
		}
	}
}

static void check_board_gic(struct pc *pc)
{
	const struct board_desc *b = pc->board;

	if (b->gic_version != GIC_V2 && b->gic_version != GIC_V3) {
		pc_board_error(pc, PC_BOARD_GIC, "gic_version", PC_NO_IDX, "%d is neither GIC_V2 nor GIC_V3",
			       (int)b->gic_version);
	}
	if (b->gic_version == GIC_V3 && b->gicr_stride != GICR_FRAMES_V3 && b->gicr_stride != GICR_FRAMES_V4) {
		pc_board_error(pc, PC_BOARD_GIC, "gicr_stride", PC_NO_IDX,
			       PC_HEX " is neither 0x20000 (GICv3) nor 0x40000 (GICv4)", b->gicr_stride);
	}
}

/* The hypervisor's own MMIO: each a real window, outside RAM, apart from the others. */
static void check_board_mmio(struct pc *pc)
{
	const struct board_desc *b = pc->board;
	struct pc_window w[PC_MAX_HYP_MMIO];
	uint32_t n = pc_hyp_mmio(b, w);

	for (uint32_t i = 0; i < n; i++) {
		if (!range_valid(w[i].base, w[i].size)) {
			pc_board_error(pc, PC_BOARD_MMIO, w[i].field, PC_NO_IDX,
				       PC_HEX " size " PC_HEX " is empty or wraps", w[i].base, w[i].size);
			continue;
		}
		if (ranges_overlap(w[i].base, w[i].size, b->ram_base.v, b->ram_size)) {
			pc_board_error(pc, PC_BOARD_MMIO, w[i].field, PC_NO_IDX,
				       PC_RANGE " overlaps board RAM (" PC_RANGE ")",
				       PC_RANGE_ARGS(w[i].base, w[i].size), PC_RANGE_ARGS(b->ram_base.v, b->ram_size));
		}
		for (uint32_t j = 0; j < i; j++) {
			if (range_valid(w[j].base, w[j].size) &&
			    ranges_overlap(w[i].base, w[i].size, w[j].base, w[j].size)) {
				pc_board_error(pc, PC_BOARD_MMIO, w[i].field, PC_NO_IDX,
					       PC_RANGE " overlaps %s (" PC_RANGE ")",
					       PC_RANGE_ARGS(w[i].base, w[i].size), w[j].field,
					       PC_RANGE_ARGS(w[j].base, w[j].size));
			}
		}
	}
}

static void check_board_ppi(struct pc *pc, const char *field, uint32_t intid)
{
	if (intid < INTID_PPI_FIRST || intid >= INTID_SPI_FIRST) {
		pc_board_error(pc, PC_BOARD_IRQ, field, PC_NO_IDX, "INTID %" PRIu32 " is not a PPI (16..31)", intid);
	}
}

static void check_board_irqs(struct pc *pc)
{
	const struct board_desc *b = pc->board;

	if (b->num_spis_max <= INTID_SPI_FIRST || b->num_spis_max > INTID_SPI_END) {
		pc_board_error(pc, PC_BOARD_IRQ, "num_spis_max", PC_NO_IDX, "%" PRIu32 " is outside 33..1020",
			       b->num_spis_max);
	}
	if (b->uart_intid < INTID_SPI_FIRST || b->uart_intid >= b->num_spis_max) {
		pc_board_error(pc, PC_BOARD_IRQ, "uart_intid", PC_NO_IDX,
			       "INTID %" PRIu32 " is not an SPI below num_spis_max (%" PRIu32 ")", b->uart_intid,
			       b->num_spis_max);
	}
	check_board_ppi(pc, "maint_intid", b->maint_intid);
	check_board_ppi(pc, "hyp_timer_intid", b->hyp_timer_intid);
	check_board_ppi(pc, "vtimer_intid", b->vtimer_intid);
	check_board_ppi(pc, "ptimer_intid", b->ptimer_intid);
}

/* ---- board devices: VMs name them, so the names must be unique and the windows apart ---- */

static void check_board_dev_name(struct pc *pc, uint32_t i)
{
	const struct board_desc *b = pc->board;
	const char *name = b->devices[i].name;

	if (pc_name_fault(name, PC_NAME_MAX, NULL) != PC_NAME_OK) {
		pc_board_error(pc, PC_BOARD_DEV_NAME, "devices", i,
			       "name is missing or not 1..%d characters of [a-z0-9_-]", PC_NAME_MAX);
		return;
	}
	for (uint32_t j = 0; j < i; j++) {
		if (b->devices[j].name != NULL && strcmp(b->devices[j].name, name) == 0) {
			pc_board_error(pc, PC_BOARD_DEV_NAME, "devices", i, "name '%s' is also devices[%" PRIu32 "]",
				       name, j);
			return;
		}
	}
}

static void check_board_dev_overlap_one(struct pc *pc, uint32_t i, const char *what, uint64_t base, uint64_t size)
{
	const struct board_device *bd = &pc->board->devices[i];

	if (range_valid(base, size) && ranges_overlap(bd->base.v, bd->size, base, size)) {
		pc_board_error(pc, PC_BOARD_DEV_OVERLAP, "devices", i, "'%s' " PC_RANGE " overlaps %s (" PC_RANGE ")",
			       bd->name != NULL ? bd->name : "?", PC_RANGE_ARGS(bd->base.v, bd->size), what,
			       PC_RANGE_ARGS(base, size));
	}
}

static void check_board_dev_overlap(struct pc *pc, uint32_t i)
{
	const struct board_desc *b = pc->board;
	struct pc_window mmio[PC_MAX_HYP_MMIO];
	uint32_t n = pc_hyp_mmio(b, mmio);

	check_board_dev_overlap_one(pc, i, "board RAM", b->ram_base.v, b->ram_size);
	for (uint32_t k = 0; k < n; k++) {
		check_board_dev_overlap_one(pc, i, mmio[k].what, mmio[k].base, mmio[k].size);
	}
	for (uint32_t j = 0; j < i; j++) {
		char what[PC_NAME_MAX + 32];
		const struct board_device *o = &b->devices[j];

		(void)snprintf(what, sizeof(what), "devices[%" PRIu32 "] '%s'", j, o->name != NULL ? o->name : "?");
		check_board_dev_overlap_one(pc, i, what, o->base.v, o->size);
	}
}

static void check_board_dev_irqs(struct pc *pc, uint32_t i)
{
	const struct board_desc *b = pc->board;
	const uint32_t *intids = b->devices[i].intids;
	uint32_t n = pc_num_intids(intids, ARRAY_SIZE(b->devices[i].intids));

	for (uint32_t k = 0; k < n; k++) {
		if (intids[k] < INTID_SPI_FIRST || intids[k] >= b->num_spis_max) {
			pc_board_error(pc, PC_BOARD_DEV_IRQ, "devices", i,
				       "intids[%" PRIu32 "]: INTID %" PRIu32
				       " is not an SPI below num_spis_max (%" PRIu32 ")",
				       k, intids[k], b->num_spis_max);
		} else if (intids[k] == b->uart_intid) {
			pc_board_error(pc, PC_BOARD_DEV_IRQ, "devices", i,
				       "intids[%" PRIu32 "]: INTID %" PRIu32 " is the hypervisor UART's (uart_intid)",
				       k, intids[k]);
		}
	}
	for (uint32_t k = n + 1; k < ARRAY_SIZE(b->devices[i].intids); k++) {
		if (intids[k] != 0) {
			pc_board_error(pc, PC_BOARD_DEV_IRQ, "devices", i,
				       "intids[%" PRIu32 "]: INTID %" PRIu32
				       " follows the terminating 0 and would be ignored",
				       k, intids[k]);
		}
	}
}

static void check_board_devices(struct pc *pc)
{
	const struct board_desc *b = pc->board;

	if (b->num_devices != 0 && b->devices == NULL) {
		pc_board_error(pc, PC_NULL_ARRAY, "devices", PC_NO_IDX, "is NULL but num_devices is %" PRIu32,
			       b->num_devices);
	}
	for (uint32_t i = 0; i < pc_num_board_devices(b); i++) {
		const struct board_device *bd = &b->devices[i];

		check_board_dev_name(pc, i);
		check_board_dev_irqs(pc, i);
		if (!range_valid(bd->base.v, bd->size)) {
			pc_board_error(pc, PC_BOARD_DEV_RANGE, "devices", i,
				       PC_HEX " size " PC_HEX " is empty or wraps", bd->base.v, bd->size);
			continue;
		}
		check_board_dev_overlap(pc, i);
	}
}

void pc_check_board(struct pc *pc)
{
	const struct board_desc *b = pc->board;

	check_board_name(pc);
	check_board_ram(pc);
	check_board_hyp(pc);
	check_board_cpus(pc);
	for (uint32_t i = 0; b->cpu_mpidr != NULL && i < b->num_cpus; i++) {
		check_board_mpidr(pc, i);
	}
	check_board_gic(pc);
	check_board_mmio(pc);
	check_board_irqs(pc);
	check_board_devices(pc);
}
