/* SPDX-License-Identifier: MIT */
/*
 * Probe arming and the exception-side claim. A probe is one-shot: the first
 * fault disarms it, so a second fault (a bug in the return path) is reported
 * as unexpected rather than silently skipped.
 */
#include "probe.h"
#include "guest.h"

#define ESR_EC_SHIFT 26
#define ESR_EC_MASK  ULL(0x3f)

enum probe_mode {
	PROBE_OFF,
	PROBE_SKIP,   /* resume after the faulting instruction, which must be in .text.probe */
	PROBE_RETURN, /* resume at the caller's x30: a failed branch leaves nothing to skip */
};

/* Linker script: the bounds of .text.probe. */
extern const char __probe_text_start[], __probe_text_end[];

static volatile struct {
	enum probe_mode mode;
	bool faulted;
	uint64_t esr;
	uint64_t far;
} probe;

static inline void compiler_barrier(void)
{
	__asm__ volatile("" : : : "memory");
}

static bool in_probe_text(uint64_t pc)
{
	return pc >= (uintptr_t)__probe_text_start && pc < (uintptr_t)__probe_text_end;
}

static void probe_arm(enum probe_mode mode)
{
	probe.faulted = false;
	probe.mode = mode;
	compiler_barrier();
}

static bool probe_disarm(struct probe_fault *fault)
{
	compiler_barrier();
	probe.mode = PROBE_OFF;
	if (!probe.faulted)
		return true;
	fault->esr = probe.esr;
	fault->far = probe.far;
	fault->ec = (uint32_t)((probe.esr >> ESR_EC_SHIFT) & ESR_EC_MASK);
	return false;
}

bool probe_claim(struct frame *f)
{
	uint64_t resume;

	if (probe.mode == PROBE_OFF || read_mpidr_el1() != guest_boot_mpidr)
		return false;
	if (probe.mode == PROBE_SKIP) {
		/* Aborts and UNDEFINED leave ELR at the faulting instruction: step over it. */
		if (!in_probe_text(f->elr))
			return false;
		resume = f->elr + 4;
	} else {
		/* A failed fetch leaves ELR at the target; x30 still holds where the blr returns. */
		resume = f->x[30];
		if (!in_probe_text(resume))
			return false;
	}
	probe.esr = f->esr;
	probe.far = f->far;
	probe.faulted = true;
	probe.mode = PROBE_OFF;
	f->elr = resume;
	return true;
}

bool probe_read32(uint64_t addr, uint32_t *val, struct probe_fault *fault)
{
	probe_arm(PROBE_SKIP);
	*val = probe_asm_ld32(addr);
	return probe_disarm(fault);
}

bool probe_write32(uint64_t addr, uint32_t val, struct probe_fault *fault)
{
	probe_arm(PROBE_SKIP);
	probe_asm_st32(addr, val);
	return probe_disarm(fault);
}

bool probe_call(uint64_t addr, uint64_t *ret, struct probe_fault *fault)
{
	probe_arm(PROBE_RETURN);
	*ret = probe_asm_call(addr);
	return probe_disarm(fault);
}

bool probe_fn(uint64_t (*fn)(uint64_t), uint64_t arg, uint64_t *ret, struct probe_fault *fault)
{
	probe_arm(PROBE_SKIP);
	*ret = fn(arg);
	return probe_disarm(fault);
}

bool probe_smccc(enum smccc_conduit conduit, uint64_t regs[4], struct probe_fault *fault)
{
	probe_arm(PROBE_SKIP);
	if (conduit == SMCCC_CONDUIT_HVC)
		probe_asm_hvc(regs);
	else
		probe_asm_smc(regs);
	return probe_disarm(fault);
}
