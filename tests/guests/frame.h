/* SPDX-License-Identifier: MIT */
/* The register frame vectors.S saves on every exception, shared by the assembly and C. */
#ifndef SHOJI_GUEST_FRAME_H
#define SHOJI_GUEST_FRAME_H

#define FRAME_X(n) ((n)*8)
#define FRAME_SP   (31 * 8)
#define FRAME_ELR  (32 * 8)
#define FRAME_SPSR (33 * 8)
#define FRAME_ESR  (34 * 8)
#define FRAME_FAR  (35 * 8)
#define FRAME_SIZE (36 * 8) /* a multiple of 16: SP stays aligned */

/* Vector index = group * 4 + type (Arm ARM D1.10.2, VBAR_ELx offsets / 0x80). */
#define VEC_TYPE_SYNC       0
#define VEC_TYPE_IRQ        1
#define VEC_TYPE_FIQ        2
#define VEC_TYPE_SERROR     3
#define VEC_GROUP_CUR_SP0   0
#define VEC_GROUP_CUR_SPX   1
#define VEC_GROUP_LOWER_A64 2
#define VEC_GROUP_LOWER_A32 3

#if !defined(__ASSEMBLY__)
#include <shoji/types.h>

struct frame {
	uint64_t x[31];
	uint64_t sp; /* SP at the time of the exception */
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

_Static_assert(offsetof(struct frame, sp) == FRAME_SP, "frame layout");
_Static_assert(offsetof(struct frame, elr) == FRAME_ELR, "frame layout");
_Static_assert(offsetof(struct frame, spsr) == FRAME_SPSR, "frame layout");
_Static_assert(offsetof(struct frame, esr) == FRAME_ESR, "frame layout");
_Static_assert(offsetof(struct frame, far) == FRAME_FAR, "frame layout");
_Static_assert(sizeof(struct frame) == FRAME_SIZE, "frame layout");

/* Called by vectors.S with the saved frame; returning resumes at frame->elr. */
void exception_handle(struct frame *f, uint64_t vector);

#endif /* !__ASSEMBLY__ */

#endif /* SHOJI_GUEST_FRAME_H */
