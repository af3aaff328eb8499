/* SPDX-License-Identifier: MIT */
/*
 * Virtual timer runs (`timer`, `latency`). Tick k is due at start + k * period
 * and the handler always programs the next deadline from the previous one
 * (CNTV_CVAL += period), never from "now", so a late handler delays ticks but
 * loses none. Each tick's latency is CNTVCT_EL0 at IRQ entry minus the CVAL it
 * fired for. A tick counts as lost when it has not been handled `grace` (100 ms)
 * after its deadline: a late tick that is handled shows in the latency instead,
 * and the grace is generous because an emulated CPU's thread can lose the host
 * for tens of milliseconds while the virtual counter (host time) runs on.
 */
#include "cmd.h"
#include "console.h"
#include "guest.h"
#include "heartbeat.h"
#include "irq.h"
#include "vtimer.h"

/* Arm ARM, CNTV_CTL_EL0: ENABLE (0), IMASK (1), ISTATUS (2). */
#define CNTV_CTL_ENABLE  BIT(0)
#define CNTV_CTL_ISTATUS BIT(2)
#define CNTFRQ_MASK      ULL(0xffffffff)
#define GRACE_DIV        10U /* 100 ms */
#define LATENCY_HZ       1000U
#define TIMER_MAX_HZ     100000U
#define LATENCY_MAX      ULL(1000000)
/* The median is taken over the most recent samples only: this many. */
#define LAT_RING 256U

enum vt_mode {
	VT_IDLE,
	VT_RUN,     /* `timer <hz> <ms>`: ends by itself, the command loop prints the result */
	VT_BG,      /* `timer bg <hz>`: until `timer off` */
	VT_LATENCY, /* `latency`: the command waits for it */
	VT_WAKE,    /* one-shot wake-up for the WFI idle loop */
};

/* Written by the handler and by commands (with IRQs masked), on the boot vCPU only. */
static volatile struct {
	enum vt_mode mode;
	uint64_t period;   /* ticks */
	uint64_t start;    /* tick k is due at start + k * period */
	uint64_t expected; /* ticks in the run; 0 for VT_BG */
	uint64_t n;        /* ticks handled */
	uint64_t lat_min;
	uint64_t lat_max;
	uint64_t lost; /* frozen when the run stopped */
	bool done;     /* the handler took the last expected tick */
	bool line_on;  /* PPI 27 configured at the redistributor */
	uint32_t ring[LAT_RING];
} vt;

static uint64_t freq(void)
{
	return read_cntfrq_el0() & CNTFRQ_MASK;
}

static uint64_t grace(void)
{
	return freq() / GRACE_DIV;
}

static void timer_disarm(void)
{
	write_cntv_ctl_el0(0);
	isb();
}

static void timer_arm(uint64_t deadline)
{
	if (!vt.line_on) {
		irq_line_on(INTID_VTIMER);
		vt.line_on = true;
	}
	write_cntv_cval_el0(deadline);
	write_cntv_ctl_el0(CNTV_CTL_ENABLE);
	isb();
}

static void record(uint64_t lat)
{
	vt.ring[vt.n % LAT_RING] = lat > UINT32_MAX ? UINT32_MAX : (uint32_t)lat;
	if (lat < vt.lat_min)
		vt.lat_min = lat;
	if (lat > vt.lat_max)
		vt.lat_max = lat;
	vt.n = vt.n + 1;
}

void vtimer_on_irq(uint64_t now)
{
	uint64_t cval;

	if (vt.mode == VT_WAKE)
		vt.mode = VT_IDLE;
	if (vt.mode == VT_IDLE || vt.done) {
		timer_disarm();
		return;
	}
	/* Left pending from before a restart: the condition no longer holds, nothing fired. */
	if (!(read_cntv_ctl_el0() & CNTV_CTL_ISTATUS))
		return;
	cval = read_cntv_cval_el0();
	record(now > cval ? now - cval : 0);
	if (vt.expected != 0 && vt.n >= vt.expected) {
		vt.done = true;
		timer_disarm();
		return;
	}
	write_cntv_cval_el0(cval + vt.period);
	isb();
}

void vtimer_arm_wake(uint64_t deadline)
{
	if (vt.mode != VT_IDLE && vt.mode != VT_WAKE)
		return;
	vt.mode = VT_WAKE;
	timer_arm(deadline);
}

void vtimer_cancel_wake(void)
{
	if (vt.mode != VT_WAKE)
		return;
	vt.mode = VT_IDLE;
	timer_disarm();
}

/* Ticks due by `t` that were not handled. */
static uint64_t lost_by(uint64_t t)
{
	uint64_t due = t > vt.start ? (t - vt.start) / vt.period : 0;

	if (vt.expected != 0 && due > vt.expected)
		due = vt.expected;
	return due > vt.n ? due - vt.n : 0;
}

static uint64_t lost_now(void)
{
	uint64_t now = read_cntvct_el0();

	if (vt.mode != VT_RUN && vt.mode != VT_BG && vt.mode != VT_LATENCY)
		return vt.lost;
	return now > grace() ? lost_by(now - grace()) : 0;
}

static void run_start(enum vt_mode mode, uint64_t period, uint64_t expected)
{
	timer_disarm();
	vt.mode = VT_IDLE;
	vt.period = period;
	vt.expected = expected;
	vt.n = 0;
	vt.lat_min = UINT64_MAX;
	vt.lat_max = 0;
	vt.lost = 0;
	vt.done = false;
	vt.start = read_cntvct_el0();
	vt.mode = mode;
	timer_arm(vt.start + period);
}

/* Mode first: a tick that slips in meanwhile finds VT_IDLE and only disarms. */
static void run_stop(void)
{
	uint64_t lost = lost_now();

	vt.mode = VT_IDLE;
	timer_disarm();
	vt.lost = lost;
}

static bool run_active(void)
{
	return vt.mode == VT_RUN || vt.mode == VT_BG || vt.mode == VT_LATENCY;
}

/* The lower median of the last min(n, LAT_RING) samples. */
static uint64_t median(void)
{
	uint32_t s[LAT_RING];
	uint32_t m = vt.n < LAT_RING ? (uint32_t)vt.n : LAT_RING;
	uint32_t i;

	if (m == 0)
		return 0;
	for (i = 0; i < m; i++)
		s[i] = vt.ring[i];
	sort_u32(s, m);
	return s[(m - 1) / 2];
}

static uint64_t lat_min(void)
{
	return vt.n == 0 ? 0 : vt.lat_min;
}

void vtimer_poll(void)
{
	uint64_t end;

	if (vt.mode != VT_RUN)
		return;
	end = vt.start + vt.expected * vt.period + grace();
	if (!vt.done && read_cntvct_el0() < end)
		return;
	run_stop();
	con_puts("timer done");
	con_field("n", vt.n);
	con_field("expected", vt.expected);
	con_field("lost", vt.lost);
	con_field("lat_min", lat_min());
	con_field("lat_med", median());
	con_field("lat_max", vt.lat_max);
	con_nl();
}

static bool busy(void)
{
	if (!run_active())
		return false;
	con_puts("error timer busy");
	con_nl();
	return true;
}

static void reply(const char *s)
{
	con_puts(s);
	con_nl();
}

/* period = floor(f / hz); expected = the deadlines that fit in ms. */
static bool parse_rate(const char *s, uint64_t *period)
{
	uint64_t hz;

	if (!parse_count(s, &hz) || hz == 0 || hz > TIMER_MAX_HZ || freq() / hz == 0)
		return false;
	*period = freq() / hz;
	return true;
}

static bool timer_finite(const struct cmd_args *a)
{
	uint64_t period, ms, expected;

	if (!parse_rate(a->argv[0], &period) || !parse_count(a->argv[1], &ms) || ms == 0 || ms > HB_MAX_MS)
		return false;
	/* ms < 2^27 and f < 2^32: no overflow. */
	expected = ms * freq() / 1000 / period;
	if (expected == 0)
		return false;
	if (busy() || !irq_require())
		return true;
	run_start(VT_RUN, period, expected);
	return true;
}

static bool timer_bg(const struct cmd_args *a)
{
	uint64_t period;

	if (!parse_rate(a->argv[1], &period))
		return false;
	if (busy() || !irq_require())
		return true;
	run_start(VT_BG, period, 0);
	reply("ok timer bg");
	return true;
}

static void timer_stat(void)
{
	con_puts("timer stat");
	con_field("n", vt.n);
	con_field("lost", lost_now());
	con_field("lat_max", vt.lat_max);
	con_nl();
}

bool cmd_timer(const struct cmd_args *a)
{
	if (a->argc == 1 && streq(a->argv[0], "stat")) {
		timer_stat();
		return true;
	}
	if (a->argc == 1 && streq(a->argv[0], "off")) {
		if (run_active())
			run_stop();
		reply("ok timer off");
		return true;
	}
	if (a->argc == 2 && streq(a->argv[0], "bg"))
		return timer_bg(a);
	if (a->argc == 2)
		return timer_finite(a);
	return false;
}

/* IRQs are masked around the WFI so a tick between the check and the WFI still wakes it. */
static void latency_wait(bool use_wfi)
{
	uint64_t end = vt.start + vt.expected * vt.period + grace();

	if (!use_wfi)
		irq_unmask();
	while (!vt.done && read_cntvct_el0() < end) {
		if (use_wfi) {
			wfi();
			irq_unmask();
			irq_mask();
		}
	}
	irq_mask();
}

bool cmd_latency(const struct cmd_args *a)
{
	uint64_t samples;
	bool use_wfi = a->argc == 2;

	if (!parse_count(a->argv[0], &samples) || samples == 0 || samples > LATENCY_MAX ||
	    (use_wfi && !streq(a->argv[1], "wfi")) || freq() < LATENCY_HZ)
		return false;
	if (busy() || !irq_require())
		return true;
	run_start(VT_LATENCY, freq() / LATENCY_HZ, samples);
	latency_wait(use_wfi);
	run_stop();
	con_puts("latency");
	con_field("n", vt.n);
	con_field("min", lat_min());
	con_field("med", median());
	con_field("max", vt.lat_max);
	con_nl();
	return true;
}
