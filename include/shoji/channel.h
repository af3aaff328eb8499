/* SPDX-License-Identifier: MIT */
/*
 * The layout of a channel window: the memory two VMs share, which the hypervisor
 * maps into both and zeroes, and otherwise never reads or writes. Shared by the
 * Linux channel driver (vms/linux/shoji-chan/), the host tests and fuzz target,
 * and the partition-table checker (for the minimum size). docs/abi.md is the spec.
 *
 * Two single-producer rings: side s (0 or 1, from the device tree's
 * "shoji,side") writes only ctrl[s] and ring[s]; it reads ctrl[1-s] and ring[1-s],
 * and everything it reads there is untrusted: a receiver validates every index,
 * length and offset before use and copies a frame out before it checks it.
 *
 * Indices are free-running u32 counts (slot = index % SHOJI_CHAN_SLOTS), so
 * prod - cons (mod 2^32) is the number of full slots; more than SHOJI_CHAN_SLOTS is
 * a protocol error.
 *
 * Link protocol. A side attaches by clearing its magic, then writing tx_prod =
 * rx_cons = flags = peer_epoch = 0 and a fresh nonzero epoch (different from its
 * last), then magic (release order: a peer that sees the magic sees the rest).
 * The link is up for a side when both magics are present, it has copied the
 * peer's epoch into its peer_epoch, and the peer's peer_epoch equals its own
 * epoch. A side that sees a new peer epoch resets its own indices before
 * acknowledging it; one that sees the peer's magic gone withdraws its
 * acknowledgement (peer_epoch = 0). When either VM (re)starts the hypervisor
 * zeroes the whole window and rings both doorbells: the survivor finds its own
 * magic gone and attaches afresh, so stale indices never cross a restart.
 *
 * Errors. A receiver that finds a peer index out of range (tx_prod - rx_cons or
 * its own tx_prod - the peer's rx_cons above SLOTS), once it has re-read the
 * peer's magic and epoch and found them unchanged, takes the link down, withdraws
 * its acknowledgement and accepts nothing from that peer epoch again: the link
 * returns when the peer attaches with a new epoch. A side whose link was up and
 * whose peer, still attached with the same epoch, stops acknowledging it,
 * attaches afresh (that is how an honest peer recovers after the other side
 * found an error); so does, once, a side in the error state whose peer does not
 * acknowledge it either (two sides that both found an error would otherwise wait
 * for each other). A slot whose len is outside FRAME_MIN..FRAME_MAX is consumed
 * and dropped; the link stays up.
 *
 * Doorbells. A producer that publishes a batch of slots rings the peer's
 * doorbell if, after a full barrier, the peer's rx_cons shows it had consumed
 * every slot published before the batch (it may be idle); otherwise the consumer
 * is still draining and sees the new slots when it re-reads tx_prod after its own
 * last rx_cons store and a full barrier, before it sleeps. A producer that finds
 * its ring full sets F_TX_BLOCKED, then (full barrier) re-reads the peer's
 * rx_cons; a consumer that advanced rx_cons re-reads (full barrier) the peer's
 * flags and rings if F_TX_BLOCKED is set. Every side also re-checks the link
 * periodically, so a lost or rate-limited doorbell only delays.
 */
#ifndef SHOJI_CHANNEL_H
#define SHOJI_CHANNEL_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#define SHOJI_CHAN_STATIC_ASSERT(c, m) static_assert(c, m)
#else
#include <stddef.h>
#include <stdint.h>
#define SHOJI_CHAN_STATIC_ASSERT(c, m) _Static_assert(c, m)
#endif

#define SHOJI_CHAN_MAGIC       0x4e414843U /* "CHAN" little-endian */
#define SHOJI_CHAN_WINDOW_SIZE 0x100000U   /* the size every channel window has */
#define SHOJI_CHAN_SLOTS       128U        /* per ring; a power of two */
#define SHOJI_CHAN_SLOT_SIZE   2048U
#define SHOJI_CHAN_SLOT_HDR    8U
#define SHOJI_CHAN_FRAME_MAX   (SHOJI_CHAN_SLOT_SIZE - SHOJI_CHAN_SLOT_HDR) /* an Ethernet frame, no FCS */
#define SHOJI_CHAN_RING0       0x1000U
#define SHOJI_CHAN_RING_SIZE   (SHOJI_CHAN_SLOTS * SHOJI_CHAN_SLOT_SIZE)

/* The shortest frame a slot may hold: an Ethernet header (FRAME_MAX is the longest). */
#define SHOJI_CHAN_FRAME_MIN 14U

/* ctrl flags */
#define SHOJI_CHAN_F_TX_BLOCKED 0x1U /* this side's ring is full: ring its doorbell when you free a slot */

/* One side's control block: written only by that side, one cache line. */
struct shoji_chan_ctrl {
	uint32_t magic;      /* SHOJI_CHAN_MAGIC while attached */
	uint32_t epoch;      /* nonzero, new at every attach */
	uint32_t peer_epoch; /* the peer's epoch this side has accepted */
	uint32_t tx_prod;    /* slots produced into ring[this side] */
	uint32_t rx_cons;    /* slots consumed from ring[other side] */
	uint32_t flags;      /* SHOJI_CHAN_F_* */
	uint32_t reserved[10];
};

struct shoji_chan_slot {
	uint32_t len; /* frame bytes in data; SHOJI_CHAN_FRAME_MIN..SHOJI_CHAN_FRAME_MAX */
	uint32_t reserved;
	uint8_t data[SHOJI_CHAN_FRAME_MAX];
};

struct shoji_chan_window {
	struct shoji_chan_ctrl ctrl[2];
	uint8_t pad[SHOJI_CHAN_RING0 - 2 * sizeof(struct shoji_chan_ctrl)];
	struct shoji_chan_slot ring[2][SHOJI_CHAN_SLOTS];
};

SHOJI_CHAN_STATIC_ASSERT(sizeof(struct shoji_chan_ctrl) == 64, "ctrl is one cache line");
SHOJI_CHAN_STATIC_ASSERT(offsetof(struct shoji_chan_ctrl, magic) == 0, "ctrl.magic");
SHOJI_CHAN_STATIC_ASSERT(offsetof(struct shoji_chan_ctrl, epoch) == 4, "ctrl.epoch");
SHOJI_CHAN_STATIC_ASSERT(offsetof(struct shoji_chan_ctrl, peer_epoch) == 8, "ctrl.peer_epoch");
SHOJI_CHAN_STATIC_ASSERT(offsetof(struct shoji_chan_ctrl, tx_prod) == 12, "ctrl.tx_prod");
SHOJI_CHAN_STATIC_ASSERT(offsetof(struct shoji_chan_ctrl, rx_cons) == 16, "ctrl.rx_cons");
SHOJI_CHAN_STATIC_ASSERT(offsetof(struct shoji_chan_ctrl, flags) == 20, "ctrl.flags");
SHOJI_CHAN_STATIC_ASSERT(sizeof(struct shoji_chan_slot) == SHOJI_CHAN_SLOT_SIZE, "slot size");
SHOJI_CHAN_STATIC_ASSERT(offsetof(struct shoji_chan_slot, data) == SHOJI_CHAN_SLOT_HDR, "slot.data");
SHOJI_CHAN_STATIC_ASSERT(offsetof(struct shoji_chan_window, ctrl) == 0, "window.ctrl");
SHOJI_CHAN_STATIC_ASSERT(offsetof(struct shoji_chan_window, ring) == SHOJI_CHAN_RING0, "window.ring");
SHOJI_CHAN_STATIC_ASSERT(sizeof(struct shoji_chan_window) == SHOJI_CHAN_RING0 + 2 * SHOJI_CHAN_RING_SIZE,
			 "window layout");
SHOJI_CHAN_STATIC_ASSERT(sizeof(struct shoji_chan_window) <= SHOJI_CHAN_WINDOW_SIZE, "layout fits the window");
SHOJI_CHAN_STATIC_ASSERT((SHOJI_CHAN_SLOTS & (SHOJI_CHAN_SLOTS - 1)) == 0, "slots: power of two");
SHOJI_CHAN_STATIC_ASSERT(SHOJI_CHAN_FRAME_MIN <= SHOJI_CHAN_FRAME_MAX, "frame bounds");

#endif /* SHOJI_CHANNEL_H */
