/* SPDX-License-Identifier: MIT */
/* Log lines on stderr, written with one write(2) each so concurrent writers cannot interleave them. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

#define LOG_PREFIX   "vpnd: "
#define LOG_LINE_MAX 512

void vpnd_log(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	size_t prefix = sizeof(LOG_PREFIX) - 1;
	size_t len;
	ssize_t written;
	va_list ap;
	int n;

	memcpy(line, LOG_PREFIX, prefix);
	va_start(ap, fmt);
	n = vsnprintf(line + prefix, sizeof(line) - prefix - 1, fmt, ap);
	va_end(ap);
	if (n < 0) {
		return;
	}
	/* vsnprintf returns what it would have written; the line holds what it did. */
	len = strlen(line);
	for (size_t i = prefix; i < len; i++) {
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f) {
			line[i] = '?';
		}
	}
	line[len++] = '\n';
	written = write(STDERR_FILENO, line, len);
	(void)written; /* nowhere to report a failure to report */
}

bool ratelimit_allow(struct ratelimit *rl, int64_t now_ms, int64_t interval_ms, unsigned long *suppressed)
{
	if (now_ms < rl->next_ms) {
		rl->suppressed++;
		return false;
	}
	*suppressed = rl->suppressed;
	rl->suppressed = 0;
	rl->next_ms = now_ms + interval_ms;
	return true;
}
