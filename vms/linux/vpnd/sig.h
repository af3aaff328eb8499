/* SPDX-License-Identifier: MIT */
/*
 * SIGTERM and SIGINT: a request to stop. Both stay blocked except inside sig_poll's
 * ppoll(2), so a stop request arrives only where vpnd waits, never in the middle of
 * mbedTLS or a half-done state change, and a request that comes just before a wait
 * cannot be lost (ppoll unblocks and waits atomically).
 */
#ifndef SHOJI_VPND_SIG_H
#define SHOJI_VPND_SIG_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

/* Installs the handlers and blocks the signals; 0, or -1 with errno. */
int sig_init(void);

bool sig_stop_requested(void);

/*
 * poll(2) for at most timeout_ms (< 0: no limit) with the stop signals deliverable.
 * Returns poll's count, 0 on timeout or when a signal arrived, -1 with errno on error.
 */
int sig_poll(struct pollfd *fds, nfds_t n, int64_t timeout_ms);

/* Waits ms milliseconds, or less if a stop is requested. */
void sig_sleep_ms(int64_t ms);

#endif /* SHOJI_VPND_SIG_H */
