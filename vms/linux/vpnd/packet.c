/* SPDX-License-Identifier: MIT */
/* IPv4 header checks and the keepalive echo request (RFC 791, RFC 792, RFC 1071). */
#include <string.h>

#include "packet.h"
#include "value.h"

/* RFC 791 §3.1 header fields, as byte offsets. */
#define IP_VER_IHL   0
#define IP_TOTAL_LEN 2
#define IP_ID        4
#define IP_FRAG      6
#define IP_TTL       8
#define IP_PROTO     9
#define IP_CSUM      10
#define IP_SRC       12
#define IP_DST       16
#define IP_DF        0x4000U
#define IP_TTL_VALUE 64
#define PROTO_ICMP   1

/* RFC 792 echo message fields, from the start of the ICMP header. */
#define ICMP_TYPE       0
#define ICMP_CODE       1
#define ICMP_CSUM       2
#define ICMP_ID         4
#define ICMP_SEQ        6
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQ   8

static const char *const verdict_text[PKT_VERDICTS] = {
	[PKT_OK] = "ok",
	[PKT_SHORT] = "shorter than an IPv4 header",
	[PKT_NOT_IPV4] = "not IPv4",
	[PKT_BAD_IHL] = "bad IPv4 header length",
	[PKT_BAD_LENGTH] = "IPv4 total length differs from the bytes received",
	[PKT_TOO_BIG] = "larger than the tunnel MTU",
	[PKT_BAD_CHECKSUM] = "bad IPv4 header checksum",
	[PKT_BAD_SOURCE] = "martian source address",
	[PKT_BAD_DEST] = "martian destination address",
};

const char *pkt_verdict_str(enum pkt_verdict v)
{
	return (unsigned)v < PKT_VERDICTS ? verdict_text[v] : "?";
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

uint16_t pkt_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += get16(p + i);
	}
	if (i < len) {
		sum += (uint32_t)p[i] << 8;
	}
	while (sum > 0xffffU) {
		sum = (sum & 0xffffU) + (sum >> 16);
	}
	return (uint16_t)~sum;
}

enum pkt_verdict pkt_check_ipv4(const uint8_t *p, size_t len, size_t mtu)
{
	size_t ihl;

	if (len > mtu) {
		return PKT_TOO_BIG;
	}
	if (len < IPV4_HDR_MIN) {
		return PKT_SHORT;
	}
	if (p[IP_VER_IHL] >> 4 != 4) {
		return PKT_NOT_IPV4;
	}
	ihl = (size_t)(p[IP_VER_IHL] & 0x0fU) * 4;
	if (ihl < IPV4_HDR_MIN || ihl > len) {
		return PKT_BAD_IHL;
	}
	if (get16(p + IP_TOTAL_LEN) != len) {
		return PKT_BAD_LENGTH;
	}
	if (pkt_checksum(p, ihl) != 0) {
		return PKT_BAD_CHECKSUM;
	}
	/* The same rule as the configuration's addresses: nothing else belongs in the tunnel. */
	if (!ipv4_unicast(get32(p + IP_SRC))) {
		return PKT_BAD_SOURCE;
	}
	if (!ipv4_unicast(get32(p + IP_DST))) {
		return PKT_BAD_DEST;
	}
	return PKT_OK;
}

size_t pkt_build_echo(uint8_t buf[KEEPALIVE_SIZE], uint32_t src, uint32_t dst, uint16_t id, uint16_t seq)
{
	uint8_t *icmp = buf + IPV4_HDR_MIN;

	memset(buf, 0, KEEPALIVE_SIZE);
	buf[IP_VER_IHL] = 0x45; /* version 4, 5 words */
	put16(buf + IP_TOTAL_LEN, KEEPALIVE_SIZE);
	put16(buf + IP_ID, seq);
	put16(buf + IP_FRAG, IP_DF);
	buf[IP_TTL] = IP_TTL_VALUE;
	buf[IP_PROTO] = PROTO_ICMP;
	put32(buf + IP_SRC, src);
	put32(buf + IP_DST, dst);
	put16(buf + IP_CSUM, pkt_checksum(buf, IPV4_HDR_MIN));

	icmp[ICMP_TYPE] = ICMP_ECHO_REQ;
	put16(icmp + ICMP_ID, id);
	put16(icmp + ICMP_SEQ, seq);
	put16(icmp + ICMP_CSUM, pkt_checksum(icmp, ICMP_ECHO_LEN));
	return KEEPALIVE_SIZE;
}

bool pkt_is_keepalive_reply(const uint8_t *p, size_t len, uint32_t self, uint32_t peer, uint16_t id)
{
	size_t ihl = (size_t)(p[IP_VER_IHL] & 0x0fU) * 4;
	const uint8_t *icmp = p + ihl;

	if (p[IP_PROTO] != PROTO_ICMP || len < ihl + ICMP_ECHO_LEN || get32(p + IP_SRC) != peer ||
	    get32(p + IP_DST) != self) {
		return false;
	}
	/* A fragment's first bytes are not the ICMP header it claims to be (MF set or offset non-zero). */
	if ((get16(p + IP_FRAG) & 0x3fffU) != 0) {
		return false;
	}
	return icmp[ICMP_TYPE] == ICMP_ECHO_REPLY && icmp[ICMP_CODE] == 0 && get16(icmp + ICMP_ID) == id &&
	       pkt_checksum(icmp, len - ihl) == 0;
}
