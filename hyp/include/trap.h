/* SPDX-License-Identifier: MIT */
/* The register frame saved at every exception into EL2. */
#ifndef SHOJI_TRAP_H
#define SHOJI_TRAP_H

#include <asm_offsets.h>
#include <shoji/types.h>

struct trap_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t sp; /* faults at EL2 only: the stack pointer when it happened */
};

_Static_assert(__builtin_offsetof(struct trap_frame, elr) == FRAME_ELR, "vectors.S frame layout");
_Static_assert(__builtin_offsetof(struct trap_frame, spsr) == FRAME_SPSR, "vectors.S frame layout");
_Static_assert(__builtin_offsetof(struct trap_frame, sp) == FRAME_SP, "vectors.S frame layout");
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "vectors.S frame layout");
_Static_assert(FRAME_SIZE % 16 == 0, "the stack stays 16-byte aligned");

/* Exception kinds as the vectors pass them to panic_exception. */
enum exc_kind {
	EXC_SYNC = 0,
	EXC_IRQ = 1,
	EXC_FIQ = 2,
	EXC_SERROR = 3,
};

/* Called from vectors.S. */
void handle_guest_sync(struct trap_frame *f);
void handle_guest_irq(struct trap_frame *f);
void handle_guest_fiq(struct trap_frame *f);
void handle_guest_serror(struct trap_frame *f);
void panic_exception(struct trap_frame *f, uint64_t kind) __attribute__((noreturn));

/* Decoded name of an exception class, for dumps and logs ("data abort, lower EL"). */
const char *esr_class_name(uint64_t ec);

#endif /* SHOJI_TRAP_H */
