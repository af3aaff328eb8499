/* SPDX-License-Identifier: MIT */
/*
 * Monotonic milliseconds. Every timer in vpnd uses this clock, never the wall clock,
 * which the VM's RTC or an NTP step can move (mbedTLS's own timing.c uses gettimeofday,
 * so dtls.c gives it these timers instead).
 */
#ifndef SHOJI_VPND_MONO_H
#define SHOJI_VPND_MONO_H

#include <stdint.h>
#include <time.h>

static inline int64_t mono_ms(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail on Linux with a valid pointer. */
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif /* SHOJI_VPND_MONO_H */
