// SPDX-License-Identifier: MIT
/*
 * Unit tests for the vGIC's registers (hyp/core/vgic_regs.c), against the GICv3
 * architecture (IHI 0069) and what Linux's irq-gic-v3 probe reads. Hardware
 * hooks are faked by tests/unit/fake_vgic_hw.c, which logs every call.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <vgic.h>

/* tests/unit/fake_vgic_hw.c */
void fake_vgic_hw_reset(void);
const char *fake_vgic_hw_log(void);

/* Offsets and fields written out from IHI 0069 (register maps), not taken from the code under test. */
enum {
	GICD_CTLR = 0x0000,
	GICD_TYPER = 0x0004,
	GICD_IIDR = 0x0008,
	GICD_TYPER2 = 0x000C,
	GICD_STATUSR = 0x0010,
	GICD_SGIR = 0x0F00,
	GICD_CPENDSGIR = 0x0F10,
	GICD_SPENDSGIR = 0x0F20,
	GICD_PIDR2 = 0xFFE8,
	GICR_CTLR = 0x0000,
	GICR_IIDR = 0x0004,
	GICR_TYPER = 0x0008,
	GICR_STATUSR = 0x0010,
	GICR_WAKER = 0x0014,
	GICR_PROPBASER = 0x0070,
	GICR_PENDBASER = 0x0078,
	GICR_PIDR2 = 0xFFE8,
	SGI_BASE = 0x10000,
};

#define IGROUPR(n)    (0x0080U + 4U * (n))
#define ISENABLER(n)  (0x0100U + 4U * (n))
#define ICENABLER(n)  (0x0180U + 4U * (n))
#define ISPENDR(n)    (0x0200U + 4U * (n))
#define ICPENDR(n)    (0x0280U + 4U * (n))
#define ISACTIVER(n)  (0x0300U + 4U * (n))
#define ICACTIVER(n)  (0x0380U + 4U * (n))
#define IPRIORITYR(n) (0x0400U + 4U * (n))
#define ITARGETSR(n)  (0x0800U + 4U * (n))
#define ICFGR(n)      (0x0C00U + 4U * (n))
#define IGRPMODR(n)   (0x0D00U + 4U * (n))
#define NSACR(n)      (0x0E00U + 4U * (n))
#define IROUTER(n)    (0x6000U + 8U * (n))

#define CTLR_ENABLE_G1 0x2U
#define CTLR_ARE       0x10U
#define CTLR_DS        0x40U
#define WAKER_PS       0x2U
#define WAKER_CA       0x4U
#define TYPER_LAST     0x10U
#define ONES           0xFFFFFFFFU

/* The VM of most tests: SPI 33 virtual (edge), 48 and 79 hardware-backed (level), PPI 27 (virtual timer). */
#define PINTID_48  96U
#define PINTID_79  150U
#define TIMER_PPI  27U
#define TIMER_MASK (1U << (TIMER_PPI - 16U))
#define OWNED_PRIV (0xFFFFU | (1U << TIMER_PPI)) /* SGIs 0-15 and the timer */
static const struct vgic_spi_desc test_spis[] = {
	{.intid = 79, .pintid = PINTID_79, .edge = false},
	{.intid = 33, .pintid = 0, .edge = true},
	{.intid = 48, .pintid = PINTID_48, .edge = false},
};

static struct vgic g;
static int owner;

#define LOG_IS(s) assert_string_equal(fake_vgic_hw_log(), (s))

static int setup(void **state)
{
	(void)state;
	assert_int_equal(vgic_init(&g, &owner, 2, test_spis, 3, TIMER_MASK), 0);
	fake_vgic_hw_reset();
	return 0;
}

static uint64_t dread(uint64_t off, uint32_t size)
{
	uint64_t v = 0xdeadbeefULL;
	assert_int_equal(vgic_dist_read(&g, off, size, &v), 0);
	return v;
}

static void dwrite(uint64_t off, uint32_t size, uint64_t val)
{
	assert_int_equal(vgic_dist_write(&g, off, size, val), 0);
}

static uint64_t rread(uint32_t vcpu, uint64_t off, uint32_t size)
{
	uint64_t v = 0xdeadbeefULL;
	assert_int_equal(vgic_redist_read(&g, vcpu, off, size, &v), 0);
	return v;
}

static void rwrite(uint32_t vcpu, uint64_t off, uint32_t size, uint64_t val)
{
	assert_int_equal(vgic_redist_write(&g, vcpu, off, size, val), 0);
}

static struct virq *spi(uint32_t intid)
{
	struct virq *v = vgic_find(&g, 0, intid);
	assert_non_null(v);
	return v;
}

/* ---- vgic_init and vgic_find ---- */

static void init_rejects_bad_input(void **state)
{
	(void)state;
	struct vgic_spi_desc d[VGIC_MAX_SPIS + 1];
	for (uint32_t i = 0; i < VGIC_MAX_SPIS + 1; i++) {
		d[i] = (struct vgic_spi_desc){.intid = (uint16_t)(32 + i), .pintid = 0, .edge = false};
	}
	struct vgic x;
	assert_int_equal(vgic_init(&x, NULL, 0, d, 1, 0), -1);
	assert_int_equal(vgic_init(&x, NULL, VM_MAX_VCPUS + 1, d, 1, 0), -1);
	assert_int_equal(vgic_init(&x, NULL, 1, d, VGIC_MAX_SPIS + 1, 0), -1);
	assert_int_equal(vgic_init(&x, NULL, 1, d, VGIC_MAX_SPIS, 0), 0);
	assert_int_equal(vgic_init(&x, NULL, VM_MAX_VCPUS, NULL, 0, 0), 0);
	assert_int_equal(vgic_init(&x, NULL, 1, NULL, 1, 0), -1);
	assert_int_equal(vgic_init(&x, NULL, 1, d, 1, 0x10000), -1); /* no PPI 32 */

	const struct vgic_spi_desc bad[][2] = {
		{{.intid = 31}, {.intid = 40}},               /* a PPI */
		{{.intid = 1020}, {.intid = 40}},             /* special INTID */
		{{.intid = 5000}, {.intid = 40}},             /* an LPI */
		{{.intid = 40}, {.intid = 40}},               /* duplicate */
		{{.intid = 40, .pintid = 27}, {.intid = 41}}, /* physical PPI */
		{{.intid = 40, .pintid = 1020}, {.intid = 41}},
		{{.intid = 40, .pintid = 60}, {.intid = 41, .pintid = 60}}, /* one physical SPI twice */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&x, 0x5a, sizeof(x));
		assert_int_equal(vgic_init(&x, NULL, 1, bad[i], 2, 0), -1);
		assert_int_equal(x.num_spis, 0x5a5a5a5a); /* validated before anything is written */
	}
	const struct vgic_spi_desc edges[] = {{.intid = 32}, {.intid = 1019, .pintid = 1019}};
	assert_int_equal(vgic_init(&x, NULL, 1, edges, 2, 0xFFFF), 0);
}

static void init_sorts_and_resets(void **state)
{
	(void)state;
	assert_ptr_equal(g.owner, &owner);
	assert_int_equal(g.num_vcpus, 2);
	assert_int_equal(g.ctlr, 0);
	assert_int_equal(g.num_spis, 3);
	const uint16_t want[][3] = {{33, 0, VIRQ_EDGE}, {48, PINTID_48, VIRQ_HW}, {79, PINTID_79, VIRQ_HW}};
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(g.spis[i].intid, want[i][0]);
		assert_int_equal(g.spis[i].pintid, want[i][1]);
		assert_int_equal(g.spis[i].flags, want[i][2]);
		assert_int_equal(g.spis[i].priority, 0);
		assert_int_equal(g.spis[i].target, 0);
		assert_int_equal(g.spis[i].lr, VGIC_LR_NONE);
		assert_int_equal(g.irouter[i], 0);
	}
	for (uint32_t c = 0; c < 2; c++) {
		assert_true(g.cpu[c].sleeping);
		assert_int_equal(g.cpu[c].owned_ppis, TIMER_MASK);
		for (uint32_t i = 0; i < VGIC_NUM_PRIVATE; i++) {
			const struct virq *v = &g.cpu[c].priv[i];
			assert_int_equal(v->intid, i);
			assert_int_equal(v->target, c);
			assert_int_equal(v->lr, VGIC_LR_NONE);
			assert_int_equal(v->priority, 0);
		}
		assert_int_equal(g.cpu[c].priv[0].flags, VIRQ_EDGE);
		assert_int_equal(g.cpu[c].priv[15].flags, VIRQ_EDGE);
		assert_int_equal(g.cpu[c].priv[TIMER_PPI].flags, VIRQ_HW); /* level */
		assert_int_equal(g.cpu[c].priv[TIMER_PPI].pintid, TIMER_PPI);
	}
}

static void find_follows_ownership(void **state)
{
	(void)state;
	assert_ptr_equal(vgic_find(&g, 0, 33), &g.spis[0]);
	assert_ptr_equal(vgic_find(&g, 1, 79), &g.spis[2]);
	assert_null(vgic_find(&g, 0, 32));
	assert_null(vgic_find(&g, 0, 34));
	assert_null(vgic_find(&g, 0, 1020));
	assert_null(vgic_find(&g, 0, 0xFFFFFFFF));
	assert_ptr_equal(vgic_find(&g, 1, 0), &g.cpu[1].priv[0]);
	assert_ptr_equal(vgic_find(&g, 1, 15), &g.cpu[1].priv[15]);
	assert_ptr_equal(vgic_find(&g, 0, TIMER_PPI), &g.cpu[0].priv[TIMER_PPI]);
	assert_null(vgic_find(&g, 0, 26));
	assert_null(vgic_find(&g, 0, 16));
	assert_null(vgic_find(&g, 2, 0)); /* no vCPU 2 */
	assert_null(vgic_find(&g, 0xFFFFFFFF, TIMER_PPI));
}

/* ---- what Linux's GICv3 probe reads ---- */

static void distributor_probe_values(void **state)
{
	(void)state;
	assert_int_equal(dread(GICD_PIDR2, 4) & 0xF0, 0x30);       /* ArchRev: GICv3 */
	assert_int_equal(dread(GICD_CTLR, 4), CTLR_ARE | CTLR_DS); /* RWP clear, groups off */
	/* ITLinesNumber 2 (INTIDs to 95 cover 79), IDbits 9; LPIS, MBIS, SecurityExtn, CPUNumber, ESPI, RSS 0. */
	assert_int_equal(dread(GICD_TYPER, 4), 2U | (9U << 19));
	assert_int_equal(dread(GICD_IIDR, 4), 0x53000000);
	assert_int_equal(dread(GICD_TYPER2, 4), 0);
	assert_int_equal(dread(GICD_STATUSR, 4), 0);
	assert_int_equal(dread(IGROUPR(0), 4), 0); /* banked: ARE */
	assert_int_equal(dread(IGROUPR(1), 4), (1U << 1) | (1U << 16));
	assert_int_equal(dread(IGROUPR(2), 4), 1U << 15);
	assert_int_equal(dread(IGROUPR(3), 4), 0);
	for (uint32_t n = 0; n < 32; n++) {
		assert_int_equal(dread(ISENABLER(n), 4), 0);
		assert_int_equal(dread(ISPENDR(n), 4), 0);
		assert_int_equal(dread(ISACTIVER(n), 4), 0);
	}
	assert_int_equal(dread(ICFGR(2), 4), 2U << 2); /* INTID 33 edge, field 1 of INTIDs 32-47 */
	assert_int_equal(dread(ICFGR(3), 4), 0);
	assert_int_equal(dread(ICFGR(4), 4), 0);
	assert_int_equal(dread(IROUTER(33), 8), 0);
	assert_int_equal(dread(IPRIORITYR(8), 4), 0);
	LOG_IS("");
}

static void redistributor_probe_values(void **state)
{
	(void)state;
	for (uint32_t c = 0; c < 2; c++) {
		assert_int_equal(rread(c, GICR_PIDR2, 4) & 0xF0, 0x30);
		assert_int_equal(rread(c, GICR_CTLR, 4), 0); /* RWP, EnableLPIs, IR clear */
		assert_int_equal(rread(c, GICR_IIDR, 4), 0x53000000);
		assert_int_equal(rread(c, GICR_STATUSR, 4), 0);
		assert_int_equal(rread(c, GICR_WAKER, 4), WAKER_PS | WAKER_CA);
		assert_int_equal(rread(c, SGI_BASE + IGROUPR(0), 4), OWNED_PRIV);
		assert_int_equal(rread(c, SGI_BASE + ISENABLER(0), 4), 0);
		assert_int_equal(rread(c, SGI_BASE + ISPENDR(0), 4), 0);
		assert_int_equal(rread(c, SGI_BASE + ISACTIVER(0), 4), 0);
		assert_int_equal(rread(c, SGI_BASE + ICFGR(0), 4), 0xAAAAAAAA); /* SGIs edge */
		assert_int_equal(rread(c, SGI_BASE + ICFGR(1), 4), 0);          /* timer level */
		assert_int_equal(rread(c, SGI_BASE + IPRIORITYR(6), 4), 0);
	}
	/* GICR_TYPER: Aff0 = vCPU, Processor_Number = vCPU, Last on vCPU 1; no PLPIS, VLPIS, DirectLPI. */
	assert_int_equal(rread(0, GICR_TYPER, 8), 0);
	assert_int_equal(rread(1, GICR_TYPER, 8), (1ULL << 32) | (1U << 8) | TYPER_LAST);
	LOG_IS("");
}

static void typer_lines_cover_highest_spi(void **state)
{
	(void)state;
	const struct {
		uint16_t intid;
		uint32_t lines;
	} cases[] = {{32, 1}, {63, 1}, {64, 2}, {95, 2}, {96, 3}, {1019, 31}};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct vgic_spi_desc d[] = {{.intid = 32}, {.intid = cases[i].intid}};
		assert_int_equal(vgic_init(&g, NULL, 1, d, cases[i].intid == 32 ? 1 : 2, 0), 0);
		assert_int_equal(dread(GICD_TYPER, 4) & 0x1F, cases[i].lines);
	}
	assert_int_equal(vgic_init(&g, NULL, 1, NULL, 0, 0), 0);
	assert_int_equal(dread(GICD_TYPER, 4) & 0x1F, 1); /* at least one line of SPIs */
}

static void ctlr_only_enable_grp1_is_writable(void **state)
{
	(void)state;
	dwrite(GICD_CTLR, 4, ONES);
	assert_int_equal(dread(GICD_CTLR, 4), CTLR_ENABLE_G1 | CTLR_ARE | CTLR_DS);
	assert_int_equal(g.ctlr, CTLR_ENABLE_G1); /* what the list-register side tests */
	dwrite(GICD_CTLR, 4, 0);
	assert_int_equal(dread(GICD_CTLR, 4), CTLR_ARE | CTLR_DS); /* ARE and DS RAO/WI */
	dwrite(GICD_CTLR, 4, 0x1);                                 /* EnableGrp0: nothing is in Group 0 */
	assert_int_equal(dread(GICD_CTLR, 4), CTLR_ARE | CTLR_DS);
	assert_int_equal(g.ctlr, 0);
	LOG_IS("");
}

/* ---- ownership ---- */

static bool covers_owned_spi(uint32_t off)
{
	static const uint32_t owned[] = {33, 48, 79};
	for (size_t i = 0; i < ARRAY_SIZE(owned); i++) {
		uint32_t id = owned[i];
		bool hit = (off >= IGROUPR(0) && off < IPRIORITYR(0) && (off & 0x7F) / 4 == id / 32) ||
			   off / 4 == IPRIORITYR(id / 4) / 4 || off == ICFGR(id / 16) || off / 8 == IROUTER(id) / 8;
		if (hit) {
			return true;
		}
	}
	return false;
}

static void unowned_distributor_writes_change_nothing(void **state)
{
	(void)state;
	dwrite(GICD_CTLR, 4, CTLR_ENABLE_G1); /* so a stray pending+enabled would notify */
	fake_vgic_hw_reset();
	struct vgic before = g;
	/* Every word of the distributor but CTLR and those covering an owned SPI, private banks included. */
	for (uint32_t off = 4; off < 0x10000; off += 4) {
		if (!covers_owned_spi(off)) {
			dwrite(off, 4, ONES);
		}
	}
	for (uint32_t id = 0; id < 1024; id++) {
		if (id != 33 && id != 48 && id != 79) {
			dwrite(IROUTER(id), 8, ~0ULL);
			dwrite(IPRIORITYR(0) + id, 1, 0xFF);
		}
	}
	assert_memory_equal(&g, &before, sizeof(g));
	LOG_IS("");
}

static void all_ones_reach_only_owned_spis(void **state)
{
	(void)state;
	struct vgic_vcpu cpus[VM_MAX_VCPUS];
	memcpy(cpus, g.cpu, sizeof(cpus));

	for (uint32_t n = 0; n < 32; n++) {
		dwrite(ISENABLER(n), 4, ONES);
	}
	LOG_IS("enable vcpu=0 pintid=96 on=1\nenable vcpu=0 pintid=150 on=1\n");
	assert_int_equal(dread(ISENABLER(1), 4), (1U << 1) | (1U << 16));
	assert_int_equal(dread(ICENABLER(2), 4), 1U << 15);
	assert_int_equal(dread(ISENABLER(0), 4), 0);
	assert_int_equal(dread(ISENABLER(3), 4), 0);

	fake_vgic_hw_reset();
	for (uint32_t n = 0; n < 32; n++) {
		dwrite(ISPENDR(n), 4, ONES);
		dwrite(ISACTIVER(n), 4, ONES);
	}
	LOG_IS("pending vcpu=0 pintid=96 on=1\npending vcpu=0 pintid=150 on=1\n"); /* EnableGrp1 off: no notify */
	assert_int_equal(dread(ISPENDR(1), 4), (1U << 1) | (1U << 16));
	assert_int_equal(dread(ICACTIVER(2), 4), 1U << 15);

	fake_vgic_hw_reset();
	for (uint32_t n = 0; n < 64; n++) {
		dwrite(ICFGR(n), 4, ONES);
	}
	LOG_IS("config pintid=96 edge=1\nconfig pintid=150 edge=1\n");
	assert_int_equal(dread(ICFGR(2), 4), 2U << 2);
	assert_int_equal(dread(ICFGR(3), 4), 2U);
	assert_int_equal(dread(ICFGR(4), 4), 2U << 30);

	fake_vgic_hw_reset();
	for (uint32_t n = 0; n < 256; n++) {
		dwrite(IPRIORITYR(n), 4, ONES);
	}
	assert_int_equal(dread(IPRIORITYR(8), 4), 0xF8U << 8); /* INTID 33: byte 1 of word 8 */
	assert_int_equal(dread(IPRIORITYR(12), 4), 0xF8U);
	assert_int_equal(dread(IPRIORITYR(19), 4), 0xF8U << 24);
	assert_int_equal(dread(IPRIORITYR(9), 4), 0);
	for (uint32_t id = 32; id < 1020; id++) {
		dwrite(IROUTER(id), 8, ~0ULL);
	}
	LOG_IS("route pintid=96 vcpu=0\nroute pintid=150 vcpu=0\n"); /* IRM: vCPU 0 */
	assert_int_equal(dread(IROUTER(48), 8), 0xFF80FFFFFFULL);
	assert_int_equal(dread(IROUTER(49), 8), 0);

	assert_memory_equal(g.cpu, cpus, sizeof(cpus)); /* no private state touched */
}

/* ---- hardware hooks ---- */

static void owned_hw_spis_call_the_right_hooks(void **state)
{
	(void)state;
	dwrite(ISENABLER(1), 4, 1U << 16); /* INTID 48 */
	LOG_IS("enable vcpu=0 pintid=96 on=1\n");
	fake_vgic_hw_reset();
	dwrite(ICENABLER(1), 4, 1U << 16);
	LOG_IS("enable vcpu=0 pintid=96 on=0\n");
	assert_int_equal(dread(ISENABLER(1), 4), 0);

	fake_vgic_hw_reset();
	dwrite(ISPENDR(2), 4, 1U << 15); /* INTID 79 */
	LOG_IS("pending vcpu=0 pintid=150 on=1\n");
	assert_int_equal(dread(ISPENDR(2), 4), 1U << 15);
	fake_vgic_hw_reset();
	dwrite(ICPENDR(2), 4, 1U << 15);
	LOG_IS("pending vcpu=0 pintid=150 on=0\n");
	assert_int_equal(dread(ICPENDR(2), 4), 0);

	fake_vgic_hw_reset();
	dwrite(ICFGR(3), 4, 2U); /* INTID 48 edge */
	LOG_IS("config pintid=96 edge=1\n");
	fake_vgic_hw_reset();
	dwrite(ICFGR(3), 4, 0);
	LOG_IS("config pintid=96 edge=0\n");

	fake_vgic_hw_reset();
	dwrite(IROUTER(79), 8, 1); /* Aff0 = 1: vCPU 1 */
	dwrite(ISENABLER(2), 4, 1U << 15);
	dwrite(ISPENDR(2), 4, 1U << 15);
	LOG_IS("route pintid=150 vcpu=1\nenable vcpu=1 pintid=150 on=1\npending vcpu=1 pintid=150 on=1\n");

	fake_vgic_hw_reset();
	dwrite(ISACTIVER(2), 4, 1U << 15); /* active state stays virtual */
	dwrite(ICACTIVER(2), 4, 1U << 15);
	dwrite(IPRIORITYR(19), 4, 0xA0000000);
	LOG_IS("");
}

static void virtual_spis_never_call_hw_hooks(void **state)
{
	(void)state;
	const uint32_t bit = 1U << 1; /* INTID 33 */
	dwrite(ISENABLER(1), 4, bit);
	dwrite(ICENABLER(1), 4, bit);
	dwrite(ISPENDR(1), 4, bit);
	dwrite(ICPENDR(1), 4, bit);
	dwrite(ISACTIVER(1), 4, bit);
	dwrite(ICACTIVER(1), 4, bit);
	dwrite(ICFGR(2), 4, 0);
	dwrite(ICFGR(2), 4, ONES);
	dwrite(IROUTER(33), 8, 1);
	dwrite(IROUTER(33), 4, 0);
	LOG_IS("");
	assert_int_equal(spi(33)->target, 0);
}

static void hw_ppis_call_hooks_on_their_vcpu(void **state)
{
	(void)state;
	rwrite(1, SGI_BASE + ISENABLER(0), 4, 1U << TIMER_PPI);
	LOG_IS("enable vcpu=1 pintid=27 on=1\n");
	fake_vgic_hw_reset();
	rwrite(0, SGI_BASE + ISPENDR(0), 4, 1U << TIMER_PPI);
	rwrite(0, SGI_BASE + ICPENDR(0), 4, 1U << TIMER_PPI);
	rwrite(1, SGI_BASE + ICENABLER(0), 4, 1U << TIMER_PPI);
	LOG_IS("pending vcpu=0 pintid=27 on=1\npending vcpu=0 pintid=27 on=0\nenable vcpu=1 pintid=27 on=0\n");
	fake_vgic_hw_reset();
	rwrite(0, SGI_BASE + ISENABLER(0), 4, 0xFFFF); /* SGIs are virtual */
	rwrite(0, SGI_BASE + ISPENDR(0), 4, 0xFFFF);
	LOG_IS("");
}

/* ---- notification ---- */

static void notify_when_pending_then_enabled(void **state)
{
	(void)state;
	dwrite(GICD_CTLR, 4, CTLR_ENABLE_G1);
	dwrite(ISPENDR(1), 4, 1U << 1);
	LOG_IS("");
	dwrite(ISENABLER(1), 4, 1U << 1);
	LOG_IS("notify vcpu=0\n");
	fake_vgic_hw_reset();
	dwrite(ISENABLER(1), 4, 1U << 1); /* already both: nothing new */
	dwrite(ISPENDR(1), 4, 1U << 1);
	LOG_IS("");
}

static void notify_when_enabled_then_pending(void **state)
{
	(void)state;
	dwrite(GICD_CTLR, 4, CTLR_ENABLE_G1);
	dwrite(IROUTER(33), 8, 1);
	dwrite(ISENABLER(1), 4, 1U << 1);
	LOG_IS("");
	dwrite(ISPENDR(1), 4, 1U << 1);
	LOG_IS("notify vcpu=1\n");
}

static void notify_once_per_vcpu_per_access(void **state)
{
	(void)state;
	dwrite(GICD_CTLR, 4, CTLR_ENABLE_G1);
	dwrite(ISENABLER(1), 4, (1U << 1) | (1U << 16));
	fake_vgic_hw_reset();
	dwrite(ISPENDR(1), 4, (1U << 1) | (1U << 16));
	LOG_IS("pending vcpu=0 pintid=96 on=1\nnotify vcpu=0\n");
}

static void notify_private_on_its_vcpu(void **state)
{
	(void)state;
	dwrite(GICD_CTLR, 4, CTLR_ENABLE_G1);
	rwrite(1, SGI_BASE + ISENABLER(0), 4, 1U << 3);
	rwrite(1, SGI_BASE + ISPENDR(0), 4, 1U << 3);
	LOG_IS("notify vcpu=1\n");
	assert_int_equal(rread(0, SGI_BASE + ISPENDR(0), 4), 0);
}

static void enable_grp1_notifies_each_target_once(void **state)
{
	(void)state;
	dwrite(IROUTER(33), 8, 1);
	dwrite(ISENABLER(1), 4, (1U << 1) | (1U << 16));
	dwrite(ISENABLER(2), 4, 1U << 15);
	dwrite(ISPENDR(1), 4, (1U << 1) | (1U << 16));
	dwrite(ISPENDR(2), 4, 1U << 15);
	rwrite(1, SGI_BASE + ISENABLER(0), 4, 1U << 2);
	rwrite(1, SGI_BASE + ISPENDR(0), 4, 1U << 2);
	fake_vgic_hw_reset();
	dwrite(GICD_CTLR, 4, CTLR_ENABLE_G1);
	LOG_IS("notify vcpu=0\nnotify vcpu=1\n");
	fake_vgic_hw_reset();
	dwrite(GICD_CTLR, 4, CTLR_ENABLE_G1); /* no change */
	LOG_IS("");
	dwrite(GICD_CTLR, 4, 0);
	dwrite(ICPENDR(1), 4, 1U << 1);
	dwrite(ISPENDR(1), 4, 1U << 1);
	LOG_IS(""); /* EnableGrp1 off: virtual INTID 33 pending+enabled again, no notify */
}

static void enable_grp1_notifies_for_private_interrupts(void **state)
{
	(void)state;
	rwrite(1, SGI_BASE + ISENABLER(0), 4, 1U << TIMER_PPI);
	rwrite(1, SGI_BASE + ISPENDR(0), 4, 1U << TIMER_PPI);
	fake_vgic_hw_reset();
	dwrite(GICD_CTLR, 4, CTLR_ENABLE_G1);
	LOG_IS("notify vcpu=1\n");
}

static void enable_grp1_skips_undeliverable(void **state)
{
	(void)state;
	dwrite(ISPENDR(1), 4, 1U << 1);    /* pending, disabled */
	dwrite(ISENABLER(2), 4, 1U << 15); /* enabled, not pending */
	rwrite(1, SGI_BASE + ISPENDR(0), 4, 1U << 2);
	fake_vgic_hw_reset();
	dwrite(GICD_CTLR, 4, CTLR_ENABLE_G1);
	LOG_IS("");
}

static void route_change_notifies_new_target(void **state)
{
	(void)state;
	dwrite(ISENABLER(1), 4, 1U << 1);
	dwrite(ISPENDR(1), 4, 1U << 1);
	dwrite(GICD_CTLR, 4, CTLR_ENABLE_G1);
	fake_vgic_hw_reset();
	dwrite(IROUTER(33), 8, 1);
	LOG_IS("notify vcpu=1\n");
	assert_int_equal(spi(33)->target, 1);
}

/* ---- pending and active ---- */

static void icpendr_keeps_level_line_pending(void **state)
{
	(void)state;
	struct virq *v = spi(33);
	dwrite(ICFGR(2), 4, 0); /* level */
	v->flags |= VIRQ_LEVEL | VIRQ_PENDING;
	dwrite(ICPENDR(1), 4, 1U << 1);
	assert_int_equal(dread(ISPENDR(1), 4), 1U << 1); /* line still high */
	v->flags &= (uint8_t)~VIRQ_LEVEL;
	dwrite(ICPENDR(1), 4, 1U << 1);
	assert_int_equal(dread(ISPENDR(1), 4), 0);
	/* Edge-triggered: the line's level does not hold the pending state. */
	dwrite(ICFGR(2), 4, 2U << 2);
	v->flags |= VIRQ_LEVEL | VIRQ_PENDING;
	dwrite(ICPENDR(1), 4, 1U << 1);
	assert_int_equal(dread(ISPENDR(1), 4), 0);
}

static void pending_reads_include_list_registers(void **state)
{
	(void)state;
	spi(48)->flags |= VIRQ_IN_LR;
	assert_int_equal(dread(ISPENDR(1), 4), 1U << 16);
	assert_int_equal(dread(ICPENDR(1), 4), 1U << 16);
	g.cpu[1].priv[5].flags |= VIRQ_IN_LR;
	assert_int_equal(rread(1, SGI_BASE + ISPENDR(0), 4), 1U << 5);
	assert_int_equal(rread(0, SGI_BASE + ISPENDR(0), 4), 0);
}

static void active_bits_set_and_clear(void **state)
{
	(void)state;
	dwrite(ISACTIVER(1), 4, ONES);
	assert_int_equal(dread(ISACTIVER(1), 4), (1U << 1) | (1U << 16));
	dwrite(ICACTIVER(1), 4, 1U << 1);
	assert_int_equal(dread(ICACTIVER(1), 4), 1U << 16);
	assert_true(spi(48)->flags & VIRQ_ACTIVE);
	assert_false(spi(33)->flags & VIRQ_ACTIVE);
}

/* ---- priorities and routing ---- */

static void priorities_by_byte_and_word(void **state)
{
	(void)state;
	dwrite(IPRIORITYR(0) + 48, 1, 0x1A5); /* only the low byte counts */
	assert_int_equal(dread(IPRIORITYR(0) + 48, 1), 0xA0);
	assert_int_equal(dread(IPRIORITYR(12), 4), 0xA0);
	dwrite(IPRIORITYR(8), 4, 0x44332211); /* INTIDs 32-35: 33 is byte 1 */
	assert_int_equal(dread(IPRIORITYR(8), 4), 0x2000);
	assert_int_equal(spi(33)->priority, 0x20);
	assert_int_equal(dread(IPRIORITYR(0) + 32, 1), 0);
	/* Redistributor: per vCPU, SGIs and owned PPIs only. */
	rwrite(1, SGI_BASE + IPRIORITYR(1) + 1, 1, 0x80); /* SGI 5 */
	rwrite(1, SGI_BASE + IPRIORITYR(6), 4, ONES);     /* PPIs 24-27 */
	assert_int_equal(rread(1, SGI_BASE + IPRIORITYR(1), 4), 0x8000);
	assert_int_equal(rread(1, SGI_BASE + IPRIORITYR(6), 4), 0xF8000000);
	assert_int_equal(rread(0, SGI_BASE + IPRIORITYR(1), 4), 0);
	assert_int_equal(rread(0, SGI_BASE + IPRIORITYR(6) + 3, 1), 0);
	LOG_IS("");
}

static void irouter_keeps_value_and_routes(void **state)
{
	(void)state;
	dwrite(IROUTER(33), 8, 1);
	assert_int_equal(spi(33)->target, 1);
	assert_int_equal(dread(IROUTER(33), 8), 1);
	/* 32-bit halves: Aff3 = 5 names no vCPU: vCPU 0, value kept. */
	dwrite(IROUTER(33) + 4, 4, 5);
	assert_int_equal(dread(IROUTER(33), 8), 0x500000001ULL);
	assert_int_equal(dread(IROUTER(33) + 4, 4), 5);
	assert_int_equal(dread(IROUTER(33), 4), 1);
	assert_int_equal(spi(33)->target, 0);
	dwrite(IROUTER(33) + 4, 4, 0);
	assert_int_equal(spi(33)->target, 1);
	dwrite(IROUTER(33), 4, 7); /* Aff0 = 7: no such vCPU */
	assert_int_equal(spi(33)->target, 0);
	assert_int_equal(dread(IROUTER(33), 8), 7);
	dwrite(IROUTER(33), 8, 0x100 | 1); /* Aff1 = 1 */
	assert_int_equal(spi(33)->target, 0);
	dwrite(IROUTER(33), 8, 0x80000001); /* IRM: any vCPU */
	assert_int_equal(spi(33)->target, 0);
	assert_int_equal(dread(IROUTER(33), 8), 0x80000001);
	dwrite(IROUTER(33), 8, ~0ULL); /* RES0 bits stay 0 */
	assert_int_equal(dread(IROUTER(33), 8), 0xFF80FFFFFFULL);
	/* Hardware-backed: the physical route follows. */
	dwrite(IROUTER(48), 8, 1);
	dwrite(IROUTER(48), 8, 0x100);
	LOG_IS("route pintid=96 vcpu=1\nroute pintid=96 vcpu=0\n");
	/* INTIDs below 32 have no IROUTER. */
	dwrite(IROUTER(0), 8, 1);
	assert_int_equal(dread(IROUTER(0), 8), 0);
}

static void irouter_leaves_target_of_interrupt_in_lr(void **state)
{
	(void)state;
	struct virq *v = spi(33);
	v->flags |= VIRQ_IN_LR;
	v->lr = 2;
	dwrite(IROUTER(33), 8, 1);
	assert_int_equal(v->target, 0); /* the list register of vCPU 0 still holds it */
	assert_int_equal(dread(IROUTER(33), 8), 1);
}

/* ---- redistributor ---- */

static void typer_last_only_on_last_vcpu(void **state)
{
	(void)state;
	assert_int_equal(vgic_init(&g, NULL, 3, test_spis, 3, TIMER_MASK), 0);
	for (uint32_t c = 0; c < 3; c++) {
		uint64_t want = ((uint64_t)c << 32) | (c << 8) | (c == 2 ? TYPER_LAST : 0);
		assert_int_equal(rread(c, GICR_TYPER, 8), want);
		assert_int_equal(rread(c, GICR_TYPER, 4), want & ONES);
		assert_int_equal(rread(c, GICR_TYPER + 4, 4), c);
		rwrite(c, GICR_TYPER, 8, ~0ULL); /* read-only */
		assert_int_equal(rread(c, GICR_TYPER, 8), want);
	}
	assert_int_equal(vgic_init(&g, NULL, VM_MAX_VCPUS, NULL, 0, 0), 0);
	assert_int_equal(rread(VM_MAX_VCPUS - 1, GICR_TYPER, 8) & TYPER_LAST, TYPER_LAST);
	assert_int_equal(rread(VM_MAX_VCPUS - 2, GICR_TYPER, 8) & TYPER_LAST, 0);
}

static void waker_handshake(void **state)
{
	(void)state;
	uint32_t w = (uint32_t)rread(1, GICR_WAKER, 4);
	rwrite(1, GICR_WAKER, 4, w & ~WAKER_PS); /* what Linux's gic_enable_redist does */
	assert_int_equal(rread(1, GICR_WAKER, 4), 0);
	assert_false(g.cpu[1].sleeping);
	assert_int_equal(rread(0, GICR_WAKER, 4), WAKER_PS | WAKER_CA); /* per vCPU */
	rwrite(1, GICR_WAKER, 4, WAKER_CA | 0x80000001);                /* ChildrenAsleep is RO */
	assert_int_equal(rread(1, GICR_WAKER, 4), 0);
	rwrite(1, GICR_WAKER, 4, WAKER_PS);
	assert_int_equal(rread(1, GICR_WAKER, 4), WAKER_PS | WAKER_CA);
}

static void lpi_registers_stay_zero(void **state)
{
	(void)state;
	rwrite(0, GICR_WAKER, 4, 0); /* awake, so a stray WAKER write would show */
	struct vgic before = g;
	for (uint32_t c = 0; c < 2; c++) {
		rwrite(c, GICR_CTLR, 4, ONES); /* EnableLPIs */
		rwrite(c, GICR_PROPBASER, 8, ~0ULL);
		rwrite(c, GICR_PENDBASER, 8, ~0ULL);
		rwrite(c, GICR_PROPBASER + 4, 4, ONES);
		rwrite(c, GICR_PENDBASER, 4, ONES);
		assert_int_equal(rread(c, GICR_CTLR, 4), 0);
		assert_int_equal(rread(c, GICR_PROPBASER, 8), 0);
		assert_int_equal(rread(c, GICR_PENDBASER, 8), 0);
		assert_int_equal(rread(c, GICR_PROPBASER + 4, 4), 0);
	}
	/* Every other word of RD_base is read-only or RAZ/WI as well. */
	for (uint32_t off = 0; off < SGI_BASE; off += 4) {
		if (off != GICR_WAKER) {
			rwrite(0, off, 4, ONES);
		}
	}
	assert_memory_equal(&g, &before, sizeof(g));
	LOG_IS("");
}

static void private_registers_are_per_vcpu(void **state)
{
	(void)state;
	rwrite(1, SGI_BASE + ISENABLER(0), 4, ONES);
	assert_int_equal(rread(1, SGI_BASE + ISENABLER(0), 4), OWNED_PRIV);
	assert_int_equal(rread(0, SGI_BASE + ISENABLER(0), 4), 0);
	rwrite(0, SGI_BASE + ISPENDR(0), 4, 1U << 7);
	assert_int_equal(rread(0, SGI_BASE + ISPENDR(0), 4), 1U << 7);
	assert_int_equal(rread(1, SGI_BASE + ISPENDR(0), 4), 0);
	rwrite(0, SGI_BASE + ISACTIVER(0), 4, 1U << 8);
	assert_int_equal(rread(1, SGI_BASE + ISACTIVER(0), 4), 0);
	rwrite(1, SGI_BASE + ICENABLER(0), 4, 1U << 0);
	assert_int_equal(rread(1, SGI_BASE + ICENABLER(0), 4), OWNED_PRIV & ~1U);
	/* The distributor's banked copies stay out of it. */
	assert_int_equal(dread(ISENABLER(0), 4), 0);
	dwrite(ISENABLER(0), 4, ONES);
	assert_int_equal(rread(0, SGI_BASE + ISENABLER(0), 4), 0);
}

static void unowned_ppis_read_zero_ignore_writes(void **state)
{
	(void)state;
	struct virq unowned[VGIC_NUM_PRIVATE];
	memcpy(unowned, g.cpu[0].priv, sizeof(unowned));
	const uint32_t set_regs[] = {IGROUPR(0), ISENABLER(0), ISPENDR(0), ISACTIVER(0)};
	for (size_t i = 0; i < ARRAY_SIZE(set_regs); i++) {
		rwrite(0, SGI_BASE + set_regs[i], 4, ONES);
		assert_int_equal(rread(0, SGI_BASE + set_regs[i], 4), OWNED_PRIV);
	}
	for (uint32_t n = 0; n < 8; n++) {
		rwrite(0, SGI_BASE + IPRIORITYR(n), 4, ONES);
	}
	rwrite(0, SGI_BASE + ICFGR(0), 4, 0);
	rwrite(0, SGI_BASE + ICFGR(1), 4, ONES);
	rwrite(0, SGI_BASE + IGRPMODR(0), 4, ONES);
	rwrite(0, SGI_BASE + NSACR(0), 4, ONES);
	for (uint32_t i = VGIC_NUM_SGIS; i < VGIC_NUM_PRIVATE; i++) {
		if (i != TIMER_PPI) {
			assert_memory_equal(&g.cpu[0].priv[i], &unowned[i], sizeof(unowned[i]));
		}
	}
	assert_int_equal(rread(0, SGI_BASE + IPRIORITYR(4), 4), 0); /* PPIs 16-19 */
	assert_int_equal(rread(0, SGI_BASE + IPRIORITYR(6), 4), 0xF8000000);
	assert_int_equal(rread(0, SGI_BASE + ICFGR(0), 4), 0xAAAAAAAA); /* SGIs stay edge */
	assert_int_equal(rread(0, SGI_BASE + ICFGR(1), 4), 0);          /* timer stays level */
	assert_int_equal(rread(0, SGI_BASE + IGRPMODR(0), 4), 0);
	assert_int_equal(rread(0, SGI_BASE + NSACR(0), 4), 0);
	assert_int_equal(rread(0, SGI_BASE + ISENABLER(1), 4), 0); /* no extended PPIs */
	/* Only the timer reached the hardware hooks: no config call for ICFGR. */
	LOG_IS("enable vcpu=0 pintid=27 on=1\npending vcpu=0 pintid=27 on=1\n");
	const uint32_t clear_regs[] = {ICENABLER(0), ICPENDR(0), ICACTIVER(0)};
	for (size_t i = 0; i < ARRAY_SIZE(clear_regs); i++) {
		rwrite(0, SGI_BASE + clear_regs[i], 4, ONES);
		assert_int_equal(rread(0, SGI_BASE + clear_regs[i], 4), 0);
	}
	for (uint32_t i = VGIC_NUM_SGIS; i < VGIC_NUM_PRIVATE; i++) {
		if (i != TIMER_PPI) {
			assert_memory_equal(&g.cpu[0].priv[i], &unowned[i], sizeof(unowned[i]));
		}
	}
}

static void distributor_raz_wi_registers(void **state)
{
	(void)state;
	const uint32_t offs[] = {ITARGETSR(8), IGRPMODR(1), NSACR(2), GICD_SGIR, GICD_CPENDSGIR, GICD_SPENDSGIR};
	for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
		dwrite(offs[i], 4, ONES);
		assert_int_equal(dread(offs[i], 4), 0);
	}
	dwrite(ITARGETSR(8) + 1, 1, 0xFF); /* INTID 33's byte */
	assert_int_equal(dread(ITARGETSR(8) + 1, 1), 0);
	LOG_IS("");
}

/* ---- access sizes ---- */

static void bad_sizes_and_alignment_are_rejected(void **state)
{
	(void)state;
	struct vgic before = g;
	const struct {
		uint64_t off;
		uint32_t size;
	} dbad[] = {
		{GICD_CTLR, 1},
		{GICD_CTLR, 2},
		{GICD_CTLR, 8},
		{GICD_TYPER, 8},
		{2, 4},
		{ISENABLER(1), 1},
		{ISENABLER(1), 2},
		{ICFGR(2) + 1, 1},
		{IPRIORITYR(8) + 1, 4},
		{IPRIORITYR(8), 2},
		{IPRIORITYR(8), 8},
		{IROUTER(33), 2},
		{IROUTER(33) + 4, 8},
		{IROUTER(33), 1},
		{0x10000, 4},
		{~0ULL - 3, 4},
		{GICD_CTLR, 0},
		{GICD_CTLR, 3},
		{GICD_CTLR, 16},
		{0x1000000004ULL, 4},
	};
	for (size_t i = 0; i < ARRAY_SIZE(dbad); i++) {
		uint64_t v = 0x1234;
		assert_int_equal(vgic_dist_read(&g, dbad[i].off, dbad[i].size, &v), -1);
		assert_int_equal(v, 0x1234);
		assert_int_equal(vgic_dist_write(&g, dbad[i].off, dbad[i].size, ~0ULL), -1);
	}
	const struct {
		uint32_t vcpu;
		uint64_t off;
		uint32_t size;
	} rbad[] = {
		{0, GICR_WAKER, 8},
		{0, GICR_WAKER, 1},
		{0, GICR_TYPER + 4, 8},
		{0, GICR_TYPER, 2},
		{0, SGI_BASE + ISENABLER(0), 1},
		{0, SGI_BASE + ISENABLER(0), 8},
		{0, SGI_BASE + IPRIORITYR(0) + 2, 4},
		{0, SGI_BASE + ICFGR(1) + 2, 2},
		{0, 0x20000, 4},
		{0, 0x20000 + GICR_WAKER, 4},
		{2, GICR_WAKER, 4}, /* no vCPU 2 */
		{0xFFFFFFFF, GICR_TYPER, 8},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rbad); i++) {
		uint64_t v = 0x1234;
		assert_int_equal(vgic_redist_read(&g, rbad[i].vcpu, rbad[i].off, rbad[i].size, &v), -1);
		assert_int_equal(v, 0x1234);
		assert_int_equal(vgic_redist_write(&g, rbad[i].vcpu, rbad[i].off, rbad[i].size, ~0ULL), -1);
	}
	assert_memory_equal(&g, &before, sizeof(g));
	LOG_IS("");

	/* The sizes the architecture allows. */
	uint64_t v;
	assert_int_equal(vgic_dist_read(&g, IPRIORITYR(8) + 1, 1, &v), 0);
	assert_int_equal(vgic_dist_read(&g, ITARGETSR(8) + 3, 1, &v), 0);
	assert_int_equal(vgic_dist_read(&g, IROUTER(33), 8, &v), 0);
	assert_int_equal(vgic_dist_read(&g, IROUTER(33) + 4, 4, &v), 0);
	assert_int_equal(vgic_dist_read(&g, GICD_PIDR2, 4, &v), 0);
	assert_int_equal(vgic_redist_read(&g, 1, GICR_TYPER, 8, &v), 0);
	assert_int_equal(vgic_redist_read(&g, 1, GICR_TYPER + 4, 4, &v), 0);
	assert_int_equal(vgic_redist_read(&g, 1, GICR_PROPBASER, 8, &v), 0);
	assert_int_equal(vgic_redist_read(&g, 1, SGI_BASE + IPRIORITYR(7) + 3, 1, &v), 0);
	assert_int_equal(vgic_redist_read(&g, 1, 0x1FFFC, 4, &v), 0);
}

static void written_value_uses_only_access_bytes(void **state)
{
	(void)state;
	dwrite(ISENABLER(1), 4, 0xFFFFFFFF00000002ULL); /* garbage above a 32-bit store */
	assert_int_equal(dread(ISENABLER(1), 4), 1U << 1);
	dwrite(IROUTER(48), 4, 0xFFFFFFFF00000001ULL);
	assert_int_equal(dread(IROUTER(48), 8), 1);
	rwrite(0, GICR_WAKER, 4, 0xFFFFFFFF00000000ULL);
	assert_int_equal(rread(0, GICR_WAKER, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(init_rejects_bad_input, setup),
		cmocka_unit_test_setup(init_sorts_and_resets, setup),
		cmocka_unit_test_setup(find_follows_ownership, setup),
		cmocka_unit_test_setup(distributor_probe_values, setup),
		cmocka_unit_test_setup(redistributor_probe_values, setup),
		cmocka_unit_test_setup(typer_lines_cover_highest_spi, setup),
		cmocka_unit_test_setup(ctlr_only_enable_grp1_is_writable, setup),
		cmocka_unit_test_setup(unowned_distributor_writes_change_nothing, setup),
		cmocka_unit_test_setup(all_ones_reach_only_owned_spis, setup),
		cmocka_unit_test_setup(owned_hw_spis_call_the_right_hooks, setup),
		cmocka_unit_test_setup(virtual_spis_never_call_hw_hooks, setup),
		cmocka_unit_test_setup(hw_ppis_call_hooks_on_their_vcpu, setup),
		cmocka_unit_test_setup(notify_when_pending_then_enabled, setup),
		cmocka_unit_test_setup(notify_when_enabled_then_pending, setup),
		cmocka_unit_test_setup(notify_once_per_vcpu_per_access, setup),
		cmocka_unit_test_setup(notify_private_on_its_vcpu, setup),
		cmocka_unit_test_setup(enable_grp1_notifies_each_target_once, setup),
		cmocka_unit_test_setup(enable_grp1_notifies_for_private_interrupts, setup),
		cmocka_unit_test_setup(enable_grp1_skips_undeliverable, setup),
		cmocka_unit_test_setup(route_change_notifies_new_target, setup),
		cmocka_unit_test_setup(icpendr_keeps_level_line_pending, setup),
		cmocka_unit_test_setup(pending_reads_include_list_registers, setup),
		cmocka_unit_test_setup(active_bits_set_and_clear, setup),
		cmocka_unit_test_setup(priorities_by_byte_and_word, setup),
		cmocka_unit_test_setup(irouter_keeps_value_and_routes, setup),
		cmocka_unit_test_setup(irouter_leaves_target_of_interrupt_in_lr, setup),
		cmocka_unit_test_setup(typer_last_only_on_last_vcpu, setup),
		cmocka_unit_test_setup(waker_handshake, setup),
		cmocka_unit_test_setup(lpi_registers_stay_zero, setup),
		cmocka_unit_test_setup(private_registers_are_per_vcpu, setup),
		cmocka_unit_test_setup(unowned_ppis_read_zero_ignore_writes, setup),
		cmocka_unit_test_setup(distributor_raz_wi_registers, setup),
		cmocka_unit_test_setup(bad_sizes_and_alignment_are_rejected, setup),
		cmocka_unit_test_setup(written_value_uses_only_access_bytes, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
