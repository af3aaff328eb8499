/* SPDX-License-Identifier: MIT */
/* Hex strings and key files for the host tools: strict, so a wrong file is refused rather than half-read. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hexkey.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/* The first i in [0, len) where s[i] is not a hex digit, or len. */
static size_t hex_prefix(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && hex_value(s[i]) >= 0) {
		i++;
	}
	return i;
}

static void decode(const char *s, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[i] = (uint8_t)(hex_value(s[2 * i]) << 4 | hex_value(s[2 * i + 1]));
	}
}

bool hex_decode(const char *s, uint8_t *out, size_t n)
{
	size_t len = strlen(s);

	if (len != 2 * n || hex_prefix(s, len) != len) {
		return false;
	}
	decode(s, out, n);
	return true;
}

void hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * n] = '\0';
}

/* The buffer held a private key: wipe it in a way the compiler keeps. */
static void wipe(char *p, size_t len)
{
	volatile char *v = p;

	for (size_t i = 0; i < len; i++) {
		v[i] = 0;
	}
}

/* What a file that is not 2n hex digits and a newline holds instead, for the message. */
static void describe(const char *buf, size_t len, size_t n, char *what, size_t size)
{
	size_t end = len;

	if (end > 0 && buf[end - 1] == '\n') {
		end--;
		if (end > 0 && buf[end - 1] == '\r') {
			end--;
		}
	}
	size_t hex = hex_prefix(buf, end);
	if (len >= 5 && memcmp(buf, "-----", 5) == 0) {
		(void)snprintf(what, size, "a PEM file; give the raw key as %zu hex characters", 2 * n);
	} else if (hex < end && hex < 2 * n) {
		(void)snprintf(what, size, "a non-hex byte 0x%02x at offset %zu", (unsigned int)(uint8_t)buf[hex], hex);
	} else if (hex < 2 * n) {
		(void)snprintf(what, size, "only %zu hex characters", hex);
	} else {
		(void)snprintf(what, size, "more than %zu hex characters, or more than one line", 2 * n);
	}
}

int hexfile_read(const char *path, const char *what, uint8_t *out, size_t n, char *err, size_t err_size)
{
	char buf[2 * 133 + 8]; /* room for the largest key (a 65-byte public key) and some excess to see */
	char found[96];
	FILE *f = fopen(path, "rb");

	if (2 * n + 2 >= sizeof(buf)) {
		(void)snprintf(err, err_size, "'%s': internal error: %zu-byte keys are not supported", path, n);
		if (f != NULL) {
			(void)fclose(f);
		}
		return -1;
	}
	if (f == NULL) {
		(void)snprintf(err, err_size, "'%s': cannot open: %s", path, strerror(errno));
		return -1;
	}
	size_t len = fread(buf, 1, sizeof(buf), f);
	bool bad_read = ferror(f) != 0;
	(void)fclose(f);
	if (bad_read) {
		(void)snprintf(err, err_size, "'%s': cannot read", path);
		return -1;
	}
	/* 2n hex digits, then "", "\n" or "\r\n". */
	size_t tail = len - (len < 2 * n ? len : 2 * n);
	bool ok = len >= 2 * n && hex_prefix(buf, 2 * n) == 2 * n &&
		  (tail == 0 || (tail == 1 && buf[2 * n] == '\n') ||
		   (tail == 2 && buf[2 * n] == '\r' && buf[2 * n + 1] == '\n'));
	if (!ok) {
		describe(buf, len, n, found, sizeof(found));
		(void)snprintf(err, err_size,
			       "'%s': not a key file: expected %zu hex characters (%s) and a newline, found %s", path,
			       2 * n, what, found);
	} else {
		decode(buf, out, n);
	}
	wipe(buf, sizeof(buf));
	return ok ? 0 : -1;
}
