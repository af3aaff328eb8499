/* SPDX-License-Identifier: MIT */
/*
 * The configuration's value types, parsed strictly: the whole string or nothing (no
 * sign, no base prefix, no leading or trailing junk, no overflow), and IPv4 helpers.
 *
 * IPv4 addresses are held in host byte order; code that puts them on the wire or into
 * a sockaddr converts with htonl.
 */
#ifndef SHOJI_VPND_VALUE_H
#define SHOJI_VPND_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPV4_TEXT_MAX 15  /* "255.255.255.255" */
#define HOSTNAME_MAX  254 /* 253 characters (RFC 1035) and the NUL */

struct ipv4_prefix {
	uint32_t addr; /* host byte order */
	uint8_t len;   /* 0..32 */
};

/* The netmask of a prefix length (0..32), host byte order. */
uint32_t ipv4_mask(uint8_t len);

/* True if addr lies in p. */
bool ipv4_prefix_contains(const struct ipv4_prefix *p, uint32_t addr);

/* "a.b.c.d" for a host-order address; buf holds at least 16 bytes. */
const char *ipv4_str(uint32_t addr, char *buf, size_t size);

/* Not 0/8, 127/8, multicast 224/4 or reserved 240/4 (which holds the broadcast address). */
bool ipv4_unicast(uint32_t addr);

/* A dotted quad (four decimal parts 0..255, no leading zeros). 0 or -1. */
int parse_ipv4(const char *s, uint32_t *out);

/* Decimal digits only, min <= value <= max. 0 or -1. */
int parse_uint(const char *s, unsigned min, unsigned max, unsigned *out);

/* "a.b.c.d/len", len 0..32. 0 or -1. */
int parse_prefix(const char *s, struct ipv4_prefix *out);

/* An RFC 1123 host name: dot-separated labels of 1..63 letters, digits and inner hyphens. */
bool hostname_ok(const char *s);

/* A letter, digit or hyphen (a host name's characters, also used for interface names). */
bool host_char(char c);

#endif /* SHOJI_VPND_VALUE_H */
