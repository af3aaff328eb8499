/* SPDX-License-Identifier: MIT */
/*
 * `sysreg <name>`: touch one system register or cache operation a hypervisor
 * should trap (PMU, debug, timers, IMPLEMENTATION DEFINED, set/way, DC ZVA) and
 * report the value or the exception. An UNDEFINED injected by EL2 arrives as
 * EC 0x00 and is reported like an abort.
 */
#include "cmd.h"
#include "console.h"
#include "guest.h"
#include "probe.h"

/* The registers probe_asm.S defines an sr_<name> reader for (one per line: keep the two lists in step). */
/* clang-format off */
#define SYSREG_READS(X) \
	X(pmcr) \
	X(pmccntr) \
	X(pmuserenr) \
	X(dbgbcr0) \
	X(dbgwcr0) \
	X(mdscr) \
	X(oslsr) \
	X(cntp_ctl) \
	X(cntp_cval) \
	X(cntv_ctl) \
	X(cntkctl) \
	X(actlr) \
	X(l2ctlr) \
	X(cpuectlr) \
	X(icc_sre) \
	X(midr) \
	X(mpidr) \
	X(ctr) \
	X(dczid) \
	X(id_aa64pfr0) \
	X(id_aa64dfr0) \
	X(id_aa64mmfr0) \
	X(sctlr) \
	X(currentel)
/* clang-format on */

#define DECLARE_READER(n) uint64_t sr_##n(uint64_t unused);
SYSREG_READS(DECLARE_READER)
uint64_t sr_dc_zva(uint64_t va);
uint64_t sr_dc_isw(uint64_t setway);

/* DCZID_EL0.BS (bits 3:0): log2 of the DC ZVA block in words; DZP (bit 4): prohibited. */
#define DCZID_BS_MASK   ULL(0xf)
#define ZVA_BLOCK_WORDS 512 /* 2 KiB, the largest block the architecture allows */

static uint32_t zva_block[ZVA_BLOCK_WORDS] __attribute__((aligned(4 * ZVA_BLOCK_WORDS)));

/* Fill the block, DC ZVA it, and return the OR of what is left: 0 means it was zeroed. */
static bool dc_zva(uint64_t *val, struct probe_fault *f)
{
	uint64_t bs = sr_dczid(0) & DCZID_BS_MASK;
	uint64_t words = bs > 9 ? ZVA_BLOCK_WORDS : (ULL(1) << bs);
	uint64_t left = 0, i, unused;

	for (i = 0; i < ZVA_BLOCK_WORDS; i++)
		zva_block[i] = UINT32_MAX;
	if (!probe_fn(sr_dc_zva, (uintptr_t)zva_block, &unused, f))
		return false;
	for (i = 0; i < words; i++)
		left |= zva_block[i];
	*val = left;
	return true;
}

/* Set/way 0 at level 1: harmless to us (our data is Device, never cached), dangerous if not trapped. */
static bool dc_isw(uint64_t *val, struct probe_fault *f)
{
	return probe_fn(sr_dc_isw, 0, val, f);
}

struct sysreg_probe {
	const char *name;
	uint64_t (*read)(uint64_t unused);
};

#define READER_ENTRY(n) {#n, sr_##n},
static const struct sysreg_probe readers[] = {SYSREG_READS(READER_ENTRY)};

static bool run_probe(const char *name, uint64_t *val, struct probe_fault *f, bool *known)
{
	size_t i;

	*known = true;
	if (streq(name, "dczva"))
		return dc_zva(val, f);
	if (streq(name, "dcisw"))
		return dc_isw(val, f);
	for (i = 0; i < ARRAY_SIZE(readers); i++) {
		if (streq(readers[i].name, name))
			return probe_fn(readers[i].read, 0, val, f);
	}
	*known = false;
	return false;
}

bool cmd_sysreg(const struct cmd_args *a)
{
	struct probe_fault f;
	uint64_t val = 0;
	bool known, ok;

	ok = run_probe(a->argv[0], &val, &f, &known);
	if (!known) {
		con_puts("error unknown sysreg");
		con_nl();
		return true;
	}
	con_puts(ok ? "ok sysreg " : "abort sysreg ");
	con_puts(a->argv[0]);
	if (!ok) {
		print_fault(&f);
		return true;
	}
	con_puts(" = ");
	con_hex(val);
	con_nl();
	return true;
}
