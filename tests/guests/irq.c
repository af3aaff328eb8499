/* SPDX-License-Identifier: MIT */
/*
 * IRQ dispatch and per-vCPU counters. One table names every INTID the guest
 * gives a meaning to; it drives both the dispatch and the `irqs` reply. The
 * boot vCPU sets up the distributor and itself at boot; secondaries set up
 * themselves when they start, provided the boot vCPU found a GIC.
 */
#include "console.h"
#include "guest.h"
#include "irq.h"

struct irq_source {
	const char *name;
	uint32_t intid;
	void (*handle)(uint64_t now);
};

/* `irqs` prints these in this order (README.md), between `spurious` and `other`. */
/* clang-format off */
static const struct irq_source sources[] = {
	{"sgi0", INTID_SGI_PLAIN, NULL},
	{"sgi1", INTID_SGI_PING, ipi_on_ping},
	{"sgi2", INTID_SGI_PONG, ipi_on_pong},
	{"sgi3", INTID_SGI_STORM, storm_on_sgi},
	{"timer", INTID_VTIMER, vtimer_on_irq},
	{"uart", INTID_UART, con_on_rx_irq},
	{"rtc", INTID_RTC, storm_on_rtc},
	{"nic", INTID_NIC, NULL},
	{"chan", INTID_CHAN, chan_on_doorbell},
};
/* clang-format on */
#define NUM_SOURCES (sizeof(sources) / sizeof(sources[0]))

/* Written only by the vCPU they belong to (by Aff0), read by the boot vCPU for `irqs`. */
struct irq_counts {
	uint64_t total; /* IRQ exceptions taken: spurious + the sources + other */
	uint64_t spurious;
	uint64_t other;
	uint64_t source[NUM_SOURCES];
};

static volatile struct irq_counts counts[GUEST_MAX_CPUS];

/* Boot vCPU's view: whether the GIC is set up (secondaries read it) and whether its waits unmask. */
static volatile enum gic_status boot_status = GIC_ABSENT;
static bool turned_on;

/* The SGIs every vCPU takes. */
static void enable_sgis(uint64_t cpu)
{
	uint32_t i;

	for (i = 0; i < GUEST_NUM_SGIS; i++) {
		gic_set_priority(i, cpu, GIC_PRIO_DEFAULT);
		gic_enable(i, cpu);
	}
}

static enum gic_status boot_setup(struct probe_fault *fault)
{
	enum gic_status s = gic_dist_init(fault);

	if (s == GIC_OK)
		s = gic_cpu_init(this_cpu());
	if (s == GIC_OK)
		enable_sgis(this_cpu());
	return s;
}

void irq_boot_init(void)
{
	struct probe_fault unused;

	boot_status = boot_setup(&unused);
	dmb_sy();
}

bool irq_secondary_init(uint64_t cpu)
{
	dmb_sy();
	if (boot_status != GIC_OK || gic_cpu_init(cpu) != GIC_OK)
		return false;
	enable_sgis(cpu);
	return true;
}

void irq_secondary_idle(void)
{
	/* No spinning: WFI until an interrupt, handle it, sleep again. */
	irq_unmask();
	for (;;)
		wfi();
}

enum gic_status irq_turn_on(struct probe_fault *fault)
{
	if (boot_status != GIC_OK) {
		boot_status = boot_setup(fault);
		dmb_sy();
	}
	turned_on = boot_status == GIC_OK;
	return boot_status;
}

void irq_turn_off(void)
{
	turned_on = false;
}

bool irq_is_on(void)
{
	return turned_on;
}

bool irq_require(void)
{
	struct probe_fault unused;
	enum gic_status s = irq_turn_on(&unused);

	if (s == GIC_OK)
		return true;
	con_puts("error irq ");
	con_puts(gic_status_name(s));
	con_nl();
	return false;
}

void irq_window_open(void)
{
	if (turned_on)
		irq_unmask();
}

void irq_window_close(void)
{
	irq_mask();
}

void irq_line_on(uint32_t intid)
{
	uint64_t cpu = this_cpu();

	gic_set_group1(intid, cpu);
	gic_set_priority(intid, cpu, GIC_PRIO_DEFAULT);
	gic_set_route(intid, read_mpidr_el1());
	gic_enable(intid, cpu);
}

void irq_line_off(uint32_t intid)
{
	gic_disable(intid, this_cpu());
}

static const struct irq_source *find_source(uint32_t intid, size_t *index)
{
	size_t i;

	for (i = 0; i < NUM_SOURCES; i++) {
		if (sources[i].intid == intid) {
			*index = i;
			return &sources[i];
		}
	}
	return NULL;
}

void irq_handle(void)
{
	uint64_t now = read_cntvct_el0();
	volatile struct irq_counts *c = &counts[this_cpu() % GUEST_MAX_CPUS]; /* only Aff0 < 8 have a stack */
	uint32_t intid = gic_ack();
	const struct irq_source *src;
	size_t i = 0;

	c->total++;
	/* 1020-1023 (special INTIDs) acknowledge nothing, so there is nothing to EOI. */
	if (intid >= GIC_SPECIAL_MIN) {
		if (intid == GIC_SPURIOUS)
			c->spurious++;
		else
			c->other++;
		return;
	}
	src = find_source(intid, &i);
	if (src == NULL) {
		c->other++;
	} else {
		c->source[i]++;
		if (src->handle != NULL)
			src->handle(now);
	}
	gic_eoi(intid);
}

static struct irq_counts sum_counts(uint64_t cpu)
{
	struct irq_counts s;
	uint64_t c;
	size_t i;

	memset(&s, 0, sizeof(s));
	for (c = 0; c < GUEST_MAX_CPUS; c++) {
		if (cpu < GUEST_MAX_CPUS && c != cpu)
			continue;
		s.total += counts[c].total;
		s.spurious += counts[c].spurious;
		s.other += counts[c].other;
		for (i = 0; i < NUM_SOURCES; i++)
			s.source[i] += counts[c].source[i];
	}
	return s;
}

void irq_print_counts(uint64_t cpu)
{
	struct irq_counts s = sum_counts(cpu);
	size_t i;

	con_puts("irqs");
	con_field("total", s.total);
	con_field("spurious", s.spurious);
	for (i = 0; i < NUM_SOURCES; i++)
		con_field(sources[i].name, s.source[i]);
	con_field("other", s.other);
	con_nl();
}
