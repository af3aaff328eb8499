/* SPDX-License-Identifier: MIT */
/* vpnd's configuration parser (vms/linux/vpnd/config.c): what it accepts, and every way it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

/* The required keys, one per line: errors in a line appended to BASE are on line 8. */
#define L_GATEWAY "gateway = 192.168.77.1:4433\n"
#define L_NAME    "gateway_name = gw.corp.shoji.test\n"
#define L_CERTKEY "cert = /pki/client.crt\nkey = /pki/client.key\n"
#define L_FILES   "ca = /pki/ca.crt\n" L_CERTKEY
#define L_ADDRESS "address = 10.8.0.2/24\n"
#define L_PEER    "peer = 10.8.0.1\n"
#define BASE      L_GATEWAY L_NAME L_FILES L_ADDRESS L_PEER
#define NEXT      8

static int parse(const char *text, struct vpnd_config *cfg, struct config_error *err)
{
	return config_parse(text, strlen(text), cfg, err);
}

static void test_minimal_and_defaults(void **state)
{
	struct vpnd_config c;
	struct config_error e;

	(void)state;
	assert_int_equal(parse(BASE, &c, &e), 0);
	assert_int_equal(c.gateway_addr, 0xc0a84d01U);
	assert_int_equal(c.gateway_port, 4433);
	assert_string_equal(c.gateway_name, "gw.corp.shoji.test");
	assert_string_equal(c.ca.path, "/pki/ca.crt");
	assert_int_equal(c.ca.line, 3);
	assert_string_equal(c.cert.path, "/pki/client.crt");
	assert_int_equal(c.cert.line, 4);
	assert_string_equal(c.key.path, "/pki/client.key");
	assert_int_equal(c.key.line, 5);
	assert_int_equal(c.address.addr, 0x0a080002U);
	assert_int_equal(c.address.len, 24);
	assert_int_equal(c.peer, 0x0a080001U);
	assert_string_equal(c.tun, "tun0");
	assert_int_equal(c.mtu, 1400);
	assert_int_equal(c.n_routes, 0);
	assert_int_equal(c.keepalive, 10);
	assert_int_equal(c.dead_after, 30);
	assert_int_equal(c.backoff_min, 1);
	assert_int_equal(c.backoff_max, 60);
}

static void test_full(void **state)
{
	static const char text[] = "# vpnd for the vpn VM\r\n"
				   "\n"
				   "   # indented comment\n"
				   "gateway=10.0.2.2:1\n"
				   "\tgateway_name   =\tGW-1.Example.test  \r\n"
				   "ca = /etc/vpnd/ca file.crt\n"
				   "cert = rel/client.crt\n"
				   "key = ./client.key\n"
				   "tun = vpn_0.a-b\n"
				   "address = 10.8.0.2/32\n"
				   "peer = 10.8.0.1\n"
				   "mtu = 576\n"
				   "route = 10.9.0.0/24\n"
				   "route = 172.16.0.0/12\n"
				   "route = 10.9.0.7/32\n"
				   "keepalive = 3600\n"
				   "dead_after = 86400\n"
				   "backoff_min = 0002\n"
				   "backoff_max = 86400"; /* no final newline */
	struct vpnd_config c;
	struct config_error e;

	(void)state;
	assert_int_equal(parse(text, &c, &e), 0);
	assert_int_equal(c.gateway_addr, 0x0a000202U);
	assert_int_equal(c.gateway_port, 1);
	assert_string_equal(c.gateway_name, "GW-1.Example.test");
	assert_string_equal(c.ca.path, "/etc/vpnd/ca file.crt");
	assert_string_equal(c.cert.path, "rel/client.crt");
	assert_string_equal(c.tun, "vpn_0.a-b");
	assert_int_equal(c.address.len, 32);
	assert_int_equal(c.mtu, 576);
	assert_int_equal(c.n_routes, 3);
	assert_int_equal(c.routes[1].addr, 0xac100000U);
	assert_int_equal(c.routes[1].len, 12);
	assert_int_equal(c.routes[2].len, 32);
	assert_int_equal(c.keepalive, 3600);
	assert_int_equal(c.dead_after, 86400);
	assert_int_equal(c.backoff_min, 2);
	assert_int_equal(c.backoff_max, 86400);
}

static void test_limits_accepted(void **state)
{
	static const char *const ok[] = {
		BASE "mtu = 1500\n",
		BASE "keepalive = 1\ndead_after = 2\n",
		BASE "backoff_min = 3600\nbackoff_max = 3600\n",
		L_NAME L_FILES L_ADDRESS L_PEER "gateway = 223.255.255.254:65535\n",
		L_GATEWAY L_FILES L_ADDRESS L_PEER "gateway_name = a\n",
		/* 63-character label */
		L_GATEWAY L_FILES L_ADDRESS L_PEER
		"gateway_name = abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123.x\n",
		BASE "tun = abcdefghijklmno\n",
		L_GATEWAY L_NAME L_FILES L_PEER "address = 10.8.0.2/31\n",
		L_GATEWAY L_NAME L_FILES L_PEER "address = 10.8.0.0/31\n",
		BASE "route = 10.0.0.0/8\n",
	};
	struct vpnd_config c;
	struct config_error e;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (parse(ok[i], &c, &e) != 0) {
			fail_msg("case %zu refused: line %u, key '%s': %s", i, e.line, e.key, e.msg);
		}
	}
}

static void test_sixteen_routes(void **state)
{
	char text[2048];
	size_t n = (size_t)snprintf(text, sizeof(text), "%s", BASE);
	struct vpnd_config c;
	struct config_error e;

	(void)state;
	for (int i = 0; i < CONFIG_MAX_ROUTES; i++) {
		n += (size_t)snprintf(text + n, sizeof(text) - n, "route = 10.%d.0.0/16\n", 20 + i);
	}
	assert_int_equal(parse(text, &c, &e), 0);
	assert_int_equal(c.n_routes, CONFIG_MAX_ROUTES);
	(void)snprintf(text + n, sizeof(text) - n, "route = 10.99.0.0/16\n");
	assert_int_equal(parse(text, &c, &e), -1);
	assert_int_equal(e.line, NEXT + CONFIG_MAX_ROUTES);
	assert_string_equal(e.key, "route");
	assert_non_null(strstr(e.msg, "more than 16 routes"));
}

struct bad {
	const char *text;
	unsigned line;
	const char *key;
	const char *msg; /* a part of the message */
};

static const struct bad bad_cases[] = {
	/* lines */
	{BASE "colour = blue\n", NEXT, "colour", "unknown key"},
	{BASE "keepalive 10\n", NEXT, "", "expected 'key = value'"},
	{BASE "= 10\n", NEXT, "", "expected 'key = value'"},
	{BASE "KeepAlive = 10\n", NEXT, "", "expected 'key = value'"},
	{BASE "keep-alive = 10\n", NEXT, "", "expected 'key = value'"},
	{BASE "keepalive = \n", NEXT, "keepalive", "no value"},
	{BASE "keepalive =\n", NEXT, "keepalive", "no value"},
	{BASE "keepalive = 5 # seconds\n", NEXT, "keepalive", "is not a whole number"},
	{BASE "mtu = 1400\nmtu = 1300\n", NEXT + 1, "mtu", "given twice (first on line 8)"},
	{L_GATEWAY BASE, 2, "gateway", "given twice (first on line 1)"},
	/* gateway */
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 192.168.77.1\n", 7, "gateway", "not an IPv4 address and port"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 192.168.177.100.1:4433\n", 7, "gateway", "not an IPv4 address"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = gw.corp:4433\n", 7, "gateway", "not a unicast IPv4 address"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 192.168.077.1:4433\n", 7, "gateway", "not a unicast"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 192.168.77.256:4433\n", 7, "gateway", "not a unicast"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 0.0.0.0:4433\n", 7, "gateway", "not a unicast"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 127.0.0.1:4433\n", 7, "gateway", "not a unicast"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 224.0.0.1:4433\n", 7, "gateway", "not a unicast"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 255.255.255.255:4433\n", 7, "gateway", "not a unicast"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 192.168.77.1:0\n", 7, "gateway", "not a port number"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 192.168.77.1:65536\n", 7, "gateway", "not a port number"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 192.168.77.1:\n", 7, "gateway", "not a port number"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 192.168.77.1:44x\n", 7, "gateway", "not a port number"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 192.168.77.1:4433:1\n", 7, "gateway", "not a port number"},
	{L_NAME L_FILES L_ADDRESS L_PEER "gateway = 192.168.77.1:+443\n", 7, "gateway", "not a port number"},
	/* gateway_name */
	{L_GATEWAY L_FILES L_ADDRESS L_PEER "gateway_name = gw_corp\n", 7, "gateway_name", "not a DNS host name"},
	{L_GATEWAY L_FILES L_ADDRESS L_PEER "gateway_name = gw..corp\n", 7, "gateway_name", "not a DNS host name"},
	{L_GATEWAY L_FILES L_ADDRESS L_PEER "gateway_name = .gw\n", 7, "gateway_name", "not a DNS host name"},
	{L_GATEWAY L_FILES L_ADDRESS L_PEER "gateway_name = gw.\n", 7, "gateway_name", "not a DNS host name"},
	{L_GATEWAY L_FILES L_ADDRESS L_PEER "gateway_name = -gw.corp\n", 7, "gateway_name", "not a DNS host name"},
	{L_GATEWAY L_FILES L_ADDRESS L_PEER "gateway_name = gw-.corp\n", 7, "gateway_name", "not a DNS host name"},
	{L_GATEWAY L_FILES L_ADDRESS L_PEER "gateway_name = gw corp\n", 7, "gateway_name", "not a DNS host name"},
	{L_GATEWAY L_FILES L_ADDRESS L_PEER
	 "gateway_name = abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234.x\n",
	 7, "gateway_name", "not a DNS host name"},
	/* paths */
	{L_GATEWAY L_NAME L_CERTKEY L_ADDRESS L_PEER "ca = /pki/\tca.crt\n", 7, "ca", "control character"},
	{L_GATEWAY L_NAME L_CERTKEY L_ADDRESS L_PEER "ca = /pki/\x7f\n", 7, "ca", "control character"},
	/* tun */
	{BASE "tun = abcdefghijklmnop\n", NEXT, "tun", "1 to 15 characters"},
	{BASE "tun = .\n", NEXT, "tun", "1 to 15 characters"},
	{BASE "tun = ..\n", NEXT, "tun", "1 to 15 characters"},
	{BASE "tun = vpn/0\n", NEXT, "tun", "letters, digits"},
	{BASE "tun = vpn%d\n", NEXT, "tun", "letters, digits"},
	{BASE "tun = vpn:0\n", NEXT, "tun", "letters, digits"},
	/* address */
	{L_GATEWAY L_NAME L_FILES L_PEER "address = 10.8.0.2\n", 7, "address", "prefix length 1..32"},
	{L_GATEWAY L_NAME L_FILES L_PEER "address = 10.8.0.2/0\n", 7, "address", "prefix length 1..32"},
	{L_GATEWAY L_NAME L_FILES L_PEER "address = 10.8.0.2/33\n", 7, "address", "prefix length 1..32"},
	{L_GATEWAY L_NAME L_FILES L_PEER "address = 10.8.0.2/24x\n", 7, "address", "prefix length 1..32"},
	{L_GATEWAY L_NAME L_FILES L_PEER "address = 10.8.0.2/\n", 7, "address", "prefix length 1..32"},
	{L_GATEWAY L_NAME L_FILES L_PEER "address = /24\n", 7, "address", "prefix length 1..32"},
	{L_GATEWAY L_NAME L_FILES L_PEER "address = 10.8.0.0/24\n", 7, "address", "not a unicast host address"},
	{L_GATEWAY L_NAME L_FILES L_PEER "address = 10.8.0.255/24\n", 7, "address", "not a unicast host address"},
	{L_GATEWAY L_NAME L_FILES L_PEER "address = 127.0.0.2/8\n", 7, "address", "not a unicast host address"},
	/* peer */
	{L_GATEWAY L_NAME L_FILES L_ADDRESS "peer = 10.8.0\n", 7, "peer", "not a unicast IPv4 address"},
	{L_GATEWAY L_NAME L_FILES L_ADDRESS "peer = 224.1.1.1\n", 7, "peer", "not a unicast IPv4 address"},
	{L_GATEWAY L_NAME L_FILES L_ADDRESS "peer = 10.8.0.2\n", 7, "peer", "the tunnel's own address"},
	{L_GATEWAY L_NAME L_FILES L_PEER "address = 10.8.0.1/24\n", 7, "address", "the tunnel's own address"},
	/* route */
	{BASE "route = 10.9.0.0\n", NEXT, "route", "prefix with a length 1..32"},
	{BASE "route = 0.0.0.0/0\n", NEXT, "route", "prefix with a length 1..32"},
	{BASE "route = 10.9.0.1/24\n", NEXT, "route", "bits set after the prefix length"},
	{BASE "route = 10.9.0.0/24\nroute = 10.9.0.0/24\n", NEXT + 1, "route", "given twice"},
	{BASE "route = 192.168.0.0/16\n", NEXT, "route", "would carry the tunnel's own packets to the gateway"},
	{BASE "route = 10.9.0.0/24\nroute = 128.0.0.0/1\n", NEXT + 1, "route", "would carry the tunnel's own"},
	{L_NAME L_FILES L_ADDRESS L_PEER "route = 192.168.77.1/32\n" L_GATEWAY, 8, "route", "would carry"},
	{L_NAME L_FILES L_PEER "address = 192.168.77.2/24\n" L_GATEWAY, 7, "gateway", "inside the tunnel's own prefix"},
	/* numbers */
	{BASE "mtu = 575\n", NEXT, "mtu", "'575' is not a whole number from 576 to 1500"},
	{BASE "mtu = 1501\n", NEXT, "mtu", "from 576 to 1500"},
	{BASE "mtu = -1400\n", NEXT, "mtu", "'-1400' is not a whole number"},
	{BASE "mtu = +1400\n", NEXT, "mtu", "'+1400' is not a whole number"},
	{BASE "mtu = 0x500\n", NEXT, "mtu", "is not a whole number"},
	{BASE "mtu = 1400.0\n", NEXT, "mtu", "is not a whole number"},
	{BASE "mtu = 14 00\n", NEXT, "mtu", "is not a whole number"},
	{BASE "mtu = 18446744073709551617\n", NEXT, "mtu", "is not a whole number"},
	{BASE "mtu = 4294967697\n", NEXT, "mtu", "is not a whole number"},
	{BASE "keepalive = 0\n", NEXT, "keepalive", "from 1 to 3600"},
	{BASE "keepalive = 3601\n", NEXT, "keepalive", "from 1 to 3600"},
	{BASE "dead_after = 1\n", NEXT, "dead_after", "from 2 to 86400"},
	{BASE "dead_after = 86401\n", NEXT, "dead_after", "from 2 to 86400"},
	{BASE "backoff_min = 0\n", NEXT, "backoff_min", "from 1 to 3600"},
	{BASE "backoff_max = 86401\n", NEXT, "backoff_max", "from 1 to 86400"},
	/* what no single line decides, reported on the later of the two lines */
	{BASE "keepalive = 30\n", NEXT, "keepalive", "dead_after (30 s) must be longer than keepalive (30 s)"},
	{BASE "dead_after = 5\n", NEXT, "dead_after", "must be longer than keepalive (10 s)"},
	{BASE "dead_after = 5\nkeepalive = 6\n", NEXT + 1, "keepalive", "must be longer"},
	{BASE "keepalive = 6\ndead_after = 5\n", NEXT + 1, "dead_after", "must be longer"},
	{BASE "backoff_max = 5\nbackoff_min = 6\n", NEXT + 1, "backoff_min", "shorter than backoff_min"},
	{BASE "backoff_min = 61\n", NEXT, "backoff_min", "backoff_max (60 s) is shorter than backoff_min (61 s)"},
	/* required keys, each missing once (no line: the error is about the file) */
	{L_NAME L_FILES L_ADDRESS L_PEER, 0, "gateway", "required key missing"},
	{L_GATEWAY L_FILES L_ADDRESS L_PEER, 0, "gateway_name", "required key missing"},
	{L_GATEWAY L_NAME "cert = c\nkey = k\n" L_ADDRESS L_PEER, 0, "ca", "required key missing"},
	{L_GATEWAY L_NAME "ca = c\nkey = k\n" L_ADDRESS L_PEER, 0, "cert", "required key missing"},
	{L_GATEWAY L_NAME "ca = c\ncert = c\n" L_ADDRESS L_PEER, 0, "key", "required key missing"},
	{L_GATEWAY L_NAME L_FILES L_PEER, 0, "address", "required key missing"},
	{L_GATEWAY L_NAME L_FILES L_ADDRESS, 0, "peer", "required key missing"},
	{"", 0, "gateway", "required key missing"},
	{"# nothing\n\n", 0, "gateway", "required key missing"},
};

static void test_bad_cases(void **state)
{
	struct vpnd_config c;
	struct config_error e;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad *b = &bad_cases[i];

		if (parse(b->text, &c, &e) != -1) {
			fail_msg("case %zu (%s): accepted", i, b->msg);
		}
		if (e.line != b->line || strcmp(e.key, b->key) != 0 || strstr(e.msg, b->msg) == NULL) {
			fail_msg("case %zu: got line %u, key '%s': %s; expected line %u, key '%s': ...%s...", i, e.line,
				 e.key, e.msg, b->line, b->key, b->msg);
		}
	}
}

static void test_long_values_shortened(void **state)
{
	char text[1024];
	char value[400];
	struct vpnd_config c;
	struct config_error e;

	(void)state;
	memset(value, '7', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	(void)snprintf(text, sizeof(text), BASE "mtu = %s\n", value);
	assert_int_equal(parse(text, &c, &e), -1);
	assert_int_equal(e.line, NEXT);
	/* The message quotes the first 48 characters, and still says what is expected. */
	assert_non_null(strstr(e.msg, "'777777777777777777777777777777777777777777777777' is not"));

	memset(value, 'p', 300);
	value[300] = '\0';
	(void)snprintf(text, sizeof(text), L_GATEWAY L_NAME L_CERTKEY L_ADDRESS L_PEER "ca = /%s\n", value);
	assert_int_equal(parse(text, &c, &e), -1);
	assert_int_equal(e.line, 7);
	assert_string_equal(e.key, "ca");
	assert_non_null(strstr(e.msg, "longer than 255 characters"));
}

static void test_line_and_file_limits(void **state)
{
	size_t big = CONFIG_FILE_MAX + 1;
	char *text = malloc(big);
	char line[CONFIG_LINE_MAX + 16];
	struct vpnd_config c;
	struct config_error e;

	(void)state;
	assert_non_null(text);
	/* A file of comments one byte over the limit. */
	memset(text, '#', big);
	for (size_t i = 63; i < big; i += 64) {
		text[i] = '\n';
	}
	assert_int_equal(config_parse(text, big, &c, &e), -1);
	assert_int_equal(e.line, 0);
	assert_non_null(strstr(e.msg, "larger than 65536 bytes"));

	/* 511 characters is the longest line. */
	memset(line, '#', CONFIG_LINE_MAX - 1);
	line[CONFIG_LINE_MAX - 1] = '\n';
	(void)snprintf(text, big, BASE "%.*s", CONFIG_LINE_MAX, line);
	assert_int_equal(parse(text, &c, &e), 0);
	memset(line, '#', CONFIG_LINE_MAX);
	line[CONFIG_LINE_MAX] = '\n';
	(void)snprintf(text, big, BASE "%.*s", CONFIG_LINE_MAX + 1, line);
	assert_int_equal(parse(text, &c, &e), -1);
	assert_int_equal(e.line, NEXT);
	assert_non_null(strstr(e.msg, "longer than 511 characters"));

	/* A NUL byte hidden in a line. */
	memcpy(text, BASE "tun = vpn0\n", sizeof(BASE "tun = vpn0\n"));
	text[sizeof(BASE) - 1 + 8] = '\0';
	assert_int_equal(config_parse(text, sizeof(BASE "tun = vpn0\n") - 1, &c, &e), -1);
	assert_int_equal(e.line, NEXT);
	assert_non_null(strstr(e.msg, "NUL byte"));
	free(text);
}

static void test_load(void **state)
{
	char path[] = "/tmp/test_vpnd_config.XXXXXX";
	int fd = mkstemp(path);
	struct vpnd_config c;
	struct config_error e;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, BASE, sizeof(BASE) - 1), (ssize_t)(sizeof(BASE) - 1));
	assert_int_equal(close(fd), 0);
	assert_int_equal(config_load(path, &c, &e), 0);
	assert_int_equal(c.gateway_port, 4433);
	assert_int_equal(unlink(path), 0);

	assert_int_equal(config_load(path, &c, &e), -1);
	assert_int_equal(e.line, 0);
	assert_string_equal(e.msg, "cannot read: No such file or directory");
	assert_int_equal(config_load("/tmp", &c, &e), -1);
	assert_string_equal(e.msg, "cannot read: not a regular file");
}

static void test_address_helpers(void **state)
{
	const struct ipv4_prefix p = {.addr = 0x0a090000U, .len = 24};
	const struct ipv4_prefix host = {.addr = 0x0a090007U, .len = 32};
	char buf[16];

	(void)state;
	assert_int_equal(ipv4_mask(0), 0);
	assert_int_equal(ipv4_mask(1), 0x80000000U);
	assert_int_equal(ipv4_mask(24), 0xffffff00U);
	assert_int_equal(ipv4_mask(32), 0xffffffffU);
	assert_true(ipv4_prefix_contains(&p, 0x0a0900ffU));
	assert_false(ipv4_prefix_contains(&p, 0x0a090100U));
	assert_true(ipv4_prefix_contains(&host, 0x0a090007U));
	assert_false(ipv4_prefix_contains(&host, 0x0a090006U));
	assert_string_equal(ipv4_str(0xc0a84d01U, buf, sizeof(buf)), "192.168.77.1");
	assert_string_equal(ipv4_str(0xffffffffU, buf, sizeof(buf)), "255.255.255.255");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_and_defaults),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_limits_accepted),
		cmocka_unit_test(test_sixteen_routes),
		cmocka_unit_test(test_bad_cases),
		cmocka_unit_test(test_long_values_shortened),
		cmocka_unit_test(test_line_and_file_limits),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_address_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
