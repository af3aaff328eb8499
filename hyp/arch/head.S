/* SPDX-License-Identifier: MIT */
/* Image header and EL2 entry for the boot CPU and for secondaries started by PSCI CPU_ON. */
#include <asm_offsets.h>
#include <arch_asm.h>

	.section .text.head, "ax"
	.global _head
_head:
	/* arm64 Image header (Linux Documentation/arch/arm64/booting.rst) so -kernel/booti enter at EL2. */
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: load 2 MiB-aligned, at the start of a 2 MiB block */
	.quad	__image_size		/* image_size, including bss, stacks and page tables */
	.quad	0x2			/* flags: little-endian, 4 KiB pages, base near start of RAM */
	.quad	0
	.quad	0
	.quad	0
	.ascii	"ARM\x64"		/* magic */
	.long	0

	.text
/* x0 = physical address of the board's device tree (Linux boot protocol). */
primary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	early_halt		/* not at EL2: nothing sensible to do, see early_halt */
	adr	x1, _head
	ldr	x2, =_head
	cmp	x1, x2
	b.ne	early_halt		/* loaded away from the link address: the identity map would lie */

	mov	x20, #0
	bl	set_stack

	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:
	bl	set_percpu
	bl	el2_reset_state
	mov	x0, x19
	bl	boot_primary
	b	early_halt

	.global secondary_entry
/* Entered from PSCI CPU_ON with x0 = context id = Shoji CPU index. */
secondary_entry:
	msr	daifset, #0xf
	mov	x20, x0
	cmp	x20, #BOARD_MAX_CPUS_ASM
	b.hs	early_halt
	bl	set_stack
	bl	set_percpu
	bl	el2_reset_state
	ldr	x0, =el2_ttbr
	ldr	x0, [x0]
	bl	mmu_enable
	mov	x0, x20
	bl	boot_secondary
	b	early_halt

/* sp = top of CPU x20's stack; each stack sits above its own unmapped guard page. */
set_stack:
	ldr	x1, =__stacks_start
	mov	x2, #(STACK_SIZE + STACK_GUARD)
	madd	x1, x20, x2, x1
	add	x1, x1, #(STACK_GUARD + STACK_SIZE)
	mov	sp, x1
	ret

/* TPIDR_EL2 = &pcpus[x20], and its panic stack, before anything can fault. */
set_percpu:
	ldr	x1, =pcpus
	mov	x2, #PCPU_SIZE
	madd	x1, x20, x2, x1
	msr	tpidr_el2, x1
	ldr	x3, =panic_stacks
	mov	x2, #PANIC_STACK_SIZE
	madd	x3, x20, x2, x3
	add	x3, x3, x2
	str	x3, [x1, #PCPU_PANIC_SP]
	ret

/* A known EL2 state whatever the loader left: MMU off, our vectors, nothing trapped to EL3. */
el2_reset_state:
	ldr	x1, =SCTLR_EL2_RES1_ASM
	msr	sctlr_el2, x1
	ldr	x1, =el2_vectors
	msr	vbar_el2, x1
	mov	x1, #(1 << 31)		/* HCR_EL2.RW: EL1 is AArch64; nothing else until a VM runs */
	msr	hcr_el2, x1
	mov	x1, #0x33ff
	msr	cptr_el2, x1
	msr	vttbr_el2, xzr
	isb
	ret

/* Turn on the EL2 stage-1 MMU with tables at x0 (built by the boot CPU). */
	.global mmu_enable
mmu_enable:
	ldr	x1, =MAIR_EL2_ASM
	msr	mair_el2, x1
	ldr	x1, =TCR_EL2_ASM
	msr	tcr_el2, x1
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	ish
	isb
	mrs	x1, sctlr_el2
	ldr	x2, =SCTLR_EL2_ON_ASM
	orr	x1, x1, x2
	msr	sctlr_el2, x1
	isb
	ret

	.global stack_reset_and_call
/* Abandon the current stack: sp = x0, then tail-call x1 (which never returns). */
stack_reset_and_call:
	mov	sp, x0
	br	x1

/*
 * Reached only before the console exists (wrong EL, wrong load address) or if a
 * boot function returns. Park without spinning: WFI with everything masked.
 */
early_halt:
	msr	daifset, #0xf
1:	wfi
	b	1b
