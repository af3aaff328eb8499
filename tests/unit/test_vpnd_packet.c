/* SPDX-License-Identifier: MIT */
/* vpnd's packet checks and keepalive (vms/linux/vpnd/packet.c): every verdict, and packets built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "packet.h"

#define SELF 0x0a080002U /* 10.8.0.2 */
#define PEER 0x0a080001U /* 10.8.0.1 */
#define ID   0xbeefU
#define MTU  1400U

/* An echo request 10.8.0.2 -> 10.8.0.1, id 0xbeef, seq 7, DF, TTL 64, built and summed independently (Python). */
static const uint8_t echo_ref[KEEPALIVE_SIZE] = {
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x07, 0x40, 0x00, 0x40, 0x01, 0x26, 0xc8, 0x0a, 0x08,
	0x00, 0x02, 0x0a, 0x08, 0x00, 0x01, 0x08, 0x00, 0x39, 0x09, 0xbe, 0xef, 0x00, 0x07,
};

/* Its reply as Linux sends it: 10.8.0.1 -> 10.8.0.2, type 0, IP id 0x1234, no DF. */
static const uint8_t reply_ref[KEEPALIVE_SIZE] = {
	0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00, 0x40, 0x01, 0x54, 0x9b, 0x0a, 0x08,
	0x00, 0x01, 0x0a, 0x08, 0x00, 0x02, 0x00, 0x00, 0x41, 0x09, 0xbe, 0xef, 0x00, 0x07,
};

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Recomputes the IPv4 header checksum after a test changed a field. */
static void fix_ip_checksum(uint8_t *p)
{
	size_t ihl = (size_t)(p[0] & 0x0f) * 4;

	put16(p + 10, 0);
	put16(p + 10, pkt_checksum(p, ihl));
}

/* A valid IPv4 packet of len bytes (UDP 10.8.0.1 -> 10.8.0.2) in buf. */
static void make_packet(uint8_t *buf, size_t len)
{
	memset(buf, 0xa5, len);
	buf[0] = 0x45;
	buf[1] = 0;
	put16(buf + 2, (unsigned)len);
	put16(buf + 4, 1);
	put16(buf + 6, 0);
	buf[8] = 64;
	buf[9] = 17;
	memcpy(buf + 12, (const uint8_t[]){10, 8, 0, 1, 10, 8, 0, 2}, 8);
	fix_ip_checksum(buf);
}

static void test_checksum_rfc1071(void **state)
{
	/* RFC 1071 §3's example: the sum is 0xddf2, the checksum its complement. */
	static const uint8_t ex[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	static const uint8_t odd[] = {0x01, 0x02, 0x03};

	(void)state;
	assert_int_equal(pkt_checksum(ex, sizeof(ex)), 0x220d);
	/* An odd byte counts as the high byte of a last word: 0x0102 + 0x0300. */
	assert_int_equal(pkt_checksum(odd, sizeof(odd)), (uint16_t)~0x0402U);
	assert_int_equal(pkt_checksum(ex, 0), 0xffff);
	/* A block holding its own checksum sums to zero. */
	assert_int_equal(pkt_checksum(echo_ref, IPV4_HDR_MIN), 0);
	assert_int_equal(pkt_checksum(echo_ref + IPV4_HDR_MIN, ICMP_ECHO_LEN), 0);
}

static void test_build_echo(void **state)
{
	uint8_t buf[KEEPALIVE_SIZE];

	(void)state;
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(pkt_build_echo(buf, SELF, PEER, ID, 7), KEEPALIVE_SIZE);
	assert_memory_equal(buf, echo_ref, KEEPALIVE_SIZE);
	assert_int_equal(pkt_check_ipv4(buf, sizeof(buf), MTU), PKT_OK);
	/* Our own request is not a reply to it. */
	assert_false(pkt_is_keepalive_reply(buf, sizeof(buf), SELF, PEER, ID));
}

static void test_build_echo_checksums_any_seq(void **state)
{
	uint8_t buf[KEEPALIVE_SIZE];

	(void)state;
	for (unsigned seq = 0; seq <= 0xffff; seq += 0x1111) {
		pkt_build_echo(buf, 0xc0a80001U, 0xffffff00U, (uint16_t)(seq ^ 0x5a5aU), (uint16_t)seq);
		assert_int_equal(pkt_checksum(buf, IPV4_HDR_MIN), 0);
		assert_int_equal(pkt_checksum(buf + IPV4_HDR_MIN, ICMP_ECHO_LEN), 0);
		assert_int_equal(buf[20], 8);
		assert_int_equal(buf[26] << 8 | buf[27], seq);
	}
}

static void test_check_ok(void **state)
{
	uint8_t buf[MTU];

	(void)state;
	make_packet(buf, 20);
	assert_int_equal(pkt_check_ipv4(buf, 20, MTU), PKT_OK);
	make_packet(buf, MTU);
	assert_int_equal(pkt_check_ipv4(buf, MTU, MTU), PKT_OK);
	/* Options: a 24-byte header is fine when its checksum covers it. */
	make_packet(buf, 64);
	buf[0] = 0x46;
	fix_ip_checksum(buf);
	assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_OK);
	/* A fragment is still a packet: reassembly is the kernel's. */
	make_packet(buf, 64);
	put16(buf + 6, 0x2000 | 185);
	fix_ip_checksum(buf);
	assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_OK);
}

static void test_check_size(void **state)
{
	uint8_t buf[MTU + 1];

	(void)state;
	make_packet(buf, MTU + 1);
	assert_int_equal(pkt_check_ipv4(buf, MTU + 1, MTU), PKT_TOO_BIG);
	assert_int_equal(pkt_check_ipv4(buf, 0, MTU), PKT_SHORT);
	assert_int_equal(pkt_check_ipv4(buf, 19, MTU), PKT_SHORT);
}

static void test_check_version(void **state)
{
	uint8_t buf[64];

	(void)state;
	make_packet(buf, 64);
	buf[0] = 0x60; /* IPv6 */
	assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_NOT_IPV4);
	buf[0] = 0x05;
	assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_NOT_IPV4);
}

static void test_check_ihl(void **state)
{
	uint8_t buf[64];

	(void)state;
	make_packet(buf, 64);
	buf[0] = 0x44; /* 16 bytes: below the minimum */
	assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_BAD_IHL);
	make_packet(buf, 40);
	buf[0] = 0x4f; /* 60 bytes: beyond a 40-byte packet */
	assert_int_equal(pkt_check_ipv4(buf, 40, MTU), PKT_BAD_IHL);
}

static void test_check_length(void **state)
{
	uint8_t buf[64];

	(void)state;
	make_packet(buf, 64);
	/* The record is shorter than the header says, then longer. */
	assert_int_equal(pkt_check_ipv4(buf, 63, MTU), PKT_BAD_LENGTH);
	put16(buf + 2, 60);
	fix_ip_checksum(buf);
	assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_BAD_LENGTH);
	put16(buf + 2, 0);
	fix_ip_checksum(buf);
	assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_BAD_LENGTH);
}

static void test_check_checksum(void **state)
{
	uint8_t buf[64];

	(void)state;
	make_packet(buf, 64);
	buf[8] = 63; /* TTL changed, checksum not */
	assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_BAD_CHECKSUM);
	/* The payload is not covered by the IPv4 checksum. */
	make_packet(buf, 64);
	buf[40] ^= 0xff;
	assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_OK);
}

static void test_check_martians(void **state)
{
	static const uint8_t bad[][4] = {
		{0, 0, 0, 0},         {0, 1, 2, 3},   {127, 0, 0, 1},       {224, 0, 0, 1},
		{239, 255, 255, 250}, {240, 0, 0, 1}, {255, 255, 255, 255},
	};
	uint8_t buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_packet(buf, 64);
		memcpy(buf + 12, bad[i], 4);
		fix_ip_checksum(buf);
		assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_BAD_SOURCE);
		make_packet(buf, 64);
		memcpy(buf + 16, bad[i], 4);
		fix_ip_checksum(buf);
		assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_BAD_DEST);
	}
	/* The edges of what is allowed. */
	make_packet(buf, 64);
	memcpy(buf + 12, (const uint8_t[]){1, 0, 0, 0, 223, 255, 255, 255}, 8);
	fix_ip_checksum(buf);
	assert_int_equal(pkt_check_ipv4(buf, 64, MTU), PKT_OK);
}

static void test_keepalive_reply(void **state)
{
	uint8_t buf[KEEPALIVE_SIZE + 8];

	(void)state;
	memcpy(buf, reply_ref, KEEPALIVE_SIZE);
	assert_int_equal(pkt_check_ipv4(buf, KEEPALIVE_SIZE, MTU), PKT_OK);
	assert_true(pkt_is_keepalive_reply(buf, KEEPALIVE_SIZE, SELF, PEER, ID));
	assert_false(pkt_is_keepalive_reply(buf, KEEPALIVE_SIZE, SELF, PEER, ID + 1));
	assert_false(pkt_is_keepalive_reply(buf, KEEPALIVE_SIZE, SELF, PEER + 1, ID));
	assert_false(pkt_is_keepalive_reply(buf, KEEPALIVE_SIZE, SELF + 1, PEER, ID));
	/* Truncated to less than an ICMP header. */
	assert_false(pkt_is_keepalive_reply(buf, KEEPALIVE_SIZE - 1, SELF, PEER, ID));
}

static void test_keepalive_reply_lookalikes(void **state)
{
	uint8_t buf[KEEPALIVE_SIZE];

	(void)state;
	memcpy(buf, reply_ref, sizeof(buf));
	buf[9] = 17; /* UDP */
	fix_ip_checksum(buf);
	assert_false(pkt_is_keepalive_reply(buf, sizeof(buf), SELF, PEER, ID));

	memcpy(buf, reply_ref, sizeof(buf));
	buf[21] = 1; /* code 1 */
	assert_false(pkt_is_keepalive_reply(buf, sizeof(buf), SELF, PEER, ID));

	memcpy(buf, reply_ref, sizeof(buf));
	buf[27] ^= 1; /* sequence changed, ICMP checksum not */
	assert_false(pkt_is_keepalive_reply(buf, sizeof(buf), SELF, PEER, ID));

	memcpy(buf, reply_ref, sizeof(buf));
	put16(buf + 6, 0x2000); /* more fragments: the first bytes belong to a larger datagram */
	fix_ip_checksum(buf);
	assert_false(pkt_is_keepalive_reply(buf, sizeof(buf), SELF, PEER, ID));

	memcpy(buf, reply_ref, sizeof(buf));
	put16(buf + 6, 3); /* a later fragment */
	fix_ip_checksum(buf);
	assert_false(pkt_is_keepalive_reply(buf, sizeof(buf), SELF, PEER, ID));
}

static void test_verdict_strings(void **state)
{
	(void)state;
	for (int v = 0; v < PKT_VERDICTS; v++) {
		const char *s = pkt_verdict_str((enum pkt_verdict)v);

		assert_non_null(s);
		assert_true(strlen(s) > 1);
		for (int w = 0; w < v; w++) {
			assert_string_not_equal(s, pkt_verdict_str((enum pkt_verdict)w));
		}
	}
	assert_string_equal(pkt_verdict_str(PKT_VERDICTS), "?");
	assert_string_equal(pkt_verdict_str((enum pkt_verdict) - 1), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checksum_rfc1071),
		cmocka_unit_test(test_build_echo),
		cmocka_unit_test(test_build_echo_checksums_any_seq),
		cmocka_unit_test(test_check_ok),
		cmocka_unit_test(test_check_size),
		cmocka_unit_test(test_check_version),
		cmocka_unit_test(test_check_ihl),
		cmocka_unit_test(test_check_length),
		cmocka_unit_test(test_check_checksum),
		cmocka_unit_test(test_check_martians),
		cmocka_unit_test(test_keepalive_reply),
		cmocka_unit_test(test_keepalive_reply_lookalikes),
		cmocka_unit_test(test_verdict_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
