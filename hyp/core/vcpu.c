/* SPDX-License-Identifier: MIT */
/*
 * Each physical CPU's life: wait (WFI, never spinning) until its vCPU is asked
 * to run, enter it at EL1, and come back here with a fresh stack whenever the
 * vCPU stops. EL1 state needs no saving: a vCPU owns its CPU for good.
 */
#include <arch.h>
#include <asm_offsets.h>
#include <gic.h>
#include <irq.h>
#include <panic.h>
#include <pcpu.h>
#include <vgic_lr.h>
#include <vm.h>

#define HCR_GUEST                                                                                                 \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TSC | HCR_TIDCP | HCR_TACR | \
	 HCR_TSW | HCR_TID3 | HCR_RW)

/* MDCR_EL2: trap PMU (TPM, TPMCR) and debug (TDA, TDOSA, TDRA) so no VM can observe another. */
#define MDCR_TPMCR BIT(5)
#define MDCR_TPM   BIT(6)
#define MDCR_TDA   BIT(9)
#define MDCR_TDOSA BIT(10)
#define MDCR_TDRA  BIT(11)

/* CPTR_EL2: RES1 bits, FP/SIMD left to the guest (its core is its own), trace trapped (TTA). */
#define CPTR_GUEST (ULL(0x33ff) | BIT(20))

/* CNTHCTL_EL2: the guest may read the physical counter (EL1PCTEN) but not program the physical timer. */
#define CNTHCTL_GUEST BIT(0)

/* hyp/arch/head.S */
void stack_reset_and_call(uint64_t sp, void (*fn)(void)) __attribute__((noreturn));
void guest_enter(struct trap_frame *f) __attribute__((noreturn));

struct vcpu *current_vcpu(void)
{
	return this_cpu()->vcpu;
}

void vcpu_wake(struct vcpu *v)
{
	gic_send_sgi(v->pcpu, SGI_WAKE);
}

static void configure_el2(const struct vcpu *v)
{
	const struct vm *vm = v->vm;
	uint64_t pmcr_n = (read_sysreg(pmcr_el0) >> 11) & 0x1f;

	write_sysreg(vttbr_el2, vm->vttbr);
	write_sysreg(vtcr_el2, vm_vtcr());
	write_sysreg(hcr_el2, HCR_GUEST);
	write_sysreg(mdcr_el2, MDCR_TPM | MDCR_TPMCR | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA | pmcr_n);
	write_sysreg(cptr_el2, CPTR_GUEST);
	write_sysreg(cnthctl_el2, CNTHCTL_GUEST);
	write_sysreg(cntvoff_el2, vm->cntvoff);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vmpidr_el2, BIT(31) | v->index);
	isb();
	/* A VMID may have run before with other tables (a restart): drop its stage-1+2 TLB entries. */
	__asm__ volatile("tlbi vmalls12e1" : : : "memory");
	dsb(nsh);
	isb();
}

/* Architectural reset values for the EL1 state a guest sees at entry (MMU off, timer off). */
static void reset_el1(void)
{
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	write_sysreg(tcr_el1, 0);
	write_sysreg(ttbr0_el1, 0);
	write_sysreg(ttbr1_el1, 0);
	write_sysreg(mair_el1, 0);
	write_sysreg(amair_el1, 0);
	write_sysreg(vbar_el1, 0);
	write_sysreg(contextidr_el1, 0);
	write_sysreg(tpidr_el1, 0);
	write_sysreg(tpidr_el0, 0);
	write_sysreg(tpidrro_el0, 0);
	write_sysreg(sp_el0, 0);
	write_sysreg(sp_el1, 0);
	write_sysreg(elr_el1, 0);
	write_sysreg(spsr_el1, 0);
	write_sysreg(esr_el1, 0);
	write_sysreg(far_el1, 0);
	write_sysreg(afsr0_el1, 0);
	write_sysreg(afsr1_el1, 0);
	write_sysreg(par_el1, 0);
	write_sysreg(cpacr_el1, 0);
	write_sysreg(mdscr_el1, 0);
	write_sysreg(cntkctl_el1, 0);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntv_cval_el0, 0);
	write_sysreg(csselr_el1, 0);
	isb();
}

static void __attribute__((noreturn)) vcpu_enter(struct vcpu *v)
{
	struct trap_frame *f = (struct trap_frame *)(uintptr_t)(this_cpu()->stack_top - (uint64_t)FRAME_SIZE);

	configure_el2(v);
	reset_el1();
	vgic_cpu_reset(v);
	vgic_flush(v);
	for (unsigned int i = 0; i < 31; i++) {
		f->x[i] = 0;
	}
	f->x[0] = v->context;
	f->elr = v->entry;
	f->spsr = PSR_MODE_EL1h | PSR_DAIF;
	f->sp = 0;
	guest_enter(f);
}

/* Under vm->lock: this vCPU is off; returns true if it was the VM's last one out of a stop. */
static bool mark_off_locked(struct vcpu *v)
{
	struct vm *vm = v->vm;

	if (v->state != VCPU_OFF) {
		v->state = VCPU_OFF;
		vm->active_vcpus--;
	}
	if (vm->state == VM_STOPPING && vm->active_vcpus == 0) {
		vm->state = VM_STOPPED;
		vm->finish_pending = true;
		return true;
	}
	return false;
}

static void hand_over_finish(struct vm *vm)
{
	if (vm->vcpus[0].pcpu != this_cpu()->index) {
		gic_send_sgi(vm->vcpus[0].pcpu, SGI_WAKE);
	}
}

/* Decides, under the VM lock, whether this CPU's vCPU should be entered now. */
static bool take_start(struct vcpu *v)
{
	struct vm *vm = v->vm;
	bool enter = false;
	bool last = false;

	spin_lock(&vm->lock);
	if (v->state == VCPU_ON_PENDING) {
		if (vm->state == VM_RUNNING) {
			v->state = VCPU_ON;
			enter = true;
		} else {
			last = mark_off_locked(v);
		}
	}
	spin_unlock(&vm->lock);
	if (last) {
		hand_over_finish(vm);
	}
	return enter;
}

static void __attribute__((noreturn)) cpu_loop(void)
{
	struct vcpu *v = current_vcpu();

	for (;;) {
		if (system_panicking()) {
			cpu_stop();
		}
		if (v != NULL) {
			if (v->index == 0 && __atomic_load_n(&v->vm->finish_pending, __ATOMIC_ACQUIRE)) {
				vm_finish_stop(v->vm);
			}
			if (take_start(v)) {
				vcpu_enter(v);
			}
		}
		wfi();
		irq_poll_el2();
	}
}

void cpu_main(void)
{
	stack_reset_and_call(this_cpu()->stack_top, cpu_loop);
}

void vcpu_park_self(void)
{
	cpu_main();
}

void vcpu_leave(struct vcpu *v)
{
	struct vm *vm = v->vm;

	spin_lock(&vm->lock);
	bool last = mark_off_locked(v);
	spin_unlock(&vm->lock);
	if (last) {
		hand_over_finish(vm);
	}
	vcpu_park_self();
}
