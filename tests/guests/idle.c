/* SPDX-License-Identifier: MIT */
/*
 * The command loop's idle step. Polling (the default) waits a few microseconds
 * and looks at the UART again. With the console's receive interrupt on, the
 * boot vCPU sleeps in WFI instead and a one-shot virtual-timer interrupt bounds
 * the sleep, so heartbeats and secondaries' check-ins are still printed.
 */
#include "console.h"
#include "cpus.h"
#include "guest.h"
#include "heartbeat.h"
#include "idle.h"
#include "irq.h"
#include "vtimer.h"

/* The longest WFI sleep: a secondary's `vcpu <n> up` waits at most this long to be printed. */
#define IDLE_WAKE_MS 100U
#define CNTFRQ_MASK  ULL(0xffffffff)

void idle_background(void)
{
	hb_poll();
	cpus_report();
	vtimer_poll();
}

static uint64_t wake_deadline(void)
{
	uint64_t when = read_cntvct_el0() + (read_cntfrq_el0() & CNTFRQ_MASK) * IDLE_WAKE_MS / 1000;
	uint64_t hb;

	if (hb_next(&hb) && hb < when)
		when = hb;
	return when;
}

/*
 * Masked while deciding to sleep: a byte that arrives after the check still
 * wakes the WFI (a pending interrupt does, whatever PSTATE.I says) and is
 * handled as soon as the window reopens.
 */
void idle_wait(void)
{
	if (!con_rx_irq_mode()) {
		idle_pause();
		return;
	}
	irq_mask();
	if (!con_rx_pending()) {
		vtimer_arm_wake(wake_deadline());
		wfi();
	}
	irq_window_open();
}
