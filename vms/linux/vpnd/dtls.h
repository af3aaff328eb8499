/* SPDX-License-Identifier: MIT */
/*
 * The DTLS 1.2 client: vpnd's only contact with mbedTLS (dtls.c is the only file that
 * includes its headers). One session at a time over a connected UDP socket; each
 * record carries one IP packet.
 *
 * Fixed policy, not configuration: DTLS 1.2 only; ECDHE-ECDSA over P-256 with
 * ChaCha20-Poly1305 or AES-GCM (config-vpnd.h); the gateway's certificate must chain to
 * the configured CA under a SHA-2/P-256-only profile, carry serverAuth and name
 * gateway_name; our certificate and key must be a P-256 pair.
 */
#ifndef SHOJI_VPND_DTLS_H
#define SHOJI_VPND_DTLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct dtls;

enum dtls_status {
	DTLS_OK,
	DTLS_AGAIN,   /* dtls_read: no record waiting */
	DTLS_CLOSED,  /* the gateway sent close_notify */
	DTLS_FAILED,  /* the session is over: dtls_reason says why */
	DTLS_STOPPED, /* dtls_connect: a stop signal arrived */
};

/* Handshake retransmission (RFC 6347 §4.2.4.1): 1 s doubling to 8 s, then give up (15 s in all). */
#define DTLS_HS_TIMEOUT_MIN_MS 1000
#define DTLS_HS_TIMEOUT_MAX_MS 8000
/* The largest record plaintext (MBEDTLS_SSL_IN_CONTENT_LEN, checked in dtls.c): dtls_read's buffer size. */
#define DTLS_RECORD_MAX 16384
/*
 * Records failing authentication that are dropped before the session is given up (and a
 * fresh handshake made). Not smaller: a forged datagram is cheap (anyone who guesses our
 * source port can send one as the gateway), and a low limit would hand such a sender
 * the tunnel's teardown, which liveness otherwise keeps to authenticated traffic alone.
 * Far below the AEADs' forgery bounds (2^36 attempts per key for both suites, RFC 9147 §4.5.3).
 */
#define DTLS_BADMAC_LIMIT 65536

/*
 * Seeds the DRBG and loads and checks the CA, our certificate and key. NULL after
 * logging "FILE:LINE: key: why" for the config line at fault (file is the config's path).
 */
struct dtls *dtls_new(const struct vpnd_config *cfg, const char *file);
void dtls_free(struct dtls *d);

/*
 * A fresh UDP socket to the gateway and a full handshake, blocking (with the stop
 * signals deliverable). DTLS_OK, DTLS_FAILED, or DTLS_STOPPED.
 */
enum dtls_status dtls_connect(struct dtls *d);

/* Only while connected: the socket to poll. */
int dtls_fd(const struct dtls *d);

/* Whether a record is already buffered (a datagram may hold several): poll would not see it. */
bool dtls_pending(const struct dtls *d);

/* One record's plaintext into buf (cap bytes; a larger record fails the session). Never blocks. */
enum dtls_status dtls_read(struct dtls *d, uint8_t *buf, size_t cap, size_t *len);

/* buf as one record. DTLS_OK or DTLS_FAILED. */
enum dtls_status dtls_write(struct dtls *d, const uint8_t *buf, size_t len);

enum dtls_close_mode {
	DTLS_CLOSE_SILENT,
	DTLS_CLOSE_NOTIFY
};

/* Ends the session (sending close_notify first if asked) and closes the socket. */
void dtls_close(struct dtls *d, enum dtls_close_mode mode);

/* Why the last dtls_connect, dtls_read or dtls_write failed: one line, for the log. */
const char *dtls_reason(const struct dtls *d);

/* After dtls_connect: the negotiated suite, and the gateway certificate's subject. */
const char *dtls_suite(const struct dtls *d);
void dtls_peer_subject(const struct dtls *d, char *buf, size_t size);

/* Network errors (ICMP reports, full socket buffers) taken as packet loss during this session. */
unsigned long dtls_soft_errors(const struct dtls *d);

/* Records of this session that failed authentication and were dropped (kept after dtls_close). */
unsigned long dtls_forged_records(const struct dtls *d);

#endif /* SHOJI_VPND_DTLS_H */
