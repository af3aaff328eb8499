/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The channel protocol's decisions (include/shoji/channel.h), free of the kernel:
 * validating what the peer wrote, free space, doorbell policy and the link state
 * machine. The same chan_ring.c is built into the Linux module (shoji_chan.c is the
 * glue) and, on the host, into the unit tests and the fuzz target.
 *
 * Everything read from the window is untrusted, our own ctrl included: the peer
 * maps the whole window and may write anywhere in it. The truth about this side
 * (epoch, indices, flags) lives in struct chan_ring; the window only gets copies.
 * Shared words are read once into locals and validated before use.
 *
 * The caller serialises every call on one chan_ring (the module: one spinlock).
 */
#ifndef SHOJI_CHAN_RING_H
#define SHOJI_CHAN_RING_H

#ifdef __KERNEL__
#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/barrier.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#include <shoji/channel.h>

/*
 * Shared-memory accesses, the only way this code touches the window. The
 * kernel's primitives, or on the host the compiler's atomics (same ordering) and
 * an optional hook the fuzz target uses to check that every access is inside the
 * window and every write inside this side's half.
 */
#ifdef __KERNEL__
#define CHAN_HOOK(p, n, w) ((void)0)
#elif defined(CHAN_ACCESS_HOOK)
void chan_access_hook(const void *p, size_t n, bool write);
#define CHAN_HOOK(p, n, w) chan_access_hook(p, n, w)
#else
#define CHAN_HOOK(p, n, w) ((void)0)
#endif

#ifdef __KERNEL__
static inline uint32_t chan_read(const uint32_t *p)
{
	return READ_ONCE(*p);
}

static inline void chan_write(uint32_t *p, uint32_t v)
{
	WRITE_ONCE(*p, v);
}

static inline uint32_t chan_load_acquire(const uint32_t *p)
{
	return smp_load_acquire(p);
}

static inline void chan_store_release(uint32_t *p, uint32_t v)
{
	smp_store_release(p, v);
}

#define chan_mb()  smp_mb()
#define chan_rmb() smp_rmb()
#define chan_wmb() smp_wmb()
#else
static inline uint32_t chan_read(const uint32_t *p)
{
	CHAN_HOOK(p, sizeof(*p), false);
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void chan_write(uint32_t *p, uint32_t v)
{
	CHAN_HOOK(p, sizeof(*p), true);
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

static inline uint32_t chan_load_acquire(const uint32_t *p)
{
	CHAN_HOOK(p, sizeof(*p), false);
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void chan_store_release(uint32_t *p, uint32_t v)
{
	CHAN_HOOK(p, sizeof(*p), true);
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

#define chan_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define chan_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define chan_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

enum chan_link {
	CHAN_LINK_DOWN,  /* detached: the interface is down */
	CHAN_LINK_WAIT,  /* attached, handshake not (yet) complete */
	CHAN_LINK_UP,    /* both sides acknowledge each other's epoch */
	CHAN_LINK_ERROR, /* the peer broke the protocol: nothing accepted until it attaches anew */
};

/* What the caller must do after a call that returns actions (bits, any mix). */
#define CHAN_ACT_UP     0x01U /* the link came up: carrier on, wake the queue */
#define CHAN_ACT_DOWN   0x02U /* the link went down: carrier off */
#define CHAN_ACT_KICK   0x04U /* our ctrl changed: ring the peer's doorbell */
#define CHAN_ACT_RESET  0x08U /* we (re)attached or restarted our indices: count it */
#define CHAN_ACT_ERROR  0x10U /* the peer broke the protocol: count it */
#define CHAN_ACT_RELINK 0x20U /* a peer index looked wrong because the peer re-attached: run chan_link_check */

struct chan_ring {
	struct shoji_chan_ctrl *own;  /* &win->ctrl[side] */
	struct shoji_chan_ctrl *peer; /* &win->ctrl[1 - side] */
	struct shoji_chan_slot *tx;   /* win->ring[side]: SHOJI_CHAN_SLOTS slots we produce */
	struct shoji_chan_slot *rx;   /* win->ring[1 - side]: the peer's */
	enum chan_link state;
	uint32_t epoch;      /* ours; nonzero once attached */
	uint32_t peer_epoch; /* the peer's we acknowledge; 0: none */
	uint32_t bad_epoch;  /* a peer epoch that broke the protocol; 0: none */
	uint32_t tx_prod;
	uint32_t rx_cons;
	uint32_t flags;     /* SHOJI_CHAN_F_* as we last wrote them */
	uint32_t kick_base; /* tx_prod at the last doorbell decision */
};

/* The outcome of one chan_rx_drain. */
struct chan_rx_result {
	uint32_t consumed; /* slots consumed, good or bad: never more than the budget or SHOJI_CHAN_SLOTS */
	uint32_t bad_len;  /* of which dropped for a length outside FRAME_MIN..FRAME_MAX */
};

/* Receives one frame: len is validated, frame points into the window (copy it out once). */
typedef void chan_rx_fn(void *ctx, const uint8_t *frame, uint32_t len);

/* Binds r to side `side` (0 or 1) of win, detached. Returns -1 (and changes nothing) for another side. */
int chan_init(struct chan_ring *r, struct shoji_chan_window *win, uint32_t side);

/* Attaches afresh with an epoch derived from seed (any value: a random one). */
unsigned int chan_attach(struct chan_ring *r, uint32_t seed);

/* Detaches: the peer sees our magic gone. */
void chan_detach(struct chan_ring *r);

/* Looks at both ctrl blocks and takes the link one step (seed: for a re-attach). */
unsigned int chan_link_check(struct chan_ring *r, uint32_t seed);

/* Consumes up to budget slots the peer published, handing each valid frame to fn. */
unsigned int chan_rx_drain(struct chan_ring *r, uint32_t budget, chan_rx_fn *fn, void *ctx, struct chan_rx_result *res);

/* After a full barrier: has the peer published slots we have not consumed? (Re-check before sleeping.) */
bool chan_rx_pending(const struct chan_ring *r);

/* After a full barrier: does the peer wait for a doorbell when we free a slot? */
bool chan_rx_peer_blocked(const struct chan_ring *r);

/* Free slots in our ring (0 unless the link is up); validates the peer's rx_cons. */
unsigned int chan_tx_space(struct chan_ring *r, uint32_t *space);

/* The data of the slot at tx_prod. Only with space > 0: the caller writes the frame there. */
uint8_t *chan_tx_slot(const struct chan_ring *r);

/* Publishes the slot at tx_prod with len bytes (the caller checked FRAME_MIN..FRAME_MAX). */
void chan_tx_publish(struct chan_ring *r, uint32_t len);

/* Ring full: sets F_TX_BLOCKED, then (full barrier) looks at the free space again. */
unsigned int chan_tx_block(struct chan_ring *r, uint32_t *space);

/* Clears F_TX_BLOCKED (the caller saw free space). */
void chan_tx_unblock(struct chan_ring *r);

/* At the end of a batch: must we ring the peer for the slots published since the last decision? */
bool chan_tx_kick_needed(struct chan_ring *r);

#endif /* SHOJI_CHAN_RING_H */
