/* SPDX-License-Identifier: MIT */
/*
 * The established tunnel: one poll(2) loop moving packets between the DTLS session and
 * the tun device, checking each one (packet.h), keeping the gateway's idle timer from
 * expiring (keepalive) and noticing when the gateway has gone (dead_after).
 *
 * Liveness is decided by authenticated traffic only: a probe (ICMP echo request to
 * `peer`, as an ordinary record) goes out when nothing was sent for `keepalive`
 * seconds, or nothing was received for that long and no probe is outstanding within
 * it; when no record at all has arrived for `dead_after` seconds the tunnel is dead.
 */
#ifndef SHOJI_VPND_TUNNEL_H
#define SHOJI_VPND_TUNNEL_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "dtls.h"

struct tunnel_stats {
	unsigned long rx_packets;        /* gateway -> tun */
	unsigned long tx_packets;        /* tun -> gateway */
	unsigned long rx_dropped;        /* from the gateway, failing the checks */
	unsigned long tx_dropped;        /* from tun: not IPv4, malformed, or larger than the MTU */
	unsigned long tun_write_errors;  /* the kernel refused a checked packet */
	unsigned long keepalives;        /* probes sent */
	unsigned long keepalive_replies; /* their replies, consumed here */
};

#define TUNNEL_REASON_MAX 384

/* What a run of the tunnel did, and why it ended. */
struct tunnel_report {
	struct tunnel_stats stats;
	char reason[TUNNEL_REASON_MAX];
};

enum tunnel_end {
	TUNNEL_STOPPED, /* a stop signal */
	TUNNEL_CLOSED,  /* close_notify from the gateway */
	TUNNEL_DEAD,    /* nothing received for dead_after seconds */
	TUNNEL_FAILED,  /* a fatal alert, a protocol or socket error, a tun error */
};

/*
 * Runs until the tunnel ends; fills *report. ka_id is the keepalive's ICMP identifier
 * (random per run of vpnd, so replies to other pings are not taken for ours).
 */
enum tunnel_end tunnel_run(struct dtls *d, int tun_fd, const struct vpnd_config *cfg, uint16_t ka_id,
			   struct tunnel_report *report);

#endif /* SHOJI_VPND_TUNNEL_H */
