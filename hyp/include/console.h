/* SPDX-License-Identifier: MIT */
/*
 * The console multiplexer: one physical UART shared by the hypervisor and every
 * VM. Output is tagged and kept whole per line ("[apps] ..."), sanitised so a
 * guest cannot drive the terminal, and rate-limited per VM; input goes to the
 * focused VM, with Ctrl-] as the escape key for console commands.
 *
 * Pure logic over caller-owned state: no hardware, no globals, no locking. The
 * caller serialises every call with one console lock, and `out` is called with
 * that lock held. console_input never calls `out`, so the caller can drop the
 * lock before acting on the returned action (delivering a byte takes the VM's
 * UART lock, which ranks before the console lock).
 */
#ifndef SHOJI_CONSOLE_H
#define SHOJI_CONSOLE_H

#include <shoji/partition.h>
#include <shoji/types.h>

/* Text bytes per output line, without the tag and the line end; longer lines are split. */
#define CONSOLE_LINE_MAX 160U
/* "[" + name + "] " */
#define CONSOLE_TAG_MAX (VM_NAME_MAX + 3U)
/* The most `out` is ever given in one call: a tag, a full line and "\r\n". */
#define CONSOLE_OUT_MAX (CONSOLE_TAG_MAX + CONSOLE_LINE_MAX + 2U)

/* Sources: VM i is source i; the hypervisor has a fixed slot after the VMs. */
#define CONSOLE_SRC_HYP  VM_MAX
#define CONSOLE_NUM_SRCS (VM_MAX + 1U)

/* The escape key, Ctrl-] (as in telnet and Xen's console). */
#define CONSOLE_ESCAPE 0x1dU

/* Rate-limit bounds, so the token arithmetic cannot overflow 64 bits. */
#define CONSOLE_RATE_MAX  (U(1) << 20) /* bytes per second */
#define CONSOLE_BURST_MAX (U(1) << 20) /* bytes */
#define CONSOLE_TICKS_MAX (ULL(1) << 32)

enum console_err {
	CONSOLE_OK = 0,
	CONSOLE_ERR_ARG = -1,   /* a NULL pointer or no output callback */
	CONSOLE_ERR_COUNT = -2, /* num_vms is 0 or above VM_MAX */
	CONSOLE_ERR_NAME = -3,  /* a name is empty, too long or not printable ASCII */
	CONSOLE_ERR_RATE = -4,  /* rate-limit parameters out of bounds */
};

typedef void (*console_out_fn)(void *ctx, const char *s, size_t n);

struct console_config {
	const char *hyp_name;        /* tag of the hypervisor's own lines, e.g. "shoji" */
	const char *const *vm_names; /* vm_names[i] tags VM i */
	unsigned int num_vms;
	console_out_fn out; /* bytes for the wire, "\r\n" line ends included */
	void *out_ctx;
	/*
	 * Per-VM output rate limit (the hypervisor is never limited): a token
	 * bucket of vm_burst bytes refilled at vm_rate bytes per second, on a clock
	 * of ticks_per_sec (CNTFRQ_EL0). vm_rate == 0 disables the limit.
	 */
	uint32_t vm_rate;
	uint32_t vm_burst;
	uint64_t ticks_per_sec;
};

/* Per-source state; read only through the functions below. */
struct console_src {
	const char *name; /* from the configuration, which outlives the console */
	/* The tag, then the pending text, then room for "\r\n": one `out` call per line. */
	char buf[CONSOLE_OUT_MAX];
	uint32_t tag_len;
	uint32_t len; /* pending text bytes after the tag */
	uint32_t col; /* text bytes of this line already written by console_flush */
	/* Rate limit: tokens in bytes * ticks_per_sec, so refills lose no fractions. */
	uint64_t tokens;
	uint64_t last;
	uint64_t dropped;        /* text bytes dropped by the rate limit, ever */
	uint64_t dropped_unseen; /* ... not yet reported on the console */
	uint32_t dsr_held;       /* bytes of a possible "ESC [ 6 n" held back (console_putc) */
};

struct console {
	console_out_fn out;
	void *out_ctx;
	unsigned int num_vms;
	unsigned int focus;
	unsigned int open; /* the source whose line is unfinished on the terminal, or CONSOLE_NUM_SRCS */
	bool escape;       /* the escape key was the last byte */
	uint64_t rate;     /* bytes per second; 0 = unlimited */
	uint64_t capacity; /* vm_burst * ticks_per_sec */
	uint64_t ticks_per_sec;
	struct console_src src[CONSOLE_NUM_SRCS];
};

enum console_act {
	CONSOLE_ACT_NONE = 0, /* nothing to do (the escape key was swallowed) */
	CONSOLE_ACT_DELIVER,  /* put `byte` into VM `vm`'s receive FIFO */
	CONSOLE_ACT_FOCUS,    /* input now goes to VM `vm`; say so on the console */
	CONSOLE_ACT_MONITOR,  /* print the monitor table */
	CONSOLE_ACT_RESTART,  /* restart VM `vm` (the focused one) */
	CONSOLE_ACT_HELP,     /* print `text` */
	CONSOLE_ACT_HINT,     /* unknown or invalid command: print `text` */
};

struct console_action {
	enum console_act kind;
	unsigned int vm;
	uint8_t byte;
	const char *text; /* for HELP and HINT: lines ending in '\n', for console_write(CONSOLE_SRC_HYP) */
};

/* Validates the whole configuration before touching *c. Focus starts on VM 0. */
int console_init(struct console *c, const struct console_config *cfg);

/*
 * One output byte from a source (a VM index or CONSOLE_SRC_HYP; others are
 * ignored). A line is written, tagged, on '\n' or when the next byte would not
 * fit in CONSOLE_LINE_MAX. '\r' is dropped; printable ASCII and '\t' pass;
 * other control bytes become caret notation ("^[" for ESC, "^?" for DEL) and
 * bytes above 0x7f become '?', so no guest can move the cursor, clear the
 * screen or overwrite another source's tag. `now` is the caller's clock in
 * ticks, for the rate limit.
 */
void console_putc(struct console *c, unsigned int src, uint8_t ch, uint64_t now);
void console_write(struct console *c, unsigned int src, const char *s, size_t n, uint64_t now);

/*
 * Writes the source's unfinished line now (a prompt waiting for input) and
 * leaves it open on the terminal, so the rest continues on the same line. If
 * another source writes first, the open line is ended there and the rest gets
 * a fresh tag. The caller decides when: e.g. a few milliseconds after the
 * focused VM's last byte, while console_pending() says there is text.
 */
void console_flush(struct console *c, unsigned int src, uint64_t now);
bool console_pending(const struct console *c, unsigned int src);

/* Decides what one byte typed on the physical console means; fills all of *act. */
void console_input(struct console *c, uint8_t ch, struct console_action *act);

/* For the caller's messages and the monitor. NULL / 0 for an invalid source. */
const char *console_name(const struct console *c, unsigned int src);
unsigned int console_focus(const struct console *c);
uint64_t console_dropped(const struct console *c, unsigned int src);

#endif /* SHOJI_CONSOLE_H */
