// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The channel protocol (include/shoji/channel.h says what; this file decides):
 * link state machine, peer-index and slot-length validation, free space and
 * doorbell policy. No loop here runs more than the caller's budget or
 * SHOJI_CHAN_SLOTS times; no access leaves the window.
 */
#include "chan_ring.h"

#define SLOT_MASK (SHOJI_CHAN_SLOTS - 1U)

int chan_init(struct chan_ring *r, struct shoji_chan_window *win, uint32_t side)
{
	if (side > 1U)
		return -1;
	r->own = &win->ctrl[side];
	r->peer = &win->ctrl[1U - side];
	r->tx = win->ring[side];
	r->rx = win->ring[1U - side];
	r->state = CHAN_LINK_DOWN;
	r->epoch = 0;
	r->peer_epoch = 0;
	r->bad_epoch = 0;
	r->tx_prod = 0;
	r->rx_cons = 0;
	r->flags = 0;
	r->kick_base = 0;
	return 0;
}

/* Carrier off only if it was on. */
static unsigned int went_down(const struct chan_ring *r)
{
	return r->state == CHAN_LINK_UP ? CHAN_ACT_DOWN : 0U;
}

static void reset_indices(struct chan_ring *r)
{
	r->tx_prod = 0;
	r->rx_cons = 0;
	r->flags = 0;
	r->kick_base = 0;
	chan_write(&r->own->tx_prod, 0);
	chan_write(&r->own->rx_cons, 0);
	chan_write(&r->own->flags, 0);
}

/* Nonzero and not the last one, so the peer always sees a new epoch. */
static uint32_t fresh_epoch(uint32_t last, uint32_t seed)
{
	uint32_t e = seed;

	if (e == 0 || e == last)
		e = last + 1U;
	if (e == 0)
		e = 1;
	return e;
}

unsigned int chan_attach(struct chan_ring *r, uint32_t seed)
{
	unsigned int act = went_down(r);

	/* Magic first: a peer never sees the new fields under the old magic and epoch. */
	chan_write(&r->own->magic, 0);
	chan_wmb();
	r->epoch = fresh_epoch(r->epoch, seed);
	r->peer_epoch = 0;
	reset_indices(r);
	chan_write(&r->own->peer_epoch, 0);
	chan_write(&r->own->epoch, r->epoch);
	chan_store_release(&r->own->magic, SHOJI_CHAN_MAGIC);
	r->state = CHAN_LINK_WAIT;
	return act | CHAN_ACT_KICK | CHAN_ACT_RESET;
}

void chan_detach(struct chan_ring *r)
{
	chan_write(&r->own->magic, 0);
	chan_wmb();
	chan_write(&r->own->peer_epoch, 0);
	r->peer_epoch = 0;
	r->state = CHAN_LINK_DOWN;
}

/* Stop acknowledging the peer: its link goes down too. */
static void withdraw_ack(struct chan_ring *r)
{
	r->peer_epoch = 0;
	chan_write(&r->own->peer_epoch, 0);
}

/* A new peer epoch: restart our indices, then (release) acknowledge it. */
static void accept_peer(struct chan_ring *r, uint32_t peer_epoch)
{
	reset_indices(r);
	r->peer_epoch = peer_epoch;
	r->bad_epoch = 0;
	chan_store_release(&r->own->peer_epoch, peer_epoch);
	r->state = CHAN_LINK_WAIT;
}

/* The peer is not attached: forget its epoch (a bad one stays refused). */
static unsigned int peer_gone(struct chan_ring *r)
{
	unsigned int act = went_down(r);

	if (r->peer_epoch != 0)
		withdraw_ack(r);
	r->state = CHAN_LINK_WAIT;
	return act;
}

/* In the error state, with the peer still on the epoch that broke the protocol. */
static unsigned int error_wait(struct chan_ring *r, uint32_t peer_ack, uint32_t seed)
{
	if (peer_ack == r->epoch)
		return 0; /* it has not seen our withdrawal yet: it re-attaches when it does */
	/* It does not acknowledge us either (it found an error too): both start afresh. */
	r->bad_epoch = 0;
	return chan_attach(r, seed);
}

unsigned int chan_link_check(struct chan_ring *r, uint32_t seed)
{
	unsigned int act = 0;
	uint32_t magic, epoch, ack;

	if (r->state == CHAN_LINK_DOWN)
		return 0;
	/* Our ctrl zeroed (the hypervisor restarted a VM) or overwritten: attach afresh. */
	if (chan_read(&r->own->magic) != SHOJI_CHAN_MAGIC || chan_read(&r->own->epoch) != r->epoch)
		return chan_attach(r, seed);
	magic = chan_load_acquire(&r->peer->magic);
	epoch = chan_read(&r->peer->epoch);
	ack = chan_read(&r->peer->peer_epoch);
	if (magic != SHOJI_CHAN_MAGIC || epoch == 0)
		return peer_gone(r);
	if (epoch == r->bad_epoch)
		return r->state == CHAN_LINK_ERROR ? error_wait(r, ack, seed) : 0;
	if (epoch != r->peer_epoch) {
		act = went_down(r) | CHAN_ACT_KICK | CHAN_ACT_RESET;
		accept_peer(r, epoch);
	}
	if (ack == r->epoch) {
		if (r->state != CHAN_LINK_UP)
			act |= CHAN_ACT_UP;
		r->state = CHAN_LINK_UP;
		return act;
	}
	/* It stopped acknowledging us on the same epoch (it found an error): start afresh so it resets. */
	if (r->state == CHAN_LINK_UP)
		return chan_attach(r, seed);
	return act;
}

/*
 * A peer index is out of range. If the peer's magic or epoch changed since we
 * accepted it, it re-attached (its indices restarted): not an error. Otherwise
 * refuse its epoch until it attaches anew.
 */
static unsigned int protocol_error(struct chan_ring *r)
{
	unsigned int act;
	uint32_t magic, epoch;

	chan_rmb();
	magic = chan_read(&r->peer->magic);
	chan_rmb();
	epoch = chan_read(&r->peer->epoch);
	if (magic != SHOJI_CHAN_MAGIC || epoch != r->peer_epoch)
		return CHAN_ACT_RELINK;
	act = went_down(r);
	r->bad_epoch = r->peer_epoch;
	withdraw_ack(r);
	r->state = CHAN_LINK_ERROR;
	return act | CHAN_ACT_ERROR | CHAN_ACT_KICK;
}

unsigned int chan_rx_drain(struct chan_ring *r, uint32_t budget, chan_rx_fn *fn, void *ctx, struct chan_rx_result *res)
{
	uint32_t prod, ready, n, i;

	res->consumed = 0;
	res->bad_len = 0;
	if (r->state != CHAN_LINK_UP)
		return 0;
	/* Acquire: the slots are read after the index that published them. */
	prod = chan_load_acquire(&r->peer->tx_prod);
	ready = prod - r->rx_cons;
	if (ready > SHOJI_CHAN_SLOTS)
		return protocol_error(r);
	n = ready < budget ? ready : budget;
	for (i = 0; i < n; i++) {
		const struct shoji_chan_slot *slot = &r->rx[r->rx_cons & SLOT_MASK];
		uint32_t len = chan_read(&slot->len); /* read once: the peer may change it under us */

		if (len >= SHOJI_CHAN_FRAME_MIN && len <= SHOJI_CHAN_FRAME_MAX)
			fn(ctx, slot->data, len);
		else
			res->bad_len++;
		r->rx_cons++;
		/* Release: the frame is copied out before the peer may reuse its slot. */
		chan_store_release(&r->own->rx_cons, r->rx_cons);
	}
	res->consumed = n;
	return 0;
}

bool chan_rx_pending(const struct chan_ring *r)
{
	chan_mb(); /* our last rx_cons store before this load: pairs with the producer's barrier */
	return r->state == CHAN_LINK_UP && chan_read(&r->peer->tx_prod) != r->rx_cons;
}

bool chan_rx_peer_blocked(const struct chan_ring *r)
{
	chan_mb(); /* our rx_cons stores before this load: pairs with chan_tx_block */
	return (chan_read(&r->peer->flags) & SHOJI_CHAN_F_TX_BLOCKED) != 0;
}

unsigned int chan_tx_space(struct chan_ring *r, uint32_t *space)
{
	uint32_t cons, used;

	*space = 0;
	if (r->state != CHAN_LINK_UP)
		return 0;
	/* Acquire: we overwrite a slot only after the peer says it copied it out. */
	cons = chan_load_acquire(&r->peer->rx_cons);
	used = r->tx_prod - cons;
	if (used > SHOJI_CHAN_SLOTS)
		return protocol_error(r);
	*space = SHOJI_CHAN_SLOTS - used;
	return 0;
}

uint8_t *chan_tx_slot(const struct chan_ring *r)
{
	return r->tx[r->tx_prod & SLOT_MASK].data;
}

void chan_tx_publish(struct chan_ring *r, uint32_t len)
{
	struct shoji_chan_slot *slot = &r->tx[r->tx_prod & SLOT_MASK];

	chan_write(&slot->len, len);
	chan_write(&slot->reserved, 0);
	r->tx_prod++;
	/* Release: the peer that sees the index sees the slot. */
	chan_store_release(&r->own->tx_prod, r->tx_prod);
}

unsigned int chan_tx_block(struct chan_ring *r, uint32_t *space)
{
	r->flags |= SHOJI_CHAN_F_TX_BLOCKED;
	chan_write(&r->own->flags, r->flags);
	chan_mb(); /* the flag before the re-read: pairs with chan_rx_peer_blocked */
	return chan_tx_space(r, space);
}

void chan_tx_unblock(struct chan_ring *r)
{
	if ((r->flags & SHOJI_CHAN_F_TX_BLOCKED) == 0)
		return;
	r->flags &= ~SHOJI_CHAN_F_TX_BLOCKED;
	chan_write(&r->own->flags, r->flags);
}

bool chan_tx_kick_needed(struct chan_ring *r)
{
	uint32_t base = r->kick_base;
	uint32_t cons;

	if (r->tx_prod == base)
		return false;
	r->kick_base = r->tx_prod;
	/*
	 * Our tx_prod stores before this load, the consumer's rx_cons store before its
	 * re-read of tx_prod (chan_rx_pending): one of us sees the other. If it had
	 * consumed everything before this batch it may be asleep: ring. If not, it
	 * is still draining and its re-read finds the batch.
	 */
	chan_mb();
	cons = chan_read(&r->peer->rx_cons);
	return cons - base <= r->tx_prod - base;
}
