/* SPDX-License-Identifier: MIT */
/*
 * What a guest gets when it reaches for something it does not own: stage-2
 * abort decoding, emulated-device dispatch, and the denial path (count, log
 * once per address under a global rate limit, inject a synchronous external
 * abort). The decision logic is pure and host-tested; the hardware-facing
 * wrappers live in exits.c and inject_hw.c.
 */
#ifndef SHOJI_GUEST_FAULT_H
#define SHOJI_GUEST_FAULT_H

#include <shoji/types.h>

/* A decoded data abort (Arm ARM D17.2.37, ISS for Data Abort, ISV == 1). */
struct mmio_access {
	uint64_t ipa;
	uint32_t size; /* bytes: 1, 2, 4, 8 */
	uint32_t reg;  /* 0..30, 31 = xzr */
	bool write;
	bool sign_extend;
	bool reg64;
};

/* False when the syndrome does not describe a single emulatable access (ISV clear). */
bool mmio_decode(uint64_t esr, uint64_t hpfar, uint64_t far, struct mmio_access *a);

/* Loaded value as the register receives it (size, sign extension, 32-bit register). */
uint64_t mmio_load_value(const struct mmio_access *a, uint64_t raw);

/* Exception injection: where the guest resumes and what its EL1 registers say. */
enum inject_kind {
	INJECT_DABT,  /* synchronous external abort on a data access */
	INJECT_IABT,  /* synchronous external abort on an instruction fetch */
	INJECT_UNDEF, /* the instruction is UNDEFINED */
};

struct inject_result {
	uint64_t elr;     /* ELR_EL2: the guest's vector */
	uint64_t spsr;    /* SPSR_EL2: EL1h, DAIF masked */
	uint64_t esr_el1; /* syndrome the guest sees */
};

struct inject_result inject_compute(enum inject_kind kind, uint64_t esr_el2, uint64_t guest_spsr, uint64_t vbar_el1);

/* Denial logging: once per address per VM, and a global token bucket. */
struct rate_limit {
	/*
	 * Tokens spent and not yet refilled, in counter ticks per token (so refills
	 * lose no fractions); zero is a full bucket, so a zeroed struct is ready.
	 */
	uint64_t debt;
	uint64_t last;
	uint64_t suppressed;
};

/*
 * Token bucket: takes one token if there is one. `burst` tokens at most,
 * refilled at `per_second`; `now`/`freq` are counter ticks and ticks/second.
 */
bool rate_take(struct rate_limit *rl, uint64_t now, uint64_t freq, uint32_t burst, uint32_t per_second);

#define DENY_BURST      10
#define DENY_PER_SECOND 5

/*
 * Decides whether a denial at `addr` is logged. `slots` remembers the last
 * `num_slots` logged addresses of this VM (round robin at *next); a repeat is
 * never logged. Otherwise the global bucket decides; a suppressed line is
 * counted in rl->suppressed. `now`/`freq` are counter ticks and ticks/second.
 */
bool deny_should_log(uint64_t *slots, uint32_t num_slots, uint32_t *next, struct rate_limit *rl, uint64_t addr,
		     uint64_t now, uint64_t freq);

/* Trapped system registers (ESR_EL2.EC == 0x18; Arm ARM D17.2.37, "ISS encoding for MSR, MRS or system instruction").
 */
struct sysreg_access {
	uint32_t op0, op1, crn, crm, op2;
	uint32_t rt;
	bool read;
};

enum sysreg_action {
	SYSREG_UNDEF,  /* inject UNDEFINED */
	SYSREG_RAZ_WI, /* reads as zero, writes ignored (a device that is absent) */
	SYSREG_DC_SW,  /* set/way cache maintenance: done by VA over the VM's RAM */
	SYSREG_SGI,    /* ICC_SGI1R/ASGI1R/SGI0R: the vGIC filters it */
	SYSREG_ID,     /* an ID register (HCR_EL2.TID3): the hardware value, sanitised */
};

void sysreg_decode(uint64_t esr, struct sysreg_access *a);
enum sysreg_action sysreg_classify(const struct sysreg_access *a);

/*
 * The value a guest reads from ID register (3, 0, 0, crm, op2) given the
 * hardware's: features Shoji withholds (the PMU, trace, statistical profiling)
 * read as absent, so a guest never probes registers that only read as zero.
 */
uint64_t sysreg_id_sanitise(uint32_t crm, uint32_t op2, uint64_t hw);

#endif /* SHOJI_GUEST_FAULT_H */
