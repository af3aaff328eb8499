/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors. Exits from a guest (lower EL) save the full register
 * frame on this CPU's stack and return through it; every exception taken at EL2
 * itself is a hypervisor bug and goes to the panic path on a separate stack.
 */
#include <asm_offsets.h>

.macro save_gprs
	stp	x0, x1, [sp, #FRAME_X(0)]
	stp	x2, x3, [sp, #FRAME_X(2)]
	stp	x4, x5, [sp, #FRAME_X(4)]
	stp	x6, x7, [sp, #FRAME_X(6)]
	stp	x8, x9, [sp, #FRAME_X(8)]
	stp	x10, x11, [sp, #FRAME_X(10)]
	stp	x12, x13, [sp, #FRAME_X(12)]
	stp	x14, x15, [sp, #FRAME_X(14)]
	stp	x16, x17, [sp, #FRAME_X(16)]
	stp	x18, x19, [sp, #FRAME_X(18)]
	stp	x20, x21, [sp, #FRAME_X(20)]
	stp	x22, x23, [sp, #FRAME_X(22)]
	stp	x24, x25, [sp, #FRAME_X(24)]
	stp	x26, x27, [sp, #FRAME_X(26)]
	stp	x28, x29, [sp, #FRAME_X(28)]
	mrs	x21, elr_el2
	stp	x30, x21, [sp, #FRAME_X(30)]
	mrs	x22, spsr_el2
	str	x22, [sp, #FRAME_SPSR]
.endm

/* A guest exit: frame on the stack, call the handler with it, return to the guest. */
.macro guest_exit handler
	sub	sp, sp, #FRAME_SIZE
	save_gprs
	mov	x0, sp
	bl	\handler
	b	guest_return
.endm

/*
 * A fault at EL2. The stack may be the thing that failed (a guard page hit), so
 * switch to this CPU's panic stack before touching memory. TPIDRRO_EL0 is the
 * guest's register; borrowing it is fine because nothing returns from here.
 */
.macro hyp_fault kind
	msr	tpidrro_el0, x0
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_PANIC_SP]
	add	sp, sp, x0		/* swap sp and x0 without a second register */
	sub	x0, sp, x0
	sub	sp, sp, x0
	sub	sp, sp, #FRAME_SIZE
	str	x0, [sp, #FRAME_SP]
	mrs	x0, tpidrro_el0
	save_gprs
	mov	x0, sp
	mov	x1, #\kind
	bl	panic_exception
1:	wfi
	b	1b
.endm

.macro vector label
	.balign	0x80
	b	\label
.endm

	.text
	.balign	0x800
	.global	el2_vectors
el2_vectors:
	/* Current EL with SP_EL0: never used by Shoji. */
	vector	cur_sp0_sync
	vector	cur_sp0_irq
	vector	cur_sp0_fiq
	vector	cur_sp0_serror
	/* Current EL with SP_EL2: a hypervisor fault. */
	vector	cur_spx_sync
	vector	cur_spx_irq
	vector	cur_spx_fiq
	vector	cur_spx_serror
	/* Lower EL, AArch64: a guest exit. */
	vector	low64_sync
	vector	low64_irq
	vector	low64_fiq
	vector	low64_serror
	/*
	 * Lower EL, AArch32: a 32-bit EL0 task inside a guest can trap here (for
	 * example through HCR_EL2.TIDCP); it is a guest exit like any other.
	 */
	vector	low64_sync
	vector	low64_irq
	vector	low64_fiq
	vector	low64_serror

cur_sp0_sync:	hyp_fault 0
cur_sp0_irq:	hyp_fault 1
cur_sp0_fiq:	hyp_fault 2
cur_sp0_serror:	hyp_fault 3
cur_spx_sync:	hyp_fault 0
cur_spx_irq:	hyp_fault 1
cur_spx_fiq:	hyp_fault 2
cur_spx_serror:	hyp_fault 3

low64_sync:	guest_exit handle_guest_sync
low64_irq:	guest_exit handle_guest_irq
low64_fiq:	guest_exit handle_guest_fiq
low64_serror:	guest_exit handle_guest_serror

	.global guest_return
/* Restore the frame at sp (possibly edited by a handler) and enter the guest. */
guest_return:
	ldr	x22, [sp, #FRAME_SPSR]
	ldp	x30, x21, [sp, #FRAME_X(30)]
	msr	spsr_el2, x22
	msr	elr_el2, x21
	ldp	x0, x1, [sp, #FRAME_X(0)]
	ldp	x2, x3, [sp, #FRAME_X(2)]
	ldp	x4, x5, [sp, #FRAME_X(4)]
	ldp	x6, x7, [sp, #FRAME_X(6)]
	ldp	x8, x9, [sp, #FRAME_X(8)]
	ldp	x10, x11, [sp, #FRAME_X(10)]
	ldp	x12, x13, [sp, #FRAME_X(12)]
	ldp	x14, x15, [sp, #FRAME_X(14)]
	ldp	x16, x17, [sp, #FRAME_X(16)]
	ldp	x18, x19, [sp, #FRAME_X(18)]
	ldp	x20, x21, [sp, #FRAME_X(20)]
	ldp	x22, x23, [sp, #FRAME_X(22)]
	ldp	x24, x25, [sp, #FRAME_X(24)]
	ldp	x26, x27, [sp, #FRAME_X(26)]
	ldp	x28, x29, [sp, #FRAME_X(28)]
	add	sp, sp, #FRAME_SIZE
	eret

	.global guest_enter
/*
 * First entry into a guest on this CPU: x0 = a frame prepared in C (on this
 * stack, below the caller). Never returns; later exits come back through the
 * vectors with sp back at this CPU's stack top.
 */
guest_enter:
	mov	sp, x0
	b	guest_return
