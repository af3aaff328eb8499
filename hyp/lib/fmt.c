/* SPDX-License-Identifier: MIT */
/* Bounded printf-style formatting: every log line goes through here, never past its buffer. */
#include <lib.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size) {
		o->buf[o->len++] = c;
	}
}

static void out_pad(struct out *o, char c, int n)
{
	for (; n > 0; n--) {
		out_char(o, c);
	}
}

struct spec {
	bool left;
	bool zero;
	int width;
};

static void out_str(struct out *o, const char *s, const struct spec *sp)
{
	if (s == NULL) {
		s = "(null)";
	}
	int len = (int)strnlen(s, 1024);
	if (!sp->left) {
		out_pad(o, ' ', sp->width - len);
	}
	for (int i = 0; i < len; i++) {
		out_char(o, s[i]);
	}
	if (sp->left) {
		out_pad(o, ' ', sp->width - len);
	}
}

static void out_num(struct out *o, uint64_t v, unsigned int base, bool upper, bool neg, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v != 0);

	int len = n + (neg ? 1 : 0);
	if (!sp->left && !sp->zero) {
		out_pad(o, ' ', sp->width - len);
	}
	if (neg) {
		out_char(o, '-');
	}
	if (!sp->left && sp->zero) {
		out_pad(o, '0', sp->width - len);
	}
	while (n > 0) {
		out_char(o, tmp[--n]);
	}
	if (sp->left) {
		out_pad(o, ' ', sp->width - len);
	}
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	sp->left = false;
	sp->zero = false;
	sp->width = 0;
	for (;; f++) {
		if (*f == '-') {
			sp->left = true;
		} else if (*f == '0') {
			sp->zero = true;
		} else {
			break;
		}
	}
	while (*f >= '0' && *f <= '9' && sp->width < 256) {
		sp->width = sp->width * 10 + (*f++ - '0');
	}
	return f;
}

static const char *parse_length(const char *f, int *longs)
{
	*longs = 0;
	while (*f == 'l' && *longs < 2) {
		(*longs)++;
		f++;
	}
	return f;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/*
 * Arguments are fetched here, in one function, rather than through a va_list
 * pointer: va_list is an array type on some hosts, and the analysers follow it
 * only this way.
 */
size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	static const struct spec ptr_spec = {false, true, 16};

	while (*fmt != '\0') {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		struct spec sp;
		int longs;
		fmt = parse_length(parse_spec(fmt + 1, &sp), &longs);
		char conv = *fmt;
		if (conv == '\0') {
			out_char(&o, '%');
			break;
		}
		fmt++;
		switch (conv) {
		case 's':
			out_str(&o, va_arg(ap, const char *), &sp);
			break;
		case 'c':
			out_char(&o, (char)va_arg(ap, int));
			break;
		case 'd':
		case 'i': {
			int64_t v = longs > 0 ? (int64_t)va_arg(ap, long long) : va_arg(ap, int);
			out_num(&o, magnitude(v), 10, false, v < 0, &sp);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = longs > 0 ? (uint64_t)va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
			out_num(&o, v, conv == 'u' ? 10 : 16, conv == 'X', false, &sp);
			break;
		}
		case 'p':
			out_char(&o, '0');
			out_char(&o, 'x');
			out_num(&o, (uint64_t)(uintptr_t)va_arg(ap, void *), 16, false, false, &ptr_spec);
			break;
		case '%':
			out_char(&o, '%');
			break;
		default:
			out_char(&o, '%');
			out_char(&o, conv);
			break;
		}
	}
	if (size > 0) {
		buf[o.len] = '\0';
	}
	return o.len;
}

size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	size_t n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

size_t fmt_hex(char *buf, size_t size, const void *bytes, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *b = bytes;
	struct out o = {buf, size, 0};

	for (size_t i = 0; i < n; i++) {
		out_char(&o, digits[b[i] >> 4]);
		out_char(&o, digits[b[i] & 0xf]);
	}
	if (size > 0) {
		buf[o.len] = '\0';
	}
	return o.len;
}

bool str_eq_bounded(const char *a, const char *b, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		if (a[i] != b[i]) {
			return false;
		}
		if (a[i] == '\0') {
			return true;
		}
	}
	return true;
}
