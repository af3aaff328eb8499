// SPDX-License-Identifier: MIT
/* Unit tests for the console multiplexer (hyp/core/console.c): tagging, splitting, sanitising, rate limit, escapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <console.h>
#include <lib.h>

#define VPN  0U
#define APPS 1U
#define HYP  CONSOLE_SRC_HYP

static char wire[16384];
static size_t wire_len;
static size_t calls;
static size_t longest_call;

static void capture(void *ctx, const char *s, size_t n)
{
	assert_ptr_equal(ctx, wire);
	assert_true(n > 0);
	assert_true(wire_len + n < sizeof(wire));
	memcpy(wire + wire_len, s, n);
	wire_len += n;
	wire[wire_len] = '\0';
	calls++;
	if (n > longest_call) {
		longest_call = n;
	}
}

static const char *const names[] = {"vpn", "apps"};
static struct console con;

static struct console_config config(void)
{
	struct console_config cfg = {
		.hyp_name = "shoji",
		.vm_names = names,
		.num_vms = 2,
		.out = capture,
		.out_ctx = wire,
	};
	return cfg;
}

static void clear_wire(void)
{
	wire_len = 0;
	wire[0] = '\0';
	calls = 0;
	longest_call = 0;
}

static int setup(void **state)
{
	struct console_config cfg = config();

	(void)state;
	clear_wire();
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
	return 0;
}

static void put(unsigned int src, const char *s)
{
	console_write(&con, src, s, strlen(s), 0);
}

static void repeat(unsigned int src, char ch, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		console_putc(&con, src, (uint8_t)ch, 0);
	}
}

/* The expected wire text, built piece by piece. */
static char want[4096];
static size_t want_len;

static void want_reset(void)
{
	want_len = 0;
	want[0] = '\0';
}

static void want_str(const char *s)
{
	size_t n = strlen(s);

	assert_true(want_len + n < sizeof(want));
	memcpy(want + want_len, s, n + 1);
	want_len += n;
}

static void want_rep(char ch, size_t n)
{
	assert_true(want_len + n < sizeof(want));
	memset(want + want_len, ch, n);
	want_len += n;
	want[want_len] = '\0';
}

/* ---- output ---- */

static void tags_each_line(void **state)
{
	(void)state;
	put(VPN, "hello\n");
	assert_string_equal(wire, "[vpn] hello\r\n");
	assert_int_equal(calls, 1); /* a whole line in one call: nothing can land inside it */
	put(APPS, "one\ntwo\n");
	put(HYP, "up\n");
	assert_string_equal(wire, "[vpn] hello\r\n[apps] one\r\n[apps] two\r\n[shoji] up\r\n");
	/* An empty line is still a tagged line. */
	clear_wire();
	put(APPS, "\n");
	assert_string_equal(wire, "[apps] \r\n");
}

static void nothing_until_newline(void **state)
{
	(void)state;
	put(VPN, "no newline yet");
	assert_int_equal(wire_len, 0);
	assert_true(console_pending(&con, VPN));
	assert_false(console_pending(&con, APPS));
	put(VPN, "\n");
	assert_string_equal(wire, "[vpn] no newline yet\r\n");
	assert_false(console_pending(&con, VPN));
}

static void carriage_return_dropped(void **state)
{
	(void)state;
	put(VPN, "a\r\nb\rc\n\r");
	/* A bare '\r' cannot send the cursor back over the tag. */
	assert_string_equal(wire, "[vpn] a\r\n[vpn] bc\r\n");
	assert_false(console_pending(&con, VPN));
}

static void long_lines_split_never_lost(void **state)
{
	(void)state;
	/* Exactly CONSOLE_LINE_MAX: one line, no empty line after it. */
	repeat(APPS, 'x', CONSOLE_LINE_MAX);
	assert_int_equal(wire_len, 0);
	put(APPS, "\n");
	assert_int_equal(wire_len, 7 + CONSOLE_LINE_MAX + 2);
	assert_int_equal(calls, 1);
	/* One more byte: the overflow starts a new tagged line. */
	clear_wire();
	repeat(APPS, 'y', CONSOLE_LINE_MAX + 1);
	put(APPS, "\n");
	want_reset();
	want_str("[apps] ");
	want_rep('y', CONSOLE_LINE_MAX);
	want_str("\r\n[apps] y\r\n");
	assert_string_equal(wire, want);
	/* Three and a half lines' worth: every byte arrives, no call exceeds the bound. */
	clear_wire();
	repeat(VPN, 'z', 3 * CONSOLE_LINE_MAX + 80);
	put(VPN, "\n");
	assert_int_equal(calls, 4);
	assert_int_equal(wire_len, 4 * (6 + 2) + 3 * CONSOLE_LINE_MAX + 80);
	assert_true(longest_call <= CONSOLE_OUT_MAX);
}

static void sources_never_share_a_line(void **state)
{
	(void)state;
	put(VPN, "abc");
	put(APPS, "12");
	put(HYP, "booted\n");
	put(APPS, "3\n");
	put(VPN, "def\n");
	assert_string_equal(wire, "[shoji] booted\r\n[apps] 123\r\n[vpn] abcdef\r\n");
}

static void cursor_position_query_dropped(void **state)
{
	(void)state;
	/* busybox's prompt: the query vanishes, the line reads as typed. */
	put(APPS, "apps:/# \x1b[6nls\n");
	assert_string_equal(wire, "[apps] apps:/# ls\r\n");
	clear_wire();
	/* Near misses are shown in full, in order; a second ESC restarts the match. */
	put(APPS, "\x1b[6x \x1b[5n \x1b\x1b[6n.\x1b\n");
	assert_string_equal(wire, "[apps] ^[[6x ^[[5n ^[.^[\r\n");
	clear_wire();
	/* Split across calls, and per source: vpn's half-query does not swallow apps' bytes. */
	put(VPN, "\x1b[");
	put(APPS, "6n\n");
	put(VPN, "6nok\n");
	assert_string_equal(wire, "[apps] 6n\r\n[vpn] ok\r\n");
}

static void control_bytes_sanitised(void **state)
{
	(void)state;
	/* Clear screen, cursor home, a fake tag, colour: all inert. */
	put(APPS, "\x1b[2J\x1b[H[vpn] password:\x1b[0m\n");
	assert_string_equal(wire, "[apps] ^[[2J^[[H[vpn] password:^[[0m\r\n");
	clear_wire();
	put(APPS, "\a\b\x7f\t|");
	console_putc(&con, APPS, 0x00, 0);
	console_putc(&con, APPS, 0x1f, 0);
	console_putc(&con, APPS, 0x9b, 0); /* 8-bit CSI */
	console_putc(&con, APPS, 0x80, 0);
	console_putc(&con, APPS, 0xff, 0);
	console_putc(&con, APPS, 0xc3, 0); /* UTF-8 is not vetted: replaced */
	console_putc(&con, APPS, 0xa9, 0);
	put(APPS, " ~\n");
	assert_string_equal(wire, "[apps] ^G^H^?\t|^@^_????? ~\r\n");
}

static void caret_pair_never_split(void **state)
{
	(void)state;
	repeat(APPS, 'x', CONSOLE_LINE_MAX - 1);
	console_putc(&con, APPS, 0x1b, 0); /* two bytes, one left: goes to the next line */
	put(APPS, "\n");
	want_reset();
	want_str("[apps] ");
	want_rep('x', CONSOLE_LINE_MAX - 1);
	want_str("\r\n[apps] ^[\r\n");
	assert_string_equal(wire, want);
}

static void invalid_sources_ignored(void **state)
{
	(void)state;
	put(2, "vm 2 does not exist\n"); /* VM_MAX is 4, but this console has 2 VMs */
	put(VM_MAX + 1, "nor this\n");
	put(UINT32_MAX, "nor this\n");
	console_flush(&con, 3, 0);
	assert_int_equal(wire_len, 0);
	assert_false(console_pending(&con, 2));
	assert_null(console_name(&con, 2));
	assert_null(console_name(&con, VM_MAX + 1));
	assert_int_equal(console_dropped(&con, 7), 0);
	assert_string_equal(console_name(&con, APPS), "apps");
	assert_string_equal(console_name(&con, HYP), "shoji");
}

static void flush_shows_a_prompt(void **state)
{
	(void)state;
	console_flush(&con, APPS, 0); /* nothing pending: nothing written */
	assert_int_equal(wire_len, 0);
	put(APPS, "~ # ");
	console_flush(&con, APPS, 0);
	assert_string_equal(wire, "[apps] ~ # ");
	assert_false(console_pending(&con, APPS));
	console_flush(&con, APPS, 0);
	assert_string_equal(wire, "[apps] ~ # ");
	/* The echo continues the open line, untagged. */
	put(APPS, "l");
	console_flush(&con, APPS, 0);
	put(APPS, "s\n");
	assert_string_equal(wire, "[apps] ~ # ls\r\n");
	/* The next line is tagged again. */
	put(APPS, "bin\n");
	assert_string_equal(wire, "[apps] ~ # ls\r\n[apps] bin\r\n");
}

static void others_end_an_open_line(void **state)
{
	(void)state;
	put(APPS, "~ # ");
	console_flush(&con, APPS, 0);
	put(VPN, "tunnel up\n");
	put(APPS, "ls\n");
	assert_string_equal(wire, "[apps] ~ # \r\n[vpn] tunnel up\r\n[apps] ls\r\n");
	/* A flush of another source ends the open line too. */
	clear_wire();
	put(APPS, "a");
	console_flush(&con, APPS, 0);
	put(HYP, "b");
	console_flush(&con, HYP, 0);
	put(APPS, "c\n");
	assert_string_equal(wire, "[apps] a\r\n[shoji] b\r\n[apps] c\r\n");
	/* The hypervisor's open line is ended the same way. */
	put(HYP, "\n");
	assert_string_equal(wire, "[apps] a\r\n[shoji] b\r\n[apps] c\r\n[shoji] \r\n");
}

static void flushed_text_counts_toward_the_line(void **state)
{
	(void)state;
	repeat(APPS, 'x', 100);
	console_flush(&con, APPS, 0);
	repeat(APPS, 'y', CONSOLE_LINE_MAX - 100);
	assert_int_equal(wire_len, 7 + 100);
	console_putc(&con, APPS, 'z', 0);
	/* 160 text bytes on the terminal line, then the split; 'z' waits on a new line. */
	assert_int_equal(wire_len, 7 + CONSOLE_LINE_MAX + 2);
	assert_memory_equal(wire + wire_len - 3, "y\r\n", 3);
	put(APPS, "\n");
	assert_string_equal(wire + 7 + CONSOLE_LINE_MAX + 2, "[apps] z\r\n");
	/* Split while the open line has no pending text: just the line end. */
	clear_wire();
	repeat(VPN, 'v', CONSOLE_LINE_MAX);
	console_flush(&con, VPN, 0);
	console_putc(&con, VPN, 'w', 0);
	put(VPN, "\n");
	assert_int_equal(wire_len, 6 + CONSOLE_LINE_MAX + 2 + 9);
	assert_string_equal(wire + 6 + CONSOLE_LINE_MAX, "\r\n[vpn] w\r\n");
}

static void repeated_flushes_accumulate(void **state)
{
	(void)state;
	/* Two flushes of one terminal line: 100 + 50 bytes, so 10 more fill it. */
	repeat(APPS, 'a', 100);
	console_flush(&con, APPS, 0);
	repeat(APPS, 'b', 50);
	console_flush(&con, APPS, 0);
	repeat(APPS, 'c', 10);
	assert_int_equal(wire_len, 7 + 150);
	console_putc(&con, APPS, 'd', 0);
	want_reset();
	want_str("[apps] ");
	want_rep('a', 100);
	want_rep('b', 50);
	want_rep('c', 10);
	want_str("\r\n");
	assert_string_equal(wire, want);
}

static void an_ended_line_starts_afresh(void **state)
{
	(void)state;
	/* APPS's open line is ended by the VPN; APPS's next line has the whole width again. */
	repeat(APPS, 'a', 100);
	console_flush(&con, APPS, 0);
	put(VPN, "v\n");
	clear_wire();
	repeat(APPS, 'b', CONSOLE_LINE_MAX);
	put(APPS, "\n");
	want_reset();
	want_str("[apps] ");
	want_rep('b', CONSOLE_LINE_MAX);
	want_str("\r\n");
	assert_string_equal(wire, want);
}

/* ---- rate limit ---- */

static void rate_limit_drops_whole_lines_and_says_so(void **state)
{
	struct console_config cfg = config();
	char line[64];
	uint64_t t = 1000000;

	(void)state;
	cfg.vm_rate = 1000; /* bytes per second */
	cfg.vm_burst = 200;
	cfg.ticks_per_sec = 1000000;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);

	/* "[apps] " + 41 + "\r\n" = 50 bytes a line: four fit the 200-byte burst. */
	memset(line, 'a', 41);
	line[41] = '\n';
	line[42] = '\0';
	for (int i = 0; i < 4; i++) {
		console_write(&con, APPS, line, 42, t);
	}
	assert_int_equal(calls, 4);
	console_write(&con, APPS, line, 42, t);
	console_write(&con, APPS, line, 42, t);
	assert_int_equal(calls, 4);
	assert_int_equal(console_dropped(&con, APPS), 2 * 42);
	/* Other sources are unaffected: the VPN has its own bucket, the hypervisor none. */
	console_write(&con, VPN, "vpn line\n", 9, t);
	for (int i = 0; i < 20; i++) {
		console_write(&con, HYP, "hyp line\n", 9, t);
	}
	assert_int_equal(calls, 4 + 1 + 20);
	assert_int_equal(console_dropped(&con, VPN), 0);
	assert_int_equal(console_dropped(&con, HYP), 0);

	/* 49 ms later there are 49 bytes of credit: not enough. 1 ms more is. */
	clear_wire();
	console_write(&con, APPS, line, 42, t + 49000);
	assert_int_equal(wire_len, 0);
	assert_int_equal(console_dropped(&con, APPS), 3 * 42);
	console_write(&con, APPS, "ok\n", 3, t + 49000 + 11000);
	assert_string_equal(wire, "[shoji] console: apps: 126 bytes of output dropped (rate limit)\r\n[apps] ok\r\n");
	/* Reported once; the total stays for the monitor. */
	clear_wire();
	console_write(&con, APPS, "ok\n", 3, t + 10000000);
	assert_string_equal(wire, "[apps] ok\r\n");
	assert_int_equal(console_dropped(&con, APPS), 126);
}

static void rate_limit_refill_is_exact_and_capped(void **state)
{
	struct console_config cfg = config();
	uint64_t t = 5;

	(void)state;
	/* 3 bytes a second on a 7 Hz clock: credit comes in sevenths of a byte. */
	cfg.vm_rate = 3;
	cfg.vm_burst = CONSOLE_OUT_MAX; /* 180 bytes */
	cfg.ticks_per_sec = 7;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
	/* A full line costs 7 + 160 + 2 = 169 bytes; "[apps] ab\r\n" the 11 left. */
	repeat(APPS, 'x', CONSOLE_LINE_MAX);
	console_putc(&con, APPS, '\n', t);
	console_write(&con, APPS, "ab\n", 3, t);
	assert_int_equal(calls, 2);
	/* Empty now: dropped, counted as text plus line end. */
	console_write(&con, APPS, "ab\n", 3, t);
	assert_int_equal(calls, 2);
	assert_int_equal(console_dropped(&con, APPS), 3);
	/* A clock running backwards earns nothing. */
	console_write(&con, APPS, "ab\n", 3, 1);
	assert_int_equal(console_dropped(&con, APPS), 6);
	/* 11 bytes need 11 * 7 / 3 = 25.67 ticks: 25 are not enough, 26 are. */
	console_write(&con, APPS, "ab\n", 3, t + 25);
	assert_int_equal(calls, 2);
	clear_wire();
	console_write(&con, APPS, "ab\n", 3, t + 26);
	assert_string_equal(wire, "[shoji] console: apps: 9 bytes of output dropped (rate limit)\r\n[apps] ab\r\n");
	/* After any time at all the bucket is full, not overflowed: one full line, then drops. */
	clear_wire();
	t = UINT64_MAX - 1;
	for (int i = 0; i < 3; i++) {
		repeat(APPS, 'x', CONSOLE_LINE_MAX);
		console_putc(&con, APPS, '\n', t);
	}
	assert_int_equal(calls, 1);
	assert_int_equal(console_dropped(&con, APPS), 9 + 2 * (CONSOLE_LINE_MAX + 1));
}

static void rate_limit_never_breaks_a_line(void **state)
{
	struct console_config cfg = config();

	(void)state;
	cfg.vm_rate = 1;
	cfg.vm_burst = CONSOLE_OUT_MAX; /* 180 bytes */
	cfg.ticks_per_sec = 1;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
	/* A full line (169 bytes) and a prompt (9) leave 2 bytes of credit. */
	repeat(APPS, 'z', CONSOLE_LINE_MAX);
	put(APPS, "\n");
	clear_wire();
	put(APPS, "~ ");
	console_flush(&con, APPS, 0);
	assert_string_equal(wire, "[apps] ~ ");
	/* More of the open line is dropped: the terminal line stays as it was. */
	put(APPS, "more");
	console_flush(&con, APPS, 0);
	assert_string_equal(wire, "[apps] ~ ");
	/* A dropped line end still ends the terminal line, free of charge. */
	put(APPS, "x\n");
	assert_string_equal(wire, "[apps] ~ \r\n");
	assert_int_equal(console_dropped(&con, APPS), 4 + 2);
	/* Later, the report and the next text start on lines of their own. */
	clear_wire();
	put(APPS, "y");
	console_flush(&con, APPS, 100);
	assert_string_equal(wire, "[shoji] console: apps: 6 bytes of output dropped (rate limit)\r\n[apps] y");

	/* If the report comes while the source's own line is open, that line is ended first. */
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
	repeat(APPS, 'z', CONSOLE_LINE_MAX);
	put(APPS, "\n");
	put(APPS, "ab");
	console_flush(&con, APPS, 0);
	put(APPS, "cde");
	console_flush(&con, APPS, 0);
	clear_wire();
	put(APPS, "r");
	console_flush(&con, APPS, 50);
	assert_string_equal(wire, "\r\n[shoji] console: apps: 3 bytes of output dropped (rate limit)\r\n[apps] r");
}

static void rate_limit_fractional_steps(void **state)
{
	struct console_config cfg = config();
	uint64_t t = 0;

	(void)state;
	/* One byte a second on a 1 kHz clock: every tick earns a thousandth of a byte. */
	cfg.vm_rate = 1;
	cfg.vm_burst = CONSOLE_OUT_MAX;
	cfg.ticks_per_sec = 1000;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
	repeat(APPS, 'x', CONSOLE_LINE_MAX);
	console_putc(&con, APPS, '\n', t);
	console_write(&con, APPS, "ab\n", 3, t);
	assert_int_equal(calls, 2);
	/* Tried on every tick, the 11-byte line goes out at exactly 11 s: no fraction was lost. */
	for (t = 1; t < 11000; t++) {
		console_write(&con, APPS, "ab\n", 3, t);
	}
	assert_int_equal(calls, 2);
	console_write(&con, APPS, "ab\n", 3, t);
	assert_int_equal(calls, 4); /* the drop report, then the line */
	/* Partial flushes are charged and dropped the same way. */
	put(APPS, "prompt");
	console_flush(&con, APPS, t);
	assert_int_equal(calls, 4);
	assert_false(console_pending(&con, APPS));
}

/* ---- input ---- */

static void input_goes_to_focus(void **state)
{
	struct console_action act;

	(void)state;
	assert_int_equal(console_focus(&con), VPN);
	console_input(&con, 'a', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_DELIVER);
	assert_int_equal(act.vm, VPN);
	assert_int_equal(act.byte, 'a');
	assert_null(act.text);
	/* Control bytes other than the escape key are delivered as they are. */
	console_input(&con, 0x03, &act);
	assert_int_equal(act.kind, CONSOLE_ACT_DELIVER);
	assert_int_equal(act.byte, 0x03);
	console_input(&con, 0xff, &act);
	assert_int_equal(act.kind, CONSOLE_ACT_DELIVER);
	assert_int_equal(act.byte, 0xff);
}

static void escape_then(uint8_t ch, struct console_action *act)
{
	console_input(&con, CONSOLE_ESCAPE, act);
	assert_int_equal(act->kind, CONSOLE_ACT_NONE);
	console_input(&con, ch, act);
}

static void escape_commands(void **state)
{
	struct console_action act;

	(void)state;
	escape_then('n', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_FOCUS);
	assert_int_equal(act.vm, APPS);
	assert_int_equal(console_focus(&con), APPS);
	/* The escape is over: the next byte goes to the new focus. */
	console_input(&con, 'x', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_DELIVER);
	assert_int_equal(act.vm, APPS);
	/* 'n' wraps around. */
	escape_then('n', &act);
	assert_int_equal(act.vm, VPN);
	/* Digits pick a VM; a VM that does not exist is a hint, and focus stays. */
	escape_then('1', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_FOCUS);
	assert_int_equal(act.vm, APPS);
	escape_then('0', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_FOCUS);
	assert_int_equal(act.vm, VPN);
	escape_then('2', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_HINT);
	assert_non_null(act.text);
	assert_non_null(strstr(act.text, "no such VM"));
	escape_then('9', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_HINT);
	assert_int_equal(console_focus(&con), VPN);
	/* Ctrl-] twice sends one Ctrl-] to the focused VM. */
	escape_then(CONSOLE_ESCAPE, &act);
	assert_int_equal(act.kind, CONSOLE_ACT_DELIVER);
	assert_int_equal(act.byte, CONSOLE_ESCAPE);
	assert_int_equal(act.vm, VPN);
	/* ... and a third one starts a new escape. */
	console_input(&con, CONSOLE_ESCAPE, &act);
	assert_int_equal(act.kind, CONSOLE_ACT_NONE);
	console_input(&con, 'm', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_MONITOR);
	/* Restart names the focused VM. */
	escape_then('1', &act);
	escape_then('r', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_RESTART);
	assert_int_equal(act.vm, APPS);
	escape_then('h', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_HELP);
	assert_non_null(act.text);
	const char *help = act.text;
	escape_then('?', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_HELP);
	assert_ptr_equal(act.text, help);
	/* Anything else: a hint, nothing delivered, focus unchanged. */
	escape_then('x', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_HINT);
	assert_non_null(strstr(act.text, "Ctrl-] h"));
	escape_then('N', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_HINT);
	escape_then('\r', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_HINT);
	assert_int_equal(console_focus(&con), APPS);
	console_input(&con, 'y', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_DELIVER);
	assert_int_equal(act.vm, APPS);
}

static void one_vm_focus_stays(void **state)
{
	static const char *const one[] = {"solo"};
	struct console_config cfg = config();
	struct console_action act;

	(void)state;
	cfg.vm_names = one;
	cfg.num_vms = 1;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
	escape_then('n', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_FOCUS);
	assert_int_equal(act.vm, 0);
	escape_then('1', &act);
	assert_int_equal(act.kind, CONSOLE_ACT_HINT);
	put(1, "not a source here\n");
	assert_int_equal(wire_len, 0);
}

static void help_text_prints_as_hyp_lines(void **state)
{
	struct console_action act;

	(void)state;
	escape_then('h', &act);
	put(HYP, act.text);
	/* Every line tagged, nothing left pending, and only printable text. */
	assert_false(console_pending(&con, HYP));
	assert_int_equal(strncmp(wire, "[shoji] console: ", 17), 0);
	assert_null(strstr(wire, "^"));
	size_t lines = 0;
	for (const char *p = wire; (p = strstr(p, "\r\n[shoji] ")) != NULL; p++) {
		lines++;
	}
	assert_true(lines >= 1);
	assert_string_equal(wire + wire_len - 2, "\r\n");
	clear_wire();
	escape_then('x', &act);
	put(HYP, act.text);
	assert_false(console_pending(&con, HYP));
	assert_int_equal(strncmp(wire, "[shoji] console: ", 17), 0);
}

/* ---- configuration ---- */

static void init_validates_everything(void **state)
{
	struct console_config cfg;
	struct console before;
	static const char *const too_long[] = {"vpn", "0123456789abcdef"};
	static const char *const longest[] = {"vpn", "0123456789abcde"};
	static const char *const spaced[] = {"v pn", "apps"};
	static const char *const bracket[] = {"vpn]", "apps"};
	static const char *const empty[] = {"", "apps"};
	static const char *const control[] = {"vpn\x1b", "apps"};
	static const char *const high[] = {"vpn\xc3\xa9", "apps"};
	static const char *const null_name[] = {"vpn", NULL};

	(void)state;
	cfg = config();
	assert_int_equal(console_init(NULL, &cfg), CONSOLE_ERR_ARG);
	assert_int_equal(console_init(&con, NULL), CONSOLE_ERR_ARG);
	/* A failed init leaves the console as it was. */
	memcpy(&before, &con, sizeof(con));
	cfg.out = NULL;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_ARG);
	cfg = config();
	cfg.vm_names = NULL;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_ARG);
	cfg = config();
	cfg.num_vms = 0;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_COUNT);
	cfg.num_vms = VM_MAX + 1;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_COUNT);
	cfg = config();
	cfg.hyp_name = NULL;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_NAME);
	const char *const *bad[] = {too_long, spaced, bracket, empty, control, high, null_name};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cfg = config();
		cfg.vm_names = bad[i];
		assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_NAME);
	}
	cfg = config();
	cfg.vm_rate = 100;
	cfg.vm_burst = CONSOLE_OUT_MAX - 1; /* could never pass a full line */
	cfg.ticks_per_sec = 1000;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_RATE);
	cfg.vm_burst = CONSOLE_BURST_MAX + 1;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_RATE);
	cfg.vm_burst = CONSOLE_OUT_MAX;
	cfg.ticks_per_sec = 0;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_RATE);
	cfg.ticks_per_sec = CONSOLE_TICKS_MAX + 1;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_RATE);
	cfg.ticks_per_sec = 1000;
	cfg.vm_rate = CONSOLE_RATE_MAX + 1;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_ERR_RATE);
	assert_memory_equal(&before, &con, sizeof(con));
	/* Bounds themselves are fine; with the limit off, its parameters are not looked at. */
	cfg.vm_rate = CONSOLE_RATE_MAX;
	cfg.vm_burst = CONSOLE_BURST_MAX;
	cfg.ticks_per_sec = CONSOLE_TICKS_MAX;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
	cfg = config();
	cfg.ticks_per_sec = 0;
	cfg.vm_names = longest;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
	cfg.hyp_name = "hv";
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
	put(APPS, "x\n");
	put(HYP, "y\n");
	assert_string_equal(wire, "[0123456789abcde] x\r\n[hv] y\r\n");
	cfg.num_vms = VM_MAX;
	static const char *const four[] = {"a", "b", "c", "d"};
	cfg.vm_names = four;
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
}

static void init_resets_state(void **state)
{
	struct console_config cfg = config();
	struct console_action act;

	(void)state;
	put(VPN, "pending");
	escape_then('1', &act);
	console_input(&con, CONSOLE_ESCAPE, &act);
	assert_int_equal(console_init(&con, &cfg), CONSOLE_OK);
	assert_false(console_pending(&con, VPN));
	assert_int_equal(console_focus(&con), VPN);
	console_input(&con, 'm', &act); /* the half-typed escape is gone */
	assert_int_equal(act.kind, CONSOLE_ACT_DELIVER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(tags_each_line, setup),
		cmocka_unit_test_setup(nothing_until_newline, setup),
		cmocka_unit_test_setup(carriage_return_dropped, setup),
		cmocka_unit_test_setup(long_lines_split_never_lost, setup),
		cmocka_unit_test_setup(sources_never_share_a_line, setup),
		cmocka_unit_test_setup(cursor_position_query_dropped, setup),
		cmocka_unit_test_setup(control_bytes_sanitised, setup),
		cmocka_unit_test_setup(caret_pair_never_split, setup),
		cmocka_unit_test_setup(invalid_sources_ignored, setup),
		cmocka_unit_test_setup(flush_shows_a_prompt, setup),
		cmocka_unit_test_setup(others_end_an_open_line, setup),
		cmocka_unit_test_setup(flushed_text_counts_toward_the_line, setup),
		cmocka_unit_test_setup(repeated_flushes_accumulate, setup),
		cmocka_unit_test_setup(an_ended_line_starts_afresh, setup),
		cmocka_unit_test_setup(rate_limit_drops_whole_lines_and_says_so, setup),
		cmocka_unit_test_setup(rate_limit_refill_is_exact_and_capped, setup),
		cmocka_unit_test_setup(rate_limit_never_breaks_a_line, setup),
		cmocka_unit_test_setup(rate_limit_fractional_steps, setup),
		cmocka_unit_test_setup(input_goes_to_focus, setup),
		cmocka_unit_test_setup(escape_commands, setup),
		cmocka_unit_test_setup(one_vm_focus_stays, setup),
		cmocka_unit_test_setup(help_text_prints_as_hyp_lines, setup),
		cmocka_unit_test_setup(init_validates_everything, setup),
		cmocka_unit_test_setup(init_resets_state, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
