/* SPDX-License-Identifier: MIT */
/*
 * EL1 exception handling: a synchronous exception an armed probe expects becomes
 * that probe's result and an IRQ goes to irq.c; anything else is reported once on
 * the console and the CPU parks, so a test sees the first thing that went wrong,
 * not a cascade.
 */
#include "console.h"
#include "frame.h"
#include "guest.h"
#include "irq.h"
#include "probe.h"

#define ESR_EC_SHIFT 26
#define ESR_EC_MASK  ULL(0x3f)

/* Per CPU (by Aff0): set while reporting, so a fault in the report itself parks quietly. */
static volatile bool reporting[GUEST_MAX_CPUS];

static const char *const type_names[] = {
	[VEC_TYPE_SYNC] = "exception",
	[VEC_TYPE_IRQ] = "irq",
	[VEC_TYPE_FIQ] = "fiq",
	[VEC_TYPE_SERROR] = "serror",
};

static void report(const struct frame *f, uint64_t type)
{
	con_puts("unexpected ");
	con_puts(type_names[type]);
	if (type == VEC_TYPE_SYNC) {
		con_puts(" ec=");
		con_hex2((f->esr >> ESR_EC_SHIFT) & ESR_EC_MASK);
	}
	con_puts(" esr=");
	con_hex(f->esr);
	if (type == VEC_TYPE_SYNC) {
		con_puts(" far=");
		con_hex(f->far);
	}
	con_puts(" elr=");
	con_hex(f->elr);
	con_nl();
}

void exception_handle(struct frame *f, uint64_t vector)
{
	uint64_t type = vector & 3;
	uint64_t group = vector >> 2;
	uint64_t cpu = read_mpidr_el1() & MPIDR_AFF0_MASK;

	if (type == VEC_TYPE_SYNC && group == VEC_GROUP_CUR_SPX && probe_claim(f))
		return;
	if (type == VEC_TYPE_IRQ && group == VEC_GROUP_CUR_SPX) {
		irq_handle();
		return;
	}
	if (cpu >= GUEST_MAX_CPUS)
		cpu = 0;
	if (!reporting[cpu]) {
		reporting[cpu] = true;
		report(f, type);
	}
	park();
}
