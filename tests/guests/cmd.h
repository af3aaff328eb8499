/* SPDX-License-Identifier: MIT */
/*
 * The console command protocol (README.md): one command per line in, one reply
 * line out. Handlers validate every argument before they act and return false
 * on a bad one, which the dispatcher answers with `error usage ...`.
 */
#ifndef SHOJI_GUEST_CMD_H
#define SHOJI_GUEST_CMD_H

#include <shoji/types.h>

#include "probe.h"

#define CMD_MAX_ARGS 4

/* Arguments after the command word. */
struct cmd_args {
	unsigned argc;
	const char *argv[CMD_MAX_ARGS];
};

/* Reads and runs commands forever. */
__attribute__((noreturn)) void cmd_loop(void);

/* Hex with or without 0x, 1..16 digits, nothing else. */
bool parse_hex(const char *s, uint64_t *out);
/* A count or duration: decimal, or hex with 0x. */
bool parse_count(const char *s, uint64_t *out);
/* A probe name from the system's probes.h, or a hex address. */
bool parse_addr(const char *s, uint64_t *out);
/* `abort <what>` is printed by the caller; this adds ` ec=.. esr=.. far=..` and ends the line. */
void print_fault(const struct probe_fault *f);

/* cmd_mem.c */
bool cmd_r(const struct cmd_args *a);
bool cmd_w(const struct cmd_args *a);
bool cmd_x(const struct cmd_args *a);
bool cmd_probe(const struct cmd_args *a);
bool cmd_flood(const struct cmd_args *a);
bool cmd_mark(const struct cmd_args *a);
bool cmd_check(const struct cmd_args *a);
bool cmd_info(const struct cmd_args *a);

/* cmd_sys.c */
bool cmd_hvc(const struct cmd_args *a);
bool cmd_smc(const struct cmd_args *a);
bool cmd_cpuon(const struct cmd_args *a);
bool cmd_cpuon_raw(const struct cmd_args *a);
bool cmd_off(const struct cmd_args *a);
bool cmd_reset(const struct cmd_args *a);
bool cmd_hb(const struct cmd_args *a);
bool cmd_ticks(const struct cmd_args *a);

/* sysreg.c */
bool cmd_sysreg(const struct cmd_args *a);

/* cmd_irq.c */
bool cmd_irq(const struct cmd_args *a);
bool cmd_ipi(const struct cmd_args *a);
bool cmd_sgi(const struct cmd_args *a);
bool cmd_gicd_r(const struct cmd_args *a);
bool cmd_gicd_w(const struct cmd_args *a);
bool cmd_gicr_r(const struct cmd_args *a);
bool cmd_gicr_w(const struct cmd_args *a);
bool cmd_irqs(const struct cmd_args *a);
bool cmd_uartirq(const struct cmd_args *a);
bool cmd_line(const struct cmd_args *a);

/* cmd_chan.c */
bool cmd_chan(const struct cmd_args *a);

/* cmd_trust.c */
bool cmd_attest(const struct cmd_args *a);
bool cmd_derive(const struct cmd_args *a);

/* vtimer.c */
bool cmd_timer(const struct cmd_args *a);
bool cmd_latency(const struct cmd_args *a);

/* storm.c */
bool cmd_storm(const struct cmd_args *a);

#endif /* SHOJI_GUEST_CMD_H */
