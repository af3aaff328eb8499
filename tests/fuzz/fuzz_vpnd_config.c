// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for vpnd's configuration parser (vms/linux/vpnd/config.c): the
 * fuzzer's buffer, exactly as it is (not NUL-terminated, NUL bytes and all), is the
 * file. The configuration is the local administrator's, but it is the one text vpnd
 * parses, and a parser that misreads a range would hand the rest of vpnd a value it
 * never expects.
 *
 * Checked, against a reading of the text written here from vpnd's README
 * ("Configuration") rather than from config.c:
 *   - config_parse returns 0 or -1, and the same again on a second call into
 *     differently filled structures (nothing from before leaks into the result);
 *   - on -1: the message is non-empty, it and the key are NUL-terminated inside their
 *     arrays, the key is "" or key-shaped, the line is one the file has;
 *   - it cannot be 0 when the file breaks a rule the README states: a NUL byte, a line
 *     over 511 characters, a line that is neither blank, a comment nor `key = value`,
 *     an unknown key, an empty value, a key other than `route` given twice, a required
 *     key missing, more than 16 routes;
 *   - on 0: every field is the value its line gives, read here by its own strict
 *     parsers (dotted quads without leading zeros, decimal numbers), or the README's
 *     default; and every range holds: mtu 576-1500, keepalive 1-3600, dead_after
 *     2-86400 and more than keepalive, backoff_min 1-3600, backoff_max 1-86400 and at
 *     least backoff_min, unicast gateway, address and peer, peer != address, route
 *     lengths 1-32 without host bits, neither address nor any route containing the
 *     gateway, a DNS gateway_name, a tun name of 1-15 allowed characters, paths that fit.
 * Everything the parser reads must lie inside the buffer (ASan).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define CHECK(c) check((c), #c, __LINE__)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what, int line)
{
	if (!ok) {
		(void)fprintf(stderr, "fuzz_vpnd_config:%d: check failed: %s\n", line, what);
		abort();
	}
}

/* ---- the README's rules, read independently ---- */

struct span {
	const char *p;
	size_t n;
};

enum key {
	GATEWAY,
	GATEWAY_NAME,
	CA,
	CERT,
	KEY,
	TUN,
	ADDRESS,
	PEER,
	MTU,
	ROUTE,
	KEEPALIVE,
	DEAD_AFTER,
	BACKOFF_MIN,
	BACKOFF_MAX,
	KEYS
};

static const struct {
	const char *name;
	bool required;
} key_table[KEYS] = {
	[GATEWAY] = {"gateway", true},
	[GATEWAY_NAME] = {"gateway_name", true},
	[CA] = {"ca", true},
	[CERT] = {"cert", true},
	[KEY] = {"key", true},
	[TUN] = {"tun", false},
	[ADDRESS] = {"address", true},
	[PEER] = {"peer", true},
	[MTU] = {"mtu", false},
	[ROUTE] = {"route", false},
	[KEEPALIVE] = {"keepalive", false},
	[DEAD_AFTER] = {"dead_after", false},
	[BACKOFF_MIN] = {"backoff_min", false},
	[BACKOFF_MAX] = {"backoff_max", false},
};

/* One `key = value` line. */
struct entry {
	enum key key;
	unsigned line;
	struct span value;
};

struct reading {
	bool must_fail; /* the file breaks a rule no accepted file breaks */
	unsigned lines; /* how many lines the file has */
	struct entry *e;
	size_t n;
	unsigned count[KEYS];
	const struct entry *last[KEYS];
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r'; /* what vpnd trims: CRLF files are fine */
}

static bool key_shaped(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static struct span trimmed(struct span s)
{
	while (s.n > 0 && blank(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && blank(s.p[s.n - 1])) {
		s.n--;
	}
	return s;
}

static bool is(struct span s, const char *text)
{
	return s.n == strlen(text) && memcmp(s.p, text, s.n) == 0;
}

/* One line: false if it breaks a rule (the reading stops there). */
static bool read_line(struct reading *r, struct span line)
{
	struct span s = trimmed(line);
	struct span name = {s.p, 0};
	size_t i;

	if (line.n > 511 || memchr(line.p, '\0', line.n) != NULL) {
		return false;
	}
	if (s.n == 0 || s.p[0] == '#') {
		return true;
	}
	while (name.n < s.n && key_shaped(s.p[name.n])) {
		name.n++;
	}
	for (i = name.n; i < s.n && blank(s.p[i]); i++) {
	}
	if (name.n == 0 || i == s.n || s.p[i] != '=') {
		return false;
	}
	for (unsigned k = 0; k < KEYS; k++) {
		if (is(name, key_table[k].name)) {
			struct entry *e = &r->e[r->n++];

			e->key = (enum key)k;
			e->line = r->lines;
			e->value = trimmed((struct span){s.p + i + 1, s.n - i - 1});
			r->count[k]++;
			r->last[k] = e;
			return e->value.n > 0;
		}
	}
	return false;
}

static void read_text(struct reading *r, const char *text, size_t len)
{
	size_t pos = 0;

	r->e = calloc(len / 2 + 1, sizeof(*r->e)); /* a key line takes at least two bytes */
	CHECK(r->e != NULL);
	r->must_fail = len > CONFIG_FILE_MAX;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - (text + pos)) : len - pos;

		r->lines++;
		if (!r->must_fail && !read_line(r, (struct span){text + pos, n})) {
			r->must_fail = true;
		}
		pos += n + 1;
	}
	for (unsigned k = 0; k < KEYS; k++) {
		if ((k != ROUTE && r->count[k] > 1) || (key_table[k].required && r->count[k] == 0)) {
			r->must_fail = true;
		}
	}
	if (r->count[ROUTE] > 16) {
		r->must_fail = true;
	}
}

/* Decimal digits only, at most max. */
static bool number(struct span s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (s.n == 0) {
		return false;
	}
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9') {
			return false;
		}
		v = v * 10 + (uint64_t)(s.p[i] - '0');
		if (v > max) {
			return false;
		}
	}
	*out = v;
	return true;
}

/* Four decimal parts 0-255, dot-separated, none with a leading zero. */
static bool dotted_quad(struct span s, uint32_t *out)
{
	uint32_t addr = 0;
	size_t pos = 0;

	for (int part = 0; part < 4; part++) {
		struct span d = {s.p + pos, 0};
		uint64_t v;

		while (pos + d.n < s.n && s.p[pos + d.n] != '.') {
			d.n++;
		}
		if (d.n == 0 || d.n > 3 || (d.n > 1 && d.p[0] == '0') || !number(d, 255, &v)) {
			return false;
		}
		addr = addr << 8 | (uint32_t)v;
		pos += d.n;
		if (part < 3) {
			if (pos == s.n || s.p[pos] != '.') {
				return false;
			}
			pos++;
		}
	}
	*out = addr;
	return pos == s.n;
}

/* "quad<sep>number": the quad and the number (at most max). */
static bool quad_and(struct span s, char sep, uint64_t max, uint32_t *addr, uint64_t *num)
{
	const char *at = memchr(s.p, sep, s.n);

	return at != NULL && dotted_quad((struct span){s.p, (size_t)(at - s.p)}, addr) &&
	       number((struct span){at + 1, s.n - (size_t)(at - s.p) - 1}, max, num);
}

/* Not 0/8, 127/8, multicast 224/4 or 240/4. */
static bool unicast(uint32_t a)
{
	return a >> 24 != 0 && a >> 24 != 127 && a >> 24 < 224;
}

static uint32_t mask(unsigned len)
{
	return len == 0 ? 0 : (uint32_t)(0xffffffffULL << (32 - len));
}

static bool contains(uint32_t net, unsigned len, uint32_t addr)
{
	return ((net ^ addr) & mask(len)) == 0;
}

/* A C string that ends inside its array. */
static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

/* A DNS name: dot-separated labels of 1-63 letters, digits and inner hyphens, 253 at most. */
static bool dns_name(const char *s)
{
	size_t len = strlen(s), start = 0;

	if (len == 0 || len > 253) {
		return false;
	}
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (i == start || i - start > 63 || s[start] == '-' || s[i - 1] == '-') {
				return false;
			}
			start = i + 1;
		} else if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= 'A' && s[i] <= 'Z') &&
			   !(s[i] >= '0' && s[i] <= '9') && s[i] != '-') {
			return false;
		}
	}
	return true;
}

/* README: 1-15 of A-Z a-z 0-9 - _ . */
static bool ifname(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > 15) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.", s[i]) == NULL) {
			return false;
		}
	}
	return true;
}

/* ---- what an accepted file must have produced ---- */

static void check_number(const struct reading *r, enum key k, unsigned dflt, unsigned got)
{
	uint64_t v = dflt;

	if (r->last[k] != NULL) {
		CHECK(number(r->last[k]->value, UINT32_MAX, &v));
	}
	CHECK(got == v);
}

static void check_string(const struct reading *r, enum key k, const char *dflt, const char *got, size_t size)
{
	CHECK(terminated(got, size));
	if (r->last[k] != NULL) {
		CHECK(is(r->last[k]->value, got));
	} else {
		CHECK(strcmp(got, dflt) == 0);
	}
}

static void check_file(const struct reading *r, enum key k, const struct config_file *f)
{
	check_string(r, k, "", f->path, sizeof(f->path));
	CHECK(f->line == r->last[k]->line && f->path[0] != '\0');
}

static void check_routes(const struct reading *r, const struct vpnd_config *c)
{
	size_t i = 0;

	CHECK(c->n_routes == r->count[ROUTE] && c->n_routes <= 16);
	for (size_t j = 0; j < r->n; j++) {
		const struct ipv4_prefix *p = &c->routes[i];
		uint32_t addr;
		uint64_t len;

		if (r->e[j].key != ROUTE) {
			continue;
		}
		CHECK(quad_and(r->e[j].value, '/', 32, &addr, &len));
		CHECK(p->addr == addr && p->len == len);
		CHECK(p->len >= 1 && p->len <= 32 && (p->addr & ~mask(p->len)) == 0);
		CHECK(!contains(p->addr, p->len, c->gateway_addr));
		i++;
	}
}

static void check_accepted(const struct reading *r, const struct vpnd_config *c)
{
	uint32_t addr;
	uint64_t num;

	CHECK(!r->must_fail);
	CHECK(quad_and(r->last[GATEWAY]->value, ':', 65535, &addr, &num));
	CHECK(c->gateway_addr == addr && c->gateway_port == num && num >= 1 && unicast(addr));
	check_string(r, GATEWAY_NAME, "", c->gateway_name, sizeof(c->gateway_name));
	CHECK(dns_name(c->gateway_name));
	check_file(r, CA, &c->ca);
	check_file(r, CERT, &c->cert);
	check_file(r, KEY, &c->key);
	check_string(r, TUN, "tun0", c->tun, sizeof(c->tun));
	CHECK(ifname(c->tun));
	CHECK(quad_and(r->last[ADDRESS]->value, '/', 32, &addr, &num));
	CHECK(c->address.addr == addr && c->address.len == num && num >= 1 && unicast(addr));
	CHECK(!contains(c->address.addr, c->address.len, c->gateway_addr));
	CHECK(dotted_quad(r->last[PEER]->value, &addr));
	CHECK(c->peer == addr && unicast(addr) && c->peer != c->address.addr);
	check_number(r, MTU, 1400, c->mtu);
	check_number(r, KEEPALIVE, 10, c->keepalive);
	check_number(r, DEAD_AFTER, 30, c->dead_after);
	check_number(r, BACKOFF_MIN, 1, c->backoff_min);
	check_number(r, BACKOFF_MAX, 60, c->backoff_max);
	CHECK(c->mtu >= 576 && c->mtu <= 1500);
	CHECK(c->keepalive >= 1 && c->keepalive <= 3600);
	CHECK(c->dead_after >= 2 && c->dead_after <= 86400 && c->dead_after > c->keepalive);
	CHECK(c->backoff_min >= 1 && c->backoff_min <= 3600);
	CHECK(c->backoff_max >= 1 && c->backoff_max <= 86400 && c->backoff_max >= c->backoff_min);
	check_routes(r, c);
}

static void check_refused(const struct reading *r, const struct config_error *e)
{
	CHECK(terminated(e->msg, sizeof(e->msg)) && e->msg[0] != '\0');
	CHECK(terminated(e->key, sizeof(e->key)));
	for (const char *k = e->key; *k != '\0'; k++) {
		CHECK(key_shaped(*k));
	}
	CHECK(e->line <= r->lines);
}

/* Field by field: a struct ipv4_prefix copied from the parser's stack may carry its padding. */
static bool same_config(const struct vpnd_config *a, const struct vpnd_config *b)
{
	bool same = a->n_routes == b->n_routes;

	for (size_t i = 0; same && i < CONFIG_MAX_ROUTES; i++) {
		same = a->routes[i].addr == b->routes[i].addr && a->routes[i].len == b->routes[i].len;
	}
	return same && a->gateway_addr == b->gateway_addr && a->gateway_port == b->gateway_port &&
	       memcmp(a->gateway_name, b->gateway_name, sizeof(a->gateway_name)) == 0 &&
	       memcmp(&a->ca, &b->ca, sizeof(a->ca)) == 0 && memcmp(&a->cert, &b->cert, sizeof(a->cert)) == 0 &&
	       memcmp(&a->key, &b->key, sizeof(a->key)) == 0 && memcmp(a->tun, b->tun, sizeof(a->tun)) == 0 &&
	       a->address.addr == b->address.addr && a->address.len == b->address.len && a->peer == b->peer &&
	       a->mtu == b->mtu && a->keepalive == b->keepalive && a->dead_after == b->dead_after &&
	       a->backoff_min == b->backoff_min && a->backoff_max == b->backoff_max;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vpnd_config cfg, again;
	static struct config_error err, err_again;
	struct reading r = {0};
	int rc;

	memset(&cfg, 0xa5, sizeof(cfg));
	memset(&err, 0xa5, sizeof(err));
	rc = config_parse((const char *)data, size, &cfg, &err);
	CHECK(rc == 0 || rc == -1);

	memset(&again, 0, sizeof(again));
	memset(&err_again, 0x5a, sizeof(err_again));
	CHECK(config_parse((const char *)data, size, &again, &err_again) == rc);
	CHECK(same_config(&cfg, &again));
	CHECK(memcmp(&err, &err_again, sizeof(err)) == 0);

	read_text(&r, (const char *)data, size);
	if (rc == 0) {
		check_accepted(&r, &cfg);
	} else {
		check_refused(&r, &err);
	}
	free(r.e);
	return 0;
}
