// SPDX-License-Identifier: MIT
/*
 * Recording fakes of vm_ipa_in_ram, vcpu_wake, vm_request_stop, vcpu_leave, chan_notify,
 * attest_report and attest_key_derive for host unit tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <chan.h>
#include <fake_vm.h>
#include <trust.h>

struct fake_vm_log fake_vm;
jmp_buf *fake_vcpu_leave_jmp;
int64_t fake_chan_notify_result;
int64_t fake_attest_result;

void fake_vm_reset(void)
{
	memset(&fake_vm, 0, sizeof(fake_vm));
	fake_vcpu_leave_jmp = NULL;
	fake_chan_notify_result = 0;
	fake_attest_result = 0;
}

static struct fake_vm_call *record(enum fake_vm_fn fn, const void *obj, uint64_t a, uint64_t b)
{
	static struct fake_vm_call discard;

	if (fake_vm.n >= FAKE_VM_MAX_CALLS) {
		fake_vm.overflow++;
		return &discard;
	}
	struct fake_vm_call *c = &fake_vm.calls[fake_vm.n++];
	memset(c, 0, sizeof(*c));
	c->fn = fn;
	c->obj = obj;
	c->a = a;
	c->b = b;
	return c;
}

unsigned int fake_vm_count(enum fake_vm_fn fn)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < fake_vm.n; i++) {
		n += fake_vm.calls[i].fn == fn;
	}
	return n;
}

const struct fake_vm_call *fake_vm_find(enum fake_vm_fn fn, unsigned int i)
{
	for (unsigned int k = 0; k < fake_vm.n; k++) {
		if (fake_vm.calls[k].fn == fn && i-- == 0) {
			return &fake_vm.calls[k];
		}
	}
	return NULL;
}

/* The rule of hyp/core/vm.c: the whole range lies inside one RAM region of the VM's partition. */
bool vm_ipa_in_ram(const struct vm *vm, uint64_t ipa, uint64_t size)
{
	uint64_t pa;

	record(FAKE_VM_IPA_IN_RAM, vm, ipa, size);
	return vm_ram_ipa_to_pa(vm, ipa, size, &pa);
}

void vcpu_wake(struct vcpu *v)
{
	struct fake_vm_call *c = record(FAKE_VCPU_WAKE, v, 0, 0);

	c->state_at_wake = v->state;
	c->entry_at_wake = v->entry;
	c->context_at_wake = v->context;
	c->lock_held = spin_is_locked(&v->vm->lock);
}

void vm_request_stop(struct vm *vm, enum vm_pending what)
{
	record(FAKE_VM_REQUEST_STOP, vm, (uint64_t)what, 0);
}

void vcpu_leave(struct vcpu *v)
{
	record(FAKE_VCPU_LEAVE, v, 0, 0);
	if (fake_vcpu_leave_jmp == NULL) {
		fail_msg("vcpu_leave called but the test did not expect the vCPU to leave");
		abort(); /* not reached: fail_msg ends the test */
	}
	longjmp(*fake_vcpu_leave_jmp, 1);
}

int64_t chan_notify(struct vm *caller, uint64_t index)
{
	record(FAKE_CHAN_NOTIFY, caller, index, 0);
	return fake_chan_notify_result;
}

int64_t attest_report(const struct vm *vm, uint64_t ipa, uint64_t size, const uint64_t nonce[4])
{
	struct fake_vm_call *c = record(FAKE_ATTEST, vm, ipa, size);

	memcpy(c->c, nonce, sizeof(c->c));
	return fake_attest_result;
}

int64_t attest_key_derive(const struct vm *vm, uint64_t ipa, uint64_t size, uint64_t label)
{
	record(FAKE_KEY_DERIVE, vm, ipa, size)->c[0] = label;
	return fake_attest_result;
}
