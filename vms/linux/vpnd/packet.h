/* SPDX-License-Identifier: MIT */
/*
 * IP packets as vpnd sees them: the checks every packet passes before it is written to
 * the tun device or sent into the tunnel, and the keepalive (an ICMP echo request to
 * the gateway's tunnel address) with the test for its reply. No I/O, no state.
 *
 * Addresses are host byte order here too (config.h); the packet bytes are network order.
 */
#ifndef SHOJI_VPND_PACKET_H
#define SHOJI_VPND_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPV4_HDR_MIN   20
#define ICMP_ECHO_LEN  8 /* type, code, checksum, identifier, sequence; no payload */
#define KEEPALIVE_SIZE (IPV4_HDR_MIN + ICMP_ECHO_LEN)

enum pkt_verdict {
	PKT_OK,
	PKT_SHORT,        /* fewer bytes than an IPv4 header */
	PKT_NOT_IPV4,     /* version field is not 4 (IPv6 is not carried) */
	PKT_BAD_IHL,      /* header length below 20 or beyond the packet */
	PKT_BAD_LENGTH,   /* total length field != the bytes received */
	PKT_TOO_BIG,      /* more than the tunnel MTU */
	PKT_BAD_CHECKSUM, /* header checksum does not verify */
	PKT_BAD_SOURCE,   /* source is 0/8, 127/8, multicast or 240/4 */
	PKT_BAD_DEST,     /* destination is 0/8, 127/8, multicast or 240/4 */
	PKT_VERDICTS
};

/* A short phrase for logs ("total length differs from the record length"). */
const char *pkt_verdict_str(enum pkt_verdict v);

/*
 * Whether p[0..len) is one whole, sane IPv4 packet of at most mtu bytes. Only the IPv4
 * header is examined; what follows is the kernel's business.
 */
enum pkt_verdict pkt_check_ipv4(const uint8_t *p, size_t len, size_t mtu);

/* The Internet checksum (RFC 1071) of p[0..len): the value to store, or 0 when a block with its checksum verifies. */
uint16_t pkt_checksum(const uint8_t *p, size_t len);

/* Writes an ICMP echo request src -> dst into buf (KEEPALIVE_SIZE bytes); returns its length. */
size_t pkt_build_echo(uint8_t buf[KEEPALIVE_SIZE], uint32_t src, uint32_t dst, uint16_t id, uint16_t seq);

/* For a packet pkt_check_ipv4 accepted: is it the echo reply to our keepalive (peer -> self, our id)? */
bool pkt_is_keepalive_reply(const uint8_t *p, size_t len, uint32_t self, uint32_t peer, uint16_t id);

#endif /* SHOJI_VPND_PACKET_H */
