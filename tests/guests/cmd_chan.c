/* SPDX-License-Identifier: MIT */
/*
 * Channel commands: the doorbell of the system's channel 0 (CHANNEL_NOTIFY to the
 * peer, a virtual SPI back from it), answered on request (`chan echo`), timed in
 * round trips (`chan ping`) and hammered (`chan flood`). The shared window is
 * plain memory, which `r`/`w` reach at its IPA.
 */
#include <shoji/abi.h>

#include "cmd.h"
#include "console.h"
#include "guest.h"
#include "irq.h"
#include "vtimer.h"

#define CHAN_INDEX      ULL(0) /* test-pair's one channel, "pair" (vms/test-pair/system.c) */
#define PING_MAX        10000U /* round trips per `chan ping` (40 KiB of samples) */
#define PING_TIMEOUT_MS 100U   /* per round trip; the first miss ends the run */
/*
 * Round trips start at least this far apart: each end's doorbell budget refills
 * one call per 50 us (20,000/s, hyp/include/chan.h), so a ping at this pace
 * spends half of it and is never refused once the burst is gone.
 */
#define PING_PERIOD_US ULL(100)
#define FLOOD_MAX      ULL(1000000000)
#define CNTFRQ_MASK    ULL(0xffffffff)
#define US_PER_S       ULL(1000000)

/* Written by the doorbell handler (boot vCPU, the line is routed there) and read by commands. */
static volatile struct {
	bool echo;         /* answer every doorbell with a notify back */
	uint64_t rings;    /* doorbells handled */
	uint64_t last;     /* CNTVCT_EL0 at the entry of the latest */
	uint64_t answered; /* echo notifies that returned SHOJI_OK */
	uint64_t refused;  /* echo and ping notifies that did not */
	int64_t last_err;  /* the latest refused one's x0 */
} ch;

static uint32_t samples[PING_MAX];

/*
 * One CHANNEL_NOTIFY, not probed: callers have seen an HVC complete first
 * (hvc_present). SMCCC 1.1 lets the call change x0..x17.
 */
static int64_t notify(uint64_t index)
{
	register uint64_t x0 __asm__("x0") = SHOJI_HVC_CHANNEL_NOTIFY;
	register uint64_t x1 __asm__("x1") = index;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1)
			 :
			 : "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
			   "x16", "x17", "memory");
	return (int64_t)x0;
}

static void note_refused(int64_t r)
{
	ch.refused = ch.refused + 1;
	ch.last_err = r;
}

void chan_on_doorbell(uint64_t now)
{
	int64_t r;

	ch.last = now;
	ch.rings = ch.rings + 1;
	if (!ch.echo)
		return;
	r = notify(CHAN_INDEX);
	if (r == SHOJI_OK)
		ch.answered = ch.answered + 1;
	else
		note_refused(r);
}

/* A probed SHOJI_HVC_VERSION: where HVC is UNDEFINED, says `abort chan <sub> ...` and returns false. */
static bool hvc_present(const char *sub)
{
	uint64_t regs[4] = {SHOJI_HVC_VERSION, 0, 0, 0};
	struct probe_fault f;

	if (probe_smccc(SMCCC_CONDUIT_HVC, regs, &f))
		return true;
	con_puts("abort chan ");
	con_puts(sub);
	print_fault(&f);
	return false;
}

/* Interrupts on and the doorbell line enabled here; false (error printed) without a GIC. */
static bool doorbell_on(void)
{
	if (!irq_require())
		return false;
	irq_line_on(INTID_CHAN);
	return true;
}

/* Takes whatever doorbell is already pending (one rung at the peer's restart, say). */
static void take_pending(void)
{
	irq_unmask();
	irq_mask();
}

static uint64_t us_ticks(uint64_t us)
{
	return (read_cntfrq_el0() & CNTFRQ_MASK) * us / US_PER_S;
}

/* WFI until the counter passes `when` (a one-shot timer wakes it; other interrupts are handled). */
static void sleep_until(uint64_t when)
{
	while (read_cntvct_el0() < when) {
		vtimer_arm_wake(when);
		wfi();
		irq_unmask();
		irq_mask();
	}
	vtimer_cancel_wake();
}

/*
 * One round trip: notify, then WFI (IRQs masked around it, so the answer cannot
 * slip in between the check and the sleep; a timer bounds it) until the answering
 * doorbell's handler has run. The figure is from just before the HVC to the
 * handler's entry. False if the notify was refused or no answer came in time.
 */
static bool ping(uint64_t limit, uint32_t *ticks)
{
	uint64_t before = ch.rings;
	uint64_t deadline = read_cntvct_el0() + limit;
	uint64_t start;
	int64_t r;
	bool ok = true;

	/* Armed before the clock starts, so the round trip does not pay for it; it fires after the deadline. */
	vtimer_arm_wake(deadline + 1);
	isb();
	start = read_cntvct_el0();
	isb();
	r = notify(CHAN_INDEX);
	if (r != SHOJI_OK) {
		vtimer_cancel_wake();
		note_refused(r);
		return false;
	}
	while (ch.rings == before) {
		if (read_cntvct_el0() > deadline) {
			ok = false;
			break;
		}
		wfi();
		irq_unmask();
		irq_mask();
	}
	vtimer_cancel_wake();
	*ticks = ch.last - start > UINT32_MAX ? UINT32_MAX : (uint32_t)(ch.last - start);
	return ok;
}

static bool chan_ping(const char *arg)
{
	uint64_t n, limit = us_ticks(PING_TIMEOUT_MS * 1000), period = us_ticks(PING_PERIOD_US);
	uint64_t next;
	uint32_t ok = 0;

	if (!parse_count(arg, &n) || n == 0 || n > PING_MAX)
		return false;
	if (ch.echo) {
		con_puts("error chan echo is on");
		con_nl();
		return true;
	}
	if (!hvc_present("ping") || !doorbell_on())
		return true;
	take_pending();
	next = read_cntvct_el0();
	while (ok < n) {
		sleep_until(next);
		next = read_cntvct_el0() + period;
		if (!ping(limit, &samples[ok]))
			break;
		ok++;
	}
	con_puts("chan ping");
	con_field("n", n);
	con_field("ok", ok);
	if (ok > 0)
		sort_u32(samples, ok);
	con_field("min", ok > 0 ? samples[0] : 0);
	con_field("med", ok > 0 ? samples[(ok - 1) / 2] : 0);
	con_field("max", ok > 0 ? samples[ok - 1] : 0);
	con_nl();
	return true;
}

static bool chan_flood(const char *arg)
{
	uint64_t n, i, t0, t1;
	uint64_t ok = 0, limited = 0, down = 0, inval = 0, other = 0;

	if (!parse_count(arg, &n) || n == 0 || n > FLOOD_MAX)
		return false;
	if (!hvc_present("flood"))
		return true;
	t0 = read_cntvct_el0();
	for (i = 0; i < n; i++) {
		int64_t r = notify(CHAN_INDEX);

		if (r == SHOJI_OK)
			ok++;
		else if (r == SHOJI_RET_RATE_LIMITED)
			limited++;
		else if (r == SHOJI_RET_PEER_DOWN)
			down++;
		else if (r == SMCCC_RET_INVALID_PARAMETER)
			inval++;
		else
			other++;
	}
	t1 = read_cntvct_el0();
	con_puts("chan flood");
	con_field("n", n);
	con_field("ok", ok);
	con_field("limited", limited);
	con_field("down", down);
	con_field("inval", inval);
	con_field("other", other);
	con_field("ticks", t1 - t0);
	con_nl();
	return true;
}

static bool chan_echo(const char *arg)
{
	if (streq(arg, "off")) {
		ch.echo = false;
		con_puts("ok chan echo off");
		con_nl();
		return true;
	}
	if (!streq(arg, "on"))
		return false;
	if (!hvc_present("echo") || !doorbell_on())
		return true;
	ch.echo = true;
	con_puts("ok chan echo on");
	con_nl();
	return true;
}

static void chan_stat(void)
{
	con_puts("chan stat");
	con_field("echo", ch.echo ? 1 : 0);
	con_field("rings", ch.rings);
	con_field("answered", ch.answered);
	con_field("refused", ch.refused);
	con_puts(" last_err=");
	con_hex((uint64_t)ch.last_err);
	con_nl();
}

bool cmd_chan(const struct cmd_args *a)
{
	if (a->argc == 1 && streq(a->argv[0], "stat")) {
		chan_stat();
		return true;
	}
	if (a->argc != 2)
		return false;
	if (streq(a->argv[0], "echo"))
		return chan_echo(a->argv[1]);
	if (streq(a->argv[0], "ping"))
		return chan_ping(a->argv[1]);
	if (streq(a->argv[0], "flood"))
		return chan_flood(a->argv[1]);
	return false;
}
