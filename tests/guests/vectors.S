/* SPDX-License-Identifier: MIT */
/*
 * EL1 exception vectors. All 16 save the full frame and call exception_handle(),
 * which either lets an armed probe claim the exception (and fixes ELR) or reports
 * it and parks; on return the possibly changed ELR/SPSR go back before ERET.
 */
#include "frame.h"

/* Each entry has 32 instructions of room; four are enough to reach the common path. */
.macro ventry group, type
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #FRAME_X(0)]
	mov	x1, #(\group * 4 + \type)
	b	exception_common
.endm

	.text
	.balign	0x800
	.global	guest_vectors
guest_vectors:
	ventry	VEC_GROUP_CUR_SP0, VEC_TYPE_SYNC
	ventry	VEC_GROUP_CUR_SP0, VEC_TYPE_IRQ
	ventry	VEC_GROUP_CUR_SP0, VEC_TYPE_FIQ
	ventry	VEC_GROUP_CUR_SP0, VEC_TYPE_SERROR
	ventry	VEC_GROUP_CUR_SPX, VEC_TYPE_SYNC
	ventry	VEC_GROUP_CUR_SPX, VEC_TYPE_IRQ
	ventry	VEC_GROUP_CUR_SPX, VEC_TYPE_FIQ
	ventry	VEC_GROUP_CUR_SPX, VEC_TYPE_SERROR
	ventry	VEC_GROUP_LOWER_A64, VEC_TYPE_SYNC
	ventry	VEC_GROUP_LOWER_A64, VEC_TYPE_IRQ
	ventry	VEC_GROUP_LOWER_A64, VEC_TYPE_FIQ
	ventry	VEC_GROUP_LOWER_A64, VEC_TYPE_SERROR
	ventry	VEC_GROUP_LOWER_A32, VEC_TYPE_SYNC
	ventry	VEC_GROUP_LOWER_A32, VEC_TYPE_IRQ
	ventry	VEC_GROUP_LOWER_A32, VEC_TYPE_FIQ
	ventry	VEC_GROUP_LOWER_A32, VEC_TYPE_SERROR

/* x0/x1 are saved, x1 holds the vector index. */
exception_common:
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
	add	x2, sp, #FRAME_SIZE
	stp	x30, x2, [sp, #FRAME_X(30)]	/* x30 and the interrupted SP */
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #FRAME_ELR]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #FRAME_ESR]
	mov	x0, sp
	bl	exception_handle
	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
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
	ldr	x30, [sp, #FRAME_X(30)]
	add	sp, sp, #FRAME_SIZE
	eret
