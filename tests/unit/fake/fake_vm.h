/* SPDX-License-Identifier: MIT */
/*
 * Recording fakes for the VM/vCPU core (hyp/core/vm.c, vcpu.c) so that the
 * guest-call dispatchers (vpsci.c, hvc.c) can be host-tested: every call is
 * logged in order, and the noreturn vcpu_leave longjmps back into the test.
 */
#ifndef SHOJI_FAKE_VM_H
#define SHOJI_FAKE_VM_H

#include <setjmp.h>
#include <vm.h>

enum fake_vm_fn {
	FAKE_VM_IPA_IN_RAM,
	FAKE_VCPU_WAKE,
	FAKE_VM_REQUEST_STOP,
	FAKE_VCPU_LEAVE,
	FAKE_CHAN_NOTIFY,
	FAKE_ATTEST,
	FAKE_KEY_DERIVE,
};

struct fake_vm_call {
	enum fake_vm_fn fn;
	const void *obj; /* the struct vm or struct vcpu passed */
	uint64_t a, b;   /* vm_ipa_in_ram: ipa, size; vm_request_stop: what; chan_notify: index; attest: ipa, size */
	uint64_t c[4];   /* attest_report: the nonce; attest_key_derive: c[0] = label */
	/* vcpu_wake only: what the woken vCPU looked like at the time, and whether its VM's lock was held. */
	enum vcpu_state state_at_wake;
	uint64_t entry_at_wake;
	uint64_t context_at_wake;
	bool lock_held;
};

#define FAKE_VM_MAX_CALLS 16

struct fake_vm_log {
	unsigned int n;        /* calls recorded (at most FAKE_VM_MAX_CALLS) */
	unsigned int overflow; /* calls beyond that */
	struct fake_vm_call calls[FAKE_VM_MAX_CALLS];
};

extern struct fake_vm_log fake_vm;

/* What the fake chan_notify, attest_report and attest_key_derive return (reset to 0). */
extern int64_t fake_chan_notify_result;
extern int64_t fake_attest_result;

/* Where vcpu_leave jumps to (setjmp returns 1); NULL makes vcpu_leave abort the test binary. */
extern jmp_buf *fake_vcpu_leave_jmp;

void fake_vm_reset(void);

/* Number of recorded calls to `fn`, and the i-th one (NULL if there is none). */
unsigned int fake_vm_count(enum fake_vm_fn fn);
const struct fake_vm_call *fake_vm_find(enum fake_vm_fn fn, unsigned int i);

#endif /* SHOJI_FAKE_VM_H */
