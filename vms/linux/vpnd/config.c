/* SPDX-License-Identifier: MIT */
/* The configuration file parser: `key = value` lines, every value checked, every error located. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "value.h"

enum key_id {
	K_GATEWAY,
	K_GATEWAY_NAME,
	K_CA,
	K_CERT,
	K_KEY,
	K_TUN,
	K_ADDRESS,
	K_PEER,
	K_MTU,
	K_ROUTE,
	K_KEEPALIVE,
	K_DEAD_AFTER,
	K_BACKOFF_MIN,
	K_BACKOFF_MAX,
	K_COUNT
};

struct parse {
	struct vpnd_config *cfg;
	struct config_error *err;
	unsigned line;              /* the line being parsed */
	enum key_id key;            /* its key */
	unsigned key_line[K_COUNT]; /* where each key was (last) given; 0: not given */
	unsigned route_line[CONFIG_MAX_ROUTES];
};

typedef int key_fn(struct parse *p, const char *value);

enum key_flags {
	KEY_OPTIONAL = 0,
	KEY_REQUIRED = 1,
	KEY_REPEATABLE = 2,
};

struct key_def {
	const char *name;
	key_fn *parse;
	enum key_flags flags;
};

/* Values and their ranges (README.md). */
#define MTU_MIN          576 /* RFC 791: every IPv4 host accepts 576-byte datagrams */
#define MTU_MAX          1500
#define KEEPALIVE_MAX    3600
#define DEAD_AFTER_MAX   86400
#define BACKOFF_MIN_MAX  3600
#define BACKOFF_MAX_MAX  86400
#define VALUE_SHOWN      "%.48s" /* how much of a bad value an error message quotes */
#define DEFAULT_TUN      "tun0"
#define DEFAULT_MTU      1400
#define DEFAULT_KA       10
#define DEFAULT_DEAD     30
#define DEFAULT_BACKOFF0 1
#define DEFAULT_BACKOFF1 60

/* ---- errors ---- */

static const char *key_name(enum key_id k);

static int vreport(struct config_error *err, unsigned line, const char *key, const char *fmt, va_list ap)
{
	err->line = line;
	(void)snprintf(err->key, sizeof(err->key), "%s", key);
	(void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -1;
}

/* Fills *err; returns -1. key is "" when the error is about a line as a whole. */
static int report(struct config_error *err, unsigned line, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int report(struct config_error *err, unsigned line, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vreport(err, line, key, fmt, ap);
	va_end(ap);
	return -1;
}

/* An error about the value on the current line. */
static int bad(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vreport(p->err, p->line, key_name(p->key), fmt, ap);
	va_end(ap);
	return -1;
}

/* An error about key k, on the line that gave it (0 when it was not given). */
static int bad_key(struct parse *p, enum key_id k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad_key(struct parse *p, enum key_id k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vreport(p->err, p->key_line[k], key_name(k), fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- one function per key ---- */

static int key_gateway(struct parse *p, const char *v)
{
	char addr[IPV4_TEXT_MAX + 1];
	const char *colon = strchr(v, ':');
	unsigned port;
	size_t n;

	if (colon == NULL || (n = (size_t)(colon - v)) > IPV4_TEXT_MAX) {
		return bad(p, "'" VALUE_SHOWN "' is not an IPv4 address and port (a.b.c.d:port)", v);
	}
	memcpy(addr, v, n);
	addr[n] = '\0';
	if (parse_ipv4(addr, &p->cfg->gateway_addr) != 0 || !ipv4_unicast(p->cfg->gateway_addr)) {
		return bad(p, "'%s' is not a unicast IPv4 address", addr);
	}
	if (parse_uint(colon + 1, 1, UINT16_MAX, &port) != 0) {
		return bad(p, "'" VALUE_SHOWN "' is not a port number from 1 to 65535", colon + 1);
	}
	p->cfg->gateway_port = (uint16_t)port;
	return 0;
}

static int key_gateway_name(struct parse *p, const char *v)
{
	if (!hostname_ok(v)) {
		return bad(p, "'" VALUE_SHOWN "' is not a DNS host name", v);
	}
	(void)snprintf(p->cfg->gateway_name, sizeof(p->cfg->gateway_name), "%s", v);
	return 0;
}

static int set_path(struct parse *p, struct config_file *f, const char *v)
{
	for (const char *c = v; *c != '\0'; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			return bad(p, "the path contains a control character");
		}
	}
	if (strlen(v) >= sizeof(f->path)) {
		return bad(p, "the path is longer than %zu characters", sizeof(f->path) - 1);
	}
	(void)snprintf(f->path, sizeof(f->path), "%s", v);
	f->line = p->line;
	return 0;
}

static int key_ca(struct parse *p, const char *v)
{
	return set_path(p, &p->cfg->ca, v);
}

static int key_cert(struct parse *p, const char *v)
{
	return set_path(p, &p->cfg->cert, v);
}

static int key_key(struct parse *p, const char *v)
{
	return set_path(p, &p->cfg->key, v);
}

/* What Linux accepts as an interface name (dev_valid_name), minus '%' (a template, not a name). */
static int key_tun(struct parse *p, const char *v)
{
	size_t len = strlen(v);

	if (len >= CONFIG_IFNAME_MAX || strcmp(v, ".") == 0 || strcmp(v, "..") == 0) {
		return bad(p, "'" VALUE_SHOWN "' is not an interface name of 1 to 15 characters", v);
	}
	for (size_t i = 0; i < len; i++) {
		if (!host_char(v[i]) && v[i] != '_' && v[i] != '.') {
			return bad(p, "'" VALUE_SHOWN "': an interface name has letters, digits, '-', '_' and '.' only",
				   v);
		}
	}
	(void)snprintf(p->cfg->tun, sizeof(p->cfg->tun), "%s", v);
	return 0;
}

static int key_address(struct parse *p, const char *v)
{
	struct ipv4_prefix *a = &p->cfg->address;
	uint32_t host;

	if (parse_prefix(v, a) != 0 || a->len == 0) {
		return bad(p, "'" VALUE_SHOWN "' is not an IPv4 address with a prefix length 1..32 (a.b.c.d/len)", v);
	}
	host = a->addr & ~ipv4_mask(a->len);
	if (!ipv4_unicast(a->addr) || (a->len < 31 && (host == 0 || host == ~ipv4_mask(a->len)))) {
		return bad(p, "'" VALUE_SHOWN "' is not a unicast host address in its prefix", v);
	}
	return 0;
}

static int key_peer(struct parse *p, const char *v)
{
	if (parse_ipv4(v, &p->cfg->peer) != 0 || !ipv4_unicast(p->cfg->peer)) {
		return bad(p, "'" VALUE_SHOWN "' is not a unicast IPv4 address", v);
	}
	return 0;
}

static int key_route(struct parse *p, const char *v)
{
	struct vpnd_config *c = p->cfg;
	struct ipv4_prefix r;

	if (parse_prefix(v, &r) != 0 || r.len == 0) {
		return bad(p, "'" VALUE_SHOWN "' is not an IPv4 prefix with a length 1..32 (a.b.c.d/len)", v);
	}
	if ((r.addr & ~ipv4_mask(r.len)) != 0) {
		return bad(p, "'" VALUE_SHOWN "' has bits set after the prefix length", v);
	}
	for (size_t i = 0; i < c->n_routes; i++) {
		if (c->routes[i].addr == r.addr && c->routes[i].len == r.len) {
			return bad(p, "'" VALUE_SHOWN "' is given twice", v);
		}
	}
	if (c->n_routes == CONFIG_MAX_ROUTES) {
		return bad(p, "more than %d routes", CONFIG_MAX_ROUTES);
	}
	p->route_line[c->n_routes] = p->line;
	c->routes[c->n_routes++] = r;
	return 0;
}

static int set_uint(struct parse *p, const char *v, unsigned min, unsigned max, unsigned *out)
{
	if (parse_uint(v, min, max, out) != 0) {
		return bad(p, "'" VALUE_SHOWN "' is not a whole number from %u to %u", v, min, max);
	}
	return 0;
}

static int key_mtu(struct parse *p, const char *v)
{
	return set_uint(p, v, MTU_MIN, MTU_MAX, &p->cfg->mtu);
}

static int key_keepalive(struct parse *p, const char *v)
{
	return set_uint(p, v, 1, KEEPALIVE_MAX, &p->cfg->keepalive);
}

static int key_dead_after(struct parse *p, const char *v)
{
	return set_uint(p, v, 2, DEAD_AFTER_MAX, &p->cfg->dead_after);
}

static int key_backoff_min(struct parse *p, const char *v)
{
	return set_uint(p, v, 1, BACKOFF_MIN_MAX, &p->cfg->backoff_min);
}

static int key_backoff_max(struct parse *p, const char *v)
{
	return set_uint(p, v, 1, BACKOFF_MAX_MAX, &p->cfg->backoff_max);
}

static const struct key_def keys[K_COUNT] = {
	[K_GATEWAY] = {"gateway", key_gateway, KEY_REQUIRED},
	[K_GATEWAY_NAME] = {"gateway_name", key_gateway_name, KEY_REQUIRED},
	[K_CA] = {"ca", key_ca, KEY_REQUIRED},
	[K_CERT] = {"cert", key_cert, KEY_REQUIRED},
	[K_KEY] = {"key", key_key, KEY_REQUIRED},
	[K_TUN] = {"tun", key_tun, KEY_OPTIONAL},
	[K_ADDRESS] = {"address", key_address, KEY_REQUIRED},
	[K_PEER] = {"peer", key_peer, KEY_REQUIRED},
	[K_MTU] = {"mtu", key_mtu, KEY_OPTIONAL},
	[K_ROUTE] = {"route", key_route, KEY_REPEATABLE},
	[K_KEEPALIVE] = {"keepalive", key_keepalive, KEY_OPTIONAL},
	[K_DEAD_AFTER] = {"dead_after", key_dead_after, KEY_OPTIONAL},
	[K_BACKOFF_MIN] = {"backoff_min", key_backoff_min, KEY_OPTIONAL},
	[K_BACKOFF_MAX] = {"backoff_max", key_backoff_max, KEY_OPTIONAL},
};

static const char *key_name(enum key_id k)
{
	return k < K_COUNT ? keys[k].name : "";
}

/* ---- lines ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Trims s in place; returns its first non-blank character. */
static char *trim(char *s)
{
	size_t n;

	while (is_space(*s)) {
		s++;
	}
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1])) {
		s[--n] = '\0';
	}
	return s;
}

static int lookup(const char *name, enum key_id *out)
{
	for (unsigned k = 0; k < K_COUNT; k++) {
		if (strcmp(keys[k].name, name) == 0) {
			*out = (enum key_id)k;
			return 0;
		}
	}
	return -1;
}

static int apply(struct parse *p, const char *name, const char *value)
{
	enum key_id k;

	if (lookup(name, &k) != 0) {
		return report(p->err, p->line, name, "unknown key");
	}
	p->key = k;
	if (p->key_line[k] != 0 && !(keys[k].flags & KEY_REPEATABLE)) {
		return bad(p, "given twice (first on line %u)", p->key_line[k]);
	}
	if (*value == '\0') {
		return bad(p, "no value");
	}
	p->key_line[k] = p->line;
	return keys[k].parse(p, value);
}

/* One line, NUL-terminated: blank, a comment (first non-blank character '#'), or `key = value`. */
static int parse_line(struct parse *p, char *line)
{
	char *s = trim(line);
	char *name = s;
	char *value;

	if (*s == '\0' || *s == '#') {
		return 0;
	}
	while (key_char(*s)) {
		s++;
	}
	value = s;
	while (is_space(*value)) {
		value++;
	}
	if (s == name || *value != '=') {
		return report(p->err, p->line, "",
			      "expected 'key = value' (a key is lower-case letters, digits and '_')");
	}
	*s = '\0';
	return apply(p, name, trim(value + 1));
}

/* ---- the whole file ---- */

static void set_defaults(struct vpnd_config *c)
{
	memset(c, 0, sizeof(*c));
	(void)snprintf(c->tun, sizeof(c->tun), "%s", DEFAULT_TUN);
	c->mtu = DEFAULT_MTU;
	c->keepalive = DEFAULT_KA;
	c->dead_after = DEFAULT_DEAD;
	c->backoff_min = DEFAULT_BACKOFF0;
	c->backoff_max = DEFAULT_BACKOFF1;
}

/* The later of the lines that gave a and b, so the error points at the second of two clashing keys. */
static enum key_id later(const struct parse *p, enum key_id a, enum key_id b)
{
	return p->key_line[b] > p->key_line[a] ? b : a;
}

/* The outer path must not be routed into the tunnel it carries. */
static int check_gateway_path(struct parse *p)
{
	const struct vpnd_config *c = p->cfg;
	char gw[16];
	char net[16];

	(void)ipv4_str(c->gateway_addr, gw, sizeof(gw));
	if (ipv4_prefix_contains(&c->address, c->gateway_addr)) {
		return bad_key(p, later(p, K_GATEWAY, K_ADDRESS), "the gateway %s is inside the tunnel's own prefix",
			       gw);
	}
	for (size_t i = 0; i < c->n_routes; i++) {
		unsigned line = p->route_line[i];

		if (ipv4_prefix_contains(&c->routes[i], c->gateway_addr)) {
			return report(p->err, line > p->key_line[K_GATEWAY] ? line : p->key_line[K_GATEWAY], "route",
				      "%s/%u would carry the tunnel's own packets to the gateway %s",
				      ipv4_str(c->routes[i].addr, net, sizeof(net)), c->routes[i].len, gw);
		}
	}
	return 0;
}

/* What no single line can check. */
static int check_config(struct parse *p)
{
	const struct vpnd_config *c = p->cfg;

	for (unsigned k = 0; k < K_COUNT; k++) {
		if ((keys[k].flags & KEY_REQUIRED) && p->key_line[k] == 0) {
			return bad_key(p, (enum key_id)k, "required key missing");
		}
	}
	if (c->dead_after <= c->keepalive) {
		return bad_key(p, later(p, K_KEEPALIVE, K_DEAD_AFTER),
			       "dead_after (%u s) must be longer than keepalive (%u s)", c->dead_after, c->keepalive);
	}
	if (c->backoff_max < c->backoff_min) {
		return bad_key(p, later(p, K_BACKOFF_MIN, K_BACKOFF_MAX),
			       "backoff_max (%u s) is shorter than backoff_min (%u s)", c->backoff_max, c->backoff_min);
	}
	if (c->peer == c->address.addr) {
		return bad_key(p, later(p, K_PEER, K_ADDRESS), "the peer is the tunnel's own address");
	}
	return check_gateway_path(p);
}

int config_parse(const char *text, size_t len, struct vpnd_config *cfg, struct config_error *err)
{
	struct parse p = {.cfg = cfg, .err = err};
	char line[CONFIG_LINE_MAX];
	size_t pos = 0;

	set_defaults(cfg);
	memset(err, 0, sizeof(*err));
	if (len > CONFIG_FILE_MAX) {
		return report(err, 0, "", "larger than %d bytes", CONFIG_FILE_MAX);
	}
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = (nl != NULL ? (size_t)(nl - text) : len) - pos;

		p.line++;
		if (n >= sizeof(line)) {
			return report(err, p.line, "", "longer than %zu characters", sizeof(line) - 1);
		}
		if (memchr(text + pos, '\0', n) != NULL) {
			return report(err, p.line, "", "contains a NUL byte");
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		if (parse_line(&p, line) != 0) {
			return -1;
		}
		pos += n + 1;
	}
	return check_config(&p);
}

/* The whole of a regular file, up to cap bytes; NULL or a reason. */
static const char *read_file(const char *path, char *buf, size_t cap, size_t *len)
{
	struct stat st;
	const char *why = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*len = 0;
	if (fd < 0 || fstat(fd, &st) != 0) {
		why = strerror(errno);
	} else if (!S_ISREG(st.st_mode)) {
		why = "not a regular file";
	}
	while (why == NULL && *len < cap) {
		ssize_t n = read(fd, buf + *len, cap - *len);

		if (n < 0 && errno != EINTR) {
			why = strerror(errno);
		} else if (n == 0) {
			break;
		} else if (n > 0) {
			*len += (size_t)n;
		}
	}
	if (fd >= 0) {
		(void)close(fd);
	}
	return why;
}

int config_load(const char *path, struct vpnd_config *cfg, struct config_error *err)
{
	/* One byte more than allowed, so config_parse can tell a full-size file from a larger one. */
	char *text = malloc(CONFIG_FILE_MAX + 1);
	const char *why;
	size_t len;
	int ret;

	memset(err, 0, sizeof(*err));
	if (text == NULL) {
		return report(err, 0, "", "out of memory");
	}
	why = read_file(path, text, CONFIG_FILE_MAX + 1, &len);
	if (why != NULL) {
		ret = report(err, 0, "", "cannot read: %s", why);
	} else {
		ret = config_parse(text, len, cfg, err);
	}
	free(text);
	return ret;
}
