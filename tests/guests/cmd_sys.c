/* SPDX-License-Identifier: MIT */
/*
 * Commands that call out of the VM (HVC, SMC, PSCI) and the counter commands.
 * PSCI goes over SMC, the conduit Shoji traps and emulates per VM (DESIGN.md).
 */
#include "cmd.h"
#include "console.h"
#include "cpus.h"
#include "guest.h"
#include "heartbeat.h"

/* PSCI 1.1 (DEN0022D) §5.1, function IDs. */
#define PSCI_CPU_ON_64    ULL(0xc4000003)
#define PSCI_SYSTEM_OFF   ULL(0x84000008)
#define PSCI_SYSTEM_RESET ULL(0x84000009)

static void print_reg(const char *name, uint64_t v)
{
	con_puts(name);
	con_hex(v);
}

/* One SMCCC call; prints `ret x0=..` (and x1..x3 when all_regs) or `abort <what> ...`. */
static void call_and_report(enum smccc_conduit conduit, uint64_t regs[4], const char *what, bool all_regs)
{
	struct probe_fault f;

	if (!probe_smccc(conduit, regs, &f)) {
		con_puts("abort ");
		con_puts(what);
		print_fault(&f);
		return;
	}
	print_reg("ret x0=", regs[0]);
	if (all_regs) {
		print_reg(" x1=", regs[1]);
		print_reg(" x2=", regs[2]);
		print_reg(" x3=", regs[3]);
	}
	con_nl();
}

static bool parse_regs(const struct cmd_args *a, uint64_t regs[4])
{
	unsigned i;

	for (i = 0; i < 4; i++) {
		regs[i] = 0;
		if (i < a->argc && !parse_hex(a->argv[i], &regs[i]))
			return false;
	}
	return true;
}

bool cmd_hvc(const struct cmd_args *a)
{
	uint64_t regs[4];

	if (!parse_regs(a, regs))
		return false;
	call_and_report(SMCCC_CONDUIT_HVC, regs, "hvc", true);
	return true;
}

bool cmd_smc(const struct cmd_args *a)
{
	uint64_t regs[4];

	if (!parse_regs(a, regs))
		return false;
	call_and_report(SMCCC_CONDUIT_SMC, regs, "smc", true);
	return true;
}

bool cmd_cpuon(const struct cmd_args *a)
{
	uint64_t regs[4] = {PSCI_CPU_ON_64, 0, cpus_entry_point(), CPUS_CONTEXT_ID};

	if (!parse_hex(a->argv[0], &regs[1]))
		return false;
	call_and_report(SMCCC_CONDUIT_SMC, regs, "cpuon", false);
	return true;
}

/* Arbitrary target, entry and context: for testing how bad arguments are refused. */
bool cmd_cpuon_raw(const struct cmd_args *a)
{
	uint64_t regs[4] = {PSCI_CPU_ON_64, 0, 0, 0};

	if (!parse_hex(a->argv[0], &regs[1]) || !parse_addr(a->argv[1], &regs[2]) || !parse_hex(a->argv[2], &regs[3]))
		return false;
	call_and_report(SMCCC_CONDUIT_SMC, regs, "cpuon_raw", false);
	return true;
}

bool cmd_off(const struct cmd_args *a)
{
	uint64_t regs[4] = {PSCI_SYSTEM_OFF, 0, 0, 0};

	(void)a;
	call_and_report(SMCCC_CONDUIT_SMC, regs, "off", false);
	return true;
}

bool cmd_reset(const struct cmd_args *a)
{
	uint64_t regs[4] = {PSCI_SYSTEM_RESET, 0, 0, 0};

	(void)a;
	call_and_report(SMCCC_CONDUIT_SMC, regs, "reset", false);
	return true;
}

bool cmd_hb(const struct cmd_args *a)
{
	uint64_t ms;

	if (a->argc == 1 && streq(a->argv[0], "off")) {
		hb_stop();
		con_puts("ok hb off");
		con_nl();
		return true;
	}
	if (a->argc != 2 || !streq(a->argv[0], "on") || !parse_count(a->argv[1], &ms) || !hb_start(ms))
		return false;
	con_puts("ok hb on");
	con_nl();
	return true;
}

bool cmd_ticks(const struct cmd_args *a)
{
	(void)a;
	con_puts("ticks ");
	con_hex(read_cntvct_el0());
	con_puts(" freq ");
	con_hex(read_cntfrq_el0());
	con_nl();
	return true;
}
