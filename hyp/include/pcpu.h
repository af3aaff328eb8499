/* SPDX-License-Identifier: MIT */
/* Per-CPU state: each physical CPU owns its entry; no other CPU writes it. */
#ifndef SHOJI_PCPU_H
#define SHOJI_PCPU_H

#include <asm_offsets.h>
#include <board.h>
#include <shoji/types.h>

struct vcpu;

struct pcpu {
	uint64_t panic_sp; /* PCPU_PANIC_SP: read by the vectors */
	uint32_t index;
	uint32_t in_panic;
	uint64_t mpidr;
	uintptr_t gicr;    /* this CPU's redistributor frame */
	struct vcpu *vcpu; /* the vCPU pinned here, or NULL */
	uint64_t stack_top;
	uint64_t pad[10];
};

_Static_assert(__builtin_offsetof(struct pcpu, panic_sp) == PCPU_PANIC_SP, "vectors read panic_sp");
_Static_assert(sizeof(struct pcpu) == PCPU_SIZE, "head.S indexes pcpus by PCPU_SIZE");

extern struct pcpu pcpus[BOARD_MAX_CPUS];

#ifndef SHOJI_HOST_TEST
static inline struct pcpu *this_cpu(void)
{
	struct pcpu *p;
	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(p));
	return p;
}
#endif

#endif /* SHOJI_PCPU_H */
