/* SPDX-License-Identifier: MIT */
/* The packet loop of an established tunnel (tunnel.h). */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "mono.h"
#include "packet.h"
#include "sig.h"
#include "tunnel.h"

/* Packets taken from one side per wakeup, so neither direction can starve the other. */
#define DRAIN_MAX 64
/* At most one line per direction about dropped packets in this interval. */
#define DROP_LOG_INTERVAL_MS 10000
/* A tun read returns one packet: an IPv4 packet is at most 64 KiB. */
#define PKT_BUF_SIZE 65536

_Static_assert(PKT_BUF_SIZE >= DTLS_RECORD_MAX, "records are read into the packet buffer");

/* The loop's own state; TUNNEL_RUNNING is never returned by tunnel_run. */
enum {
	TUNNEL_RUNNING = -1
};

struct tunnel {
	struct dtls *d;
	int tun_fd;
	const struct vpnd_config *cfg;
	struct tunnel_stats *st; /* &report->stats */
	struct tunnel_report *report;
	int64_t last_rx_ms;    /* the last record from the gateway */
	int64_t last_tx_ms;    /* the last record to it */
	int64_t last_probe_ms; /* the last keepalive */
	uint16_t ka_id;
	uint16_t ka_seq;
	struct ratelimit rl_rx;
	struct ratelimit rl_tx;
};

static uint8_t pkt[PKT_BUF_SIZE];

static int fail(struct tunnel *t, enum tunnel_end end, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct tunnel *t, enum tunnel_end end, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(t->report->reason, sizeof(t->report->reason), fmt, ap);
	va_end(ap);
	return (int)end;
}

static int dtls_end(struct tunnel *t, enum dtls_status s)
{
	return fail(t, s == DTLS_CLOSED ? TUNNEL_CLOSED : TUNNEL_FAILED, "%s", dtls_reason(t->d));
}

static void log_drop(struct ratelimit *rl, const char *from, enum pkt_verdict v, size_t len, unsigned long total)
{
	unsigned long suppressed;

	if (ratelimit_allow(rl, mono_ms(), DROP_LOG_INTERVAL_MS, &suppressed)) {
		vpnd_log("dropped a %zu-byte packet from %s: %s (%lu dropped in this session, %lu not logged)", len,
			 from, pkt_verdict_str(v), total, suppressed);
	}
}

/* ---- gateway -> tun ---- */

static void deliver(struct tunnel *t, size_t len)
{
	const struct vpnd_config *c = t->cfg;
	enum pkt_verdict v = pkt_check_ipv4(pkt, len, c->mtu);

	if (v != PKT_OK) {
		t->st->rx_dropped++;
		log_drop(&t->rl_rx, "the gateway", v, len, t->st->rx_dropped);
		return;
	}
	if (pkt_is_keepalive_reply(pkt, len, c->address.addr, c->peer, t->ka_id)) {
		t->st->keepalive_replies++;
		return;
	}
	/* tun takes a whole packet or nothing; a refusal (queue full, link going down) is a drop. */
	if (write(t->tun_fd, pkt, len) != (ssize_t)len) {
		t->st->tun_write_errors++;
		return;
	}
	t->st->rx_packets++;
}

static int from_gateway(struct tunnel *t)
{
	for (int i = 0; i < DRAIN_MAX; i++) {
		size_t len = 0;
		enum dtls_status s = dtls_read(t->d, pkt, sizeof(pkt), &len);

		if (s == DTLS_AGAIN) {
			break;
		}
		if (s != DTLS_OK) {
			return dtls_end(t, s);
		}
		t->last_rx_ms = mono_ms();
		deliver(t, len);
	}
	return TUNNEL_RUNNING;
}

/* ---- tun -> gateway ---- */

static int send_record(struct tunnel *t, size_t len)
{
	enum dtls_status s = dtls_write(t->d, pkt, len);

	if (s != DTLS_OK) {
		return dtls_end(t, s);
	}
	t->last_tx_ms = mono_ms();
	return TUNNEL_RUNNING;
}

static int from_tun(struct tunnel *t)
{
	for (int i = 0; i < DRAIN_MAX; i++) {
		ssize_t n = read(t->tun_fd, pkt, sizeof(pkt));
		enum pkt_verdict v;
		int ret;

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
				break;
			}
			return fail(t, TUNNEL_FAILED, "tun read: %s", strerror(errno));
		}
		v = pkt_check_ipv4(pkt, (size_t)n, t->cfg->mtu);
		if (v != PKT_OK) {
			t->st->tx_dropped++;
			log_drop(&t->rl_tx, "tun", v, (size_t)n, t->st->tx_dropped);
			continue;
		}
		ret = send_record(t, (size_t)n);
		if (ret != TUNNEL_RUNNING) {
			return ret;
		}
		t->st->tx_packets++;
	}
	return TUNNEL_RUNNING;
}

/* ---- liveness ---- */

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* When the next probe is due: nothing sent for keepalive, or nothing heard for keepalive since the last probe. */
static int64_t probe_due(const struct tunnel *t)
{
	int64_t ka = (int64_t)t->cfg->keepalive * 1000;

	return min64(t->last_tx_ms, max64(t->last_rx_ms, t->last_probe_ms)) + ka;
}

static int64_t dead_at(const struct tunnel *t)
{
	return t->last_rx_ms + (int64_t)t->cfg->dead_after * 1000;
}

static int send_probe(struct tunnel *t)
{
	const struct vpnd_config *c = t->cfg;
	size_t len = pkt_build_echo(pkt, c->address.addr, c->peer, t->ka_id, ++t->ka_seq);
	int ret = send_record(t, len);

	t->last_probe_ms = t->last_tx_ms;
	t->st->keepalives++;
	return ret;
}

/* ---- the loop ---- */

static int step(struct tunnel *t)
{
	struct pollfd fds[2] = {{.fd = dtls_fd(t->d), .events = POLLIN}, {.fd = t->tun_fd, .events = POLLIN}};
	int64_t now = mono_ms();
	int ret = TUNNEL_RUNNING;
	int n;

	if (sig_stop_requested()) {
		return fail(t, TUNNEL_STOPPED, "stopped by signal");
	}
	if (now >= dead_at(t)) {
		return fail(t, TUNNEL_DEAD, "nothing from the gateway for %u s", t->cfg->dead_after);
	}
	if (now >= probe_due(t)) {
		ret = send_probe(t);
		if (ret != TUNNEL_RUNNING) {
			return ret;
		}
	}
	n = sig_poll(fds, 2, dtls_pending(t->d) ? 0 : max64(0, min64(probe_due(t), dead_at(t)) - now));
	if (n < 0) {
		return fail(t, TUNNEL_FAILED, "poll: %s", strerror(errno));
	}
	if (fds[0].revents != 0 || dtls_pending(t->d)) {
		ret = from_gateway(t);
	}
	if (ret == TUNNEL_RUNNING && (fds[1].revents & POLLIN) != 0) {
		ret = from_tun(t);
	}
	if (ret == TUNNEL_RUNNING && (fds[1].revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) {
		ret = fail(t, TUNNEL_FAILED, "the tun device failed");
	}
	return ret;
}

enum tunnel_end tunnel_run(struct dtls *d, int tun_fd, const struct vpnd_config *cfg, uint16_t ka_id,
			   struct tunnel_report *report)
{
	struct tunnel t = {
		.d = d,
		.tun_fd = tun_fd,
		.cfg = cfg,
		.st = &report->stats,
		.report = report,
		.ka_id = ka_id,
	};
	int ret;

	memset(report, 0, sizeof(*report));
	t.last_rx_ms = t.last_tx_ms = t.last_probe_ms = mono_ms();
	do {
		ret = step(&t);
	} while (ret == TUNNEL_RUNNING);
	return (enum tunnel_end)ret;
}
