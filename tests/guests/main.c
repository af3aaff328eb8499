/* SPDX-License-Identifier: MIT */
/* Test-guest main: announce ourselves, start the default heartbeat, serve console commands. */
#include "cmd.h"
#include "console.h"
#include "guest.h"
#include "heartbeat.h"
#include "irq.h"

#define CURRENTEL_SHIFT 2

uint64_t guest_boot_mpidr;

/* x0 is the DTB IPA, which this guest does not need. */
__attribute__((noreturn)) void guest_main(uint64_t dtb);

void guest_main(uint64_t dtb)
{
	(void)dtb;
	guest_boot_mpidr = read_mpidr_el1();
	con_puts("guest " GUEST_NAME " up el=");
	con_dec(read_currentel() >> CURRENTEL_SHIFT);
	con_puts(" vcpu=");
	con_dec(guest_boot_mpidr & MPIDR_AFF0_MASK);
	con_nl();
	/* Sets up the GIC if the VM has one; interrupts stay masked until a command wants them. */
	irq_boot_init();
	if (GUEST_HB_DEFAULT_MS != 0)
		(void)hb_start(GUEST_HB_DEFAULT_MS);
	con_puts("ready");
	con_nl();
	cmd_loop();
}
