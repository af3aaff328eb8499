/* SPDX-License-Identifier: MIT */
/*
 * GICv3 physical driver: distributor, redistributors and the system-register
 * CPU interface, used by the hypervisor at EL2 (GICv3/v4 architecture
 * specification IHI 0069, chapters 12 and 8). Interrupts are Group 1 with
 * EOImode 1, so a passthrough interrupt's priority is dropped here and its
 * deactivation is left to the guest through a hardware list register.
 */
#include <arch.h>
#include <board.h>
#include <gic.h>
#include <panic.h>
#include <pcpu.h>
#include <spinlock.h>

#define GICD_CTLR          0x0000
#define GICD_TYPER         0x0004
#define GICD_IGROUPR(n)    (0x0080 + 4 * (n))
#define GICD_ISENABLER(n)  (0x0100 + 4 * (n))
#define GICD_ICENABLER(n)  (0x0180 + 4 * (n))
#define GICD_ICPENDR(n)    (0x0280 + 4 * (n))
#define GICD_ICACTIVER(n)  (0x0380 + 4 * (n))
#define GICD_IPRIORITYR(n) (0x0400 + 4 * (n))
#define GICD_ICFGR(n)      (0x0c00 + 4 * (n))
#define GICD_ISPENDR(n)    (0x0200 + 4 * (n))
#define GICD_IROUTER(n)    (0x6000 + 8 * (n))

#define GICD_CTLR_RWP       BIT(31)
#define GICD_CTLR_ARE       BIT(4)
#define GICD_CTLR_ENABLE_G1 BIT(1)
#define GICD_CTLR_ENABLE_G0 BIT(0)

#define GICR_WAKER         0x0014
#define GICR_TYPER         0x0008
#define GICR_WAKER_PSLEEP  BIT(1)
#define GICR_WAKER_CASLEEP BIT(2)
#define GICR_TYPER_LAST    BIT(4)
#define GICR_SGI           0x10000 /* SGI_base frame */

#define ICC_SRE_SRE        BIT(0)
#define ICC_SRE_DFB        BIT(1)
#define ICC_SRE_DIB        BIT(2)
#define ICC_SRE_EL2_ENABLE BIT(3)
#define ICC_CTLR_EOIMODE   BIT(1)

#define PRIO_DEFAULT  0xa0U
#define HW_POLL_LIMIT 1000000U

static uintptr_t gicd;
/* Guards read-modify-write of shared distributor registers (ICFGR): VMs own different fields of one word. */
static struct spinlock gicd_rmw_lock = SPINLOCK_INIT;
static uint32_t num_lines;
static bool initialised;

static void wait_rwp(void)
{
	for (uint32_t i = 0; i < HW_POLL_LIMIT; i++) {
		if (!(mmio_read32(gicd + GICD_CTLR) & GICD_CTLR_RWP)) {
			return;
		}
	}
	panic("GICD_CTLR.RWP stuck");
}

void gic_init(void)
{
	gicd = (uintptr_t)board_desc.gicd_base.v;
	num_lines = ((mmio_read32(gicd + GICD_TYPER) & 0x1fU) + 1U) * 32U;
	if (num_lines > 1020) {
		num_lines = 1020;
	}

	mmio_write32(gicd + GICD_CTLR, 0);
	wait_rwp();
	for (uint32_t n = 1; n < num_lines / 32; n++) {
		mmio_write32(gicd + GICD_ICENABLER(n), ~0U);
		mmio_write32(gicd + GICD_ICPENDR(n), ~0U);
		mmio_write32(gicd + GICD_ICACTIVER(n), ~0U);
		mmio_write32(gicd + GICD_IGROUPR(n), ~0U);
	}
	for (uint32_t n = GIC_SPI_BASE / 4; n < num_lines / 4; n++) {
		mmio_write32(gicd + GICD_IPRIORITYR(n), PRIO_DEFAULT * 0x01010101U);
	}
	for (uint32_t i = GIC_SPI_BASE; i < num_lines; i++) {
		mmio_write64(gicd + GICD_IROUTER(i), board_desc.cpu_mpidr[0] & MPIDR_AFF_MASK);
	}
	wait_rwp();
	/* Single security state as seen from EL2 (GICD_CTLR.DS = 1 when there is no EL3). */
	mmio_write32(gicd + GICD_CTLR, (uint32_t)(GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1 | GICD_CTLR_ENABLE_G0));
	wait_rwp();
	initialised = true;
}

bool gic_ready(void)
{
	return initialised;
}

/* GICR_TYPER[63:32] holds Aff3.Aff2.Aff1.Aff0 of the redistributor's CPU. */
static uint64_t typer_affinity(uint64_t typer)
{
	return typer >> 32;
}

static uint64_t mpidr_packed(uint64_t mpidr)
{
	return ((mpidr >> 8) & 0xff000000ULL) | (mpidr & 0xffffffULL);
}

static uintptr_t find_redistributor(uint64_t mpidr)
{
	uintptr_t frame = (uintptr_t)board_desc.gicr_base.v;

	for (uint32_t i = 0; i < BOARD_MAX_CPUS * 2; i++) {
		uint64_t typer = mmio_read64(frame + GICR_TYPER);
		if (typer_affinity(typer) == mpidr_packed(mpidr)) {
			return frame;
		}
		if (typer & GICR_TYPER_LAST) {
			break;
		}
		frame += board_desc.gicr_stride;
	}
	panic("no GIC redistributor for MPIDR 0x%llx", (unsigned long long)mpidr);
}

static void redistributor_wake(uintptr_t rd)
{
	uint32_t waker = mmio_read32(rd + GICR_WAKER);

	mmio_write32(rd + GICR_WAKER, waker & ~(uint32_t)GICR_WAKER_PSLEEP);
	for (uint32_t i = 0; i < HW_POLL_LIMIT; i++) {
		if (!(mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CASLEEP)) {
			return;
		}
	}
	panic("GIC redistributor did not wake");
}

void gic_cpu_init(void)
{
	struct pcpu *cpu = this_cpu();
	uintptr_t rd = find_redistributor(cpu->mpidr);
	uintptr_t sgi = rd + GICR_SGI;

	cpu->gicr = rd;
	redistributor_wake(rd);
	/* SGIs and PPIs: all Group 1, disabled, default priority; our SGIs enabled. */
	mmio_write32(sgi + GICD_ICENABLER(0), ~0U);
	mmio_write32(sgi + GICD_ICPENDR(0), ~0U);
	mmio_write32(sgi + GICD_IGROUPR(0), ~0U);
	for (uint32_t n = 0; n < 8; n++) {
		mmio_write32(sgi + GICD_IPRIORITYR(n), PRIO_DEFAULT * 0x01010101U);
	}
	mmio_write32(sgi + GICD_ISENABLER(0),
		     (uint32_t)(BIT(SGI_WAKE) | BIT(SGI_KICK) | BIT(SGI_STOP) | BIT(board_desc.hyp_timer_intid) |
				BIT(board_desc.maint_intid)));

	/* System-register interface at EL2, and allow EL1 to use it (for the vGIC). */
	write_sysreg(icc_sre_el2, ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB | ICC_SRE_EL2_ENABLE);
	isb();
	write_sysreg(icc_pmr_el1, 0xff);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_ctlr_el1, ICC_CTLR_EOIMODE);
	write_sysreg(icc_igrpen1_el1, 1);
	isb();
}

uint32_t gic_ack(void)
{
	uint64_t v = read_sysreg(icc_iar1_el1);
	dsb(sy);
	return (uint32_t)(v & 0xffffff);
}

void gic_eoi(uint32_t intid)
{
	write_sysreg(icc_eoir1_el1, intid);
	isb();
}

void gic_deactivate(uint32_t intid)
{
	write_sysreg(icc_dir_el1, intid);
	isb();
}

static uint64_t sgi1r_target(uint64_t mpidr)
{
	uint64_t aff1 = (mpidr >> 8) & 0xff;
	uint64_t aff2 = (mpidr >> 16) & 0xff;
	uint64_t aff3 = (mpidr >> 32) & 0xff;
	uint64_t aff0 = mpidr & 0xf; /* TargetList covers Aff0 0..15 (no RS support here) */

	return (aff3 << 48) | (aff2 << 32) | (aff1 << 16) | BIT(aff0);
}

void gic_send_sgi(uint32_t cpu, enum hyp_sgi sgi)
{
	if (cpu >= board_desc.num_cpus) {
		return;
	}
	dsb(ishst); /* make our writes visible before the target wakes */
	write_sysreg(icc_sgi1r_el1, sgi1r_target(board_desc.cpu_mpidr[cpu]) | ((uint64_t)sgi << 24));
	isb();
}

void gic_send_sgi_others(enum hyp_sgi sgi)
{
	dsb(ishst);
	write_sysreg(icc_sgi1r_el1, BIT(40) | ((uint64_t)sgi << 24)); /* IRM: all but self */
	isb();
}

void gic_set_enable(uint32_t intid, bool on)
{
	uint32_t bit = 1U << (intid % 32);

	if (intid < GIC_SPI_BASE) {
		uintptr_t sgi = this_cpu()->gicr + GICR_SGI;
		mmio_write32(sgi + (on ? GICD_ISENABLER(0) : GICD_ICENABLER(0)), bit);
		return;
	}
	if (intid >= num_lines) {
		return;
	}
	mmio_write32(gicd + (on ? GICD_ISENABLER(intid / 32) : GICD_ICENABLER(intid / 32)), bit);
}

void gic_route_spi(uint32_t intid, uint32_t cpu)
{
	if (intid < GIC_SPI_BASE || intid >= num_lines || cpu >= board_desc.num_cpus) {
		return;
	}
	mmio_write64(gicd + GICD_IROUTER(intid), board_desc.cpu_mpidr[cpu] & MPIDR_AFF_MASK);
}

/* The SGI/PPI frame of CPU `cpu`'s redistributor, or 0 if that CPU never came up. */
static uintptr_t sgi_frame(uint32_t cpu)
{
	if (cpu >= board_desc.num_cpus || pcpus[cpu].gicr == 0) {
		return 0;
	}
	return pcpus[cpu].gicr + GICR_SGI;
}

void gic_ppi_set_enable(uint32_t cpu, uint32_t intid, bool on)
{
	uintptr_t sgi = sgi_frame(cpu);

	if (sgi != 0 && intid < GIC_SPI_BASE) {
		mmio_write32(sgi + (on ? GICD_ISENABLER(0) : GICD_ICENABLER(0)), 1U << intid);
	}
}

void gic_set_pending(uint32_t cpu, uint32_t intid, bool on)
{
	if (intid < GIC_SPI_BASE) {
		uintptr_t sgi = sgi_frame(cpu);
		if (sgi != 0) {
			mmio_write32(sgi + (on ? GICD_ISPENDR(0) : GICD_ICPENDR(0)), 1U << intid);
		}
		return;
	}
	if (intid < num_lines) {
		mmio_write32(gicd + (on ? GICD_ISPENDR(intid / 32) : GICD_ICPENDR(intid / 32)), 1U << (intid % 32));
	}
}

void gic_set_config(uint32_t intid, bool edge)
{
	if (intid < GIC_SPI_BASE || intid >= num_lines) {
		return;
	}
	uint32_t shift = (intid % 16) * 2 + 1;
	spin_lock(&gicd_rmw_lock);
	uint32_t v = mmio_read32(gicd + GICD_ICFGR(intid / 16));
	v = edge ? (v | (1U << shift)) : (v & ~(1U << shift));
	mmio_write32(gicd + GICD_ICFGR(intid / 16), v);
	spin_unlock(&gicd_rmw_lock);
}

/* Returns an interrupt to inactive and not pending, disabled (a VM restart). */
void gic_quiesce(uint32_t cpu, uint32_t intid)
{
	uint32_t bit = 1U << (intid % 32);

	if (intid < GIC_SPI_BASE) {
		uintptr_t sgi = sgi_frame(cpu);
		if (sgi != 0) {
			mmio_write32(sgi + GICD_ICENABLER(0), bit);
			mmio_write32(sgi + GICD_ICPENDR(0), bit);
			mmio_write32(sgi + GICD_ICACTIVER(0), bit);
		}
		return;
	}
	if (intid < num_lines) {
		mmio_write32(gicd + GICD_ICENABLER(intid / 32), bit);
		mmio_write32(gicd + GICD_ICPENDR(intid / 32), bit);
		mmio_write32(gicd + GICD_ICACTIVER(intid / 32), bit);
	}
}
