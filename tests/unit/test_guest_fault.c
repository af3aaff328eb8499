// SPDX-License-Identifier: MIT
/*
 * Unit tests for the guest-fault decision logic (hyp/core/guest_fault.c): abort
 * decoding, loaded values, exception injection, denial rate limiting and the
 * trapped-system-register policy. Field positions and encodings are written out
 * here from the Arm ARM (DDI 0487), not taken from the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <guest_fault.h>

/* ---- ESR_EL2 for a Data Abort (Arm ARM D17.2.37, ISS encoding for an exception from a Data Abort) ---- */

#define T_EC_SHIFT 26
#define T_IL       (1ULL << 25)
#define T_ISV      (1ULL << 24)
#define T_SAS(s)   ((uint64_t)(s) << 22) /* 0 byte, 1 halfword, 2 word, 3 doubleword */
#define T_SSE      (1ULL << 21)
#define T_SRT(r)   ((uint64_t)(r) << 16)
#define T_SF       (1ULL << 15)
#define T_AR       (1ULL << 14)
#define T_FNV      (1ULL << 10)
#define T_EA       (1ULL << 9)
#define T_CM       (1ULL << 8)
#define T_S1PTW    (1ULL << 7)
#define T_WNR      (1ULL << 6)

#define T_EC_UNKNOWN  0x00ULL
#define T_EC_IABT_LOW 0x20ULL
#define T_EC_IABT_CUR 0x21ULL
#define T_EC_DABT_LOW 0x24ULL
#define T_EC_DABT_CUR 0x25ULL
#define T_EC_SYS64    0x18ULL
#define T_FSC_SEA     0x10ULL /* synchronous external abort, not on a translation table walk */

static uint64_t dabt_esr(uint64_t iss)
{
	return (T_EC_DABT_LOW << T_EC_SHIFT) | T_IL | iss;
}

/* HPFAR_EL2.FIPA, bits [43:4], holds IPA[51:12] (Arm ARM D17.2.51). */
static uint64_t hpfar_for(uint64_t ipa)
{
	return (ipa >> 12) << 4;
}

/* ---- mmio_decode ---- */

static void decode_isv_clear_is_not_emulatable_but_ipa_is_computed(void **state)
{
	(void)state;
	struct mmio_access a = {0};
	/* A stage-2 translation fault (DFSC 0b000101) on a store pair: no valid syndrome. */
	uint64_t esr = dabt_esr(T_SAS(2) | T_SRT(3) | T_SF | T_WNR | 0x05);

	assert_false(mmio_decode(esr, hpfar_for(0x1c000000), 0xffff000012345678ULL, &a));
	assert_int_equal(a.ipa, 0x1c000678);
}

static void decode_access_sizes(void **state)
{
	(void)state;
	static const uint32_t bytes[4] = {1, 2, 4, 8};

	for (uint32_t sas = 0; sas < 4; sas++) {
		struct mmio_access a = {0};
		assert_true(mmio_decode(dabt_esr(T_ISV | T_SAS(sas)), hpfar_for(0x1c000000), 0, &a));
		assert_int_equal(a.size, bytes[sas]);
	}
}

static void decode_every_register_including_xzr(void **state)
{
	(void)state;
	for (uint32_t srt = 0; srt < 32; srt++) {
		struct mmio_access a = {0};
		assert_true(mmio_decode(dabt_esr(T_ISV | T_SAS(2) | T_SRT(srt)), hpfar_for(0x1c000000), 0, &a));
		assert_int_equal(a.reg, srt);
	}
}

static void decode_flags_each_on_its_own(void **state)
{
	(void)state;
	struct mmio_access a;
	uint64_t hpfar = hpfar_for(0x1c000000);

	assert_true(mmio_decode(dabt_esr(T_ISV), hpfar, 0, &a));
	assert_false(a.write);
	assert_false(a.sign_extend);
	assert_false(a.reg64);

	assert_true(mmio_decode(dabt_esr(T_ISV | T_WNR), hpfar, 0, &a));
	assert_true(a.write);
	assert_false(a.sign_extend);
	assert_false(a.reg64);

	assert_true(mmio_decode(dabt_esr(T_ISV | T_SSE), hpfar, 0, &a));
	assert_false(a.write);
	assert_true(a.sign_extend);
	assert_false(a.reg64);

	assert_true(mmio_decode(dabt_esr(T_ISV | T_SF), hpfar, 0, &a));
	assert_false(a.write);
	assert_false(a.sign_extend);
	assert_true(a.reg64);
}

static void decode_ipa_from_hpfar_page_and_far_offset(void **state)
{
	(void)state;
	struct mmio_access a;
	uint64_t esr = dabt_esr(T_ISV | T_SAS(2));

	/* Highest 48-bit IPA page, and page offset 0xabc from the guest VA. */
	assert_true(mmio_decode(esr, hpfar_for(0xfffffffff000ULL), 0x0000ffffdeadbabcULL, &a));
	assert_int_equal(a.ipa, 0xfffffffffabcULL);
	/* IPA 0: page 0, offset 0. */
	assert_true(mmio_decode(esr, 0, 0, &a));
	assert_int_equal(a.ipa, 0);
	/* FIPA's top bit (HPFAR bit 43) is IPA bit 51 (52-bit IPA). */
	assert_true(mmio_decode(esr, 1ULL << 43, 0xfff, &a));
	assert_int_equal(a.ipa, (1ULL << 51) | 0xfff);
}

static void decode_ignores_bits_outside_the_fields(void **state)
{
	(void)state;
	struct mmio_access clean, junk;
	uint64_t ipa = 0x0912345678ULL;
	uint64_t esr = dabt_esr(T_ISV | T_SAS(1) | T_SSE | T_SRT(7) | T_WNR);
	/* ISS2 and RES0 above bit 31, AR, FnV, EA, CM, S1PTW, DFSC; IL cleared. */
	uint64_t esr_junk = (esr & ~T_IL) | (0xffffffULL << 32) | T_AR | T_FNV | T_EA | T_CM | T_S1PTW | 0x3f;
	/* HPFAR: NS (bit 63), bits [62:44] and RES0 bits [3:0]. FAR: every bit of the VA above the page offset. */
	uint64_t hpfar_junk = hpfar_for(ipa) | (1ULL << 63) | (0x7ffffULL << 44) | 0xf;
	uint64_t far_junk = 0xfffffffffffff000ULL | (ipa & 0xfff);

	assert_true(mmio_decode(esr, hpfar_for(ipa), ipa & 0xfff, &clean));
	assert_true(mmio_decode(esr_junk, hpfar_junk, far_junk, &junk));
	assert_int_equal(junk.ipa, ipa);
	assert_int_equal(junk.ipa, clean.ipa);
	assert_int_equal(junk.size, 2);
	assert_int_equal(junk.reg, 7);
	assert_true(junk.write);
	assert_true(junk.sign_extend);
	assert_false(junk.reg64);
}

/* ---- mmio_load_value ---- */

static struct mmio_access load(uint32_t size, bool sign_extend, bool reg64)
{
	struct mmio_access a = {.ipa = 0, .size = size, .reg = 0, .write = false};
	a.sign_extend = sign_extend;
	a.reg64 = reg64;
	return a;
}

static void load_zero_extends_to_the_access_size(void **state)
{
	(void)state;
	const uint64_t raw = 0xf234567899bcdef0ULL;
	struct mmio_access a;

	a = load(1, false, true);
	assert_int_equal(mmio_load_value(&a, raw), 0xf0);
	a = load(2, false, true);
	assert_int_equal(mmio_load_value(&a, raw), 0xdef0);
	a = load(4, false, true);
	assert_int_equal(mmio_load_value(&a, raw), 0x99bcdef0);
	a = load(8, false, true);
	assert_int_equal(mmio_load_value(&a, raw), raw);
}

static void load_sign_extends_each_size(void **state)
{
	(void)state;
	struct mmio_access a;

	a = load(1, true, true);
	assert_int_equal(mmio_load_value(&a, 0x80), 0xffffffffffffff80ULL);
	assert_int_equal(mmio_load_value(&a, 0x7f), 0x7f);
	assert_int_equal(mmio_load_value(&a, 0xffffffffffffff7fULL), 0x7f); /* bits above the byte are not data */
	a = load(2, true, true);
	assert_int_equal(mmio_load_value(&a, 0x8001), 0xffffffffffff8001ULL);
	assert_int_equal(mmio_load_value(&a, 0x17fff), 0x7fff);
	a = load(4, true, true);
	assert_int_equal(mmio_load_value(&a, 0x80000000), 0xffffffff80000000ULL);
	assert_int_equal(mmio_load_value(&a, 0xffffffff7fffffffULL), 0x7fffffff);
	a = load(8, true, true);
	assert_int_equal(mmio_load_value(&a, 0x8000000000000000ULL), 0x8000000000000000ULL);
}

static void load_into_w_register_truncates_to_32_bits(void **state)
{
	(void)state;
	struct mmio_access a;

	/* LDRSB/LDRSH Wt: sign extension stops at bit 31, the upper half of Xt is zero. */
	a = load(1, true, false);
	assert_int_equal(mmio_load_value(&a, 0x80), 0xffffff80ULL);
	a = load(2, true, false);
	assert_int_equal(mmio_load_value(&a, 0x8000), 0xffff8000ULL);
	a = load(4, true, false);
	assert_int_equal(mmio_load_value(&a, 0x80000000), 0x80000000ULL);
	a = load(4, false, false);
	assert_int_equal(mmio_load_value(&a, 0xdeadbeefcafef00dULL), 0xcafef00dULL);
	a = load(1, false, false);
	assert_int_equal(mmio_load_value(&a, 0xdeadbeefcafef0ffULL), 0xffULL);
}

/* ---- inject_compute ---- */

#define T_VBAR 0xffff800010010800ULL

/* SPSR_EL2.M[4:0] (Arm ARM C5.2.19): M[4] = 1 is AArch32; 0b10000 is AArch32 User mode. */
#define T_SPSR_EL1H  0x5ULL
#define T_SPSR_EL1T  0x4ULL
#define T_SPSR_EL0T  0x0ULL
#define T_SPSR_USR32 0x10ULL
#define T_SPSR_NZCV  (0xfULL << 28)
#define T_SPSR_DAIF  (0xfULL << 6)
#define T_SPSR_T32   (1ULL << 5)

/* Vector offsets for a synchronous exception taken to EL1 (Arm ARM D1.10.2, Table D1-7). */
struct from {
	const char *name;
	uint64_t spsr;
	uint64_t offset;
	bool lower; /* from EL0: EC says "from a lower Exception level" */
};

static const struct from froms[] = {
	{"EL1h", T_SPSR_EL1H | T_SPSR_NZCV | T_SPSR_DAIF, 0x200, false},
	{"EL1t", T_SPSR_EL1T | T_SPSR_NZCV, 0x000, false},
	{"EL0t", T_SPSR_EL0T | T_SPSR_NZCV, 0x400, true},
	{"AArch32 User", T_SPSR_USR32 | T_SPSR_T32 | T_SPSR_NZCV, 0x600, true},
};

/* What every injection leaves in SPSR_EL2: EL1h with D, A, I and F masked (Arm ARM D1.10.3). */
#define T_SPSR_AFTER (0x5ULL | T_SPSR_DAIF)

static void check_inject(const struct from *from, struct inject_result r, uint64_t esr_el1)
{
	if (r.elr != T_VBAR + from->offset || r.spsr != T_SPSR_AFTER || r.esr_el1 != esr_el1) {
		fail_msg("from %s: elr %#llx spsr %#llx esr %#llx, expected %#llx %#llx %#llx", from->name,
			 (unsigned long long)r.elr, (unsigned long long)r.spsr, (unsigned long long)r.esr_el1,
			 (unsigned long long)(T_VBAR + from->offset), (unsigned long long)T_SPSR_AFTER,
			 (unsigned long long)esr_el1);
	}
}

static void inject_data_abort_from_each_state(void **state)
{
	(void)state;
	/* A stage-2 abort with a valid syndrome on a store: ISV, SAS, SRT and the stage-2 DFSC must not leak. */
	uint64_t esr_el2 = dabt_esr(T_ISV | T_SAS(2) | T_SRT(5) | T_WNR | 0x07);

	for (size_t i = 0; i < ARRAY_SIZE(froms); i++) {
		struct inject_result r = inject_compute(INJECT_DABT, esr_el2, froms[i].spsr, T_VBAR);
		uint64_t ec = froms[i].lower ? T_EC_DABT_LOW : T_EC_DABT_CUR;
		check_inject(&froms[i], r, (ec << T_EC_SHIFT) | T_IL | T_WNR | T_FSC_SEA);
	}
}

static void inject_data_abort_keeps_wnr_clear_for_a_read(void **state)
{
	(void)state;
	uint64_t esr_el2 = dabt_esr(T_ISV | T_SAS(0) | T_SRT(1) | 0x07);
	struct inject_result r = inject_compute(INJECT_DABT, esr_el2, T_SPSR_EL1H, T_VBAR);

	assert_int_equal(r.esr_el1, (T_EC_DABT_CUR << T_EC_SHIFT) | T_IL | T_FSC_SEA);
}

static void inject_instruction_abort_from_each_state(void **state)
{
	(void)state;
	/* An instruction abort syndrome never has WnR; set bit 6 anyway to prove it is not copied. */
	uint64_t esr_el2 = (T_EC_IABT_LOW << T_EC_SHIFT) | T_IL | T_WNR | T_S1PTW | 0x07;

	for (size_t i = 0; i < ARRAY_SIZE(froms); i++) {
		struct inject_result r = inject_compute(INJECT_IABT, esr_el2, froms[i].spsr, T_VBAR);
		uint64_t ec = froms[i].lower ? T_EC_IABT_LOW : T_EC_IABT_CUR;
		check_inject(&froms[i], r, (ec << T_EC_SHIFT) | T_IL | T_FSC_SEA);
	}
}

static void inject_undef_from_each_state(void **state)
{
	(void)state;
	/* A trapped MSR whose syndrome has IL clear, WnR-position bit set and a full ISS: none of it is copied. */
	uint64_t esr_el2 = (T_EC_SYS64 << T_EC_SHIFT) | 0x1ffffffULL;

	for (size_t i = 0; i < ARRAY_SIZE(froms); i++) {
		struct inject_result r = inject_compute(INJECT_UNDEF, esr_el2 & ~T_IL, froms[i].spsr, T_VBAR);
		/* EC 0 "Unknown reason": IL is 1 and the ISS is 0 (Arm ARM D17.2.37). */
		check_inject(&froms[i], r, (T_EC_UNKNOWN << T_EC_SHIFT) | T_IL);
	}
}

static void inject_vector_is_vbar_plus_offset(void **state)
{
	(void)state;
	/* VBAR_EL1 bits [10:0] are RES0: the vector is a plain sum with the architectural offset. */
	struct inject_result r = inject_compute(INJECT_DABT, dabt_esr(0), T_SPSR_EL0T, 0x40000000ULL);
	assert_int_equal(r.elr, 0x40000400ULL);
}

/*
 * Regression (Arm ARM D17.2.37, ESR_ELx.IL): IL is RES1 for an Instruction Abort and for
 * a Data Abort whose ISV is 0 — and every injected abort has ISV 0. inject_compute
 * used to copy IL from ESR_EL2, so a stage-2 abort with a valid syndrome on a
 * 16-bit T32 load/store (AArch32 EL0, ESR_EL2.IL == 0) that was then denied was
 * reported to the guest with IL == 0, a syndrome the architecture never produces.
 */
static void injected_aborts_have_il_set_even_from_a_16bit_instruction(void **state)
{
	(void)state;
	uint64_t t16_store = (dabt_esr(T_ISV | T_SAS(1) | T_SRT(2) | T_WNR | 0x07)) & ~T_IL;
	uint64_t iabt_il0 = (T_EC_IABT_LOW << T_EC_SHIFT) | 0x07;

	struct inject_result d = inject_compute(INJECT_DABT, t16_store, T_SPSR_USR32 | T_SPSR_T32, T_VBAR);
	assert_int_equal(d.esr_el1 & T_IL, T_IL);
	struct inject_result i = inject_compute(INJECT_IABT, iabt_il0, T_SPSR_USR32 | T_SPSR_T32, T_VBAR);
	assert_int_equal(i.esr_el1 & T_IL, T_IL);
}

/* ---- deny_should_log ---- */

#define FREQ  62500000ULL /* QEMU virt's CNTFRQ_EL0 */
#define T0    (10 * FREQ) /* 10 s after the counter started: the bucket has had time to fill */
#define SLOTS 32

struct deny {
	uint64_t slots[SLOTS];
	uint32_t next;
	struct rate_limit rl;
};

static bool deny_at(struct deny *d, uint64_t addr, uint64_t now)
{
	return deny_should_log(d->slots, SLOTS, &d->next, &d->rl, addr, now, FREQ);
}

/* Spends the whole burst on distinct addresses base, base + 0x1000, ... and checks each was logged. */
static void spend_burst(struct deny *d, uint64_t base, uint64_t now)
{
	for (uint64_t i = 0; i < DENY_BURST; i++) {
		assert_true(deny_at(d, base + i * 0x1000, now));
	}
}

/* How many of `n` new distinct addresses at `now` are logged. */
static unsigned int count_logged(struct deny *d, uint64_t base, unsigned int n, uint64_t now)
{
	unsigned int logged = 0;
	for (unsigned int i = 0; i < n; i++) {
		logged += deny_at(d, base + (uint64_t)i * 0x1000, now);
	}
	return logged;
}

static void deny_same_address_is_logged_once(void **state)
{
	(void)state;
	struct deny d = {0};

	assert_true(deny_at(&d, 0x1d000000, T0));
	for (int i = 0; i < 100; i++) {
		assert_false(deny_at(&d, 0x1d000000, T0 + (uint64_t)i * 3600 * FREQ));
	}
	/* A repeat is neither a log line nor a suppressed one, and costs no token. */
	assert_int_equal(d.rl.suppressed, 0);
	assert_int_equal(count_logged(&d, 0x10000000, DENY_BURST, T0 + 99 * 3600 * FREQ), DENY_BURST);
	/* Address 0 is an address like any other (slots store addr + 1). */
	assert_true(deny_at(&d, 0, T0 + 100 * 3600 * FREQ));
	assert_false(deny_at(&d, 0, T0 + 100 * 3600 * FREQ));
}

static void deny_burst_then_suppressed_and_counted(void **state)
{
	(void)state;
	struct deny d = {0};

	spend_burst(&d, 0x20000000, T0);
	assert_int_equal(d.rl.suppressed, 0);
	assert_int_equal(count_logged(&d, 0x30000000, 5, T0), 0);
	assert_int_equal(d.rl.suppressed, 5);
	/* A suppressed address was not remembered: once tokens return, it is logged. */
	assert_true(deny_at(&d, 0x30000000, T0 + FREQ));
}

static void deny_tokens_refill_at_the_rate(void **state)
{
	(void)state;
	struct deny d = {0};

	spend_burst(&d, 0x20000000, T0);
	/* One second later: DENY_PER_SECOND lines, no more. */
	assert_int_equal(count_logged(&d, 0x30000000, DENY_BURST, T0 + FREQ), DENY_PER_SECOND);
	/* One token takes 1/DENY_PER_SECOND s; half of that is not enough, the other half completes it. */
	uint64_t t = T0 + FREQ;
	assert_false(deny_at(&d, 0x40000000, t + FREQ / (2 * DENY_PER_SECOND)));
	assert_true(deny_at(&d, 0x40001000, t + FREQ / DENY_PER_SECOND));
	assert_false(deny_at(&d, 0x40002000, t + FREQ / DENY_PER_SECOND));
}

static void deny_huge_gap_refills_to_the_burst_only(void **state)
{
	(void)state;
	struct deny d = {0};

	spend_burst(&d, 0x20000000, T0);
	/* A day later, and then at the very end of the counter: never more than the burst, no overflow. */
	uint64_t t = T0 + 86400 * FREQ;
	assert_int_equal(count_logged(&d, 0x30000000, DENY_BURST + 5, t), DENY_BURST);
	assert_int_equal(count_logged(&d, 0x40000000, DENY_BURST + 5, UINT64_MAX), DENY_BURST);

	/*
	 * With the largest 32-bit CNTFRQ, gaps around any threshold an implementation
	 * might use (10 s, 1000 s), and one whose product with the rate wraps 64 bits
	 * (5 * 0x3333333333333334 == 2^64 + 4): each refills exactly the burst.
	 */
	static const uint64_t gaps[] = {10 * 0xffffffffULL - 1, 1000 * 0xffffffffULL - 1, 0x3333333333333334ULL};
	const uint64_t f = 0xffffffffULL;
	struct deny e = {0};
	uint64_t now = 10 * f;
	uint64_t addr = 0;
	for (uint64_t i = 0; i < DENY_BURST; i++, addr += 0x1000) {
		assert_true(deny_should_log(e.slots, SLOTS, &e.next, &e.rl, addr, now, f));
	}
	for (size_t g = 0; g < ARRAY_SIZE(gaps); g++) {
		now += gaps[g];
		unsigned int logged = 0;
		for (uint64_t i = 0; i < DENY_BURST + 5; i++, addr += 0x1000) {
			logged += deny_should_log(e.slots, SLOTS, &e.next, &e.rl, addr, now, f);
		}
		if (logged != DENY_BURST) {
			fail_msg("gap %#llx: %u logged, expected %d", (unsigned long long)gaps[g], logged, DENY_BURST);
		}
	}
}

static void deny_zero_frequency_and_zero_slots(void **state)
{
	(void)state;
	struct deny d = {0};

	/* freq 0 (CNTFRQ_EL0 never programmed): no division by zero, the burst still applies. */
	unsigned int logged = 0;
	for (uint64_t i = 0; i < DENY_BURST + 5; i++) {
		logged += deny_should_log(d.slots, SLOTS, &d.next, &d.rl, 0x1000 * i, 1000000, 0);
	}
	assert_int_equal(logged, DENY_BURST);
	assert_int_equal(d.rl.suppressed, 5);
	assert_false(deny_should_log(d.slots, SLOTS, &d.next, &d.rl, 0, 2000000, 0)); /* repeat */

	/* No slots: nothing is logged, nothing is touched (slots may even be NULL). */
	struct rate_limit rl = {.debt = 7000, .last = 5, .suppressed = 3};
	uint32_t next = 0;
	assert_false(deny_should_log(NULL, 0, &next, &rl, 0x1000, T0, FREQ));
	assert_int_equal(next, 0);
	assert_int_equal(rl.debt, 7000);
	assert_int_equal(rl.last, 5);
	assert_int_equal(rl.suppressed, 3);
}

static void deny_round_robin_forgets_the_oldest(void **state)
{
	(void)state;
	uint64_t slots[4] = {0};
	uint32_t next = 0;
	struct rate_limit rl = {0};
	const uint64_t a = 0xa000, b = 0xb000, c = 0xc000, e = 0xe000, f = 0xf000;

	assert_true(deny_should_log(slots, 4, &next, &rl, a, T0, FREQ));
	assert_true(deny_should_log(slots, 4, &next, &rl, b, T0, FREQ));
	assert_true(deny_should_log(slots, 4, &next, &rl, c, T0, FREQ));
	assert_true(deny_should_log(slots, 4, &next, &rl, 0xd000, T0, FREQ));
	assert_false(deny_should_log(slots, 4, &next, &rl, a, T0, FREQ));
	assert_int_equal(next, 0);
	/* e takes a's slot; b, c, d are still remembered; a, evicted, is logged again and takes b's. */
	assert_true(deny_should_log(slots, 4, &next, &rl, e, T0, FREQ));
	assert_false(deny_should_log(slots, 4, &next, &rl, b, T0, FREQ));
	assert_false(deny_should_log(slots, 4, &next, &rl, c, T0, FREQ));
	assert_false(deny_should_log(slots, 4, &next, &rl, 0xd000, T0, FREQ));
	assert_true(deny_should_log(slots, 4, &next, &rl, a, T0, FREQ));
	assert_true(deny_should_log(slots, 4, &next, &rl, b, T0, FREQ));
	assert_false(deny_should_log(slots, 4, &next, &rl, e, T0, FREQ));
	/* A corrupt cursor cannot write outside the slots. */
	next = 1000003;
	assert_true(deny_should_log(slots, 4, &next, &rl, f, T0, FREQ));
	assert_true(next < 4);
	assert_false(deny_should_log(slots, 4, &next, &rl, f, T0, FREQ));
}

static void deny_time_going_backwards_does_not_refill(void **state)
{
	(void)state;
	struct deny d = {0};

	spend_burst(&d, 0x20000000, T0);
	assert_false(deny_at(&d, 0x30000000, T0 - 5 * FREQ));
	assert_false(deny_at(&d, 0x30001000, 0));
	assert_int_equal(d.rl.suppressed, 2);
	/* Nor is the time it went back credited later: 100 ms after T0 is half a token. */
	assert_false(deny_at(&d, 0x30002000, T0 + FREQ / 10));
	assert_true(deny_at(&d, 0x30003000, T0 + FREQ / 5));
}

static void deny_bucket_is_shared_but_memory_is_per_vm(void **state)
{
	(void)state;
	uint64_t vm0[SLOTS] = {0}, vm1[SLOTS] = {0};
	uint32_t next0 = 0, next1 = 0;
	struct rate_limit rl = {0};

	/* The same address denied in two VMs is two lines... */
	assert_true(deny_should_log(vm0, SLOTS, &next0, &rl, 0x1d000000, T0, FREQ));
	assert_true(deny_should_log(vm1, SLOTS, &next1, &rl, 0x1d000000, T0, FREQ));
	/* ...and one VM's flood uses the global budget (DESIGN.md: "a global token bucket"). */
	for (uint64_t i = 0; i < DENY_BURST - 2; i++) {
		assert_true(deny_should_log(vm0, SLOTS, &next0, &rl, 0x1000 * i, T0, FREQ));
	}
	assert_false(deny_should_log(vm1, SLOTS, &next1, &rl, 0x1c000000, T0, FREQ));
	assert_int_equal(rl.suppressed, 1);
}

/*
 * Regression: the bucket started empty, not full. struct rate_limit is zero-initialised
 * (exits.c: `static struct rate_limit deny_rate;`), so tokens were 0 and `last`
 * 0: a denial in the first 1/DENY_PER_SECOND s of the counter was suppressed, and
 * less than the documented burst (docs/attack-surface.md: "10 lines burst") was
 * available for the first DENY_BURST/DENY_PER_SECOND = 2 s. On QEMU the counter
 * starts at 0 with the machine, so the first denials of an early-booting guest
 * were silently dropped.
 */
static void fresh_bucket_allows_the_full_burst(void **state)
{
	(void)state;
	struct deny d = {0};

	assert_int_equal(count_logged(&d, 0x20000000, DENY_BURST, FREQ / 100), DENY_BURST);
	/* Even at counter value 0. */
	struct deny e = {0};
	assert_int_equal(count_logged(&e, 0x20000000, DENY_BURST + 1, 0), DENY_BURST);
}

/*
 * Regression: fractional refill was thrown away. Every call set rl->last = now, but
 * only whole thousandths of a token were added, so denials arriving more often than
 * once per FREQ / (DENY_PER_SECOND * 1000) ticks (200 us) never refilled the bucket.
 * A guest that faulted on new addresses every 100 us (easy: each denial is one
 * injected abort) kept the global log silent for as long as it kept going —
 * including every other VM's denials — instead of the documented 5 lines/s.
 */
static void frequent_denials_still_refill_at_the_rate(void **state)
{
	(void)state;
	struct deny d = {0};
	const uint64_t step = FREQ / 10000; /* 100 us */
	unsigned int logged = 0;

	spend_burst(&d, 0x20000000, T0);
	/* Two seconds of denials, each at a new address (the per-VM memory cannot absorb them). */
	for (uint64_t i = 1; i <= 20000; i++) {
		logged += deny_at(&d, 0x100000000ULL + i * 0x1000, T0 + i * step);
	}
	/* 2 s at DENY_PER_SECOND is 10 lines; allow one either way for rounding. */
	assert_true(logged >= 2 * DENY_PER_SECOND - 1);
	assert_true(logged <= 2 * DENY_PER_SECOND + 1);
}

/* ---- sysreg_decode / sysreg_classify ---- */

/* ESR_EL2 for EC 0x18 (Arm ARM D17.2.37, ISS encoding for an exception from MSR, MRS, or System instruction). */
static uint64_t sys_esr(uint32_t op0, uint32_t op1, uint32_t crn, uint32_t crm, uint32_t op2, uint32_t rt, bool read)
{
	return (T_EC_SYS64 << T_EC_SHIFT) | T_IL | ((uint64_t)op0 << 20) | ((uint64_t)op2 << 17) |
	       ((uint64_t)op1 << 14) | ((uint64_t)crn << 10) | ((uint64_t)rt << 5) | ((uint64_t)crm << 1) |
	       (read ? 1U : 0U);
}

static void sysreg_decode_fields(void **state)
{
	(void)state;
	struct sysreg_access a;

	sysreg_decode(sys_esr(3, 7, 15, 15, 7, 31, true), &a);
	assert_int_equal(a.op0, 3);
	assert_int_equal(a.op1, 7);
	assert_int_equal(a.crn, 15);
	assert_int_equal(a.crm, 15);
	assert_int_equal(a.op2, 7);
	assert_int_equal(a.rt, 31);
	assert_true(a.read);

	/* PMCR_EL0 (3, 3, c9, c12, 0), MSR from x17, with junk in ISS bits [24:22] and above bit 31. */
	sysreg_decode(sys_esr(3, 3, 9, 12, 0, 17, false) | (7ULL << 22) | (0xffULL << 32), &a);
	assert_int_equal(a.op0, 3);
	assert_int_equal(a.op1, 3);
	assert_int_equal(a.crn, 9);
	assert_int_equal(a.crm, 12);
	assert_int_equal(a.op2, 0);
	assert_int_equal(a.rt, 17);
	assert_false(a.read);

	sysreg_decode(sys_esr(0, 0, 0, 0, 0, 0, false), &a);
	assert_int_equal(a.op0 | a.op1 | a.crn | a.crm | a.op2 | a.rt, 0);
	assert_false(a.read);
}

struct sysreg_case {
	const char *name;
	uint32_t op0, op1, crn, crm, op2;
	bool read;
	enum sysreg_action expect;
};

/* Encodings from the Arm ARM register descriptions (DDI 0487, chapter D19), as the guest would access them. */
static const struct sysreg_case sysreg_cases[] = {
	/* PMU: MDCR_EL2.TPM/TPMCR. */
	{"PMCR_EL0 read", 3, 3, 9, 12, 0, true, SYSREG_RAZ_WI},
	{"PMCR_EL0 write", 3, 3, 9, 12, 0, false, SYSREG_RAZ_WI},
	{"PMSELR_EL0", 3, 3, 9, 12, 5, false, SYSREG_RAZ_WI},
	{"PMCCNTR_EL0", 3, 3, 9, 13, 0, true, SYSREG_RAZ_WI},
	{"PMXEVCNTR_EL0", 3, 3, 9, 13, 2, true, SYSREG_RAZ_WI},
	{"PMUSERENR_EL0", 3, 3, 9, 14, 0, true, SYSREG_RAZ_WI},
	{"PMOVSSET_EL0", 3, 3, 9, 14, 3, false, SYSREG_RAZ_WI},
	{"PMEVCNTR0_EL0", 3, 3, 14, 8, 0, true, SYSREG_RAZ_WI},
	{"PMEVCNTR30_EL0", 3, 3, 14, 11, 6, false, SYSREG_RAZ_WI},
	{"PMEVTYPER0_EL0", 3, 3, 14, 12, 0, false, SYSREG_RAZ_WI},
	{"PMCCFILTR_EL0", 3, 3, 14, 15, 7, false, SYSREG_RAZ_WI},
	{"PMINTENSET_EL1", 3, 0, 9, 14, 1, false, SYSREG_RAZ_WI},
	{"PMINTENCLR_EL1", 3, 0, 9, 14, 2, true, SYSREG_RAZ_WI},
	/* Debug: MDCR_EL2.TDA/TDOSA/TDRA. */
	{"DBGBCR0_EL1", 2, 0, 0, 0, 5, false, SYSREG_RAZ_WI},
	{"DBGBVR0_EL1", 2, 0, 0, 0, 4, true, SYSREG_RAZ_WI},
	{"MDSCR_EL1 read", 2, 0, 0, 2, 2, true, SYSREG_RAZ_WI},
	{"MDSCR_EL1 write", 2, 0, 0, 2, 2, false, SYSREG_RAZ_WI},
	{"OSLAR_EL1", 2, 0, 1, 0, 4, false, SYSREG_RAZ_WI},
	{"OSLSR_EL1", 2, 0, 1, 1, 4, true, SYSREG_RAZ_WI},
	{"MDCCSR_EL0", 2, 3, 0, 1, 0, true, SYSREG_RAZ_WI},
	/* HCR_EL2.TACR. */
	{"ACTLR_EL1 read", 3, 0, 1, 0, 1, true, SYSREG_RAZ_WI},
	{"ACTLR_EL1 write", 3, 0, 1, 0, 1, false, SYSREG_RAZ_WI},
	/* EL1 physical timer: CNTHCTL_EL2.EL1PCEN == 0. */
	{"CNTP_TVAL_EL0", 3, 3, 14, 2, 0, true, SYSREG_RAZ_WI},
	{"CNTP_CTL_EL0", 3, 3, 14, 2, 1, false, SYSREG_RAZ_WI},
	{"CNTP_CVAL_EL0", 3, 3, 14, 2, 2, false, SYSREG_RAZ_WI},
	/* Set/way maintenance: HCR_EL2.TSW. */
	{"DC ISW", 1, 0, 7, 6, 2, false, SYSREG_DC_SW},
	{"DC CSW", 1, 0, 7, 10, 2, false, SYSREG_DC_SW},
	{"DC CISW", 1, 0, 7, 14, 2, false, SYSREG_DC_SW},
	/* GICv3 SGI generation: write-only registers; a read is UNDEFINED. */
	{"ICC_SGI1R_EL1 write", 3, 0, 12, 11, 5, false, SYSREG_SGI},
	{"ICC_ASGI1R_EL1 write", 3, 0, 12, 11, 6, false, SYSREG_SGI},
	{"ICC_SGI0R_EL1 write", 3, 0, 12, 11, 7, false, SYSREG_SGI},
	{"ICC_SGI1R_EL1 read", 3, 0, 12, 11, 5, true, SYSREG_UNDEF},
	{"ICC_SGI0R_EL1 read", 3, 0, 12, 11, 7, true, SYSREG_UNDEF},
	/* Implementation defined (HCR_EL2.TIDCP): CRn 11 and 15. */
	{"S3_1_C15_C2_0 (A57 CPUACTLR_EL1)", 3, 1, 15, 2, 0, true, SYSREG_UNDEF},
	{"S3_1_C15_C2_0 write", 3, 1, 15, 2, 0, false, SYSREG_UNDEF},
	{"S3_0_C15_C0_0", 3, 0, 15, 0, 0, false, SYSREG_UNDEF},
	{"S3_0_C11_C0_0", 3, 0, 11, 0, 0, true, SYSREG_UNDEF},
	/* Never trapped today; if they ever are, the VM must not get a silent RAZ/WI. */
	{"SCTLR_EL1 read", 3, 0, 1, 0, 0, true, SYSREG_UNDEF},
	{"SCTLR_EL1 write", 3, 0, 1, 0, 0, false, SYSREG_UNDEF},
	{"CPACR_EL1", 3, 0, 1, 0, 2, false, SYSREG_UNDEF},
	/* Neighbours of the rules above, which must not match them. */
	{"CNTV_CTL_EL0", 3, 3, 14, 3, 1, false, SYSREG_UNDEF},
	{"CNTPCT_EL0", 3, 3, 14, 0, 1, true, SYSREG_UNDEF},
	{"CNTKCTL_EL1", 3, 0, 14, 1, 0, false, SYSREG_UNDEF},
	{"S3_0_C14_C8_0 (PMEVCNTR0 with op1 0)", 3, 0, 14, 8, 0, true, SYSREG_UNDEF},
	{"PMSCR_EL1 (SPE)", 3, 0, 9, 9, 0, false, SYSREG_UNDEF},
	{"TRBLIMITR_EL1", 3, 0, 9, 11, 0, false, SYSREG_UNDEF},
	{"S3_4_C9_C12_0 (op1 4)", 3, 4, 9, 12, 0, true, SYSREG_UNDEF},
	{"ICC_DIR_EL1", 3, 0, 12, 11, 1, false, SYSREG_UNDEF},
	{"ICC_RPR_EL1", 3, 0, 12, 11, 3, true, SYSREG_UNDEF},
	{"S3_1_C12_C11_5 (op1 1)", 3, 1, 12, 11, 5, false, SYSREG_UNDEF},
	{"S3_0_C1_C1_1 (ACTLR's CRm + 1)", 3, 0, 1, 1, 1, false, SYSREG_UNDEF},
	{"DC CVAC", 1, 3, 7, 10, 1, false, SYSREG_UNDEF},
	{"DC IGSW", 1, 0, 7, 6, 4, false, SYSREG_UNDEF},
	{"DC ISW with op1 3", 1, 3, 7, 6, 2, false, SYSREG_UNDEF},
	{"S1_0_C7_C5_2 (CRm 5)", 1, 0, 7, 5, 2, false, SYSREG_UNDEF},
	{"TLBI VMALLE1", 1, 0, 8, 7, 0, false, SYSREG_UNDEF},
};

static void sysreg_classify_real_registers(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sysreg_cases); i++) {
		const struct sysreg_case *c = &sysreg_cases[i];
		for (uint32_t rt = 0; rt < 32; rt += 31) {
			struct sysreg_access a;
			sysreg_decode(sys_esr(c->op0, c->op1, c->crn, c->crm, c->op2, rt, c->read), &a);
			enum sysreg_action got = sysreg_classify(&a);
			if (got != c->expect) {
				fail_msg("%s (x%u): got %d, expected %d", c->name, rt, (int)got, (int)c->expect);
			}
		}
	}
}

static void sysreg_every_op0_2_encoding_is_raz_wi(void **state)
{
	(void)state;
	/* Debug and trace: nothing in op0 == 2 may reach UNDEF or act (the VM has no debugger). */
	for (uint32_t op1 = 0; op1 < 8; op1++) {
		for (uint32_t crn = 0; crn < 16; crn++) {
			for (uint32_t crm = 0; crm < 16; crm++) {
				for (uint32_t op2 = 0; op2 < 8; op2++) {
					struct sysreg_access a;
					sysreg_decode(sys_esr(2, op1, crn, crm, op2, 0, (crm & 1) != 0), &a);
					assert_int_equal(sysreg_classify(&a), SYSREG_RAZ_WI);
				}
			}
		}
	}
}

static void id_registers_are_trapped_reads_and_sanitised(void **state)
{
	(void)state;
	struct sysreg_access a = {.op0 = 3, .op1 = 0, .crn = 0, .crm = 5, .op2 = 0, .rt = 1, .read = true};
	assert_int_equal(sysreg_classify(&a), SYSREG_ID);
	a.crm = 7; /* ID_AA64MMFR0_EL1 */
	assert_int_equal(sysreg_classify(&a), SYSREG_ID);
	a.read = false; /* writes to read-only registers are not ours to emulate */
	assert_int_equal(sysreg_classify(&a), SYSREG_UNDEF);
	a.read = true;
	a.crm = 0; /* MIDR/MPIDR (CRm 0) come from VPIDR/VMPIDR, not TID3 */
	assert_int_not_equal(sysreg_classify(&a), SYSREG_ID);
	/* Cortex-A72's ID_AA64DFR0_EL1 (0x10305106): PMUv3 and debug v8; PMU and trace go, the rest stays. */
	assert_int_equal(sysreg_id_sanitise(5, 0, 0x10305106ULL), 0x10305006ULL);
	assert_int_equal(sysreg_id_sanitise(5, 0, ~0ULL), ~(0xff0ULL | (0xfULL << 32)));
	/* ID_DFR0_EL1: PerfMon and M-profile debug cleared. */
	assert_int_equal(sysreg_id_sanitise(1, 2, 0x03010066ULL), 0x00010066ULL);
	/* Everything else passes through. */
	assert_int_equal(sysreg_id_sanitise(4, 0, 0x1122ULL), 0x1122ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id_registers_are_trapped_reads_and_sanitised),
		cmocka_unit_test(decode_isv_clear_is_not_emulatable_but_ipa_is_computed),
		cmocka_unit_test(decode_access_sizes),
		cmocka_unit_test(decode_every_register_including_xzr),
		cmocka_unit_test(decode_flags_each_on_its_own),
		cmocka_unit_test(decode_ipa_from_hpfar_page_and_far_offset),
		cmocka_unit_test(decode_ignores_bits_outside_the_fields),
		cmocka_unit_test(load_zero_extends_to_the_access_size),
		cmocka_unit_test(load_sign_extends_each_size),
		cmocka_unit_test(load_into_w_register_truncates_to_32_bits),
		cmocka_unit_test(inject_data_abort_from_each_state),
		cmocka_unit_test(inject_data_abort_keeps_wnr_clear_for_a_read),
		cmocka_unit_test(inject_instruction_abort_from_each_state),
		cmocka_unit_test(inject_undef_from_each_state),
		cmocka_unit_test(inject_vector_is_vbar_plus_offset),
		cmocka_unit_test(injected_aborts_have_il_set_even_from_a_16bit_instruction),
		cmocka_unit_test(deny_same_address_is_logged_once),
		cmocka_unit_test(deny_burst_then_suppressed_and_counted),
		cmocka_unit_test(deny_tokens_refill_at_the_rate),
		cmocka_unit_test(deny_huge_gap_refills_to_the_burst_only),
		cmocka_unit_test(deny_zero_frequency_and_zero_slots),
		cmocka_unit_test(deny_round_robin_forgets_the_oldest),
		cmocka_unit_test(deny_time_going_backwards_does_not_refill),
		cmocka_unit_test(deny_bucket_is_shared_but_memory_is_per_vm),
		cmocka_unit_test(fresh_bucket_allows_the_full_burst),
		cmocka_unit_test(frequent_denials_still_refill_at_the_rate),
		cmocka_unit_test(sysreg_decode_fields),
		cmocka_unit_test(sysreg_classify_real_registers),
		cmocka_unit_test(sysreg_every_op0_2_encoding_is_raz_wi),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
