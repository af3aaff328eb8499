/* SPDX-License-Identifier: MIT */
/* The hypervisor's own console lines, serialised across CPUs. */
#include <console_hw.h>
#include <lib.h>
#include <vconsole.h>

#define LOG_LINE_MAX 200

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
	vconsole_hyp_write(s, n);
}

static size_t format_line(char *buf, size_t size, const char *fmt, va_list ap, bool tagged)
{
	static const char tag[] = "[shoji] ";
	size_t n = tagged ? sizeof(tag) - 1 : 0;

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
	size_t n = format_line(buf, sizeof(buf), fmt, ap, false);
	va_end(ap);
	log_write(buf, n);
}

void log_panic_line(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	size_t n = format_line(buf, sizeof(buf), fmt, ap, true);
	va_end(ap);
	write_raw(buf, n);
}
