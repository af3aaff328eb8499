/* SPDX-License-Identifier: MIT */
/*
 * GICv3 driver for the test guest (Arm IHI 0069H). Only 32-bit MMIO accesses, so
 * the same code works on QEMU's GIC and on Shoji's emulated one; every wait on
 * the hardware is bounded by the virtual counter.
 */
#include "gic.h"
#include "guest.h"

/* IHI 0069, the distributor register map. */
#define GICD_CTLR       U(0x0000)
#define GICD_IGROUPR    U(0x0080)
#define GICD_ISENABLER  U(0x0100)
#define GICD_ICENABLER  U(0x0180)
#define GICD_ISPENDR    U(0x0200)
#define GICD_IPRIORITYR U(0x0400)
#define GICD_IROUTER    U(0x6000)
/* GICD_CTLR: RWP (31), ARE_NS/ARE (4), EnableGrp1A/EnableGrp1 (1): the same bits seen non-secure or with DS=1. */
#define GICD_CTLR_RWP         BIT(31)
#define GICD_CTLR_ARE         BIT(4)
#define GICD_CTLR_ENABLE_GRP1 BIT(1)

/* IHI 0069, the redistributor RD_base frame. */
#define GICR_CTLR     U(0x0000)
#define GICR_TYPER_HI U(0x000c) /* GICR_TYPER[63:32]: Affinity_Value, Aff0 in the low byte */
#define GICR_WAKER    U(0x0014)
#define GICR_CTLR_RWP BIT(3)
/* GICR_WAKER: ProcessorSleep (1), ChildrenAsleep (2). */
#define GICR_WAKER_PROCESSOR_SLEEP BIT(1)
#define GICR_WAKER_CHILDREN_ASLEEP BIT(2)
/* The SGI_base frame (at GICR_SGI_OFFSET): the SGI/PPI copies of the distributor's registers. */
#define GICR_IGROUPR0    U(0x0080)
#define GICR_ISENABLER0  U(0x0100)
#define GICR_ICENABLER0  U(0x0180)
#define GICR_ISPENDR0    U(0x0200)
#define GICR_IPRIORITYR0 U(0x0400)

/* ICC_SRE_EL1.SRE; ICC_SGI1R_EL1: TargetList [15:0], Aff1 [23:16], INTID [27:24], Aff2, IRM (40), RS, Aff3. */
#define ICC_SRE_SRE          BIT(0)
#define ICC_SGI1R_TARGETS(l) (ULL(0xffff) & (uint64_t)(l))
#define ICC_SGI1R_AFF1(a)    ((uint64_t)(a) << 16)
#define ICC_SGI1R_INTID(i)   ((uint64_t)(i) << 24)
#define ICC_SGI1R_AFF2(a)    ((uint64_t)(a) << 32)
#define ICC_SGI1R_RS(r)      ((uint64_t)(r) << 44)
#define ICC_SGI1R_AFF3(a)    ((uint64_t)(a) << 48)
#define ICC_IAR_INTID_MASK   ULL(0xffffff)
#define ICC_PMR_LOWEST       0xffU /* every priority gets through */
#define ICC_IGRPEN1_ENABLE   1U
#define NUM_PRIVATE          32U
#define CNTFRQ_MASK          ULL(0xffffffff)
#define WAIT_DIV             100U /* bounded waits last at most 10 ms of virtual counter */

/* One accessor per ICC register (the assembler knows their names). */
DEFINE_SYSREG_READ(icc_sre_el1)
DEFINE_SYSREG_WRITE(icc_sre_el1)
DEFINE_SYSREG_WRITE(icc_pmr_el1)
DEFINE_SYSREG_WRITE(icc_bpr1_el1)
DEFINE_SYSREG_WRITE(icc_igrpen1_el1)
DEFINE_SYSREG_READ(icc_iar1_el1)
DEFINE_SYSREG_WRITE(icc_eoir1_el1)
DEFINE_SYSREG_WRITE(icc_sgi1r_el1)

/* clang-format off */
static const char *const status_names[] = {
	[GIC_OK] = "ok",
	[GIC_ABSENT] = "absent",
	[GIC_NO_SRE] = "no-sre",
	[GIC_RWP] = "rwp-timeout",
	[GIC_AWAKE] = "waker-timeout",
	[GIC_WRONG_CPU] = "wrong-redistributor",
};
/* clang-format on */

const char *gic_status_name(enum gic_status s)
{
	return (size_t)s < ARRAY_SIZE(status_names) ? status_names[s] : "?";
}

uint64_t gic_dist_addr(uint64_t offset)
{
	return GUEST_GICD_BASE + offset;
}

uint64_t gic_redist_addr(uint64_t cpu, uint64_t offset)
{
	return GUEST_GICR_BASE + cpu * GICR_STRIDE + offset;
}

static uint64_t sgi_frame(uint64_t cpu, uint32_t offset)
{
	return gic_redist_addr(cpu, GICR_SGI_OFFSET + offset);
}

/* Polls until (reg & mask) == 0, for at most 10 ms of counter time; false on timeout. */
static bool wait_clear(uint64_t addr, uint32_t mask)
{
	uint64_t limit = (read_cntfrq_el0() & CNTFRQ_MASK) / WAIT_DIV + 1;
	uint64_t start = read_cntvct_el0();

	while (mmio_read32(addr) & mask) {
		if (read_cntvct_el0() - start > limit)
			return false;
	}
	return true;
}

enum gic_status gic_dist_init(struct probe_fault *fault)
{
	uint32_t ctlr;

	if (!probe_read32(gic_dist_addr(GICD_CTLR), &ctlr, fault))
		return GIC_ABSENT;
	/* GICD_CTLR: changing ARE with a group enabled is UNPREDICTABLE, so set it on its own first. */
	if (!(ctlr & GICD_CTLR_ARE)) {
		mmio_write32(gic_dist_addr(GICD_CTLR), (uint32_t)(ctlr | GICD_CTLR_ARE));
		if (!wait_clear(gic_dist_addr(GICD_CTLR), (uint32_t)GICD_CTLR_RWP))
			return GIC_RWP;
	}
	mmio_write32(gic_dist_addr(GICD_CTLR), (uint32_t)(ctlr | GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1));
	if (!wait_clear(gic_dist_addr(GICD_CTLR), (uint32_t)GICD_CTLR_RWP))
		return GIC_RWP;
	return GIC_OK;
}

static bool sre_enable(void)
{
	write_icc_sre_el1(read_icc_sre_el1() | ICC_SRE_SRE);
	isb();
	return (read_icc_sre_el1() & ICC_SRE_SRE) != 0;
}

/* GICR_WAKER: clear ProcessorSleep, then wait for ChildrenAsleep to follow. */
static bool redist_wake(uint64_t cpu)
{
	uint64_t waker = gic_redist_addr(cpu, GICR_WAKER);

	mmio_write32(waker, mmio_read32(waker) & ~(uint32_t)GICR_WAKER_PROCESSOR_SLEEP);
	return wait_clear(waker, (uint32_t)GICR_WAKER_CHILDREN_ASLEEP);
}

enum gic_status gic_cpu_init(uint64_t cpu)
{
	if (!sre_enable())
		return GIC_NO_SRE;
	/* The frames are in vCPU order: make sure this one is ours before writing it. */
	if ((mmio_read32(gic_redist_addr(cpu, GICR_TYPER_HI)) & MPIDR_AFF0_MASK) != cpu)
		return GIC_WRONG_CPU;
	if (!redist_wake(cpu))
		return GIC_AWAKE;
	/* With one security state (or seen non-secure) Group 1 is what EL1 gets as IRQ; Group 0 would be FIQ. */
	mmio_write32(sgi_frame(cpu, GICR_IGROUPR0), UINT32_MAX);
	write_icc_pmr_el1(ICC_PMR_LOWEST);
	write_icc_bpr1_el1(0);
	write_icc_igrpen1_el1(ICC_IGRPEN1_ENABLE);
	isb();
	return GIC_OK;
}

static uint32_t bit_of(uint32_t intid)
{
	return (uint32_t)BIT(intid % 32);
}

/* The word holding intid's bit in a 1-bit-per-interrupt register bank. */
static uint64_t bank_addr(uint32_t intid, uint64_t cpu, uint32_t dist_reg, uint32_t redist_reg)
{
	if (intid < NUM_PRIVATE)
		return sgi_frame(cpu, redist_reg);
	return gic_dist_addr(dist_reg + 4 * (intid / 32));
}

void gic_enable(uint32_t intid, uint64_t cpu)
{
	mmio_write32(bank_addr(intid, cpu, GICD_ISENABLER, GICR_ISENABLER0), bit_of(intid));
}

/* GICD/GICR_CTLR.RWP: a disable is complete once RWP clears; bounded, so a stuck RWP only costs 10 ms. */
void gic_disable(uint32_t intid, uint64_t cpu)
{
	mmio_write32(bank_addr(intid, cpu, GICD_ICENABLER, GICR_ICENABLER0), bit_of(intid));
	if (intid < NUM_PRIVATE)
		(void)wait_clear(gic_redist_addr(cpu, GICR_CTLR), (uint32_t)GICR_CTLR_RWP);
	else
		(void)wait_clear(gic_dist_addr(GICD_CTLR), (uint32_t)GICD_CTLR_RWP);
}

void gic_set_group1(uint32_t intid, uint64_t cpu)
{
	uint64_t addr = bank_addr(intid, cpu, GICD_IGROUPR, GICR_IGROUPR0);

	mmio_write32(addr, mmio_read32(addr) | bit_of(intid));
}

void gic_set_pending(uint32_t intid, uint64_t cpu)
{
	mmio_write32(bank_addr(intid, cpu, GICD_ISPENDR, GICR_ISPENDR0), bit_of(intid));
}

/* One byte per interrupt, changed by a 32-bit read-modify-write of its word. */
void gic_set_priority(uint32_t intid, uint64_t cpu, uint8_t prio)
{
	uint32_t word = intid & ~3U;
	uint32_t shift = 8 * (intid % 4);
	uint64_t addr =
		intid < NUM_PRIVATE ? sgi_frame(cpu, GICR_IPRIORITYR0 + word) : gic_dist_addr(GICD_IPRIORITYR + word);
	uint32_t v = mmio_read32(addr);

	v = (v & ~(0xffU << shift)) | ((uint32_t)prio << shift);
	mmio_write32(addr, v);
}

/* GICD_IROUTER<n>: Aff3 in [39:32], Aff2.Aff1.Aff0 in [23:0], IRM (31) clear; two word writes. */
void gic_set_route(uint32_t intid, uint64_t mpidr)
{
	uint64_t addr = gic_dist_addr(GICD_IROUTER + 8 * (uint64_t)intid);

	if (intid < NUM_PRIVATE || intid > GIC_MAX_SPI)
		return;
	mmio_write32(addr, (uint32_t)(mpidr & ULL(0xffffff)));
	mmio_write32(addr + 4, (uint32_t)((mpidr >> 32) & ULL(0xff)));
}

void gic_send_sgi(uint32_t intid, uint64_t mpidr)
{
	uint64_t aff0 = mpidr & MPIDR_AFF0_MASK;

	/* TargetList covers Aff0 16 * RS .. 16 * RS + 15 (RS is 0 for the guest's CPUs). */
	gic_write_sgi1r(ICC_SGI1R_INTID(intid & 0xf) | ICC_SGI1R_AFF1((mpidr >> 8) & 0xff) |
			ICC_SGI1R_AFF2((mpidr >> 16) & 0xff) | ICC_SGI1R_AFF3((mpidr >> 32) & 0xff) |
			ICC_SGI1R_RS(aff0 >> 4) | ICC_SGI1R_TARGETS(BIT(aff0 & 0xf)));
}

void gic_write_sgi1r(uint64_t val)
{
	write_icc_sgi1r_el1(val);
	isb();
}

uint32_t gic_ack(void)
{
	return (uint32_t)(read_icc_iar1_el1() & ICC_IAR_INTID_MASK);
}

void gic_eoi(uint32_t intid)
{
	write_icc_eoir1_el1(intid);
	isb();
}
