/* SPDX-License-Identifier: MIT */
/* The hypervisor's own console lines, serialised across CPUs. */
#include <console_hw.h>
#include <lib.h>
#include <spinlock.h>

#define LOG_LINE_MAX 200

static struct spinlock console_lock = SPINLOCK_INIT;

static void write_raw(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			uart_putc('\r');
		}
		uart_putc(s[i]);
	}
}

void log_write(const char *s, size_t n)
{
	spin_lock(&console_lock);
	write_raw(s, n);
	spin_unlock(&console_lock);
}

static size_t format_line(char *buf, size_t size, const char *fmt, va_list ap)
{
	static const char tag[] = "[shoji] ";
	size_t n = sizeof(tag) - 1;

	memcpy(buf, tag, n);
	n += fmt_vsnprintf(buf + n, size - n - 1, fmt, ap);
	buf[n++] = '\n';
	return n;
}

void log_line(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	size_t n = format_line(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_write(buf, n);
}

void log_panic_line(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	size_t n = format_line(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	write_raw(buf, n);
}
