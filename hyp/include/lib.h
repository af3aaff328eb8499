/* SPDX-License-Identifier: MIT */
/* The hypervisor's tiny libc subset, and the bounded formatter behind every log line. */
#ifndef SHOJI_LIB_H
#define SHOJI_LIB_H

#include <stdarg.h>
#include <shoji/types.h>

#ifdef SHOJI_HOST_TEST
#include <string.h>
#else
void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strnlen(const char *s, size_t max);
#endif

/* Compares two NUL-terminated strings, reading at most `max` bytes of each. */
bool str_eq_bounded(const char *a, const char *b, size_t max);

/*
 * Formats into buf (always NUL-terminated when size > 0) and returns the length
 * written, truncating rather than overflowing. Conversions: %s %c %d %i %u %x %X
 * %p %%, flags '0' and '-', a field width, and the length modifiers l and ll.
 * An unknown conversion prints itself so a bad format is visible, not fatal.
 */
size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* n bytes as 2n lower-case hex digits, truncated and terminated like fmt_snprintf. */
size_t fmt_hex(char *buf, size_t size, const void *bytes, size_t n);

#endif /* SHOJI_LIB_H */
