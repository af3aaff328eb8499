/* SPDX-License-Identifier: MIT */
/*
 * vpnd, the VPN daemon of the trusted vpn VM: a DTLS 1.2 tunnel to the corporate
 * gateway carrying IP packets to and from a tun device (README.md). This file is the
 * state machine: connect, run the tunnel, and after any loss wait and connect again.
 *
 * Exit status: 0 after SIGTERM or SIGINT, 2 for a configuration or credential error,
 * 1 when the tun device cannot be set up.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "backoff.h"
#include "config.h"
#include "dtls.h"
#include "log.h"
#include "sig.h"
#include "tun.h"
#include "tunnel.h"

#define EXIT_CONFIG 2
#define EXIT_SETUP  1

struct vpnd {
	const char *path; /* the configuration file, for messages */
	struct vpnd_config cfg;
	struct dtls *dtls;
	struct tun tun;
	struct backoff backoff;
	uint16_t ka_id;
};

static void usage(void)
{
	vpnd_log("usage: vpnd [-t] [-c] CONFIG   (-t: check the configuration and credentials, then exit)");
}

static void config_error(const char *path, const struct config_error *e)
{
	if (e->line != 0 && e->key[0] != '\0') {
		vpnd_log("%s:%u: %s: %s", path, e->line, e->key, e->msg);
	} else if (e->line != 0) {
		vpnd_log("%s:%u: %s", path, e->line, e->msg);
	} else if (e->key[0] != '\0') {
		vpnd_log("%s: %s: %s", path, e->key, e->msg);
	} else {
		vpnd_log("%s: %s", path, e->msg);
	}
}

/* vpnd [-t] [-c] CONFIG: exactly one configuration file. */
static int parse_args(int argc, char **argv, const char **path, bool *check_only)
{
	int i = 1;

	*check_only = false;
	if (i < argc && strcmp(argv[i], "-t") == 0) {
		*check_only = true;
		i++;
	}
	if (i < argc && strcmp(argv[i], "-c") == 0) {
		i++;
	}
	if (i != argc - 1 || argv[i][0] == '-') {
		return -1;
	}
	*path = argv[i];
	return 0;
}

static uint16_t random_id(void)
{
	uint16_t id;

	if (getrandom(&id, sizeof(id), 0) != (ssize_t)sizeof(id)) {
		id = (uint16_t)getpid();
	}
	return id;
}

static void log_down(const char *reason, const struct tunnel_stats *st)
{
	vpnd_log("tunnel down: %s (packets in %lu, out %lu; dropped in %lu, out %lu; keepalives %lu, replies %lu)",
		 reason, st->rx_packets, st->tx_packets, st->rx_dropped + st->tun_write_errors, st->tx_dropped,
		 st->keepalives, st->keepalive_replies);
}

/* One established session, from link up to link down. */
static void session(struct vpnd *v)
{
	struct tunnel_report report;
	char subject[256];
	enum tunnel_end end;

	dtls_peer_subject(v->dtls, subject, sizeof(subject));
	if (tun_link_up(&v->tun, &v->cfg) != 0) {
		dtls_close(v->dtls, DTLS_CLOSE_NOTIFY);
		vpnd_log("tunnel down: the tun device could not be brought up");
		return;
	}
	vpnd_log("tunnel up: %s, gateway %s", dtls_suite(v->dtls), subject);
	end = tunnel_run(v->dtls, v->tun.fd, &v->cfg, v->ka_id, &report);
	/* Link down first: nothing more is routed into the tunnel while it closes. */
	(void)tun_link_down(&v->tun);
	dtls_close(v->dtls, end == TUNNEL_STOPPED || end == TUNNEL_DEAD ? DTLS_CLOSE_NOTIFY : DTLS_CLOSE_SILENT);
	if (dtls_soft_errors(v->dtls) != 0) {
		vpnd_log("%lu network errors (ICMP reports, full buffers) were taken as packet loss",
			 dtls_soft_errors(v->dtls));
	}
	if (dtls_forged_records(v->dtls) != 0) {
		vpnd_log("%lu records failed authentication and were dropped", dtls_forged_records(v->dtls));
	}
	log_down(report.reason, &report.stats);
}

static void run(struct vpnd *v)
{
	char gw[16];

	backoff_init(&v->backoff, v->cfg.backoff_min, v->cfg.backoff_max);
	(void)ipv4_str(v->cfg.gateway_addr, gw, sizeof(gw));
	while (!sig_stop_requested()) {
		enum dtls_status st;
		unsigned delay;

		vpnd_log("connecting to %s:%u (%s)", gw, v->cfg.gateway_port, v->cfg.gateway_name);
		st = dtls_connect(v->dtls);
		if (st == DTLS_STOPPED) {
			break;
		}
		if (st == DTLS_OK) {
			backoff_reset(&v->backoff);
			session(v);
		} else {
			vpnd_log("%s", dtls_reason(v->dtls));
		}
		if (sig_stop_requested()) {
			break;
		}
		delay = backoff_next(&v->backoff);
		vpnd_log("retrying in %u s", delay);
		sig_sleep_ms((int64_t)delay * 1000);
	}
}

static void log_start(const struct vpnd *v)
{
	char a[16];

	vpnd_log("tun %s: %s/%u, mtu %u, %zu route%s, link down until the tunnel is up", v->tun.name,
		 ipv4_str(v->cfg.address.addr, a, sizeof(a)), v->cfg.address.len, v->cfg.mtu, v->cfg.n_routes,
		 v->cfg.n_routes == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
	static struct vpnd v;
	struct config_error err;
	bool check_only;

	if (parse_args(argc, argv, &v.path, &check_only) != 0) {
		usage();
		return EXIT_CONFIG;
	}
	if (config_load(v.path, &v.cfg, &err) != 0) {
		config_error(v.path, &err);
		return EXIT_CONFIG;
	}
	v.dtls = dtls_new(&v.cfg, v.path);
	if (v.dtls == NULL) {
		return EXIT_CONFIG;
	}
	if (check_only) {
		vpnd_log("%s: configuration and credentials are valid", v.path);
		dtls_free(v.dtls);
		return 0;
	}
	v.ka_id = random_id();
	if (sig_init() != 0) {
		vpnd_log("signal handlers: %s", strerror(errno));
		dtls_free(v.dtls);
		return EXIT_SETUP;
	}
	if (tun_open(&v.tun, &v.cfg) != 0) {
		dtls_free(v.dtls);
		return EXIT_SETUP;
	}
	log_start(&v);
	run(&v);
	tun_close(&v.tun, &v.cfg);
	dtls_free(v.dtls);
	vpnd_log("stopped");
	return 0;
}
