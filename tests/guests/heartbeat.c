/* SPDX-License-Identifier: MIT */
/*
 * Heartbeat from the virtual counter (CNTVCT_EL0 / CNTFRQ_EL0). A test that sees
 * `hb <n>` keep coming knows this VM's vCPU is still running, whatever the other
 * VM does.
 */
#include "console.h"
#include "guest.h"
#include "heartbeat.h"

/* CNTFRQ_EL0 holds the frequency in its low 32 bits (Arm ARM D17.8.1). */
#define CNTFRQ_MASK ULL(0xffffffff)
#define PAUSE_DIV   ULL(100000) /* 10 us */

static struct {
	bool on;
	uint64_t period; /* ticks */
	uint64_t next;   /* counter value at which the next line is due */
	uint64_t count;
} hb;

static uint64_t counter_freq(void)
{
	return read_cntfrq_el0() & CNTFRQ_MASK;
}

bool hb_start(uint64_t ms)
{
	uint64_t freq = counter_freq();

	if (freq == 0 || ms == 0 || ms > HB_MAX_MS)
		return false;
	/* ms < 2^27 and freq < 2^32: no overflow. */
	hb.period = ms * freq / 1000;
	if (hb.period == 0)
		hb.period = 1;
	hb.count = 0;
	hb.next = read_cntvct_el0() + hb.period;
	hb.on = true;
	return true;
}

void hb_stop(void)
{
	hb.on = false;
}

void hb_poll(void)
{
	uint64_t now;

	if (!hb.on)
		return;
	now = read_cntvct_el0();
	if (now < hb.next)
		return;
	con_puts("hb ");
	con_dec(++hb.count);
	con_nl();
	hb.next += hb.period;
	/* After a long command (flood, mark), resume the rhythm instead of printing a burst. */
	if (hb.next <= now)
		hb.next = now + hb.period;
}

bool hb_next(uint64_t *when)
{
	if (!hb.on)
		return false;
	*when = hb.next;
	return true;
}

void idle_pause(void)
{
	uint64_t wait = counter_freq() / PAUSE_DIV;
	uint64_t start = read_cntvct_el0();

	if (wait == 0)
		wait = 1;
	while (read_cntvct_el0() - start < wait)
		;
}
