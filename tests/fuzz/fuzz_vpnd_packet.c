// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for vpnd's packet checks (vms/linux/vpnd/packet.c): every packet
 * that reaches pkt_check_ipv4 comes from the tunnel or from the tun device, that is
 * from the gateway or from the untrusted apps VM through the vpn VM's kernel.
 *
 * The input is a small header (fix-up flags, the MTU, our and the peer's tunnel
 * addresses, the keepalive's identifier and sequence) and then the packet. The flags
 * let the fuzzer ask for a correct total length and checksums, or for addresses and
 * identifier taken from the packet, or an MTU right at the packet's length, so it
 * reaches the accepting paths and the boundaries; without them the bytes are checked
 * as they came.
 *
 * Checked, against an oracle written here from vpnd's README ("Packets from the
 * tunnel", "Liveness") rather than from packet.c:
 *   - pkt_check_ipv4 says PKT_OK exactly when the packet is IPv4 with a header length
 *     of 20-60 within the packet, a total length equal to its length, at most mtu
 *     bytes, a header checksum that verifies, and neither address in 0/8, 127/8,
 *     multicast or 240/4; any other verdict names a rule the packet does break;
 *   - for an accepted packet, pkt_is_keepalive_reply exactly when it is ICMP from the
 *     peer to us, not a fragment, an echo reply (type 0, code 0) with our identifier
 *     and an ICMP checksum that verifies;
 *   - pkt_checksum is the RFC 1071 sum of the packet, odd lengths included;
 *   - the keepalive pkt_build_echo writes is a well-formed echo request whose two
 *     checksums verify, passes pkt_check_ipv4 whenever our and the peer's addresses are
 *     unicast, and is not taken for its own reply; its reply, built here, is;
 *   - nothing is written to the packet, and every access stays inside it (ASan: the
 *     packet is a heap block of exactly its length).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packet.h"

#define CHECK(c) check((c), #c, __LINE__)

/* vpnd's accepted MTUs (README: `mtu`, 576-1500). */
#define MTU_MIN 576U
#define MTU_MAX 1500U

/* The input's header, before the packet. */
#define FIX_LENGTH    0x01U /* set the total length field to the packet's length */
#define FIX_IP_SUM    0x02U /* set a correct header checksum (after FIX_LENGTH) */
#define FIX_ICMP_SUM  0x04U /* set a correct checksum over everything after the header */
#define ADDR_FROM_PKT 0x08U /* self, peer and id as a reply in this packet would carry them */
#define MTU_NEAR_LEN  0x10U /* mtu one below, at or one above the packet's length, where allowed */
#define HDR_LEN       15U   /* flags 1, mtu 2, self 4, peer 4, id 2, seq 2 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what, int line)
{
	if (!ok) {
		(void)fprintf(stderr, "fuzz_vpnd_packet:%d: check failed: %s\n", line, what);
		abort();
	}
}

static uint32_t be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return be16(p) << 16 | be16(p + 2);
}

static void set16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * RFC 1071 as arithmetic: the ones' complement sum of 16-bit big-endian words (an odd
 * last byte padded with a zero) is the plain sum modulo 0xffff, with 0xffff standing for
 * a non-zero multiple. Returns the plain sum; a block verifies when that is a non-zero
 * multiple of 0xffff (all ones), and the checksum to store is ~(folded sum).
 */
static uint64_t word_sum(const uint8_t *p, size_t len)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < len; i++) {
		sum += (i % 2 == 0) ? (uint64_t)p[i] << 8 : p[i];
	}
	return sum;
}

static uint32_t folded(uint64_t sum)
{
	return sum == 0 ? 0 : (uint32_t)((sum - 1) % 0xffffU) + 1;
}

static bool sum_verifies(const uint8_t *p, size_t len)
{
	return folded(word_sum(p, len)) == 0xffffU;
}

/* Stores the checksum at p[at..at+2) that makes p[0..len) verify. */
static void set_sum(uint8_t *p, size_t len, size_t at)
{
	set16(p + at, 0);
	set16(p + at, ~folded(word_sum(p, len)) & 0xffffU);
}

/* README: neither 0/8, 127/8, multicast (224/4) nor 240/4. */
static bool martian(uint32_t addr)
{
	uint32_t first = addr >> 24;

	return first == 0 || first == 127 || (first >= 224 && first <= 239) || first >= 240;
}

static size_t header_len(const uint8_t *p)
{
	return (size_t)(p[0] & 0x0fU) * 4U;
}

/* Whether p[0..len) breaks the rule that verdict v names (README); false for PKT_OK. */
static bool breaks(enum pkt_verdict v, const uint8_t *p, size_t len, size_t mtu)
{
	switch (v) {
	case PKT_SHORT:
		return len < 20;
	case PKT_NOT_IPV4:
		return len >= 1 && p[0] >> 4 != 4;
	case PKT_BAD_IHL:
		return len >= 1 && (header_len(p) < 20 || header_len(p) > len);
	case PKT_BAD_LENGTH:
		return len >= 4 && be16(p + 2) != len;
	case PKT_TOO_BIG:
		return len > mtu;
	case PKT_BAD_CHECKSUM:
		return len >= 20 && header_len(p) >= 20 && header_len(p) <= len && !sum_verifies(p, header_len(p));
	case PKT_BAD_SOURCE:
		return len >= 16 && martian(be32(p + 12));
	case PKT_BAD_DEST:
		return len >= 20 && martian(be32(p + 16));
	default:
		return false;
	}
}

static bool oracle_ok(const uint8_t *p, size_t len, size_t mtu)
{
	for (int v = PKT_OK + 1; v < PKT_VERDICTS; v++) {
		if (breaks((enum pkt_verdict)v, p, len, mtu)) {
			return false;
		}
	}
	return true;
}

/* For an accepted packet (README, Liveness): the echo reply from peer to self with our id. */
static bool oracle_reply(const uint8_t *p, size_t len, uint32_t self, uint32_t peer, uint32_t id)
{
	size_t ihl = header_len(p);
	const uint8_t *icmp = p + ihl;
	bool fragment = (be16(p + 6) & 0x2000U) != 0 || (be16(p + 6) & 0x1fffU) != 0; /* MF, offset */

	if (p[9] != 1 || be32(p + 12) != peer || be32(p + 16) != self || fragment || len - ihl < 8) {
		return false;
	}
	return icmp[0] == 0 && icmp[1] == 0 && be16(icmp + 4) == id && sum_verifies(icmp, len - ihl);
}

static void check_packet(const uint8_t *p, size_t len, size_t mtu, uint32_t self, uint32_t peer, uint16_t id)
{
	uint8_t *copy = malloc(len + 1);
	enum pkt_verdict v;
	bool ok;

	CHECK(copy != NULL);
	memcpy(copy, p, len);
	v = pkt_check_ipv4(p, len, mtu);
	ok = oracle_ok(p, len, mtu);
	CHECK((unsigned)v < PKT_VERDICTS);
	CHECK((v == PKT_OK) == ok);
	CHECK(v == PKT_OK || breaks(v, p, len, mtu));
	CHECK(pkt_verdict_str(v) != NULL && strcmp(pkt_verdict_str(v), "?") != 0);
	if (ok) {
		CHECK(pkt_is_keepalive_reply(p, len, self, peer, id) == oracle_reply(p, len, self, peer, id));
	}
	CHECK(pkt_checksum(p, len) == (~folded(word_sum(p, len)) & 0xffffU));
	CHECK(memcmp(copy, p, len) == 0);
	free(copy);
}

/* The daemon's keepalive, checked byte by byte, and its reply built here. */
static void check_keepalive(uint32_t self, uint32_t peer, uint16_t id, uint16_t seq, size_t mtu)
{
	uint8_t req[KEEPALIVE_SIZE];
	uint8_t rep[KEEPALIVE_SIZE];
	bool unicast = !martian(self) && !martian(peer);

	memset(req, 0x5a, sizeof(req));
	CHECK(pkt_build_echo(req, self, peer, id, seq) == KEEPALIVE_SIZE);
	CHECK(req[0] == 0x45 && be16(req + 2) == KEEPALIVE_SIZE && req[9] == 1);
	CHECK((be16(req + 6) & 0x3fffU) == 0); /* not a fragment */
	CHECK(be32(req + 12) == self && be32(req + 16) == peer);
	CHECK(sum_verifies(req, 20));
	CHECK(req[20] == 8 && req[21] == 0 && be16(req + 24) == id && be16(req + 26) == seq);
	CHECK(sum_verifies(req + 20, 8));
	CHECK((pkt_check_ipv4(req, sizeof(req), mtu) == PKT_OK) == unicast);
	check_packet(req, sizeof(req), mtu, self, peer, id);
	if (unicast) {
		CHECK(!pkt_is_keepalive_reply(req, sizeof(req), self, peer, id));
	}

	/* What the peer answers: addresses swapped, type 0, both sums recomputed. */
	memcpy(rep, req, sizeof(rep));
	memcpy(rep + 12, req + 16, 4);
	memcpy(rep + 16, req + 12, 4);
	rep[20] = 0;
	set_sum(rep, 20, 10);
	set_sum(rep + 20, 8, 2);
	CHECK((pkt_check_ipv4(rep, sizeof(rep), mtu) == PKT_OK) == unicast);
	if (unicast) {
		CHECK(pkt_is_keepalive_reply(rep, sizeof(rep), self, peer, id));
		CHECK(!pkt_is_keepalive_reply(rep, sizeof(rep), self, peer, (uint16_t)(id + 1)));
	}
	check_packet(rep, sizeof(rep), mtu, self, peer, id);
}

/* The fix-ups the input's flags ask for, where the packet has the bytes for them. */
static void fix_up(uint8_t *p, size_t len, unsigned flags)
{
	size_t ihl = len >= 1 ? header_len(p) : 0;

	if ((flags & FIX_LENGTH) && len >= 4 && len <= 0xffff) {
		set16(p + 2, (uint32_t)len);
	}
	if ((flags & FIX_IP_SUM) && ihl >= 20 && ihl <= len) {
		set_sum(p, ihl, 10);
	}
	if ((flags & FIX_ICMP_SUM) && ihl >= 20 && ihl + 4 <= len) {
		set_sum(p + ihl, len - ihl, 2);
	}
}

/* Any MTU vpnd accepts; with MTU_NEAR_LEN one above, at or one below the packet's length. */
static size_t pick_mtu(unsigned flags, uint32_t field, size_t len)
{
	size_t near = len + 1 - field % 3;

	if ((flags & MTU_NEAR_LEN) && len > 0 && near >= MTU_MIN && near <= MTU_MAX) {
		return near;
	}
	return MTU_MIN + field % (MTU_MAX - MTU_MIN + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags;
	size_t mtu, len;
	uint32_t self, peer;
	uint16_t id, seq;
	uint8_t *p;

	if (size < HDR_LEN) {
		return 0;
	}
	flags = data[0];
	mtu = pick_mtu(0, be16(data + 1), 0);
	self = be32(data + 3);
	peer = be32(data + 7);
	id = (uint16_t)be16(data + 11);
	seq = (uint16_t)be16(data + 13);
	check_keepalive(self, peer, id, seq, mtu);

	/* The packet in a block of its own size, so ASan sees any read past its end. */
	len = size - HDR_LEN;
	mtu = pick_mtu(flags, be16(data + 1), len);
	if (len == 0) {
		check_packet(data + size, 0, mtu, self, peer, id); /* the end of libFuzzer's block */
		return 0;
	}
	p = malloc(len);
	CHECK(p != NULL);
	memcpy(p, data + HDR_LEN, len);
	fix_up(p, len, flags);
	if ((flags & ADDR_FROM_PKT) && len >= 20) {
		self = be32(p + 16);
		peer = be32(p + 12);
		if (header_len(p) + 6 <= len) {
			id = (uint16_t)be16(p + header_len(p) + 4);
		}
	}
	check_packet(p, len, mtu, self, peer, id);
	free(p);
	return 0;
}
