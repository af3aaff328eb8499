/* SPDX-License-Identifier: MIT */
/* Heartbeat and pacing from the virtual counter, polled by the command loop (no interrupts yet). */
#ifndef SHOJI_GUEST_HEARTBEAT_H
#define SHOJI_GUEST_HEARTBEAT_H

#include <shoji/types.h>

/* Longest heartbeat period accepted: one day. */
#define HB_MAX_MS ULL(86400000)

/* Starts (or restarts, from `hb 1`) a heartbeat every ms; false if ms or CNTFRQ is unusable. */
bool hb_start(uint64_t ms);
void hb_stop(void);
/* Prints `hb <n>` when a period has elapsed. */
void hb_poll(void);
/* When the next `hb` line is due, if the heartbeat is on. */
bool hb_next(uint64_t *when);
/* Waits about 10 us: paces console polling so an idle guest does not trap to EL2 nonstop. */
void idle_pause(void);

#endif /* SHOJI_GUEST_HEARTBEAT_H */
