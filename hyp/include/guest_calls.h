/* SPDX-License-Identifier: MIT */
/*
 * The two call dispatchers a guest reaches: SMC (PSCI 1.1 and SMCCC 1.1
 * architecture calls, emulated inside the caller's partition) and HVC (Shoji's
 * vendor hypercalls). Each is one table; the default answer is NOT_SUPPORTED.
 */
#ifndef SHOJI_GUEST_CALLS_H
#define SHOJI_GUEST_CALLS_H

#include <trap.h>
#include <vm.h>

#define SMCCC_VERSION_FID       0x80000000U
#define SMCCC_ARCH_FEATURES_FID 0x80000001U
#define SMCCC_ARCH_WORKAROUND_1 0x80008000U
#define SMCCC_ARCH_WORKAROUND_2 0x80007fffU
#define SMCCC_ARCH_WORKAROUND_3 0x80003fffU
#define SMCCC_VERSION_1_1       0x10001U
#define PSCI_VERSION_1_1        0x10001U

/* Function IDs are 32 bits in W0 (SMCCC 1.1 §2.5); Shoji rejects stray high bits. */
#define SMCCC_FID_VALID(x0) (((x0) >> 32) == 0)

/* Results go in f->x[0..3]; SMC/HVC return to the next instruction either way. */
void smc_dispatch(struct vcpu *v, struct trap_frame *f);
void hvc_dispatch(struct vcpu *v, struct trap_frame *f);

#endif /* SHOJI_GUEST_CALLS_H */
