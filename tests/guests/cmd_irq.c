/* SPDX-License-Identifier: MIT */
/*
 * Interrupt commands: turning interrupts on and off, the vCPU 0 <-> vCPU 1 SGI
 * ping-pong, raw SGI generation, raw 32-bit accesses to the (v)GIC's registers,
 * the counters, and the console's receive interrupt.
 */
#include "cmd.h"
#include "console.h"
#include "cpus.h"
#include "guest.h"
#include "irq.h"
#include "vtimer.h"

#define IPI_TARGET     1U   /* the vCPU `ipi` pings */
#define IPI_TIMEOUT_MS 100U /* per round trip; the first miss ends the run */
#define CNTFRQ_MASK    ULL(0xffffffff)
#define MAX_VCPU       ULL(0xff) /* `gicr_*` accept frames beyond the VM's vCPUs, up to Aff0's range */

static volatile uint64_t pongs; /* SGI 2 handled, on whichever vCPU */

static void reply(const char *s)
{
	con_puts(s);
	con_nl();
}

/* Secondary: answer the boot vCPU, whoever pinged. */
void ipi_on_ping(uint64_t now)
{
	(void)now;
	gic_send_sgi(INTID_SGI_PONG, guest_boot_mpidr);
}

void ipi_on_pong(uint64_t now)
{
	(void)now;
	pongs = pongs + 1;
}

bool cmd_irq(const struct cmd_args *a)
{
	struct probe_fault f;
	enum gic_status s;

	if (streq(a->argv[0], "off")) {
		/* The UART's interrupt could no longer be taken: go back to polling it. */
		if (con_rx_irq_mode())
			con_set_rx_irq(false);
		irq_turn_off();
		reply("ok irq off");
		return true;
	}
	if (!streq(a->argv[0], "on"))
		return false;
	s = irq_turn_on(&f);
	if (s == GIC_ABSENT) {
		con_puts("abort irq on");
		print_fault(&f);
	} else if (s != GIC_OK) {
		con_puts("error irq ");
		reply(gic_status_name(s));
	} else {
		reply("ok irq on");
	}
	return true;
}

/*
 * One round trip: false if the answer does not come within IPI_TIMEOUT_MS. The
 * wait is a WFI (IRQs masked around it, so the answer cannot slip in between the
 * check and the sleep) bounded by a timer wake-up: a vCPU that spins instead can
 * keep a single-threaded emulator (QEMU -icount) from ever running vCPU 1.
 */
static bool ping(uint64_t target, uint64_t limit)
{
	uint64_t before = pongs;
	uint64_t start = read_cntvct_el0();
	bool ok = true;

	gic_send_sgi(INTID_SGI_PING, target);
	while (pongs == before) {
		if (read_cntvct_el0() - start > limit) {
			ok = false;
			break;
		}
		vtimer_arm_wake(start + limit + 1);
		wfi();
		irq_unmask();
		irq_mask();
	}
	vtimer_cancel_wake();
	return ok;
}

bool cmd_ipi(const struct cmd_args *a)
{
	uint64_t count, i, ok = 0;
	uint64_t target = (guest_boot_mpidr & ~MPIDR_AFF0_MASK) | IPI_TARGET;
	uint64_t limit = (read_cntfrq_el0() & CNTFRQ_MASK) * IPI_TIMEOUT_MS / 1000;

	if (!parse_count(a->argv[0], &count))
		return false;
	if (!cpus_irq_ready(IPI_TARGET)) {
		reply("error ipi vcpu 1 not up");
		return true;
	}
	if (!irq_require())
		return true;
	for (i = 0; i < count && ping(target, limit); i++)
		ok++;
	con_puts("ipi done n=");
	con_dec(count);
	con_puts(" ok=");
	con_dec(ok);
	con_nl();
	return true;
}

bool cmd_sgi(const struct cmd_args *a)
{
	struct probe_fault f;
	uint64_t val, unused;

	if (!parse_hex(a->argv[0], &val))
		return false;
	if (!probe_fn(sr_sgi1r_write, val, &unused, &f)) {
		con_puts("abort sgi");
		print_fault(&f);
		return true;
	}
	reply("ok sgi");
	return true;
}

/* `<ok|abort> <op> [<vcpu>] <off>`, then ` = <val>` after a read, or the fault. */
static void report_access(const char *op, const uint64_t *vcpu, uint64_t off, bool ok, const uint32_t *val,
			  const struct probe_fault *f)
{
	con_puts(ok ? "ok " : "abort ");
	con_puts(op);
	if (vcpu != NULL) {
		con_putc(' ');
		con_dec(*vcpu);
	}
	con_putc(' ');
	con_hex(off);
	if (!ok) {
		print_fault(f);
		return;
	}
	if (val != NULL) {
		con_puts(" = ");
		con_hex(*val);
	}
	con_nl();
}

static void raw_read(const char *op, const uint64_t *vcpu, uint64_t off, uint64_t addr)
{
	struct probe_fault f;
	uint32_t val = 0;
	bool ok = probe_read32(addr, &val, &f);

	report_access(op, vcpu, off, ok, &val, &f);
}

static void raw_write(const char *op, const uint64_t *vcpu, uint64_t off, uint64_t addr, uint32_t val)
{
	struct probe_fault f;
	bool ok = probe_write32(addr, val, &f);

	report_access(op, vcpu, off, ok, NULL, &f);
}

static bool parse_val32(const char *s, uint32_t *out)
{
	uint64_t v;

	if (!parse_hex(s, &v) || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

bool cmd_gicd_r(const struct cmd_args *a)
{
	uint64_t off;

	if (!parse_hex(a->argv[0], &off) || off >= GICD_SIZE)
		return false;
	raw_read("gicd_r", NULL, off, gic_dist_addr(off));
	return true;
}

bool cmd_gicd_w(const struct cmd_args *a)
{
	uint64_t off;
	uint32_t val;

	if (!parse_hex(a->argv[0], &off) || off >= GICD_SIZE || !parse_val32(a->argv[1], &val))
		return false;
	raw_write("gicd_w", NULL, off, gic_dist_addr(off), val);
	return true;
}

static bool parse_redist(const struct cmd_args *a, uint64_t *vcpu, uint64_t *off)
{
	return parse_count(a->argv[0], vcpu) && *vcpu <= MAX_VCPU && parse_hex(a->argv[1], off) && *off < GICR_STRIDE;
}

bool cmd_gicr_r(const struct cmd_args *a)
{
	uint64_t vcpu, off;

	if (!parse_redist(a, &vcpu, &off))
		return false;
	raw_read("gicr_r", &vcpu, off, gic_redist_addr(vcpu, off));
	return true;
}

bool cmd_gicr_w(const struct cmd_args *a)
{
	uint64_t vcpu, off;
	uint32_t val;

	if (!parse_redist(a, &vcpu, &off) || !parse_val32(a->argv[2], &val))
		return false;
	raw_write("gicr_w", &vcpu, off, gic_redist_addr(vcpu, off), val);
	return true;
}

bool cmd_irqs(const struct cmd_args *a)
{
	uint64_t cpu = GUEST_MAX_CPUS;

	if (a->argc == 1 && (!parse_count(a->argv[0], &cpu) || cpu >= GUEST_MAX_CPUS))
		return false;
	irq_print_counts(cpu);
	return true;
}

/* Any interrupt there can be: 1020 and up are special INTIDs (GICv3 §2.2.1). */
static bool parse_line(const char *s, uint32_t *intid)
{
	uint64_t v;

	if (!parse_count(s, &v) || v >= GIC_SPECIAL_MIN)
		return false;
	*intid = (uint32_t)v;
	return true;
}

bool cmd_line(const struct cmd_args *a)
{
	uint32_t intid;
	bool on = streq(a->argv[1], "on");

	if (!parse_line(a->argv[0], &intid) || (!on && !streq(a->argv[1], "off")))
		return false;
	if (!irq_require())
		return true;
	if (on)
		irq_line_on(intid);
	else
		irq_line_off(intid);
	con_puts("ok line ");
	con_dec(intid);
	reply(on ? " on" : " off");
	return true;
}

bool cmd_uartirq(const struct cmd_args *a)
{
	if (streq(a->argv[0], "off")) {
		if (con_rx_irq_mode())
			con_set_rx_irq(false);
		reply("ok uartirq off");
		return true;
	}
	if (!streq(a->argv[0], "on"))
		return false;
	if (!irq_require())
		return true;
	if (!con_rx_irq_mode())
		con_set_rx_irq(true);
	reply("ok uartirq on");
	return true;
}
