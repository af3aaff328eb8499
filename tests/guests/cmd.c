/* SPDX-License-Identifier: MIT */
/*
 * Console command loop: assemble a line from received bytes (no echo, bounded
 * buffer), split it into words and dispatch through one table. Nothing a line
 * contains can do more than produce an `error` reply.
 */
#include "cmd.h"
#include "cmd_bench.h"
#include "console.h"
#include "guest.h"
#include "idle.h"
#include "irq.h"

#define LINE_MAX 128

struct command {
	const char *name;
	bool (*run)(const struct cmd_args *a);
	unsigned min_args;
	unsigned max_args;
	const char *usage;
};

static bool cmd_help(const struct cmd_args *a);

static const struct command commands[] = {
	{"r", cmd_r, 1, 1, "r <addr>"},
	{"w", cmd_w, 2, 2, "w <addr> <val>"},
	{"x", cmd_x, 1, 1, "x <addr>"},
	{"probe", cmd_probe, 1, 1, "probe <addr>"},
	{"flood", cmd_flood, 2, 2, "flood <addr> <count>"},
	{"mark", cmd_mark, 1, 1, "mark <hex32>"},
	{"check", cmd_check, 1, 1, "check <hex32>"},
	{"hvc", cmd_hvc, 1, 4, "hvc <x0> [x1 [x2 [x3]]]"},
	{"smc", cmd_smc, 1, 4, "smc <x0> [x1 [x2 [x3]]]"},
	{"cpuon", cmd_cpuon, 1, 1, "cpuon <mpidr>"},
	{"cpuon_raw", cmd_cpuon_raw, 3, 3, "cpuon_raw <mpidr> <entry> <ctx>"},
	{"off", cmd_off, 0, 0, "off"},
	{"reset", cmd_reset, 0, 0, "reset"},
	{"hb", cmd_hb, 1, 2, "hb on <ms> | hb off"},
	{"ticks", cmd_ticks, 0, 0, "ticks"},
	{"sysreg", cmd_sysreg, 1, 1, "sysreg <name>"},
	{"info", cmd_info, 0, 0, "info"},
	{"irq", cmd_irq, 1, 1, "irq on | irq off"},
	{"timer", cmd_timer, 1, 2, "timer <hz> <ms> | timer bg <hz> | timer stat | timer off"},
	{"latency", cmd_latency, 1, 2, "latency <samples> [wfi]"},
	{"ipi", cmd_ipi, 1, 1, "ipi <count>"},
	{"sgi", cmd_sgi, 1, 1, "sgi <val>"},
	{"gicd_r", cmd_gicd_r, 1, 1, "gicd_r <off>"},
	{"gicd_w", cmd_gicd_w, 2, 2, "gicd_w <off> <val>"},
	{"gicr_r", cmd_gicr_r, 2, 2, "gicr_r <vcpu> <off>"},
	{"gicr_w", cmd_gicr_w, 3, 3, "gicr_w <vcpu> <off> <val>"},
	{"irqs", cmd_irqs, 0, 1, "irqs [vcpu]"},
	{"storm", cmd_storm, 2, 2, "storm sgi <count> | storm rtc <ms>"},
	{"uartirq", cmd_uartirq, 1, 1, "uartirq on | uartirq off"},
	{"line", cmd_line, 2, 2, "line <intid> on|off"},
	{"chan", cmd_chan, 1, 2, "chan echo on|off | chan ping <n> | chan flood <n> | chan stat"},
	{"attest", cmd_attest, 3, 3, "attest <buf> <size> <nonce: 64 hex>"},
	{"derive", cmd_derive, 3, 3, "derive <buf> <size> <label>"},
	{"hvcbench", cmd_hvcbench, 1, 1, "hvcbench <n>"},
	{"excbench", cmd_excbench, 1, 1, "excbench <n>"},
	{"work", cmd_work, 2, 2, "work <KiB> <passes>"},
	{"help", cmd_help, 0, 0, "help"},
};

static struct {
	char buf[LINE_MAX];
	unsigned len;
	bool overflow; /* the current line is longer than buf: drop it, say so at its end */
} line;

static bool cmd_help(const struct cmd_args *a)
{
	size_t i;

	(void)a;
	con_puts("commands echo");
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		con_putc(' ');
		con_puts(commands[i].name);
	}
	con_nl();
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static char *skip_spaces(char *s)
{
	while (is_space(*s))
		s++;
	return s;
}

/* Cuts the word at s; returns where the next one starts (or the terminator). */
static char *cut_word(char *s)
{
	while (*s != '\0' && !is_space(*s))
		s++;
	if (*s != '\0')
		*s++ = '\0';
	return skip_spaces(s);
}

static bool split_args(char *s, struct cmd_args *a)
{
	a->argc = 0;
	while (*s != '\0') {
		if (a->argc == CMD_MAX_ARGS)
			return false;
		a->argv[a->argc++] = s;
		s = cut_word(s);
	}
	return true;
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (streq(commands[i].name, name))
			return &commands[i];
	}
	return NULL;
}

static void run_command(const struct command *c, char *rest)
{
	struct cmd_args a;

	if (split_args(rest, &a) && a.argc >= c->min_args && a.argc <= c->max_args && c->run(&a))
		return;
	con_puts("error usage ");
	con_puts(c->usage);
	con_nl();
}

/* `echo` takes the rest of the line verbatim, so it is not a table entry. */
static void run_echo(const char *rest)
{
	con_puts("echo");
	if (*rest != '\0') {
		con_putc(' ');
		con_puts(rest);
	}
	con_nl();
}

static void run_line(char *s)
{
	const struct command *c;
	char *rest;

	s = skip_spaces(s);
	if (*s == '\0')
		return;
	rest = cut_word(s);
	if (streq(s, "echo")) {
		run_echo(rest);
		return;
	}
	c = find_command(s);
	if (c == NULL) {
		con_puts("error unknown command");
		con_nl();
		return;
	}
	run_command(c, rest);
}

static void end_line(void)
{
	if (line.overflow) {
		con_puts("error line too long");
		con_nl();
	} else {
		while (line.len > 0 && is_space(line.buf[line.len - 1]))
			line.len--;
		line.buf[line.len] = '\0';
		run_line(line.buf);
	}
	line.len = 0;
	line.overflow = false;
}

static void feed(int c)
{
	if (c == '\r' || c == '\n') {
		end_line();
		return;
	}
	/* Printable ASCII only: control bytes never reach a command. */
	if (c < 0x20 || c > 0x7e)
		return;
	if (line.len >= LINE_MAX - 1) {
		line.overflow = true;
		return;
	}
	line.buf[line.len++] = (char)c;
}

/* Interrupts are taken only while waiting for input (irq.h): commands run with them masked. */
void cmd_loop(void)
{
	for (;;) {
		int c;

		irq_window_open();
		while ((c = con_getc()) < 0) {
			idle_background();
			idle_wait();
		}
		irq_window_close();
		feed(c);
	}
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool parse_hex(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	unsigned n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s != '\0'; s++, n++) {
		int d = hex_digit(*s);

		/* Reject rather than truncate: a 17th digit would silently drop the top one. */
		if (d < 0 || n == 16)
			return false;
		v = (v << 4) | (uint64_t)d;
	}
	if (n == 0)
		return false;
	*out = v;
	return true;
}

bool parse_count(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_hex(s, out);
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		uint64_t d;

		if (*s < '0' || *s > '9')
			return false;
		d = (uint64_t)(*s - '0');
		/* Reject rather than wrap. */
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

void print_fault(const struct probe_fault *f)
{
	con_puts(" ec=");
	con_hex2(f->ec);
	con_puts(" esr=");
	con_hex(f->esr);
	con_puts(" far=");
	con_hex(f->far);
	con_nl();
}
