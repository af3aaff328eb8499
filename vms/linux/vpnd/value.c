/* SPDX-License-Identifier: MIT */
/* Strict text-to-value parsers for the configuration, and IPv4 address helpers (value.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "value.h"

uint32_t ipv4_mask(uint8_t len)
{
	return len == 0 ? 0 : UINT32_MAX << (32U - len);
}

bool ipv4_prefix_contains(const struct ipv4_prefix *p, uint32_t addr)
{
	uint32_t mask = ipv4_mask(p->len);

	return (addr & mask) == (p->addr & mask);
}

const char *ipv4_str(uint32_t addr, char *buf, size_t size)
{
	struct in_addr in = {.s_addr = htonl(addr)};

	if (inet_ntop(AF_INET, &in, buf, (socklen_t)size) == NULL) {
		(void)snprintf(buf, size, "?");
	}
	return buf;
}

/* Not 0/8, 127/8, multicast 224/4 or reserved 240/4 (which holds the broadcast address). */
bool ipv4_unicast(uint32_t a)
{
	uint32_t top = a >> 24;

	return top != 0 && top != 127 && top < 224;
}

/* Dotted quad only (inet_pton: four decimal parts, no leading zeros, no trailing junk). */
int parse_ipv4(const char *s, uint32_t *out)
{
	struct in_addr in;

	if (strlen(s) > IPV4_TEXT_MAX || inet_pton(AF_INET, s, &in) != 1) {
		return -1;
	}
	*out = ntohl(in.s_addr);
	return 0;
}

/* Decimal digits only, min <= value <= max (max < 2^32, so the arithmetic cannot overflow). */
int parse_uint(const char *s, unsigned min, unsigned max, unsigned *out)
{
	uint64_t v = 0;

	if (*s == '\0') {
		return -1;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9') {
			return -1;
		}
		v = v * 10U + (uint64_t)(*s - '0');
		if (v > max) {
			return -1;
		}
	}
	if (v < min) {
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* "a.b.c.d/len", len 0..32. */
int parse_prefix(const char *s, struct ipv4_prefix *out)
{
	char addr[IPV4_TEXT_MAX + 1];
	const char *slash = strchr(s, '/');
	size_t n;
	unsigned len;

	if (slash == NULL) {
		return -1;
	}
	n = (size_t)(slash - s);
	if (n > IPV4_TEXT_MAX) {
		return -1;
	}
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (parse_ipv4(addr, &out->addr) != 0 || parse_uint(slash + 1, 0, 32, &len) != 0) {
		return -1;
	}
	out->len = (uint8_t)len;
	return 0;
}

bool host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* RFC 1123 host name: dot-separated labels of 1..63 letters, digits and inner hyphens. */
bool hostname_ok(const char *s)
{
	size_t len = strlen(s);
	size_t label = 0;

	if (len == 0 || len >= HOSTNAME_MAX) {
		return false;
	}
	for (size_t i = 0; i <= len; i++) {
		if (s[i] == '.' || s[i] == '\0') {
			if (label == 0 || label > 63 || s[i - 1] == '-' || s[i - label] == '-') {
				return false;
			}
			label = 0;
		} else if (host_char(s[i])) {
			label++;
		} else {
			return false;
		}
	}
	return true;
}
