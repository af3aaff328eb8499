/* SPDX-License-Identifier: MIT */
/*
 * Test-guest entry points: the boot CPU, started at the load address, and
 * secondaries, started by PSCI CPU_ON at secondary_entry with x0 = context id.
 * The MMU stays off throughout, so every access is Device memory: aligned only.
 */
#include "guest.h"

/* Arm ARM D17.2.118: SCTLR_EL1 RES1 bits (29, 28, 23, 22, 20, 11) plus SA (3): MMU and caches off. */
#define SCTLR_EL1_HI	0x30d0
#define SCTLR_EL1_LO	0x0808
/* HCR_EL2.RW (31): EL1 is AArch64; HCR_EL2.HCD (29): HVC is UNDEFINED, as with no EL2 at all. */
#define HCR_EL2_VAL	0xa0000000
/* CNTHCTL_EL2.EL1PCTEN | EL1PCEN: EL1 may use the physical counter and timer. */
#define CNTHCTL_EL2_VAL	3
/* EL1h, D, A, I and F masked. */
#define SPSR_EL1H_MASKED 0x3c5
/* ID_AA64PFR0_EL1.GIC (27:24) non-zero: a GICv3 system-register interface exists. */
#define PFR0_GIC_SHIFT	24
/* GICv3 §12.6.5 ICC_SRE_EL2: SRE (0), DFB (1), DIB (2), Enable (3): EL1 may use ICC_SRE_EL1 itself. */
#define ICC_SRE_EL2_VAL	0xf

.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/*
 * Under Shoji the guest starts at EL1. Run bare on QEMU with virtualization=on it
 * starts at EL2 (and QEMU's PSCI starts secondaries there too): become the EL1 the
 * guest expects, with HVC undefined, SMC left to QEMU's PSCI, and physical IRQs
 * (HCR_EL2.IMO clear) and the GIC's CPU interface left to EL1. Clobbers x9 only.
 */
.macro enter_el1
	mrs	x9, CurrentEL
	cmp	x9, #(2 << 2)
	b.ne	9f
	mrs	x9, id_aa64pfr0_el1
	ubfx	x9, x9, #PFR0_GIC_SHIFT, #4
	cbz	x9, 8f
	mov	x9, #ICC_SRE_EL2_VAL
	msr	icc_sre_el2, x9
	isb
8:	mov	x9, #HCR_EL2_VAL
	msr	hcr_el2, x9
	mov	x9, #CNTHCTL_EL2_VAL
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	mov	x9, #SPSR_EL1H_MASKED
	msr	spsr_el2, x9
	adr	x9, 9f
	msr	elr_el2, x9
	eret
9:
.endm

/* Per-CPU EL1 state, the same for every CPU: known SCTLR (MMU off), our vectors. Needs a stack first. */
.macro cpu_init
	movz	x9, #SCTLR_EL1_HI, lsl #16
	movk	x9, #SCTLR_EL1_LO
	msr	sctlr_el1, x9
	adr_l	x9, guest_vectors
	msr	vbar_el1, x9
	isb
.endm

	.section .text.head, "ax"
	.global	_start
	.type	_start, %function
_start:
	b	primary_entry
	.word	0
	.ascii	GUEST_MAGIC
	.size	_start, . - _start

primary_entry:
	msr	daifset, #0xf
	mov	x19, x0			/* DTB IPA, kept for guest_main */
	enter_el1
	/* Stack before vectors, so even an early exception has somewhere to save its frame. */
	adr_l	x1, boot_stack_top
	mov	sp, x1
	cpu_init
	/* Zero bss: the stack is in it, but nothing is on the stack yet. */
	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
	/* SError on: an abort the hypervisor injects asynchronously gets reported, not lost. */
2:	msr	daifclr, #4
	mov	x0, x19
	bl	guest_main
	b	park

	.text
	.global	secondary_entry
	.type	secondary_entry, %function
secondary_entry:
	msr	daifset, #0xf
	enter_el1			/* x0 (context id) survives: the macro uses x9 only */
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	cmp	x1, #GUEST_MAX_CPUS
	b.hs	park			/* no stack for it: stay silent rather than corrupt one */
	adr_l	x2, secondary_stacks
	add	x3, x1, #1
	mov	x4, #GUEST_SECONDARY_STACK_SIZE
	madd	x2, x3, x4, x2
	mov	sp, x2
	cpu_init
	msr	daifclr, #4
	bl	secondary_main		/* (context id, Aff0) */
	b	park
	.size	secondary_entry, . - secondary_entry

	.global	park
	.type	park, %function
park:
	wfi
	b	park
	.size	park, . - park

	.bss
	.balign	16
boot_stack:
	.space	GUEST_STACK_SIZE
boot_stack_top:
secondary_stacks:
	.space	GUEST_SECONDARY_STACK_SIZE * GUEST_MAX_CPUS
