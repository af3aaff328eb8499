/* SPDX-License-Identifier: MIT */
/* Guest exits. With no guest configured, any exit from a lower EL is a bug. */
#include <arch.h>
#include <panic.h>
#include <trap.h>

void handle_guest_sync(struct trap_frame *f)
{
	(void)f;
	panic("guest exit (ESR 0x%llx) with no guest running", (unsigned long long)read_sysreg(esr_el2));
}

void handle_guest_irq(struct trap_frame *f)
{
	(void)f;
	panic("IRQ from a lower EL with no guest running");
}

void handle_guest_fiq(struct trap_frame *f)
{
	(void)f;
	panic("FIQ from a lower EL with no guest running");
}

void handle_guest_serror(struct trap_frame *f)
{
	(void)f;
	panic("SError from a lower EL with no guest running");
}
