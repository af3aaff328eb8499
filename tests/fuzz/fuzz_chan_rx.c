// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the channel protocol core (vms/linux/shoji-chan/chan_ring.c)
 * as the Linux driver drives it. The input is a program: each op either writes
 * what a hostile peer (or the hypervisor) may write into the window, or runs one
 * step of the end under test (side 0: NAPI poll, transmit, link timer, ifdown/up)
 * or of an honest peer (side 1, the same code), so the fuzzer reaches a live link.
 *
 * Checked on every step: each access of the code under test lies inside the
 * window and each of its writes inside its own half (ctrl[side], ring[side]);
 * each frame handed up lies inside one of the peer's slots with a length in
 * FRAME_MIN..FRAME_MAX; every validation of a peer index concludes what the
 * window says it must (computed here independently), so a drain consumes exactly
 * min(ready, budget) slots or none; the carrier the actions imply always matches
 * the link state; after a link check our ctrl in the window is attached with the
 * epoch we believe. Hangs are libFuzzer's -timeout.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chan_ring.h"

#define SLOTS     SHOJI_CHAN_SLOTS
#define MAX_OPS   4096U
#define CHECK(c)  check((c), #c, __LINE__)
#define CTRL_WORD (sizeof(struct shoji_chan_ctrl) / sizeof(uint32_t))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct shoji_chan_window *win;
static unsigned int writer; /* the side whose code runs: it may write only its own half */

static void check(bool ok, const char *what, int line)
{
	if (!ok) {
		(void)fprintf(stderr, "fuzz_chan_rx:%d: check failed: %s\n", line, what);
		abort();
	}
}

static bool inside(uintptr_t p, size_t n, const void *base, size_t size)
{
	uintptr_t lo = (uintptr_t)base;

	return p >= lo && p - lo <= size && n <= size - (p - lo);
}

void chan_access_hook(const void *p, size_t n, bool write)
{
	uintptr_t a = (uintptr_t)p;

	CHECK(inside(a, n, win, sizeof(*win)));
	if (write)
		CHECK(inside(a, n, &win->ctrl[writer], sizeof(win->ctrl[writer])) ||
		      inside(a, n, win->ring[writer], sizeof(win->ring[writer])));
}

/* One end as its driver sees it: the ring plus the carrier it has set. */
struct end {
	struct chan_ring r;
	unsigned int side;
	bool carrier;
	uint32_t seed;
};

static struct end ends[2];

/* The input, read front to back; zeros once it runs out. */
struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t take8(struct input *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t take32(struct input *in)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < 4; i++)
		v = v << 8 | take8(in);
	return v;
}

static const uint32_t lengths[] = {
	0,
	1,
	SHOJI_CHAN_FRAME_MIN - 1U,
	SHOJI_CHAN_FRAME_MIN,
	SHOJI_CHAN_FRAME_MIN + 1U,
	60,
	1514,
	1518,
	2000,
	SHOJI_CHAN_FRAME_MAX - 1U,
	SHOJI_CHAN_FRAME_MAX,
	SHOJI_CHAN_FRAME_MAX + 1U,
	2048,
	4096,
	65535,
	0x7fffffffU,
	0x80000000U,
	0xfffffff2U,
	0xffffffffU,
};

static void rx_frame(void *ctx, const uint8_t *frame, uint32_t len)
{
	struct end *e = ctx;
	const struct shoji_chan_slot *ring = win->ring[1U - e->side];
	uintptr_t off = (uintptr_t)frame - (uintptr_t)ring;
	static uint8_t copy[SHOJI_CHAN_FRAME_MAX];

	CHECK(len >= SHOJI_CHAN_FRAME_MIN && len <= SHOJI_CHAN_FRAME_MAX);
	CHECK((uintptr_t)frame >= (uintptr_t)ring && off < sizeof(win->ring[0]));
	CHECK(off % SHOJI_CHAN_SLOT_SIZE == SHOJI_CHAN_SLOT_HDR);
	/* What the driver does with it: one copy (ASan checks every byte read). */
	memcpy(copy, frame, len);
}

/* Applies a step's actions as the driver does, then checks they kept carrier == (state == up). */
static void apply(struct end *e, unsigned int act, bool may_relink)
{
	writer = e->side;
	CHECK((act & ~(CHAN_ACT_UP | CHAN_ACT_DOWN | CHAN_ACT_KICK | CHAN_ACT_RESET | CHAN_ACT_ERROR |
		       CHAN_ACT_RELINK)) == 0);
	CHECK((act & (CHAN_ACT_UP | CHAN_ACT_DOWN)) != (CHAN_ACT_UP | CHAN_ACT_DOWN) || (act & CHAN_ACT_RESET) != 0);
	if (act & CHAN_ACT_DOWN) {
		CHECK(e->carrier);
		e->carrier = false;
	}
	if (act & CHAN_ACT_UP) {
		CHECK(!e->carrier);
		e->carrier = true;
	}
	if (act & CHAN_ACT_ERROR)
		CHECK(e->r.state == CHAN_LINK_ERROR && e->r.bad_epoch != 0 && e->r.peer_epoch == 0);
	CHECK(e->carrier == (e->r.state == CHAN_LINK_UP));
	if (act & CHAN_ACT_RELINK) {
		unsigned int again;

		CHECK(may_relink);
		again = chan_link_check(&e->r, e->seed++);
		CHECK((again & (CHAN_ACT_RELINK | CHAN_ACT_ERROR)) == 0);
		apply(e, again, false);
	}
}

static void link_check(struct end *e)
{
	unsigned int act;

	writer = e->side;
	act = chan_link_check(&e->r, e->seed++);
	CHECK((act & (CHAN_ACT_RELINK | CHAN_ACT_ERROR)) == 0);
	apply(e, act, false);
	if (e->r.state != CHAN_LINK_DOWN) {
		/* Our ctrl is attached as we believe (until someone scribbles on it again). */
		CHECK(win->ctrl[e->side].magic == SHOJI_CHAN_MAGIC);
		CHECK(win->ctrl[e->side].epoch == e->r.epoch && e->r.epoch != 0);
	}
	if (e->r.state == CHAN_LINK_UP)
		CHECK(e->r.peer_epoch != 0 && e->r.bad_epoch == 0);
}

/*
 * What a validation must conclude from the window as it is now (nothing else writes
 * it during a call): with `used` slots in flight, nothing unless the link is up; a
 * re-attach if the peer's magic or epoch moved; else a protocol error past SLOTS.
 */
static unsigned int expected(const struct end *e, uint32_t used)
{
	const struct shoji_chan_ctrl *peer = &win->ctrl[1U - e->side];

	if (e->r.state != CHAN_LINK_UP || used <= SLOTS)
		return 0;
	if (peer->magic != SHOJI_CHAN_MAGIC || peer->epoch != e->r.peer_epoch)
		return CHAN_ACT_RELINK;
	return CHAN_ACT_DOWN | CHAN_ACT_ERROR | CHAN_ACT_KICK;
}

/* chan_tx_space, checked against the window. */
static uint32_t tx_space(struct end *e)
{
	uint32_t used = e->r.tx_prod - win->ctrl[1U - e->side].rx_cons;
	bool up = e->r.state == CHAN_LINK_UP;
	unsigned int want = expected(e, used);
	unsigned int act;
	uint32_t space;

	writer = e->side;
	act = chan_tx_space(&e->r, &space);
	CHECK(act == want);
	CHECK(space == (up && want == 0 ? SLOTS - used : 0));
	apply(e, act, true);
	return space;
}

/* chan_rx_drain, checked against the window. */
static void rx_drain(struct end *e, uint32_t budget)
{
	uint32_t cons = e->r.rx_cons;
	uint32_t ready = win->ctrl[1U - e->side].tx_prod - cons;
	bool up = e->r.state == CHAN_LINK_UP;
	unsigned int want = expected(e, ready);
	struct chan_rx_result res;
	unsigned int act;

	writer = e->side;
	act = chan_rx_drain(&e->r, budget, rx_frame, e, &res);
	CHECK(act == want);
	CHECK(res.consumed == (up && want == 0 ? (ready < budget ? ready : budget) : 0));
	CHECK(res.bad_len <= res.consumed && e->r.rx_cons == cons + res.consumed);
	if (res.consumed > 0)
		CHECK(win->ctrl[e->side].rx_cons == e->r.rx_cons);
	apply(e, act, true);
}

/* The driver's NAPI poll: link, transmit space, receive, re-check. */
static void napi_poll(struct end *e, uint32_t budget)
{
	link_check(e);
	if (tx_space(e) > 0 && e->r.state == CHAN_LINK_UP)
		chan_tx_unblock(&e->r);
	rx_drain(e, budget);
	writer = e->side;
	(void)chan_rx_peer_blocked(&e->r);
	(void)chan_rx_pending(&e->r);
}

/* The driver's ndo_start_xmit for one frame of len bytes (len already valid, as there). */
static void xmit(struct end *e, uint32_t len, bool more)
{
	uint32_t space;
	uint8_t *slot;
	uintptr_t off;

	if (e->r.state != CHAN_LINK_UP)
		return;
	space = tx_space(e);
	writer = e->side;
	if (e->r.state != CHAN_LINK_UP)
		return;
	if (space == 0) {
		apply(e, chan_tx_block(&e->r, &space), true);
		if (space == 0 || e->r.state != CHAN_LINK_UP)
			return;
		chan_tx_unblock(&e->r);
	}
	slot = chan_tx_slot(&e->r);
	off = (uintptr_t)slot - (uintptr_t)win->ring[e->side];
	CHECK((uintptr_t)slot >= (uintptr_t)win->ring[e->side] && off < sizeof(win->ring[0]));
	CHECK(off % SHOJI_CHAN_SLOT_SIZE == SHOJI_CHAN_SLOT_HDR);
	memset(slot, 0xa5, len);
	chan_tx_publish(&e->r, len);
	if (space == 1) {
		apply(e, chan_tx_block(&e->r, &space), true);
		if (space > 0 && e->r.state == CHAN_LINK_UP)
			chan_tx_unblock(&e->r);
	}
	if (!more && e->r.state == CHAN_LINK_UP)
		(void)chan_tx_kick_needed(&e->r);
}

enum op {
	OP_PEER_CTRL,     /* hostile: a word of the peer's ctrl := anything */
	OP_PEER_PROD,     /* hostile: the peer's tx_prod moves by a small step */
	OP_PEER_CONS,     /* hostile: the peer's rx_cons moves by a small step */
	OP_PEER_LEN,      /* hostile: a peer slot's len := an edge value or anything */
	OP_OWN_CTRL,      /* hostile: a word of OUR ctrl := anything */
	OP_ZERO,          /* the hypervisor zeroes the window (a VM restarted) */
	OP_POLL,          /* us: NAPI poll */
	OP_XMIT,          /* us: transmit */
	OP_TICK,          /* us: the link timer */
	OP_IFDOWN_UP,     /* us: the interface goes down or up */
	OP_PEER_POLL,     /* honest peer: poll */
	OP_PEER_XMIT,     /* honest peer: transmit */
	OP_PEER_REATTACH, /* honest peer: driver reloaded */
	OP_COUNT
};

static void hostile_write(struct input *in, enum op op)
{
	struct shoji_chan_ctrl *peer = &win->ctrl[1];
	uint8_t k = take8(in);

	switch (op) {
	case OP_PEER_CTRL:
		((uint32_t *)peer)[k % CTRL_WORD] = take32(in);
		break;
	case OP_PEER_PROD:
		peer->tx_prod += (uint32_t)(k % (SLOTS + 3U));
		break;
	case OP_PEER_CONS:
		peer->rx_cons += (uint32_t)((int32_t)(int8_t)k);
		break;
	case OP_PEER_LEN: {
		uint8_t pick = take8(in);
		uint32_t len = pick < sizeof(lengths) / sizeof(lengths[0]) ? lengths[pick] : take32(in);

		win->ring[1][k % SLOTS].len = len;
		break;
	}
	case OP_OWN_CTRL:
		((uint32_t *)&win->ctrl[0])[k % CTRL_WORD] = take32(in);
		break;
	default:
		break;
	}
}

static void step(struct input *in)
{
	enum op op = (enum op)(take8(in) % OP_COUNT);
	struct end *us = &ends[0];
	struct end *peer = &ends[1];

	switch (op) {
	case OP_PEER_CTRL:
	case OP_PEER_PROD:
	case OP_PEER_CONS:
	case OP_PEER_LEN:
	case OP_OWN_CTRL:
		hostile_write(in, op);
		break;
	case OP_ZERO:
		memset(win, 0, sizeof(*win));
		break;
	case OP_POLL:
		napi_poll(us, take8(in) % 65U);
		break;
	case OP_XMIT: {
		uint8_t k = take8(in);

		xmit(us, lengths[3 + k % 8U], (k & 0x80U) != 0);
		break;
	}
	case OP_TICK:
		link_check(us);
		break;
	case OP_IFDOWN_UP:
		writer = 0;
		if (us->r.state == CHAN_LINK_DOWN) {
			apply(us, chan_attach(&us->r, take32(in)), false);
		} else {
			chan_detach(&us->r);
			us->carrier = false;
		}
		break;
	case OP_PEER_POLL:
		napi_poll(peer, 64);
		break;
	case OP_PEER_XMIT:
		xmit(peer, 100, false);
		break;
	case OP_PEER_REATTACH:
		writer = 1;
		apply(peer, chan_attach(&peer->r, take32(in)), false);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};

	if (win == NULL) {
		/* Exactly the window: ASan reports any byte outside it. */
		win = malloc(sizeof(*win));
		CHECK(win != NULL);
	}
	memset(win, 0, sizeof(*win));
	for (unsigned int s = 0; s < 2; s++) {
		struct end *e = &ends[s];

		writer = s;
		e->side = s;
		e->carrier = false;
		e->seed = 0x5eed0000U + s;
		CHECK(chan_init(&e->r, win, s) == 0);
		(void)chan_attach(&e->r, e->seed++);
	}
	for (unsigned int i = 0; i < MAX_OPS && in.n > 0; i++)
		step(&in);
	return 0;
}
