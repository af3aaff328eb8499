/* SPDX-License-Identifier: MIT */
/*
 * Reconnect delays: backoff_min, doubling after each failed attempt up to backoff_max,
 * and back to backoff_min once a handshake succeeds. Deterministic (no jitter): one
 * client per gateway here, and the log line "retrying in N s" stays predictable.
 */
#ifndef SHOJI_VPND_BACKOFF_H
#define SHOJI_VPND_BACKOFF_H

struct backoff {
	unsigned min;  /* seconds, >= 1 */
	unsigned max;  /* seconds, >= min */
	unsigned next; /* the delay backoff_next returns next */
};

void backoff_init(struct backoff *b, unsigned min, unsigned max);

/* The delay before the next attempt, in seconds; the one after it is twice as long, at most max. */
unsigned backoff_next(struct backoff *b);

/* After a successful handshake: the next delay is min again. */
void backoff_reset(struct backoff *b);

#endif /* SHOJI_VPND_BACKOFF_H */
