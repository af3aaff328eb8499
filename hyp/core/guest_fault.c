/* SPDX-License-Identifier: MIT */
/* Pure decision logic for guest faults: abort decoding, injection, denial rate limiting, sysreg policy. */
#include <arch.h>
#include <guest_fault.h>

bool mmio_decode(uint64_t esr, uint64_t hpfar, uint64_t far, struct mmio_access *a)
{
	/* HPFAR_EL2.FIPA[43:4] holds IPA[51:12]; the page offset comes from FAR_EL2. */
	a->ipa = ((hpfar & GENMASK(43, 4)) << 8) | (far & 0xfff);
	if (!(esr & ISS_DABT_ISV)) {
		return false;
	}
	a->size = 1U << ((esr >> ISS_DABT_SAS_SHIFT) & ISS_DABT_SAS_MASK);
	a->reg = (uint32_t)((esr >> ISS_DABT_SRT_SHIFT) & ISS_DABT_SRT_MASK);
	a->write = (esr & ISS_DABT_WNR) != 0;
	a->sign_extend = (esr & ISS_DABT_SSE) != 0;
	a->reg64 = (esr & ISS_DABT_SF) != 0;
	return true;
}

uint64_t mmio_load_value(const struct mmio_access *a, uint64_t raw)
{
	uint32_t bits = a->size * 8;
	uint64_t v = bits == 64 ? raw : raw & ((ULL(1) << bits) - 1);

	if (a->sign_extend && bits < 64 && (v & (ULL(1) << (bits - 1)))) {
		v |= ~((ULL(1) << bits) - 1);
	}
	if (!a->reg64) {
		v &= 0xffffffffULL;
	}
	return v;
}

/* Vector offset for an exception taken to EL1 from the state in SPSR (Arm ARM D1.10.2). */
static uint64_t vector_offset(uint64_t spsr)
{
	if (spsr & BIT(4)) {
		return 0x600; /* from AArch32 EL0 */
	}
	switch (spsr & PSR_MODE_MASK) {
	case PSR_MODE_EL0t:
		return 0x400;
	case PSR_MODE_EL1t:
		return 0x000;
	default:
		return 0x200;
	}
}

static bool from_el0(uint64_t spsr)
{
	return (spsr & BIT(4)) != 0 || (spsr & PSR_MODE_MASK) == PSR_MODE_EL0t;
}

struct inject_result inject_compute(enum inject_kind kind, uint64_t esr_el2, uint64_t guest_spsr, uint64_t vbar_el1)
{
	struct inject_result r;
	bool low = from_el0(guest_spsr);
	/* IL is RES1 for instruction aborts and for data aborts with ISV 0, which ours are (Arm ARM D17.2.37). */
	uint64_t il = ESR_IL;
	uint64_t ec;
	uint64_t iss = 0;

	switch (kind) {
	case INJECT_DABT:
		ec = low ? EC_DABT_LOW : EC_DABT_CUR;
		iss = (esr_el2 & ISS_DABT_WNR) | FSC_SEA;
		break;
	case INJECT_IABT:
		ec = low ? EC_IABT_LOW : EC_IABT_CUR;
		iss = FSC_SEA;
		break;
	default:
		ec = EC_UNKNOWN;
		break;
	}
	r.esr_el1 = (ec << ESR_EC_SHIFT) | il | iss;
	r.elr = vbar_el1 + vector_offset(guest_spsr);
	r.spsr = PSR_MODE_EL1h | PSR_DAIF;
	return r;
}

bool rate_take(struct rate_limit *rl, uint64_t now, uint64_t freq, uint32_t burst, uint32_t per_second)
{
	if (freq == 0) {
		freq = 1;
	}
	/* One token costs `freq` units; `per_second` units come back every tick. */
	uint64_t capacity = burst * freq;
	if (now > rl->last) {
		uint64_t elapsed = now - rl->last;
		uint64_t refill = elapsed >= capacity ? capacity : elapsed * per_second;
		rl->debt = refill >= rl->debt ? 0 : rl->debt - refill;
		rl->last = now;
	}
	if (rl->debt + freq > capacity) {
		return false;
	}
	rl->debt += freq;
	return true;
}

bool deny_should_log(uint64_t *slots, uint32_t num_slots, uint32_t *next, struct rate_limit *rl, uint64_t addr,
		     uint64_t now, uint64_t freq)
{
	if (num_slots == 0) {
		return false;
	}
	for (uint32_t i = 0; i < num_slots; i++) {
		if (slots[i] == addr + 1) { /* stored +1 so that 0 means empty */
			return false;
		}
	}
	if (!rate_take(rl, now, freq, DENY_BURST, DENY_PER_SECOND)) {
		rl->suppressed++;
		return false;
	}
	slots[*next % num_slots] = addr + 1;
	*next = (*next + 1) % num_slots;
	return true;
}

void sysreg_decode(uint64_t esr, struct sysreg_access *a)
{
	a->op0 = (uint32_t)((esr >> 20) & 3);
	a->op2 = (uint32_t)((esr >> 17) & 7);
	a->op1 = (uint32_t)((esr >> 14) & 7);
	a->crn = (uint32_t)((esr >> 10) & 0xf);
	a->rt = (uint32_t)((esr >> 5) & 0x1f);
	a->crm = (uint32_t)((esr >> 1) & 0xf);
	a->read = (esr & 1) != 0;
}

enum sysreg_action sysreg_classify(const struct sysreg_access *a)
{
	/* DC ISW / CSW / CISW: op0 1, op1 0, CRn 7, CRm 6/10/14, op2 2 (trapped by HCR_EL2.TSW). */
	if (a->op0 == 1 && a->op1 == 0 && a->crn == 7 && a->op2 == 2 && (a->crm == 6 || a->crm == 10 || a->crm == 14)) {
		return SYSREG_DC_SW;
	}
	/* ID registers (3,0,0,1-7,x), trapped by HCR_EL2.TID3: reads only (they are read-only). */
	if (a->op0 == 3 && a->op1 == 0 && a->crn == 0 && a->crm >= 1 && a->crm <= 7 && a->read) {
		return SYSREG_ID;
	}
	/* Debug and trace registers (op0 2): MDCR_EL2.TDA/TDOSA/TDRA. The VM has no debugger. */
	if (a->op0 == 2) {
		return SYSREG_RAZ_WI;
	}
	/* ICC_SGI1R_EL1 (3,0,12,11,5), ICC_ASGI1R_EL1 (3,0,12,11,6), ICC_SGI0R_EL1 (3,0,12,11,7). */
	if (a->op0 == 3 && a->op1 == 0 && a->crn == 12 && a->crm == 11 && a->op2 >= 5 && !a->read) {
		return SYSREG_SGI;
	}
	/* PMU (op0 3, op1 3, CRn 9, CRm 12-14; CRn 14, CRm 8-15; PMINTEN (3,0,9,14,1/2)): absent. */
	if (a->op0 == 3 && a->crn == 9 && a->crm >= 12 && (a->op1 == 3 || a->op1 == 0)) {
		return SYSREG_RAZ_WI;
	}
	if (a->op0 == 3 && a->op1 == 3 && a->crn == 14 && a->crm >= 8) {
		return SYSREG_RAZ_WI;
	}
	/* ACTLR_EL1 (3,0,1,0,1): HCR_EL2.TACR. Implementation-defined controls stay the hypervisor's. */
	if (a->op0 == 3 && a->op1 == 0 && a->crn == 1 && a->crm == 0 && a->op2 == 1) {
		return SYSREG_RAZ_WI;
	}
	/* EL1 physical timer (3,3,14,2,0-2): CNTHCTL_EL2.EL1PCEN = 0; the VM uses its virtual timer. */
	if (a->op0 == 3 && a->op1 == 3 && a->crn == 14 && a->crm == 2) {
		return SYSREG_RAZ_WI;
	}
	/* Everything else that traps (implementation-defined CRn 11/15 via TIDCP, ...) is UNDEFINED. */
	return SYSREG_UNDEF;
}

/* ID_AA64DFR0_EL1 (3,0,0,5,0) and ID_DFR0_EL1 (3,0,0,1,2) fields (Arm ARM D17.2.59, D17.2.37). */
#define ID_AA64DFR0_TRACEVER GENMASK(7, 4)
#define ID_AA64DFR0_PMUVER   GENMASK(11, 8)
#define ID_AA64DFR0_PMSVER   GENMASK(35, 32)
#define ID_DFR0_PERFMON      GENMASK(27, 24)
#define ID_DFR0_MPROFDBG     GENMASK(23, 20)

uint64_t sysreg_id_sanitise(uint32_t crm, uint32_t op2, uint64_t hw)
{
	if (crm == 5 && op2 == 0) {
		return hw & ~(ID_AA64DFR0_TRACEVER | ID_AA64DFR0_PMUVER | ID_AA64DFR0_PMSVER);
	}
	if (crm == 1 && op2 == 2) {
		return hw & ~(ID_DFR0_PERFMON | ID_DFR0_MPROFDBG);
	}
	return hw;
}
