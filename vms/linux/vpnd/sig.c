/* SPDX-License-Identifier: MIT */
/* Stop signals, delivered only while vpnd waits (sig.h). */
#define _GNU_SOURCE /* ppoll(2) */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "mono.h"
#include "sig.h"

static volatile sig_atomic_t stop_requested;
static sigset_t wait_mask; /* the mask while waiting: the stop signals unblocked */

static void on_stop(int signo)
{
	(void)signo;
	stop_requested = 1;
}

int sig_init(void)
{
	struct sigaction sa;
	sigset_t stop;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	/* No SA_RESTART: the wait the signal interrupts must return. */
	if (sigfillset(&sa.sa_mask) != 0 || sigemptyset(&stop) != 0 || sigaddset(&stop, SIGTERM) != 0 ||
	    sigaddset(&stop, SIGINT) != 0) {
		return -1;
	}
	if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0 ||
	    sigprocmask(SIG_BLOCK, &stop, &wait_mask) != 0) {
		return -1;
	}
	if (sigdelset(&wait_mask, SIGTERM) != 0 || sigdelset(&wait_mask, SIGINT) != 0) {
		return -1;
	}
	return 0;
}

bool sig_stop_requested(void)
{
	return stop_requested != 0;
}

int sig_poll(struct pollfd *fds, nfds_t n, int64_t timeout_ms)
{
	struct timespec ts;
	int ret;

	if (stop_requested) {
		return 0;
	}
	if (timeout_ms >= 0) {
		ts.tv_sec = (time_t)(timeout_ms / 1000);
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
	}
	ret = ppoll(fds, n, timeout_ms >= 0 ? &ts : NULL, &wait_mask);
	if (ret < 0 && errno == EINTR) {
		return 0;
	}
	return ret;
}

void sig_sleep_ms(int64_t ms)
{
	int64_t end = mono_ms() + ms;
	int64_t left = ms;

	while (left > 0 && !stop_requested) {
		if (sig_poll(NULL, 0, left) < 0) {
			return;
		}
		left = end - mono_ms();
	}
}
