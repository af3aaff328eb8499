/* SPDX-License-Identifier: MIT */
/*
 * Memory commands: 32-bit load/store/branch probes on any address (by name or
 * hex), abort floods, and the RAM mark the scrub-on-reset tests look for.
 */
#include "cmd.h"
#include "console.h"
#include "cpus.h"
#include "guest.h"
#include "probes.h"

#define MARK_BASE (GUEST_RAM_BASE + GUEST_RAM_SIZE - GUEST_MARK_SIZE)

struct named_addr {
	const char *name;
	uint64_t addr;
};

#define NAMED_ADDR(n, a) {#n, (uint64_t)(a)},
static const struct named_addr probe_names[] = {TP_PROBES(NAMED_ADDR)};

bool parse_addr(const char *s, uint64_t *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(probe_names); i++) {
		if (streq(probe_names[i].name, s)) {
			*out = probe_names[i].addr;
			return true;
		}
	}
	return parse_hex(s, out);
}

static void print_op(const char *what, const char *op, uint64_t addr)
{
	con_puts(what);
	con_putc(' ');
	con_puts(op);
	con_putc(' ');
	con_hex(addr);
}

static void report_value(const char *op, uint64_t addr, bool ok, uint64_t val, const struct probe_fault *f)
{
	print_op(ok ? "ok" : "abort", op, addr);
	if (!ok) {
		print_fault(f);
		return;
	}
	con_puts(" = ");
	con_hex(val);
	con_nl();
}

static void report_write(uint64_t addr, bool ok, const struct probe_fault *f)
{
	print_op(ok ? "ok" : "abort", "w", addr);
	if (!ok) {
		print_fault(f);
		return;
	}
	con_nl();
}

bool cmd_r(const struct cmd_args *a)
{
	struct probe_fault f;
	uint64_t addr;
	uint32_t val = 0;
	bool ok;

	if (!parse_addr(a->argv[0], &addr))
		return false;
	ok = probe_read32(addr, &val, &f);
	report_value("r", addr, ok, val, &f);
	return true;
}

bool cmd_w(const struct cmd_args *a)
{
	struct probe_fault f;
	uint64_t addr, val;

	if (!parse_addr(a->argv[0], &addr) || !parse_hex(a->argv[1], &val) || val > UINT32_MAX)
		return false;
	report_write(addr, probe_write32(addr, (uint32_t)val, &f), &f);
	return true;
}

bool cmd_x(const struct cmd_args *a)
{
	struct probe_fault f;
	uint64_t addr, ret = 0;
	bool ok;

	if (!parse_addr(a->argv[0], &addr))
		return false;
	ok = probe_call(addr, &ret, &f);
	report_value("x", addr, ok, ret, &f);
	return true;
}

/* Read, then write back what was read (0 if the read aborted): both directions of one address. */
bool cmd_probe(const struct cmd_args *a)
{
	struct probe_fault f;
	uint64_t addr;
	uint32_t val = 0;
	bool ok;

	if (!parse_addr(a->argv[0], &addr))
		return false;
	ok = probe_read32(addr, &val, &f);
	report_value("r", addr, ok, val, &f);
	if (!ok)
		val = 0;
	report_write(addr, probe_write32(addr, val, &f), &f);
	return true;
}

bool cmd_flood(const struct cmd_args *a)
{
	struct probe_fault f;
	uint64_t addr, count, i, aborts = 0;
	uint32_t val;

	if (!parse_addr(a->argv[0], &addr) || !parse_count(a->argv[1], &count))
		return false;
	for (i = 0; i < count; i++) {
		if (!probe_read32(addr, &val, &f))
			aborts++;
	}
	con_puts("flood done n=");
	con_dec(count);
	con_puts(" aborts=");
	con_dec(aborts);
	con_nl();
	return true;
}

static uint64_t mark_pattern(uint64_t v)
{
	return v | (v << 32);
}

bool cmd_mark(const struct cmd_args *a)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)MARK_BASE;
	uint64_t v, i;

	if (!parse_hex(a->argv[0], &v) || v > UINT32_MAX)
		return false;
	v = mark_pattern(v);
	for (i = 0; i < GUEST_MARK_SIZE / sizeof(*p); i++)
		p[i] = v;
	con_puts("ok mark");
	con_nl();
	return true;
}

bool cmd_check(const struct cmd_args *a)
{
	const volatile uint64_t *p = (const volatile uint64_t *)(uintptr_t)MARK_BASE;
	uint64_t v, i;

	if (!parse_hex(a->argv[0], &v) || v > UINT32_MAX)
		return false;
	v = mark_pattern(v);
	for (i = 0; i < GUEST_MARK_SIZE / sizeof(*p); i++) {
		if (p[i] != v)
			break;
	}
	con_puts(i == GUEST_MARK_SIZE / sizeof(*p) ? "mark present" : "mark absent");
	con_nl();
	return true;
}

/* Where things are, so a test can aim cpuon_raw at the real entry point or x at own RAM. */
bool cmd_info(const struct cmd_args *a)
{
	(void)a;
	con_puts("info name=" GUEST_NAME " ram=");
	con_hex(GUEST_RAM_BASE);
	con_puts(" size=");
	con_hex(GUEST_RAM_SIZE);
	con_puts(" mark=");
	con_hex(MARK_BASE);
	con_puts(" entry2=");
	con_hex(cpus_entry_point());
	con_nl();
	return true;
}
