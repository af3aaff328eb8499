/* SPDX-License-Identifier: MIT */
/*
 * Channels at run time: which VM is at each end of each window, and the
 * CHANNEL_NOTIFY doorbell with its per-end budget (docs/abi.md). Mapping and
 * zeroing the windows is the VM lifecycle's job (vm.c).
 */
#ifndef SHOJI_CHAN_H
#define SHOJI_CHAN_H

#include <guest_fault.h>
#include <shoji/partition.h>
#include <spinlock.h>

struct vm;

/*
 * Doorbell budget of one channel end: a burst of CHAN_NOTIFY_BURST, then
 * CHAN_NOTIFY_PER_SECOND. Ringing an already pending doorbell costs the peer
 * nothing (coalesced); the budget bounds what an end can make the hypervisor do
 * on the peer's behalf (its vGIC lock, kicks of its CPUs) however fast it calls.
 */
#define CHAN_NOTIFY_BURST      64
#define CHAN_NOTIFY_PER_SECOND 20000

struct chan_end_state {
	struct spinlock lock; /* the budget and the counters */
	struct rate_limit budget;
	uint64_t rung;      /* doorbells that newly became pending in the peer */
	uint64_t coalesced; /* calls that found the doorbell already pending */
	uint64_t limited;   /* calls refused for the budget */
};

struct chan {
	const struct channel_config *cfg;
	struct vm *vm[2]; /* NULL: the end names no VM (partcheck forbids it) */
	struct chan_end_state end[2];
};

/* Binds every channel of system_config to its VMs; before the VMs are set up. */
void chan_init_all(void);
uint32_t chan_count(void);
struct chan *chan_get(uint32_t i);

/* The side (0 or 1) `vm` is on in channel `c`, or -1. */
int chan_side(const struct chan *c, const struct vm *vm);

/* CHANNEL_NOTIFY from `caller`: a SHOJI_OK or error result for x0. */
int64_t chan_notify(struct vm *caller, uint64_t index);

/* Rings the doorbell of every peer of `vm` that is running (its windows were just zeroed). */
void chan_ring_peers(struct vm *vm);

#endif /* SHOJI_CHAN_H */
