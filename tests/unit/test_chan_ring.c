// SPDX-License-Identifier: MIT
/*
 * Unit tests for the channel protocol core (vms/linux/shoji-chan/chan_ring.c): two
 * honest ends on one window, then a peer that writes whatever it likes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "chan_ring.h"

#define SLOTS SHOJI_CHAN_SLOTS

static struct shoji_chan_window win;
static struct chan_ring a; /* side 0: the end under test */
static struct chan_ring b; /* side 1: its peer, honest unless a test scribbles on ctrl[1] */

/* What a receiver was handed. */
struct rx_log {
	uint32_t n;
	uint32_t len[SLOTS];
	uint8_t first[SLOTS];
	uint8_t last[SLOTS];
};

static void rx_record(void *ctx, const uint8_t *frame, uint32_t len)
{
	struct rx_log *log = ctx;

	assert_true(log->n < SLOTS);
	log->len[log->n] = len;
	log->first[log->n] = frame[0];
	log->last[log->n] = frame[len - 1U];
	log->n++;
}

static int setup(void **state)
{
	(void)state;
	memset(&win, 0, sizeof(win));
	assert_int_equal(chan_init(&a, &win, 0), 0);
	assert_int_equal(chan_init(&b, &win, 1), 0);
	return 0;
}

/* Link checks on both ends until both are up; fails if that takes more than a few rounds. */
static void handshake(void)
{
	for (unsigned int i = 0; i < 4; i++) {
		(void)chan_link_check(&a, 0x1000U + i);
		(void)chan_link_check(&b, 0x2000U + i);
		if (a.state == CHAN_LINK_UP && b.state == CHAN_LINK_UP)
			return;
	}
	fail_msg("no handshake: states %d %d", a.state, b.state);
}

static void attach_both(void)
{
	(void)chan_attach(&a, 0xa11ce);
	(void)chan_attach(&b, 0xb0b);
	handshake();
}

/* Publishes a frame of len bytes from r, each byte = tag. */
static void send(struct chan_ring *r, uint32_t len, uint8_t tag)
{
	uint32_t space;

	assert_int_equal(chan_tx_space(r, &space), 0);
	assert_true(space > 0);
	memset(chan_tx_slot(r), tag, len);
	chan_tx_publish(r, len);
}

static struct chan_rx_result drain(struct chan_ring *r, uint32_t budget, struct rx_log *log, unsigned int want_act)
{
	struct chan_rx_result res;

	assert_int_equal(chan_rx_drain(r, budget, rx_record, log, &res), want_act);
	assert_true(res.consumed <= budget && res.consumed <= SLOTS);
	return res;
}

/* Both ends restart their indices at v, as if they had run for a long time. */
static void set_indices(uint32_t v)
{
	a.tx_prod = a.rx_cons = a.kick_base = v;
	b.tx_prod = b.rx_cons = b.kick_base = v;
	for (unsigned int s = 0; s < 2; s++) {
		win.ctrl[s].tx_prod = v;
		win.ctrl[s].rx_cons = v;
	}
}

static void refuses_a_third_side(void **state)
{
	struct chan_ring r;

	(void)state;
	memset(&r, 0x5a, sizeof(r));
	assert_int_equal(chan_init(&r, &win, 2), -1);
	assert_int_equal(chan_init(&r, &win, 0xffffffffU), -1);
	assert_ptr_equal(a.own, &win.ctrl[0]);
	assert_ptr_equal(a.peer, &win.ctrl[1]);
	assert_ptr_equal(b.tx, win.ring[1]);
	assert_ptr_equal(b.rx, win.ring[0]);
}

static void handshake_brings_both_up(void **state)
{
	unsigned int act;

	(void)state;
	act = chan_attach(&a, 7);
	assert_int_equal(act, CHAN_ACT_KICK | CHAN_ACT_RESET);
	assert_int_equal(win.ctrl[0].magic, SHOJI_CHAN_MAGIC);
	assert_int_equal(win.ctrl[0].epoch, 7);
	/* Alone: waits. */
	assert_int_equal(chan_link_check(&a, 1), 0);
	assert_int_equal(a.state, CHAN_LINK_WAIT);
	(void)chan_attach(&b, 9);
	/* b accepts a's epoch and acknowledges it; a does the same, and is up since b acked. */
	act = chan_link_check(&b, 1);
	assert_int_equal(act, CHAN_ACT_KICK | CHAN_ACT_RESET);
	assert_int_equal(win.ctrl[1].peer_epoch, 7);
	act = chan_link_check(&a, 1);
	assert_int_equal(act, CHAN_ACT_KICK | CHAN_ACT_RESET | CHAN_ACT_UP);
	assert_int_equal(a.state, CHAN_LINK_UP);
	assert_int_equal(chan_link_check(&b, 1), CHAN_ACT_UP);
	/* Up is reported once. */
	assert_int_equal(chan_link_check(&a, 1), 0);
	assert_int_equal(chan_link_check(&b, 1), 0);
}

static void epochs_are_fresh_and_nonzero(void **state)
{
	(void)state;
	(void)chan_attach(&a, 0);
	assert_int_not_equal(a.epoch, 0);
	(void)chan_attach(&a, a.epoch);
	assert_int_not_equal(win.ctrl[0].epoch, 0);
	a.epoch = 0xffffffffU;
	(void)chan_attach(&a, 0xffffffffU);
	assert_int_equal(a.epoch, 1);
	(void)chan_attach(&a, 0x1234);
	assert_int_equal(a.epoch, 0x1234);
}

static void frames_cross_in_order(void **state)
{
	struct rx_log log = {0};
	struct chan_rx_result res;

	(void)state;
	attach_both();
	send(&a, SHOJI_CHAN_FRAME_MIN, 1);
	send(&a, 1514, 2);
	send(&a, SHOJI_CHAN_FRAME_MAX, 3);
	assert_true(chan_rx_pending(&b));
	res = drain(&b, 64, &log, 0);
	assert_int_equal(res.consumed, 3);
	assert_int_equal(res.bad_len, 0);
	assert_int_equal(log.n, 3);
	assert_int_equal(log.len[0], SHOJI_CHAN_FRAME_MIN);
	assert_int_equal(log.len[1], 1514);
	assert_int_equal(log.len[2], SHOJI_CHAN_FRAME_MAX);
	assert_int_equal(log.first[2], 3);
	assert_int_equal(log.last[2], 3);
	assert_int_equal(win.ctrl[1].rx_cons, 3);
	assert_false(chan_rx_pending(&b));
	/* And the other way. */
	send(&b, 60, 9);
	memset(&log, 0, sizeof(log));
	res = drain(&a, 64, &log, 0);
	assert_int_equal(res.consumed, 1);
	assert_int_equal(log.first[0], 9);
}

static void drain_respects_the_budget(void **state)
{
	struct rx_log log = {0};

	(void)state;
	attach_both();
	for (uint8_t i = 0; i < 10; i++)
		send(&a, 64, i);
	assert_int_equal(drain(&b, 3, &log, 0).consumed, 3);
	assert_int_equal(drain(&b, 0, &log, 0).consumed, 0);
	assert_true(chan_rx_pending(&b));
	assert_int_equal(drain(&b, 64, &log, 0).consumed, 7);
	assert_int_equal(log.n, 10);
	assert_int_equal(log.first[9], 9);
}

static void indices_wrap_around(void **state)
{
	struct rx_log log;
	uint32_t space;

	(void)state;
	attach_both();
	set_indices(0xffffff00U);
	for (unsigned int round = 0; round < 6; round++) {
		memset(&log, 0, sizeof(log));
		for (unsigned int i = 0; i < 100; i++)
			send(&a, 64 + i, (uint8_t)i);
		assert_int_equal(chan_tx_space(&a, &space), 0);
		assert_int_equal(space, SLOTS - 100);
		assert_int_equal(drain(&b, SLOTS, &log, 0).consumed, 100);
		assert_int_equal(log.len[99], 163);
		assert_int_equal(log.first[99], 99);
	}
	assert_true(a.tx_prod < 0x1000U); /* it did wrap */
	assert_int_equal(a.state, CHAN_LINK_UP);
	assert_int_equal(b.state, CHAN_LINK_UP);
}

static void full_ring_blocks_and_unblocks(void **state)
{
	struct rx_log log = {0};
	uint32_t space;

	(void)state;
	attach_both();
	set_indices(0xfffffff0U);
	for (unsigned int i = 0; i < SLOTS; i++)
		send(&a, 64, (uint8_t)i);
	assert_int_equal(chan_tx_space(&a, &space), 0);
	assert_int_equal(space, 0);
	assert_int_equal(chan_tx_block(&a, &space), 0);
	assert_int_equal(space, 0);
	assert_int_equal(win.ctrl[0].flags, SHOJI_CHAN_F_TX_BLOCKED);
	assert_false(chan_rx_peer_blocked(&a));
	/* The consumer frees one slot and sees it must ring. */
	assert_int_equal(drain(&b, 1, &log, 0).consumed, 1);
	assert_true(chan_rx_peer_blocked(&b));
	assert_int_equal(chan_tx_space(&a, &space), 0);
	assert_int_equal(space, 1);
	chan_tx_unblock(&a);
	assert_int_equal(win.ctrl[0].flags, 0);
	assert_false(chan_rx_peer_blocked(&b));
}

static void doorbell_only_when_the_peer_may_sleep(void **state)
{
	struct rx_log log = {0};

	(void)state;
	attach_both();
	assert_false(chan_tx_kick_needed(&a)); /* nothing new */
	send(&a, 64, 0);
	send(&a, 64, 1);
	assert_true(chan_tx_kick_needed(&a)); /* b had consumed everything before: ring */
	assert_false(chan_tx_kick_needed(&a));
	send(&a, 64, 2);
	assert_false(chan_tx_kick_needed(&a)); /* b has not caught up with the last batch: it is draining */
	assert_int_equal(drain(&b, 1, &log, 0).consumed, 1);
	send(&a, 64, 3);
	assert_false(chan_tx_kick_needed(&a));
	assert_int_equal(drain(&b, 64, &log, 0).consumed, 3);
	send(&a, 64, 4);
	assert_true(chan_tx_kick_needed(&a)); /* b caught up: ring */
	/* b consumed part of the batch already: still ring (it may have re-read tx_prod before our store). */
	send(&a, 64, 5);
	send(&a, 64, 6);
	assert_int_equal(drain(&b, 2, &log, 0).consumed, 2); /* 4 and 5 */
	assert_true(chan_tx_kick_needed(&a));
}

static void bad_lengths_are_dropped_and_the_link_stays(void **state)
{
	static const uint32_t bad[] = {
		0, 1, SHOJI_CHAN_FRAME_MIN - 1U, SHOJI_CHAN_FRAME_MAX + 1U, 65535, 0x80000000U, 0xffffffffU};
	struct rx_log log = {0};
	struct chan_rx_result res;

	(void)state;
	attach_both();
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		send(&b, 64, (uint8_t)i);
		win.ring[1][(b.tx_prod - 1U) % SLOTS].len = bad[i]; /* the peer rewrites it after publishing */
	}
	send(&b, 100, 0x77);
	res = drain(&a, 64, &log, 0);
	assert_int_equal(res.consumed, 8);
	assert_int_equal(res.bad_len, 7);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.len[0], 100);
	assert_int_equal(a.state, CHAN_LINK_UP);
	assert_int_equal(win.ctrl[0].rx_cons, 8);
}

static void producer_index_past_the_ring_is_a_protocol_error(void **state)
{
	struct rx_log log = {0};
	unsigned int act;

	(void)state;
	attach_both();
	send(&b, 64, 1);
	win.ctrl[1].tx_prod = a.rx_cons + SLOTS + 1U;
	act = chan_rx_drain(&a, 64, rx_record, &log, &(struct chan_rx_result){0});
	assert_int_equal(act, CHAN_ACT_DOWN | CHAN_ACT_ERROR | CHAN_ACT_KICK);
	assert_int_equal(log.n, 0);
	assert_int_equal(a.state, CHAN_LINK_ERROR);
	assert_int_equal(win.ctrl[0].peer_epoch, 0); /* ack withdrawn */
	/* Exactly SLOTS ahead is allowed; behind ours is not. */
	memset(&win, 0, sizeof(win));
	attach_both();
	win.ctrl[1].tx_prod = SLOTS;
	assert_int_equal(drain(&a, 1, &log, 0).consumed, 1);
	win.ctrl[1].tx_prod = 0; /* behind our rx_cons of 1 */
	assert_int_equal(chan_rx_drain(&a, 64, rx_record, &log, &(struct chan_rx_result){0}),
			 CHAN_ACT_DOWN | CHAN_ACT_ERROR | CHAN_ACT_KICK);
	/* In the error state nothing is consumed or sent. */
	win.ctrl[1].tx_prod = 1;
	assert_int_equal(drain(&a, 64, &log, 0).consumed, 0);
}

static void garbage_consumer_index_is_a_protocol_error(void **state)
{
	uint32_t space = 99;

	(void)state;
	attach_both();
	send(&a, 64, 1);
	win.ctrl[1].rx_cons = 2; /* consumed more than we produced */
	assert_int_equal(chan_tx_space(&a, &space), CHAN_ACT_DOWN | CHAN_ACT_ERROR | CHAN_ACT_KICK);
	assert_int_equal(space, 0);
	assert_int_equal(a.state, CHAN_LINK_ERROR);
	assert_int_equal(chan_tx_space(&a, &space), 0);
	assert_int_equal(space, 0);
	/* And via the blocked path. */
	memset(&win, 0, sizeof(win));
	attach_both();
	win.ctrl[1].rx_cons = 0x80000000U;
	assert_int_equal(chan_tx_block(&a, &space), CHAN_ACT_DOWN | CHAN_ACT_ERROR | CHAN_ACT_KICK);
}

static void peer_reattach_is_not_an_error(void **state)
{
	struct rx_log log = {0};

	(void)state;
	attach_both();
	send(&b, 64, 1);
	send(&b, 64, 2);
	assert_int_equal(drain(&a, 64, &log, 0).consumed, 2);
	/* b restarts its driver: indices back to 0 under a new epoch. a's rx_cons is 2. */
	(void)chan_attach(&b, 0xbeef);
	assert_int_equal(chan_rx_drain(&a, 64, rx_record, &log, &(struct chan_rx_result){0}), CHAN_ACT_RELINK);
	assert_int_equal(a.state, CHAN_LINK_UP); /* the caller runs the link check next */
	assert_int_equal(chan_link_check(&a, 1), CHAN_ACT_DOWN | CHAN_ACT_KICK | CHAN_ACT_RESET);
	assert_int_equal(a.rx_cons, 0);
	assert_int_equal(win.ctrl[0].peer_epoch, 0xbeef);
	handshake();
}

static void peer_epoch_change_resets_and_reacks(void **state)
{
	unsigned int act;

	(void)state;
	attach_both();
	send(&a, 64, 1);
	/* The peer re-attaches (as seen mid-way: the new epoch, no ack yet). */
	win.ctrl[1].epoch = 0x5151;
	win.ctrl[1].peer_epoch = 0;
	act = chan_link_check(&a, 1);
	assert_int_equal(act, CHAN_ACT_DOWN | CHAN_ACT_KICK | CHAN_ACT_RESET);
	assert_int_equal(a.tx_prod, 0);
	assert_int_equal(win.ctrl[0].tx_prod, 0);
	assert_int_equal(win.ctrl[0].peer_epoch, 0x5151);
	assert_int_equal(a.state, CHAN_LINK_WAIT);
	/* It acknowledges us: up again. */
	win.ctrl[1].peer_epoch = a.epoch;
	assert_int_equal(chan_link_check(&a, 1), CHAN_ACT_UP);
	/*
	 * A new epoch seen with the old ack still in place (a re-attach read half-way):
	 * up at once. Harmless: both ends restart their indices when they accept.
	 */
	send(&a, 64, 2);
	win.ctrl[1].epoch = 0x6161;
	act = chan_link_check(&a, 1);
	assert_int_equal(act, CHAN_ACT_DOWN | CHAN_ACT_KICK | CHAN_ACT_RESET | CHAN_ACT_UP);
	assert_int_equal(a.tx_prod, 0);
}

static void own_ctrl_zeroed_reattaches(void **state)
{
	uint32_t old;

	(void)state;
	attach_both();
	old = a.epoch;
	/* The hypervisor zeroes the window when a VM restarts. */
	memset(&win, 0, sizeof(win));
	assert_int_equal(chan_link_check(&a, old), CHAN_ACT_DOWN | CHAN_ACT_KICK | CHAN_ACT_RESET);
	assert_int_not_equal(a.epoch, old);
	assert_int_equal(win.ctrl[0].magic, SHOJI_CHAN_MAGIC);
	assert_int_equal(win.ctrl[0].epoch, a.epoch);
	(void)chan_link_check(&b, 5);
	handshake();
	/* Only our epoch overwritten (by the peer): the same. */
	win.ctrl[0].epoch ^= 1U;
	assert_int_equal(chan_link_check(&a, 77), CHAN_ACT_DOWN | CHAN_ACT_KICK | CHAN_ACT_RESET);
	handshake();
}

static void peer_magic_gone_takes_the_link_down(void **state)
{
	(void)state;
	attach_both();
	chan_detach(&b);
	assert_int_equal(win.ctrl[1].magic, 0);
	assert_int_equal(chan_link_check(&a, 1), CHAN_ACT_DOWN);
	assert_int_equal(a.state, CHAN_LINK_WAIT);
	assert_int_equal(win.ctrl[0].peer_epoch, 0);
	assert_int_equal(chan_link_check(&a, 1), 0);
	/* A detached end does nothing. */
	assert_int_equal(chan_link_check(&b, 1), 0);
	assert_int_equal(b.state, CHAN_LINK_DOWN);
	(void)chan_attach(&b, 0x77);
	handshake();
	/* Magic present but epoch 0 is no peer either. */
	win.ctrl[1].epoch = 0;
	assert_int_equal(chan_link_check(&a, 1), CHAN_ACT_DOWN);
}

static void error_lasts_until_the_peer_attaches_anew(void **state)
{
	(void)state;
	attach_both();
	win.ctrl[1].tx_prod = 0x40000000U;
	(void)chan_rx_drain(&a, 64, rx_record, &(struct rx_log){0}, &(struct chan_rx_result){0});
	assert_int_equal(a.state, CHAN_LINK_ERROR);
	/* The peer still acks us: a waits. Fixing the index does not help. */
	win.ctrl[1].tx_prod = 0;
	assert_int_equal(chan_link_check(&a, 1), 0);
	assert_int_equal(a.state, CHAN_LINK_ERROR);
	/* Gone and back on the same epoch: still refused. */
	win.ctrl[1].magic = 0;
	assert_int_equal(chan_link_check(&a, 1), 0);
	win.ctrl[1].magic = SHOJI_CHAN_MAGIC;
	assert_int_equal(chan_link_check(&a, 1), 0);
	assert_int_equal(a.state, CHAN_LINK_WAIT);
	assert_int_equal(win.ctrl[0].peer_epoch, 0);
	/* b, honest, sees a stop acknowledging it and attaches anew: both come up. */
	assert_int_equal(chan_link_check(&b, 0x3333) & (CHAN_ACT_DOWN | CHAN_ACT_RESET),
			 CHAN_ACT_DOWN | CHAN_ACT_RESET);
	handshake();
}

static void honest_peer_recovers_after_our_error(void **state)
{
	(void)state;
	attach_both();
	win.ctrl[1].rx_cons = 0xdead; /* a transient corruption */
	assert_true(chan_tx_space(&a, &(uint32_t){0}) & CHAN_ACT_ERROR);
	win.ctrl[1].rx_cons = 0;
	/* a withdrew its ack; b attaches afresh; a accepts the new epoch. */
	handshake();
	assert_int_equal(a.rx_cons, 0);
}

static void both_ends_in_error_do_not_wait_forever(void **state)
{
	(void)state;
	attach_both();
	win.ctrl[1].tx_prod = 0x40000000U;
	win.ctrl[0].tx_prod = 0x40000000U;
	assert_true(chan_rx_drain(&a, 64, rx_record, &(struct rx_log){0}, &(struct chan_rx_result){0}) &
		    CHAN_ACT_ERROR);
	assert_true(chan_rx_drain(&b, 64, rx_record, &(struct rx_log){0}, &(struct chan_rx_result){0}) &
		    CHAN_ACT_ERROR);
	/* Each sees the other not acknowledging it: one or both attach afresh, and they meet. */
	handshake();
}

static void hostile_ack_toggling_costs_one_reattach_per_check(void **state)
{
	(void)state;
	attach_both();
	for (unsigned int i = 0; i < 100; i++) {
		unsigned int act;

		win.ctrl[1].peer_epoch = (i & 1U) ? a.epoch : 0;
		act = chan_link_check(&a, i);
		/* Withdrawn: a attaches afresh. Back: a accepts the peer again and is up. */
		assert_int_equal(act & CHAN_ACT_RESET, CHAN_ACT_RESET);
		assert_int_equal(a.state, (i & 1U) ? CHAN_LINK_UP : CHAN_LINK_WAIT);
		assert_int_equal(win.ctrl[0].magic, SHOJI_CHAN_MAGIC);
		assert_int_equal(win.ctrl[0].epoch, a.epoch);
		assert_int_equal(win.ctrl[0].peer_epoch, a.peer_epoch);
	}
}

static void detached_end_takes_no_part(void **state)
{
	uint32_t space = 1;

	(void)state;
	attach_both();
	chan_detach(&a);
	assert_int_equal(chan_tx_space(&a, &space), 0);
	assert_int_equal(space, 0);
	assert_int_equal(drain(&a, 64, &(struct rx_log){0}, 0).consumed, 0);
	assert_false(chan_rx_pending(&a));
	assert_int_equal(chan_link_check(&b, 1), CHAN_ACT_DOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(refuses_a_third_side, setup),
		cmocka_unit_test_setup(handshake_brings_both_up, setup),
		cmocka_unit_test_setup(epochs_are_fresh_and_nonzero, setup),
		cmocka_unit_test_setup(frames_cross_in_order, setup),
		cmocka_unit_test_setup(drain_respects_the_budget, setup),
		cmocka_unit_test_setup(indices_wrap_around, setup),
		cmocka_unit_test_setup(full_ring_blocks_and_unblocks, setup),
		cmocka_unit_test_setup(doorbell_only_when_the_peer_may_sleep, setup),
		cmocka_unit_test_setup(bad_lengths_are_dropped_and_the_link_stays, setup),
		cmocka_unit_test_setup(producer_index_past_the_ring_is_a_protocol_error, setup),
		cmocka_unit_test_setup(garbage_consumer_index_is_a_protocol_error, setup),
		cmocka_unit_test_setup(peer_reattach_is_not_an_error, setup),
		cmocka_unit_test_setup(peer_epoch_change_resets_and_reacks, setup),
		cmocka_unit_test_setup(own_ctrl_zeroed_reattaches, setup),
		cmocka_unit_test_setup(peer_magic_gone_takes_the_link_down, setup),
		cmocka_unit_test_setup(error_lasts_until_the_peer_attaches_anew, setup),
		cmocka_unit_test_setup(honest_peer_recovers_after_our_error, setup),
		cmocka_unit_test_setup(both_ends_in_error_do_not_wait_forever, setup),
		cmocka_unit_test_setup(hostile_ack_toggling_costs_one_reattach_per_check, setup),
		cmocka_unit_test_setup(detached_end_takes_no_part, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
