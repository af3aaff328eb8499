/* SPDX-License-Identifier: MIT */
/*
 * Probes: run one instruction that may fault (a load, store, branch, system
 * register access or SMCCC call) and turn the synchronous exception it takes
 * into a result instead of a crash. Only the boot CPU runs probes.
 */
#ifndef SHOJI_GUEST_PROBE_H
#define SHOJI_GUEST_PROBE_H

#include <shoji/types.h>

#include "frame.h"

/* What the exception said, for the abort report. */
struct probe_fault {
	uint64_t esr;
	uint64_t far;
	uint32_t ec;
};

enum smccc_conduit {
	SMCCC_CONDUIT_HVC,
	SMCCC_CONDUIT_SMC,
};

/* Each returns true when the access completed, false with *fault filled when it faulted. */
bool probe_read32(uint64_t addr, uint32_t *val, struct probe_fault *fault);
bool probe_write32(uint64_t addr, uint32_t val, struct probe_fault *fault);
bool probe_call(uint64_t addr, uint64_t *ret, struct probe_fault *fault);
bool probe_fn(uint64_t (*fn)(uint64_t), uint64_t arg, uint64_t *ret, struct probe_fault *fault);
bool probe_smccc(enum smccc_conduit conduit, uint64_t regs[4], struct probe_fault *fault);

/* For exception.c: true when an armed probe takes this EL1 synchronous exception (ELR is fixed up). */
bool probe_claim(struct frame *f);

/* probe_asm.S: the instructions themselves, all inside .text.probe. */
uint32_t probe_asm_ld32(uint64_t addr);
void probe_asm_st32(uint64_t addr, uint32_t val);
uint64_t probe_asm_call(uint64_t addr);
void probe_asm_hvc(uint64_t regs[4]);
void probe_asm_smc(uint64_t regs[4]);
uint64_t sr_sgi1r_write(uint64_t val);

#endif /* SHOJI_GUEST_PROBE_H */
