/* SPDX-License-Identifier: MIT */
/*
 * Interrupt storms a hypervisor must survive without starving the other VM:
 * `storm sgi` (self-SGIs as fast as the vCPU can send them) and `storm rtc` (the
 * PL031's level interrupt held asserted, so it fires again as soon as it is
 * EOIed, until the handler sees the time is up).
 */
#include "cmd.h"
#include "console.h"
#include "guest.h"
#include "heartbeat.h"
#include "irq.h"

/* PL031 TRM (DDI 0224), register summary: data, match, interrupt mask, raw status, clear. */
#define RTC_DR   U(0x000)
#define RTC_MR   U(0x004)
#define RTC_IMSC U(0x010)
#define RTC_RIS  U(0x014)
#define RTC_ICR  U(0x01c)
#define RTC_INT  U(1)
/* Writing MR = DR matches at once on QEMU; a second boundary in between makes it miss, so retry. */
#define RTC_MATCH_TRIES 8U
#define CNTFRQ_MASK     ULL(0xffffffff)
#define SETTLE_MS       10U /* for the last self-SGIs to arrive */

static volatile struct {
	uint64_t sgis;         /* SGI 3 handled */
	uint64_t rtc;          /* RTC interrupts handled */
	uint64_t rtc_deadline; /* counter value at which the RTC handler stops the storm */
	bool rtc_running;
} storm;

static uint64_t ms_to_ticks(uint64_t ms)
{
	return ms * (read_cntfrq_el0() & CNTFRQ_MASK) / 1000;
}

void storm_on_sgi(uint64_t now)
{
	(void)now;
	storm.sgis = storm.sgis + 1;
}

/*
 * Never clears the source: the line stays high, so the GIC signals it again
 * right after EOI. Outside a storm's time (or one not started by `storm rtc`),
 * masking at the RTC drops the line; the command clears and disables the rest.
 */
void storm_on_rtc(uint64_t now)
{
	storm.rtc = storm.rtc + 1;
	if (!storm.rtc_running || now >= storm.rtc_deadline) {
		mmio_write32(GUEST_RTC_BASE + RTC_IMSC, 0);
		storm.rtc_running = false;
	}
}

static void storm_sgi(uint64_t count)
{
	uint64_t self = read_mpidr_el1();
	uint64_t start, i;

	storm.sgis = 0;
	irq_unmask();
	for (i = 0; i < count; i++)
		gic_send_sgi(INTID_SGI_STORM, self);
	start = read_cntvct_el0();
	while (storm.sgis < count && read_cntvct_el0() - start < ms_to_ticks(SETTLE_MS))
		;
	irq_mask();
	con_puts("storm done n=");
	con_dec(count);
	con_puts(" got=");
	con_dec(storm.sgis);
	con_nl();
}

/* The match interrupt latches in RIS and stays until RTCICR: aim MR at the current second. */
static bool rtc_assert(void)
{
	unsigned i;

	for (i = 0; i < RTC_MATCH_TRIES; i++) {
		mmio_write32(GUEST_RTC_BASE + RTC_MR, mmio_read32(GUEST_RTC_BASE + RTC_DR));
		if (mmio_read32(GUEST_RTC_BASE + RTC_RIS) & RTC_INT)
			return true;
	}
	return false;
}

static void rtc_quiesce(void)
{
	mmio_write32(GUEST_RTC_BASE + RTC_IMSC, 0);
	mmio_write32(GUEST_RTC_BASE + RTC_ICR, RTC_INT);
	irq_line_off(INTID_RTC);
}

static void storm_rtc(uint64_t ms)
{
	struct probe_fault f;
	uint32_t unused;
	uint64_t end;

	/* Probe first: a VM the RTC is not assigned to gets an abort reply, not a crash. */
	if (!probe_read32(GUEST_RTC_BASE + RTC_DR, &unused, &f)) {
		con_puts("abort storm rtc");
		print_fault(&f);
		return;
	}
	storm.rtc = 0;
	storm.rtc_deadline = read_cntvct_el0() + ms_to_ticks(ms);
	storm.rtc_running = true;
	irq_line_on(INTID_RTC);
	mmio_write32(GUEST_RTC_BASE + RTC_IMSC, RTC_INT);
	if (rtc_assert()) {
		irq_unmask();
		end = storm.rtc_deadline;
		while (storm.rtc_running && read_cntvct_el0() < end)
			;
		irq_mask();
	}
	storm.rtc_running = false;
	rtc_quiesce();
	con_puts("storm done rtc=");
	con_dec(storm.rtc);
	con_nl();
}

bool cmd_storm(const struct cmd_args *a)
{
	uint64_t v;

	if (!parse_count(a->argv[1], &v))
		return false;
	if (streq(a->argv[0], "sgi")) {
		if (irq_require())
			storm_sgi(v);
		return true;
	}
	if (streq(a->argv[0], "rtc") && v > 0 && v <= HB_MAX_MS) {
		if (irq_require())
			storm_rtc(v);
		return true;
	}
	return false;
}
