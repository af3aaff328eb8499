/* SPDX-License-Identifier: MIT */
/*
 * The instructions probes execute. Everything here lives in .text.probe: an armed
 * probe may skip a faulting instruction only inside these bounds (probe.c), so a
 * fault anywhere else is still reported as unexpected.
 */

	.section .text.probe, "ax"

.macro func name
	.global	\name
	.type	\name, %function
\name:
.endm

/* uint32_t probe_asm_ld32(uint64_t addr): one 32-bit load. */
func probe_asm_ld32
	ldr	w0, [x0]
	ret

/* void probe_asm_st32(uint64_t addr, uint32_t val): one 32-bit store. */
func probe_asm_st32
	str	w1, [x0]
	ret

/*
 * uint64_t probe_asm_call(uint64_t addr): branch-and-link to addr. If the fetch
 * faults, the handler resumes at our x30 (just after the blr). The target may be
 * anything, so keep every callee-saved register safe from it.
 */
func probe_asm_call
	stp	x29, x30, [sp, #-96]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	blr	x0
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

/*
 * SMCCC call: x0..x3 from and back to regs[0..3]; x4..x7 are passed as zero so
 * the callee never sees leftovers. x4..x17 may be clobbered (SMCCC 1.1 §2.6),
 * which the C calling convention already allows.
 */
.macro smccc_call insn
	stp	x19, x30, [sp, #-16]!
	mov	x19, x0
	ldp	x0, x1, [x19]
	ldp	x2, x3, [x19, #16]
	mov	x4, xzr
	mov	x5, xzr
	mov	x6, xzr
	mov	x7, xzr
	\insn	#0
	stp	x0, x1, [x19]
	stp	x2, x3, [x19, #16]
	ldp	x19, x30, [sp], #16
	ret
.endm

/* void probe_asm_hvc(uint64_t regs[4]) */
func probe_asm_hvc
	smccc_call hvc

/* void probe_asm_smc(uint64_t regs[4]) */
func probe_asm_smc
	smccc_call smc

/* uint64_t sr_<name>(uint64_t unused): read one system register. */
.macro sysreg_read name, reg
func sr_\name
	mrs	x0, \reg
	ret
.endm

	sysreg_read pmcr, pmcr_el0
	sysreg_read pmccntr, pmccntr_el0
	sysreg_read pmuserenr, pmuserenr_el0
	sysreg_read dbgbcr0, dbgbcr0_el1
	sysreg_read dbgwcr0, dbgwcr0_el1
	sysreg_read mdscr, mdscr_el1
	sysreg_read oslsr, oslsr_el1
	sysreg_read cntp_ctl, cntp_ctl_el0
	sysreg_read cntp_cval, cntp_cval_el0
	sysreg_read cntv_ctl, cntv_ctl_el0
	sysreg_read cntkctl, cntkctl_el1
	sysreg_read actlr, actlr_el1
	sysreg_read l2ctlr, s3_1_c11_c0_2	/* Cortex-A72 L2CTLR_EL1 (IMPLEMENTATION DEFINED) */
	sysreg_read cpuectlr, s3_1_c15_c2_1	/* Cortex-A72 CPUECTLR_EL1 (IMPLEMENTATION DEFINED) */
	sysreg_read icc_sre, s3_0_c12_c12_5	/* ICC_SRE_EL1 */
	sysreg_read midr, midr_el1
	sysreg_read mpidr, mpidr_el1
	sysreg_read ctr, ctr_el0
	sysreg_read dczid, dczid_el0
	sysreg_read id_aa64pfr0, id_aa64pfr0_el1
	sysreg_read id_aa64dfr0, id_aa64dfr0_el1
	sysreg_read id_aa64mmfr0, id_aa64mmfr0_el1
	sysreg_read sctlr, sctlr_el1
	sysreg_read currentel, CurrentEL

/* uint64_t sr_dc_zva(uint64_t va): zero one DC ZVA block at va. */
func sr_dc_zva
	dc	zva, x0
	mov	x0, xzr
	ret

/* uint64_t sr_dc_isw(uint64_t setway): invalidate one line by set/way. */
func sr_dc_isw
	dc	isw, x0
	mov	x0, xzr
	ret

/* uint64_t sr_sgi1r_write(uint64_t val): one ICC_SGI1R_EL1 write, as `sgi` was given it. */
func sr_sgi1r_write
	msr	icc_sgi1r_el1, x0
	isb
	mov	x0, xzr
	ret
