/* SPDX-License-Identifier: MIT */
/* The DTLS 1.2 client on mbedTLS 2.28 (dtls.h): credentials, policy, socket glue and error explanations. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/error.h"
#include "mbedtls/net_sockets.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"

#include "dtls.h"
#include "log.h"
#include "mono.h"
#include "sig.h"

/* The tunnel reads records into buffers of DTLS_RECORD_MAX bytes: no record may be larger. */
_Static_assert(DTLS_RECORD_MAX >= MBEDTLS_SSL_IN_CONTENT_LEN, "a record would not fit the tunnel's buffer");

#define REASON_MAX 320

enum bio_phase {
	PHASE_HANDSHAKE,
	PHASE_ESTABLISHED
};

/* mbedTLS's retransmission timer on the monotonic clock (mbedtls_ssl_set_timer_cb's contract). */
struct mono_timer {
	int64_t start_ms;
	uint32_t int_ms;
	uint32_t fin_ms; /* 0: cancelled */
};

struct dtls {
	const struct vpnd_config *cfg;
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_x509_crt ca;
	mbedtls_x509_crt cert;
	mbedtls_pk_context key;
	mbedtls_ssl_config conf;
	mbedtls_ssl_context ssl;
	bool ssl_ready;   /* ssl is set up (between dtls_connect and dtls_close) */
	bool established; /* the handshake completed */
	int fd;
	enum bio_phase phase;
	int sock_err; /* errno of the last hard socket error */
	unsigned long soft_errors;
	unsigned long forged; /* ssl.badmac_seen, saved when the session is freed */
	struct mono_timer timer;
	char reason[REASON_MAX];
};

/* Certificates in the chain to the gateway: SHA-2 signatures, EC keys on P-256, nothing else. */
static const mbedtls_x509_crt_profile cert_profile = {
	.allowed_mds = MBEDTLS_X509_ID_FLAG(MBEDTLS_MD_SHA256) | MBEDTLS_X509_ID_FLAG(MBEDTLS_MD_SHA384) |
		       MBEDTLS_X509_ID_FLAG(MBEDTLS_MD_SHA512),
	.allowed_pks = MBEDTLS_X509_ID_FLAG(MBEDTLS_PK_ECKEY) | MBEDTLS_X509_ID_FLAG(MBEDTLS_PK_ECDSA),
	.allowed_curves = MBEDTLS_X509_ID_FLAG(MBEDTLS_ECP_DP_SECP256R1),
	.rsa_min_bitlen = 2048, /* no RSA is compiled in; kept at mbedTLS's own floor */
};

/* In order of preference; the same three config-vpnd.h compiles in, named here so the code says it. */
static const int suites[] = {
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	0,
};

static const mbedtls_ecp_group_id curves[] = {MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_NONE};

/* Handshake signatures (ServerKeyExchange, our CertificateVerify): SHA-2 from 256 bits up, as in the profile. */
static const int sig_hashes[] = {MBEDTLS_MD_SHA512, MBEDTLS_MD_SHA384, MBEDTLS_MD_SHA256, MBEDTLS_MD_NONE};

static const char drbg_label[] = "shoji-vpnd";

/* ---- reasons ---- */

static void set_reason(struct dtls *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_reason(struct dtls *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(d->reason, sizeof(d->reason), fmt, ap);
	va_end(ap);
}

static const char *alert_name(unsigned char code)
{
	switch (code) {
	case MBEDTLS_SSL_ALERT_MSG_HANDSHAKE_FAILURE:
		return "handshake_failure";
	case MBEDTLS_SSL_ALERT_MSG_BAD_CERT:
		return "bad_certificate";
	case MBEDTLS_SSL_ALERT_MSG_UNSUPPORTED_CERT:
		return "unsupported_certificate";
	case MBEDTLS_SSL_ALERT_MSG_CERT_REVOKED:
		return "certificate_revoked";
	case MBEDTLS_SSL_ALERT_MSG_CERT_EXPIRED:
		return "certificate_expired";
	case MBEDTLS_SSL_ALERT_MSG_CERT_UNKNOWN:
		return "certificate_unknown";
	case MBEDTLS_SSL_ALERT_MSG_UNKNOWN_CA:
		return "unknown_ca";
	case MBEDTLS_SSL_ALERT_MSG_ACCESS_DENIED:
		return "access_denied";
	case MBEDTLS_SSL_ALERT_MSG_DECRYPT_ERROR:
		return "decrypt_error";
	case MBEDTLS_SSL_ALERT_MSG_PROTOCOL_VERSION:
		return "protocol_version";
	case MBEDTLS_SSL_ALERT_MSG_INSUFFICIENT_SECURITY:
		return "insufficient_security";
	case MBEDTLS_SSL_ALERT_MSG_INTERNAL_ERROR:
		return "internal_error";
	default:
		return "alert";
	}
}

/* Alerts a server sends when it rejects the client's certificate (RFC 5246 §7.2.2). */
static bool alert_about_our_cert(unsigned char code)
{
	return code >= MBEDTLS_SSL_ALERT_MSG_BAD_CERT && code <= MBEDTLS_SSL_ALERT_MSG_ACCESS_DENIED;
}

/* mbedtls_x509_crt_verify_info's lines (one per failed check), joined with "; ". */
static void explain_verify(struct dtls *d)
{
	char info[REASON_MAX];
	uint32_t flags = mbedtls_ssl_get_verify_result(&d->ssl);
	const char *sep = "";
	char *save = NULL;
	size_t used;

	if (mbedtls_x509_crt_verify_info(info, sizeof(info), "", flags) < 0) {
		(void)snprintf(info, sizeof(info), "verification flags 0x%08x", (unsigned)flags);
	}
	set_reason(d, "gateway certificate rejected: ");
	used = strlen(d->reason);
	for (char *line = strtok_r(info, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		int n = snprintf(d->reason + used, sizeof(d->reason) - used, "%s%s", sep, line);

		if (n < 0 || (size_t)n >= sizeof(d->reason) - used) {
			break; /* truncated: the reason is full */
		}
		used += (size_t)n;
		sep = "; ";
	}
}

/* d->reason for an mbedTLS error ret; prefix ("handshake failed: ") leads everything but a certificate rejection. */
static void explain(struct dtls *d, int ret, const char *prefix)
{
	char msg[128];

	if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
		explain_verify(d);
	} else if (ret == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE && d->ssl.in_msg != NULL) {
		/* mbedTLS 2.28 keeps the alert in in_msg (ssl_msg.c, mbedtls_ssl_handle_message_type). */
		unsigned char code = d->ssl.in_msg[1];

		set_reason(d, "%sthe gateway sent fatal alert %u (%s)%s", prefix, code, alert_name(code),
			   alert_about_our_cert(code) ? ": it did not accept our certificate" : "");
	} else if (ret == MBEDTLS_ERR_SSL_TIMEOUT) {
		set_reason(d, "%sno answer from the gateway within %d s", prefix,
			   (2 * DTLS_HS_TIMEOUT_MAX_MS - DTLS_HS_TIMEOUT_MIN_MS) / 1000);
	} else if ((ret == MBEDTLS_ERR_NET_SEND_FAILED || ret == MBEDTLS_ERR_NET_RECV_FAILED) && d->sock_err != 0) {
		set_reason(d, "%snetwork error: %s", prefix, strerror(d->sock_err));
	} else if (ret == MBEDTLS_ERR_SSL_INVALID_MAC) {
		set_reason(d, "%smore than %d records failed authentication", prefix, DTLS_BADMAC_LIMIT);
	} else {
		mbedtls_strerror(ret, msg, sizeof(msg));
		set_reason(d, "%s%s (-0x%04x)", prefix, msg, (unsigned)-ret);
	}
}

/* ---- the socket, as mbedTLS's BIO ---- */

/* Loss on the way (a full buffer): to DTLS the same as a datagram dropped by the network. */
static bool lost_in_transit(int e)
{
	return e == EAGAIN || e == EWOULDBLOCK || e == ENOBUFS;
}

/* Errors the kernel derives from ICMP messages, which anyone on the path can forge. */
static bool icmp_report(int e)
{
	return e == ECONNREFUSED || e == EHOSTUNREACH || e == ENETUNREACH || e == EHOSTDOWN;
}

/*
 * While the handshake runs, an ICMP report fails it fast (the backoff bounds the
 * retries). Once established, only authenticated traffic decides liveness (dead_after):
 * a forged "port unreachable" must not tear the tunnel down, so reports are counted.
 */
static bool soft_error(struct dtls *d, int e)
{
	if (lost_in_transit(e) || (icmp_report(e) && d->phase == PHASE_ESTABLISHED)) {
		d->soft_errors++;
		return true;
	}
	d->sock_err = e;
	return false;
}

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
	struct dtls *d = ctx;
	ssize_t n;

	do {
		n = send(d->fd, buf, len, 0);
	} while (n < 0 && errno == EINTR);
	if (n >= 0) {
		return (int)n; /* n <= len, a record: far below INT_MAX */
	}
	return soft_error(d, errno) ? (int)len : MBEDTLS_ERR_NET_SEND_FAILED;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
	struct dtls *d = ctx;
	ssize_t n = recv(d->fd, buf, len, 0);

	/* An empty datagram carries no record and ends nothing (mbedTLS would take 0 for EOF). */
	if (n > 0) {
		return (int)n;
	}
	if (n == 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || soft_error(d, errno)) {
		return MBEDTLS_ERR_SSL_WANT_READ;
	}
	return MBEDTLS_ERR_NET_RECV_FAILED;
}

/* Blocks for at most timeout ms; a stop signal ends the wait (WANT_READ, and the handshake loop checks). */
static int bio_recv_timeout(void *ctx, unsigned char *buf, size_t len, uint32_t timeout)
{
	struct dtls *d = ctx;
	struct pollfd pfd = {.fd = d->fd, .events = POLLIN};
	int n = sig_poll(&pfd, 1, timeout == 0 ? -1 : (int64_t)timeout);

	if (n < 0) {
		d->sock_err = errno;
		return MBEDTLS_ERR_NET_RECV_FAILED;
	}
	if (n == 0) {
		return sig_stop_requested() ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_SSL_TIMEOUT;
	}
	return bio_recv(ctx, buf, len);
}

static void timer_set(void *ctx, uint32_t int_ms, uint32_t fin_ms)
{
	struct mono_timer *t = ctx;

	t->start_ms = mono_ms();
	t->int_ms = int_ms;
	t->fin_ms = fin_ms;
}

static int timer_get(void *ctx)
{
	const struct mono_timer *t = ctx;
	int64_t elapsed = mono_ms() - t->start_ms;

	if (t->fin_ms == 0) {
		return -1;
	}
	if (elapsed >= (int64_t)t->fin_ms) {
		return 2;
	}
	return elapsed >= (int64_t)t->int_ms ? 1 : 0;
}

/* ---- credentials ---- */

static int load_fail(const char *file, const struct config_file *f, const char *key, const char *what, int ret)
{
	char msg[128];

	if (ret == MBEDTLS_ERR_X509_FILE_IO_ERROR || ret == MBEDTLS_ERR_PK_FILE_IO_ERROR) {
		int fd = open(f->path, O_RDONLY | O_CLOEXEC);

		(void)snprintf(msg, sizeof(msg), "%s", fd < 0 ? strerror(errno) : "cannot be read");
		if (fd >= 0) {
			(void)close(fd);
		}
	} else if (ret != 0) {
		mbedtls_strerror(ret, msg, sizeof(msg));
	} else {
		msg[0] = '\0';
	}
	vpnd_log("%s:%u: %s: '%s': %s%s%s", file, f->line, key, f->path, what, msg[0] != '\0' ? ": " : "", msg);
	return -1;
}

static bool is_p256(const mbedtls_pk_context *pk)
{
	return mbedtls_pk_get_type(pk) == MBEDTLS_PK_ECKEY && mbedtls_pk_ec(*pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1;
}

static int load_credentials(struct dtls *d, const char *file)
{
	const struct vpnd_config *c = d->cfg;
	int ret;

	ret = mbedtls_x509_crt_parse_file(&d->ca, c->ca.path);
	if (ret != 0) {
		return load_fail(file, &c->ca, "ca",
				 ret > 0 ? "holds certificates that do not parse" : "no CA certificate",
				 ret > 0 ? 0 : ret);
	}
	ret = mbedtls_x509_crt_parse_file(&d->cert, c->cert.path);
	if (ret != 0) {
		return load_fail(file, &c->cert, "cert", "no certificate", ret > 0 ? 0 : ret);
	}
	if (!is_p256(&d->cert.pk)) {
		return load_fail(file, &c->cert, "cert", "not an ECDSA P-256 certificate", 0);
	}
	ret = mbedtls_pk_parse_keyfile(&d->key, c->key.path, NULL);
	if (ret != 0) {
		return load_fail(file, &c->key, "key", "no private key", ret);
	}
	if (!is_p256(&d->key)) {
		return load_fail(file, &c->key, "key", "not an EC P-256 key", 0);
	}
	ret = mbedtls_pk_check_pair(&d->cert.pk, &d->key);
	if (ret != 0) {
		return load_fail(file, &c->key, "key", "does not match cert", ret);
	}
	return 0;
}

static int setup_conf(struct dtls *d)
{
	mbedtls_ssl_config *conf = &d->conf;
	int ret = mbedtls_ssl_config_defaults(conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_DATAGRAM,
					      MBEDTLS_SSL_PRESET_DEFAULT);

	if (ret != 0) {
		return ret;
	}
	mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
	mbedtls_ssl_conf_max_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
	mbedtls_ssl_conf_ciphersuites(conf, suites);
	mbedtls_ssl_conf_curves(conf, curves);
	mbedtls_ssl_conf_sig_hashes(conf, sig_hashes);
	mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_REQUIRED);
	mbedtls_ssl_conf_cert_profile(conf, &cert_profile);
	mbedtls_ssl_conf_ca_chain(conf, &d->ca, NULL);
	mbedtls_ssl_conf_rng(conf, mbedtls_ctr_drbg_random, &d->drbg);
	mbedtls_ssl_conf_handshake_timeout(conf, DTLS_HS_TIMEOUT_MIN_MS, DTLS_HS_TIMEOUT_MAX_MS);
	mbedtls_ssl_conf_dtls_anti_replay(conf, MBEDTLS_SSL_ANTI_REPLAY_ENABLED);
	mbedtls_ssl_conf_dtls_badmac_limit(conf, DTLS_BADMAC_LIMIT);
	mbedtls_ssl_conf_read_timeout(conf, 0); /* reads never wait: the tunnel polls */
	return mbedtls_ssl_conf_own_cert(conf, &d->cert, &d->key);
}

struct dtls *dtls_new(const struct vpnd_config *cfg, const char *file)
{
	struct dtls *d = calloc(1, sizeof(*d));
	int ret;

	if (d == NULL) {
		vpnd_log("out of memory");
		return NULL;
	}
	d->cfg = cfg;
	d->fd = -1;
	mbedtls_entropy_init(&d->entropy);
	mbedtls_ctr_drbg_init(&d->drbg);
	mbedtls_x509_crt_init(&d->ca);
	mbedtls_x509_crt_init(&d->cert);
	mbedtls_pk_init(&d->key);
	mbedtls_ssl_config_init(&d->conf);
	ret = mbedtls_ctr_drbg_seed(&d->drbg, mbedtls_entropy_func, &d->entropy, (const unsigned char *)drbg_label,
				    sizeof(drbg_label) - 1);
	if (ret != 0) {
		explain(d, ret, "seeding the random generator: ");
		vpnd_log("%s", d->reason);
	} else if (load_credentials(d, file) == 0) {
		ret = setup_conf(d);
		if (ret == 0) {
			return d;
		}
		explain(d, ret, "TLS configuration: ");
		vpnd_log("%s", d->reason);
	}
	dtls_free(d);
	return NULL;
}

void dtls_free(struct dtls *d)
{
	if (d == NULL) {
		return;
	}
	dtls_close(d, DTLS_CLOSE_SILENT);
	mbedtls_ssl_config_free(&d->conf);
	mbedtls_pk_free(&d->key);
	mbedtls_x509_crt_free(&d->cert);
	mbedtls_x509_crt_free(&d->ca);
	mbedtls_ctr_drbg_free(&d->drbg);
	mbedtls_entropy_free(&d->entropy);
	mbedtls_platform_zeroize(d, sizeof(*d));
	free(d);
}

/* ---- sessions ---- */

static int open_socket(struct dtls *d)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(d->cfg->gateway_port);
	sin.sin_addr.s_addr = htonl(d->cfg->gateway_addr);
	d->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	/* connect(2) on UDP: the kernel drops datagrams from anyone but the gateway's address and port. */
	if (d->fd < 0 || connect(d->fd, (const struct sockaddr *)&sin, sizeof(sin)) != 0) {
		set_reason(d, "handshake failed: socket: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int setup_session(struct dtls *d)
{
	int ret;

	mbedtls_ssl_init(&d->ssl);
	d->ssl_ready = true;
	ret = mbedtls_ssl_setup(&d->ssl, &d->conf);
	if (ret == 0) {
		/* The name the gateway's certificate must carry (CN or subjectAltName), also sent as SNI. */
		ret = mbedtls_ssl_set_hostname(&d->ssl, d->cfg->gateway_name);
	}
	if (ret != 0) {
		explain(d, ret, "handshake failed: ");
		return -1;
	}
	mbedtls_ssl_set_bio(&d->ssl, d, bio_send, bio_recv, bio_recv_timeout);
	mbedtls_ssl_set_timer_cb(&d->ssl, &d->timer, timer_set, timer_get);
	return 0;
}

static enum dtls_status handshake(struct dtls *d)
{
	for (;;) {
		int ret = mbedtls_ssl_handshake(&d->ssl);

		if (ret == 0) {
			return DTLS_OK;
		}
		if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) {
			explain(d, ret, "handshake failed: ");
			return DTLS_FAILED;
		}
		if (sig_stop_requested()) {
			return DTLS_STOPPED;
		}
	}
}

enum dtls_status dtls_connect(struct dtls *d)
{
	enum dtls_status st = DTLS_FAILED;

	dtls_close(d, DTLS_CLOSE_SILENT);
	d->phase = PHASE_HANDSHAKE;
	d->sock_err = 0;
	d->soft_errors = 0;
	d->forged = 0;
	d->reason[0] = '\0';
	if (open_socket(d) == 0 && setup_session(d) == 0) {
		st = handshake(d);
	}
	if (st != DTLS_OK) {
		dtls_close(d, DTLS_CLOSE_SILENT);
		return st;
	}
	d->established = true;
	d->phase = PHASE_ESTABLISHED;
	/* From now on reads never block: no timeout callback. */
	mbedtls_ssl_set_bio(&d->ssl, d, bio_send, bio_recv, NULL);
	return DTLS_OK;
}

int dtls_fd(const struct dtls *d)
{
	return d->fd;
}

bool dtls_pending(const struct dtls *d)
{
	return d->established && mbedtls_ssl_check_pending(&d->ssl) != 0;
}

enum dtls_status dtls_read(struct dtls *d, uint8_t *buf, size_t cap, size_t *len)
{
	int ret = mbedtls_ssl_read(&d->ssl, buf, cap);

	if (ret > 0) {
		if (mbedtls_ssl_get_bytes_avail(&d->ssl) != 0) {
			set_reason(d, "a record larger than %zu bytes", cap);
			return DTLS_FAILED;
		}
		*len = (size_t)ret;
		return DTLS_OK;
	}
	if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
		return DTLS_AGAIN;
	}
	if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
		set_reason(d, "close_notify from the gateway");
		return DTLS_CLOSED;
	}
	if (ret == 0) {
		set_reason(d, "the transport closed");
	} else {
		explain(d, ret, "");
	}
	return DTLS_FAILED;
}

enum dtls_status dtls_write(struct dtls *d, const uint8_t *buf, size_t len)
{
	int ret = mbedtls_ssl_write(&d->ssl, buf, len);

	if (ret >= 0 && (size_t)ret == len) {
		return DTLS_OK;
	}
	if (ret >= 0) {
		set_reason(d, "a %zu-byte packet did not fit one record", len);
	} else {
		explain(d, ret, "");
	}
	return DTLS_FAILED;
}

void dtls_close(struct dtls *d, enum dtls_close_mode mode)
{
	if (d->ssl_ready) {
		if (mode == DTLS_CLOSE_NOTIFY && d->established) {
			/* One datagram; our BIO never blocks, so this cannot hang. */
			(void)mbedtls_ssl_close_notify(&d->ssl);
		}
		d->forged = d->ssl.badmac_seen; /* public in 2.28; counted because a limit is set */
		mbedtls_ssl_free(&d->ssl);
		d->ssl_ready = false;
	}
	d->established = false;
	if (d->fd >= 0) {
		(void)close(d->fd);
		d->fd = -1;
	}
}

const char *dtls_reason(const struct dtls *d)
{
	return d->reason;
}

const char *dtls_suite(const struct dtls *d)
{
	return d->established ? mbedtls_ssl_get_ciphersuite(&d->ssl) : "";
}

void dtls_peer_subject(const struct dtls *d, char *buf, size_t size)
{
	const mbedtls_x509_crt *crt = d->established ? mbedtls_ssl_get_peer_cert(&d->ssl) : NULL;

	/* mbedtls_x509_dn_gets shows control and non-ASCII bytes as '?'. */
	if (crt == NULL || mbedtls_x509_dn_gets(buf, size, &crt->subject) < 0) {
		(void)snprintf(buf, size, "(unknown)");
	}
}

unsigned long dtls_soft_errors(const struct dtls *d)
{
	return d->soft_errors;
}

unsigned long dtls_forged_records(const struct dtls *d)
{
	return d->ssl_ready ? d->ssl.badmac_seen : d->forged;
}
