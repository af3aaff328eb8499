/* SPDX-License-Identifier: MIT */
/* Exponential backoff between connection attempts (backoff.h). */
#include "backoff.h"

void backoff_init(struct backoff *b, unsigned min, unsigned max)
{
	/* A zero delay would let a failing gateway make vpnd spin. */
	b->min = min == 0 ? 1 : min;
	b->max = max < b->min ? b->min : max;
	b->next = b->min;
}

unsigned backoff_next(struct backoff *b)
{
	unsigned now = b->next;

	/* Doubling cannot overflow: it happens only while next <= max / 2. */
	b->next = now > b->max / 2 ? b->max : now * 2;
	return now;
}

void backoff_reset(struct backoff *b)
{
	b->next = b->min;
}
