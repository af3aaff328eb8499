/* SPDX-License-Identifier: MIT */
/*
 * vpnd's log: whole lines on stderr, each prefixed "vpnd: ", and a limiter for the
 * lines the network can cause (bad packets), so no peer can flood the log.
 * Nothing logged here ever contains key material or packet contents.
 */
#ifndef SHOJI_VPND_LOG_H
#define SHOJI_VPND_LOG_H

#include <stdbool.h>
#include <stdint.h>

/* One line; control characters in the result are shown as '?'. */
void vpnd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct ratelimit {
	int64_t next_ms;          /* the earliest time another line may be printed */
	unsigned long suppressed; /* lines refused since the last one printed */
};

/*
 * Whether a line may be printed at now_ms: at most one per interval_ms. When it says yes,
 * *suppressed is how many it said no to since the last yes (to print with the line).
 */
bool ratelimit_allow(struct ratelimit *rl, int64_t now_ms, int64_t interval_ms, unsigned long *suppressed);

#endif /* SHOJI_VPND_LOG_H */
