/* SPDX-License-Identifier: MIT */
/*
 * The console multiplexer: tagged, whole, sanitised lines out; escape-key
 * commands and focused-VM bytes in. Pure logic; the contract, the locking and
 * the sanitising rules are in console.h.
 *
 * The terminal holds at most one unfinished line, that of `open`: a source's
 * line is written in one `out` call when it ends (or is split), or in pieces
 * by console_flush. Before any other source writes, the open line is ended
 * with "\r\n", so two sources never share a terminal line.
 */
#include <console.h>
#include <lib.h>

#define NO_SOURCE CONSOLE_NUM_SRCS

static const char help_text[] = "console: Ctrl-] then n: next VM, 0-9: VM by number, m: monitor, r: restart this VM\n"
				"console: Ctrl-] then h or ?: this help, Ctrl-]: send a Ctrl-] to this VM\n";
static const char hint_unknown[] = "console: unknown command, Ctrl-] h for help\n";
static const char hint_no_vm[] = "console: no such VM, Ctrl-] h for help\n";

static const char crlf[] = "\r\n";

_Static_assert(CONSOLE_NUM_SRCS == CONSOLE_SRC_HYP + 1, "the hypervisor's slot is the last");
_Static_assert(CONSOLE_OUT_MAX <= CONSOLE_BURST_MAX, "a whole line fits the largest bucket");

/* ---- sources ---- */

static bool source_valid(const struct console *c, unsigned int src)
{
	return src < c->num_vms || src == CONSOLE_SRC_HYP;
}

/* Printable ASCII without space or brackets, 1..VM_NAME_MAX bytes: a tag stays unambiguous. */
static bool name_valid(const char *name)
{
	size_t n;

	if (name == NULL) {
		return false;
	}
	for (n = 0; n <= VM_NAME_MAX && name[n] != '\0'; n++) {
		if (name[n] <= ' ' || name[n] > '~' || name[n] == '[' || name[n] == ']') {
			return false;
		}
	}
	return n > 0 && n <= VM_NAME_MAX;
}

static void source_init(struct console_src *s, const char *name, uint64_t tokens)
{
	size_t n = 0;

	s->name = name;
	s->buf[n++] = '[';
	while (name[n - 1] != '\0') {
		s->buf[n] = name[n - 1];
		n++;
	}
	s->buf[n++] = ']';
	s->buf[n++] = ' ';
	s->tag_len = (uint32_t)n;
	s->tokens = tokens;
}

/* ---- rate limit (VMs only) ---- */

static bool rate_limited(const struct console *c, unsigned int src)
{
	return c->rate != 0 && src != CONSOLE_SRC_HYP;
}

/* Adds elapsed * rate; comparing before multiplying keeps the product below capacity. */
static void refill(const struct console *c, struct console_src *s, uint64_t now)
{
	uint64_t elapsed;

	if (now <= s->last) {
		return; /* no time passed, or a clock that went backwards: no credit */
	}
	elapsed = now - s->last;
	s->last = now;
	if (elapsed >= (c->capacity - s->tokens) / c->rate) {
		s->tokens = c->capacity;
	} else {
		s->tokens += elapsed * c->rate;
	}
}

static bool charge(struct console *c, unsigned int src, size_t bytes, uint64_t now)
{
	struct console_src *s = &c->src[src];
	uint64_t cost = (uint64_t)bytes * c->ticks_per_sec;

	if (!rate_limited(c, src)) {
		return true;
	}
	refill(c, s, now);
	if (s->tokens < cost) {
		return false;
	}
	s->tokens -= cost;
	return true;
}

/* ---- writing to the terminal ---- */

static void end_open_line(struct console *c)
{
	if (c->open == NO_SOURCE) {
		return;
	}
	c->out(c->out_ctx, crlf, sizeof(crlf) - 1);
	c->src[c->open].col = 0;
	c->open = NO_SOURCE;
}

/* One hypervisor line saying how much of `src`'s output the rate limit threw away. */
static void report_drops(struct console *c, unsigned int src)
{
	const struct console_src *hyp = &c->src[CONSOLE_SRC_HYP];
	struct console_src *s = &c->src[src];
	char line[CONSOLE_OUT_MAX];
	size_t n = hyp->tag_len;

	memcpy(line, hyp->buf, n);
	n += fmt_snprintf(line + n, sizeof(line) - n - 2, "console: %s: %llu bytes of output dropped (rate limit)",
			  s->name, (unsigned long long)s->dropped_unseen);
	line[n++] = '\r';
	line[n++] = '\n';
	c->out(c->out_ctx, line, n);
	s->dropped_unseen = 0;
}

static void drop(struct console *c, unsigned int src, bool end_line)
{
	struct console_src *s = &c->src[src];
	uint64_t bytes = s->len + (end_line ? 1U : 0U);

	s->dropped += bytes;
	s->dropped_unseen += bytes;
	s->len = 0;
	if (end_line && c->open == src) {
		end_open_line(c); /* free of charge, so the next line starts clean */
	}
}

/*
 * Writes src's pending text: with its tag unless its line is the open one, and
 * with "\r\n" when end_line. A pending drop report goes first, on its own line.
 */
static void emit(struct console *c, unsigned int src, bool end_line, uint64_t now)
{
	struct console_src *s = &c->src[src];
	bool report = s->dropped_unseen != 0;
	bool cont = c->open == src && !report;
	size_t start = cont ? s->tag_len : 0;
	size_t end = s->tag_len + s->len;

	if (end_line) {
		s->buf[end++] = '\r';
		s->buf[end++] = '\n';
	}
	if (!charge(c, src, end - start, now)) {
		drop(c, src, end_line);
		return;
	}
	if (!cont) {
		end_open_line(c);
	}
	if (report) {
		report_drops(c, src);
	}
	c->out(c->out_ctx, s->buf + start, end - start);
	if (end_line) {
		c->open = NO_SOURCE;
		s->col = 0;
	} else {
		c->open = src;
		s->col = (cont ? s->col : 0) + s->len;
	}
	s->len = 0;
}

/* How `ch` appears on the terminal: itself, caret notation, or '?'. Returns the length. */
static uint32_t render(uint8_t ch, char out[2])
{
	if ((ch >= 0x20 && ch < 0x7f) || ch == '\t') {
		out[0] = (char)ch;
		return 1;
	}
	if (ch < 0x20 || ch == 0x7f) {
		out[0] = '^';
		out[1] = (char)(ch ^ 0x40); /* 0x1b -> '[', 0x7f -> '?' */
		return 2;
	}
	/* 0x80-0xff: C1 controls in 8-bit terminals (0x9b is CSI), and UTF-8 we do not vet. */
	out[0] = '?';
	return 1;
}

/* ---- the interface ---- */

int console_init(struct console *c, const struct console_config *cfg)
{
	if (c == NULL || cfg == NULL || cfg->out == NULL || cfg->vm_names == NULL) {
		return CONSOLE_ERR_ARG;
	}
	if (cfg->num_vms == 0 || cfg->num_vms > VM_MAX) {
		return CONSOLE_ERR_COUNT;
	}
	if (!name_valid(cfg->hyp_name)) {
		return CONSOLE_ERR_NAME;
	}
	for (unsigned int i = 0; i < cfg->num_vms; i++) {
		if (!name_valid(cfg->vm_names[i])) {
			return CONSOLE_ERR_NAME;
		}
	}
	if (cfg->vm_rate != 0 &&
	    (cfg->vm_rate > CONSOLE_RATE_MAX || cfg->vm_burst < CONSOLE_OUT_MAX || cfg->vm_burst > CONSOLE_BURST_MAX ||
	     cfg->ticks_per_sec == 0 || cfg->ticks_per_sec > CONSOLE_TICKS_MAX)) {
		return CONSOLE_ERR_RATE;
	}

	*c = (struct console){
		.out = cfg->out,
		.out_ctx = cfg->out_ctx,
		.num_vms = cfg->num_vms,
		.open = NO_SOURCE,
		.rate = cfg->vm_rate,
		.capacity = cfg->vm_rate != 0 ? (uint64_t)cfg->vm_burst * cfg->ticks_per_sec : 0,
		.ticks_per_sec = cfg->ticks_per_sec,
	};
	for (unsigned int i = 0; i < cfg->num_vms; i++) {
		source_init(&c->src[i], cfg->vm_names[i], c->capacity);
	}
	source_init(&c->src[CONSOLE_SRC_HYP], cfg->hyp_name, 0);
	return CONSOLE_OK;
}

static void putc_one(struct console *c, unsigned int src, uint8_t ch, uint64_t now);

/*
 * "ESC [ 6 n" asks the terminal where its cursor is, and the terminal answers by
 * typing into whichever VM has focus. busybox's shell sends it after every
 * prompt. It is dropped whole; any other sequence is shown in caret notation as
 * before (its held bytes are replayed in order), so nothing reaches the terminal.
 */
static const uint8_t dsr_query[] = {0x1b, '[', '6', 'n'};

void console_putc(struct console *c, unsigned int src, uint8_t ch, uint64_t now)
{
	if (!source_valid(c, src)) {
		return;
	}
	struct console_src *s = &c->src[src];
	if (s->dsr_held < sizeof(dsr_query) && ch == dsr_query[s->dsr_held]) {
		if (++s->dsr_held == sizeof(dsr_query)) {
			s->dsr_held = 0; /* the whole query: dropped */
		}
		return;
	}
	for (uint32_t i = 0; i < s->dsr_held; i++) {
		putc_one(c, src, dsr_query[i], now);
	}
	s->dsr_held = 0;
	if (ch == dsr_query[0]) {
		s->dsr_held = 1;
		return;
	}
	putc_one(c, src, ch, now);
}

static void putc_one(struct console *c, unsigned int src, uint8_t ch, uint64_t now)
{
	struct console_src *s = &c->src[src];
	char r[2];
	uint32_t n;

	if (ch == '\n') {
		emit(c, src, true, now);
		return;
	}
	if (ch == '\r') {
		return; /* "\r\n" ends a line anyway; a bare '\r' would let a guest overwrite its tag */
	}
	n = render(ch, r);
	if (s->col + s->len + n > CONSOLE_LINE_MAX) {
		emit(c, src, true, now); /* split: the rest goes on a new tagged line */
	}
	memcpy(s->buf + s->tag_len + s->len, r, n);
	s->len += n;
}

void console_write(struct console *c, unsigned int src, const char *s, size_t n, uint64_t now)
{
	for (size_t i = 0; i < n; i++) {
		console_putc(c, src, (uint8_t)s[i], now);
	}
}

void console_flush(struct console *c, unsigned int src, uint64_t now)
{
	if (!console_pending(c, src)) {
		return;
	}
	emit(c, src, false, now);
}

bool console_pending(const struct console *c, unsigned int src)
{
	return source_valid(c, src) && c->src[src].len != 0;
}

/* The byte after the escape key: a console command. */
static void command(struct console *c, uint8_t ch, struct console_action *act)
{
	switch (ch) {
	case CONSOLE_ESCAPE:
		act->kind = CONSOLE_ACT_DELIVER;
		break;
	case 'n':
		c->focus = (c->focus + 1U) % c->num_vms;
		act->kind = CONSOLE_ACT_FOCUS;
		break;
	case 'm':
		act->kind = CONSOLE_ACT_MONITOR;
		break;
	case 'r':
		act->kind = CONSOLE_ACT_RESTART;
		break;
	case 'h':
	case '?':
		act->kind = CONSOLE_ACT_HELP;
		act->text = help_text;
		break;
	default:
		if (ch >= '0' && ch <= '9' && (unsigned int)(ch - '0') < c->num_vms) {
			c->focus = (unsigned int)(ch - '0');
			act->kind = CONSOLE_ACT_FOCUS;
		} else {
			act->kind = CONSOLE_ACT_HINT;
			act->text = (ch >= '0' && ch <= '9') ? hint_no_vm : hint_unknown;
		}
		break;
	}
	act->vm = c->focus;
}

void console_input(struct console *c, uint8_t ch, struct console_action *act)
{
	*act = (struct console_action){
		.kind = CONSOLE_ACT_NONE,
		.vm = c->focus,
		.byte = ch,
		.text = NULL,
	};
	if (c->escape) {
		c->escape = false;
		command(c, ch, act);
	} else if (ch == CONSOLE_ESCAPE) {
		c->escape = true;
	} else {
		act->kind = CONSOLE_ACT_DELIVER;
	}
}

const char *console_name(const struct console *c, unsigned int src)
{
	return source_valid(c, src) ? c->src[src].name : NULL;
}

unsigned int console_focus(const struct console *c)
{
	return c->focus;
}

uint64_t console_dropped(const struct console *c, unsigned int src)
{
	return source_valid(c, src) ? c->src[src].dropped : 0;
}
