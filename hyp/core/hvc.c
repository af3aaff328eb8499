/* SPDX-License-Identifier: MIT */
/*
 * Shoji's hypercalls (HVC, SMCCC fast calls in the vendor-specific hypervisor
 * range). One table indexed by function number; anything that is not exactly a
 * listed function ID gets SMCCC_RET_NOT_SUPPORTED and changes nothing.
 * docs/abi.md is the specification.
 */
#include <chan.h>
#include <guest_calls.h>
#include <shoji/abi.h>
#include <trust.h>

typedef void (*hvc_fn)(struct vcpu *v, struct trap_frame *f);

static void hvc_version(struct vcpu *v, struct trap_frame *f)
{
	f->x[0] = ((uint64_t)SHOJI_ABI_MAJOR << 16) | SHOJI_ABI_MINOR;
	f->x[1] = v->vm->id;
	f->x[2] = v->vm->cfg->trust == VM_TRUSTED ? 1 : 0;
	f->x[3] = v->index;
}

static void hvc_channel_notify(struct vcpu *v, struct trap_frame *f)
{
	f->x[0] = (uint64_t)chan_notify(v->vm, f->x[1]);
}

/* x3..x6: the nonce. */
static void hvc_attest(struct vcpu *v, struct trap_frame *f)
{
	f->x[0] = (uint64_t)attest_report(v->vm, f->x[1], f->x[2], &f->x[3]);
}

static void hvc_key_derive(struct vcpu *v, struct trap_frame *f)
{
	f->x[0] = (uint64_t)attest_key_derive(v->vm, f->x[1], f->x[2], f->x[3]);
}

/* Each call and how many result registers (x0..) it defines. */
struct hvc_call {
	hvc_fn fn;
	uint32_t results;
};

static const struct hvc_call hvc_table[] = {
	[SHOJI_HVC_VERSION & SMCCC_FUNC_MASK] = {hvc_version, 4},
	[SHOJI_HVC_CHANNEL_NOTIFY & SMCCC_FUNC_MASK] = {hvc_channel_notify, 1},
	[SHOJI_HVC_ATTEST & SMCCC_FUNC_MASK] = {hvc_attest, 1},
	[SHOJI_HVC_KEY_DERIVE & SMCCC_FUNC_MASK] = {hvc_key_derive, 1},
};

/* The function number, or -1 if x0 is not a Shoji fast call with nothing stray in it. */
static int64_t hvc_number(uint64_t x0)
{
	uint64_t base = SHOJI_HVC(0);

	if (!SMCCC_FID_VALID(x0) || (x0 & ~(uint64_t)SMCCC_FUNC_MASK) != base) {
		return -1;
	}
	uint64_t n = x0 & SMCCC_FUNC_MASK;
	if (n >= ARRAY_SIZE(hvc_table) || hvc_table[n].fn == NULL) {
		return -1;
	}
	return (int64_t)n;
}

void hvc_dispatch(struct vcpu *v, struct trap_frame *f)
{
	int64_t n = hvc_number(f->x[0]);

	if (n < 0) {
		f->x[0] = (uint64_t)(int64_t)SMCCC_RET_NOT_SUPPORTED;
		return;
	}
	hvc_table[n].fn(v, f);
#ifdef SHOJI_DEBUG_SCRUB
	/* Debug builds: results the call does not define are visibly garbage (STYLE.md). */
	for (uint32_t i = hvc_table[n].results; i < 4; i++) {
		f->x[i] = 0xdeadbeefdeadbeefULL;
	}
#endif
}
