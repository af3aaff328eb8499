/* SPDX-License-Identifier: MIT */
/*
 * Every exit from a guest into EL2, by exception class. Each handler is thin:
 * decode, validate, call the core. No guest action ends in a panic: what Shoji
 * does not emulate is denied (an injected abort) or UNDEFINED.
 */
#include <arch.h>
#include <console_hw.h>
#include <guest_calls.h>
#include <guest_fault.h>
#include <irq.h>
#include <mm.h>
#include <panic.h>
#include <spinlock.h>
#include <trap.h>
#include <vdev.h>
#include <vgic_lr.h>
#include <vm.h>

static struct spinlock deny_lock = SPINLOCK_INIT;
static struct rate_limit deny_rate;

static void inject(struct trap_frame *f, enum inject_kind kind, uint64_t esr, uint64_t far, bool set_far)
{
	struct inject_result r = inject_compute(kind, esr, f->spsr, read_sysreg(vbar_el1));

	write_sysreg(esr_el1, r.esr_el1);
	if (set_far) {
		write_sysreg(far_el1, far);
	}
	write_sysreg(elr_el1, f->elr);
	write_sysreg(spsr_el1, f->spsr);
	f->elr = r.elr;
	f->spsr = r.spsr;
}

/* Past the trapped instruction: 4 bytes, or 2 for a 16-bit T32 one (ESR_EL2.IL clear). */
static void skip_insn(struct trap_frame *f, uint64_t esr)
{
	f->elr += (esr & ESR_IL) ? 4 : 2;
}

static const char *const deny_what[] = {"read", "write", "fetch"};

/* Count, log once per address under the global rate limit, and inject an external abort. */
static void deny(struct vcpu *v, struct trap_frame *f, uint64_t esr, uint64_t ipa, bool fetch)
{
	struct vm *vm = v->vm;
	uint64_t far = read_sysreg(far_el2);
	uint32_t what = fetch ? 2U : (esr & ISS_DABT_WNR) ? 1U : 0U;
	uint64_t suppressed = 0;

	v->stats.denials++;
	spin_lock(&deny_lock);
	bool log = deny_should_log(vm->deny_log.addr, DENY_LOG_SLOTS, &vm->deny_log.next, &deny_rate, ipa,
				   read_sysreg(cntpct_el0), read_sysreg(cntfrq_el0));
	if (log) {
		suppressed = deny_rate.suppressed;
		deny_rate.suppressed = 0;
	}
	spin_unlock(&deny_lock);
	if (log) {
		if (suppressed > 0) {
			log_line("(%llu denial messages suppressed)", (unsigned long long)suppressed);
		}
		log_line("%s: denied %s at IPA 0x%llx (pc 0x%llx): not in its partition", vm->cfg->name,
			 deny_what[what], (unsigned long long)ipa, (unsigned long long)f->elr);
	}
	inject(f, fetch ? INJECT_IABT : INJECT_DABT, esr, far, true);
}

static void handle_dabt(struct vcpu *v, struct trap_frame *f, uint64_t esr)
{
	struct mmio_access a;
	uint64_t val = 0;

	if (!mmio_decode(esr, read_sysreg(hpfar_el2), read_sysreg(far_el2), &a)) {
		deny(v, f, esr, a.ipa, false);
		return;
	}
	if (a.write) {
		val = a.reg == 31 ? 0 : f->x[a.reg];
	}
	if (!vdev_access(v->vm, &a, &val)) {
		deny(v, f, esr, a.ipa, false);
		return;
	}
	if (!a.write && a.reg != 31) {
		f->x[a.reg] = mmio_load_value(&a, val);
	}
	skip_insn(f, esr);
}

static void handle_iabt(struct vcpu *v, struct trap_frame *f, uint64_t esr)
{
	uint64_t ipa = ((read_sysreg(hpfar_el2) & GENMASK(43, 4)) << 8) | (read_sysreg(far_el2) & 0xfff);
	deny(v, f, esr, ipa, true);
}

/* DC ISW/CSW/CISW: the guest wants its caches at the point of coherency; do it by VA over its RAM. */
static void dc_set_way(const struct vm *vm)
{
	for (uint32_t i = 0; i < vm->cfg->num_ram; i++) {
		dcache_clean_inval_range((uintptr_t)vm->cfg->ram[i].pa.v, vm->cfg->ram[i].size);
	}
}

/* ID register (3, 0, 0, crm, op2) as the hardware has it; encodings by generic name. */
#define ID_REG(crm, op2)      \
	case (crm)*8 + (op2): \
		return read_sysreg(s3_0_c0_c##crm##_##op2)
#define ID_ROW(crm)     \
	ID_REG(crm, 0); \
	ID_REG(crm, 1); \
	ID_REG(crm, 2); \
	ID_REG(crm, 3); \
	ID_REG(crm, 4); \
	ID_REG(crm, 5); \
	ID_REG(crm, 6); \
	ID_REG(crm, 7)
static uint64_t id_reg_hw(uint32_t crm, uint32_t op2)
{
	switch (crm * 8 + op2) {
		ID_ROW(1);
		ID_ROW(2);
		ID_ROW(3);
		ID_ROW(4);
		ID_ROW(5);
		ID_ROW(6);
		ID_ROW(7);
	default:
		return 0;
	}
}
#undef ID_ROW
#undef ID_REG

static void handle_sysreg(struct vcpu *v, struct trap_frame *f, uint64_t esr)
{
	struct sysreg_access a;

	sysreg_decode(esr, &a);
	switch (sysreg_classify(&a)) {
	case SYSREG_RAZ_WI:
		if (a.read && a.rt != 31) {
			f->x[a.rt] = 0;
		}
		break;
	case SYSREG_DC_SW:
		dc_set_way(v->vm);
		break;
	case SYSREG_ID:
		if (a.rt != 31) {
			f->x[a.rt] = sysreg_id_sanitise(a.crm, a.op2, id_reg_hw(a.crm, a.op2));
		}
		break;
	case SYSREG_SGI:
		vgic_sgi(v, a.rt == 31 ? 0 : f->x[a.rt]);
		break;
	case SYSREG_UNDEF:
		inject(f, INJECT_UNDEF, esr, 0, false);
		return;
	}
	skip_insn(f, esr);
}

/* Common tail of every exit: leave if the VM is stopping, stop if the system panicked. */
static void exit_tail(struct vcpu *v)
{
	if (system_panicking()) {
		cpu_stop();
	}
	if (__atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) == VM_STOPPING) {
		vcpu_leave(v);
	}
	vgic_flush(v);
}

void handle_guest_sync(struct trap_frame *f)
{
	struct vcpu *v = current_vcpu();
	uint64_t esr = read_sysreg(esr_el2);

	v->stats.exits++;
	switch (ESR_EC(esr)) {
	case EC_HVC64:
		hvc_dispatch(v, f); /* ELR already points past the HVC */
		break;
	case EC_SMC64:
		skip_insn(f, esr); /* a trapped SMC returns to itself (Arm ARM D1.19.2) */
		smc_dispatch(v, f);
		break;
	case EC_DABT_LOW:
		handle_dabt(v, f, esr);
		break;
	case EC_IABT_LOW:
		handle_iabt(v, f, esr);
		break;
	case EC_SYS64:
		handle_sysreg(v, f, esr);
		break;
	default:
		/* AArch32 EL0 coprocessor traps, SMC/HVC from AArch32, anything unexpected. */
		inject(f, INJECT_UNDEF, esr, 0, false);
		break;
	}
	exit_tail(v);
}

void handle_guest_irq(struct trap_frame *f)
{
	struct vcpu *v = current_vcpu();

	(void)f;
	v->stats.exits++;
	irq_poll_el2();
	exit_tail(v);
}

void handle_guest_fiq(struct trap_frame *f)
{
	struct vcpu *v = current_vcpu();

	(void)f;
	v->stats.exits++;
	irq_poll_el2(); /* Shoji uses Group 1 only; a FIQ here means nothing is pending for us */
	exit_tail(v);
}

/*
 * A physical SError while the guest ran: most likely caused by the guest (a bad
 * access through a passthrough device). It becomes a virtual SError for that
 * guest; the hypervisor carries on.
 */
void handle_guest_serror(struct trap_frame *f)
{
	struct vcpu *v = current_vcpu();

	(void)f;
	v->stats.exits++;
	v->stats.denials++;
	write_sysreg(hcr_el2, read_sysreg(hcr_el2) | HCR_VSE);
	isb();
	exit_tail(v);
}
