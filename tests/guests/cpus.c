/* SPDX-License-Identifier: MIT */
/*
 * Secondary CPUs. A secondary does not print: it writes a mailbox slot, sets up
 * its GIC CPU interface and waits for interrupts in WFI (or, without a GIC,
 * parks), and the boot CPU prints for it. One writer to the console means no
 * lock (which with the MMU off would need exclusives on Device memory) and
 * replies never interleave mid-line.
 */
#include "console.h"
#include "cpus.h"
#include "guest.h"
#include "irq.h"

/* Slot i belongs to the CPU with Aff0 == i; `seen` is written by the boot CPU only, the rest by that CPU only. */
static volatile struct {
	uint64_t context_id;
	uint32_t up;
	uint32_t seen;
	uint32_t irq_ready;
} mailbox[GUEST_MAX_CPUS];

extern const char secondary_entry[];

uint64_t cpus_entry_point(void)
{
	return (uintptr_t)secondary_entry;
}

void secondary_main(uint64_t context_id, uint64_t aff0)
{
	/* start.S gives a stack only to Aff0 < GUEST_MAX_CPUS. */
	/* GIC first (bounded waits only), so that once `vcpu <n> up` is printed, `ipi` can use it. */
	bool irq_ok = irq_secondary_init(aff0);

	mailbox[aff0].context_id = context_id;
	mailbox[aff0].irq_ready = irq_ok ? 1 : 0;
	dmb_sy();
	mailbox[aff0].up = mailbox[aff0].up + 1;
	if (!irq_ok)
		park();
	irq_secondary_idle();
}

bool cpus_irq_ready(uint64_t aff0)
{
	dmb_sy();
	return aff0 < GUEST_MAX_CPUS && mailbox[aff0].irq_ready != 0;
}

static void report_one(uint64_t aff0)
{
	uint64_t ctx;

	dmb_sy();
	ctx = mailbox[aff0].context_id;
	con_puts("vcpu ");
	con_dec(aff0);
	con_puts(" up");
	/* `cpuon` passes CPUS_CONTEXT_ID; anything else came from cpuon_raw and is worth seeing. */
	if (ctx != CPUS_CONTEXT_ID) {
		con_puts(" ctx=");
		con_hex(ctx);
	}
	con_nl();
}

void cpus_report(void)
{
	uint64_t i;

	for (i = 0; i < GUEST_MAX_CPUS; i++) {
		uint32_t up = mailbox[i].up;

		if (up != mailbox[i].seen) {
			mailbox[i].seen = up;
			report_one(i);
		}
	}
}
