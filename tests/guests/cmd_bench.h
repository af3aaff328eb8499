/* SPDX-License-Identifier: MIT */
/* Benchmark probes for `make bench` (tests/bench/run.py), timed with CNTVCT_EL0 (instructions under -icount). */
#ifndef SHOJI_GUEST_CMD_BENCH_H
#define SHOJI_GUEST_CMD_BENCH_H

#include "cmd.h"

/* `hvcbench <n>`: n round trips of SHOJI_HVC_VERSION, min/median/max ticks each. */
bool cmd_hvcbench(const struct cmd_args *a);
/* `excbench <n>`: n round trips through the guest's own EL1 vector (UDF, skipped by a probe). */
bool cmd_excbench(const struct cmd_args *a);
/* `work <KiB> <passes>`: a fixed compute loop over KiB of own RAM, timed as a whole. */
bool cmd_work(const struct cmd_args *a);

#endif /* SHOJI_GUEST_CMD_BENCH_H */
