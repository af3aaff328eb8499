/* SPDX-License-Identifier: MIT */
/*
 * mbedTLS 2.28 configuration for the VPN daemon (aarch64 Linux userspace, linked
 * statically): a DTLS 1.2 client with mutual certificate authentication, ECDHE-ECDSA
 * over P-256 with ChaCha20-Poly1305 or AES-GCM records, and nothing else. Every option
 * is off unless listed here (this file replaces mbedtls/config.h); crypto/README.md
 * says why each one is on.
 */
#ifndef SHOJI_CONFIG_VPND_H
#define SHOJI_CONFIG_VPND_H

/* ---- System: Linux userspace ---- */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME
/* Certificate validity periods are checked against the wall clock. */
#define MBEDTLS_HAVE_TIME_DATE
/* Certificates, keys and CA bundles are read from files. */
#define MBEDTLS_FS_IO
#define MBEDTLS_DEPRECATED_REMOVED

/* ---- Randomness: getrandom(2) (entropy_poll.c), falling back to /dev/urandom, into CTR_DRBG ---- */
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C

/* ---- Symmetric ---- */
#define MBEDTLS_CIPHER_C
#define MBEDTLS_AES_C
/* AES tables in .rodata, not built into .bss at first use. */
#define MBEDTLS_AES_ROM_TABLES
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C

/* ---- Hashes: SHA-256, and SHA-384 for the AES-256-GCM suite and CA signatures ---- */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA512_C

/* ---- Public key: ECDHE and ECDSA over P-256 only ---- */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDH_LEGACY_CONTEXT
#define MBEDTLS_ECDSA_C
/* The client's CertificateVerify signature does not depend on the RNG's quality (RFC 6979). */
#define MBEDTLS_ECDSA_DETERMINISTIC
#define MBEDTLS_HMAC_DRBG_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C

/* ---- X.509 parsing and chain verification, PEM or DER ---- */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_CHECK_KEY_USAGE
#define MBEDTLS_X509_CHECK_EXTENDED_KEY_USAGE

/* ---- DTLS 1.2 client ---- */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_DTLS
#define MBEDTLS_SSL_DTLS_HELLO_VERIFY
#define MBEDTLS_SSL_DTLS_ANTI_REPLAY
/* A forged or corrupted datagram is dropped, not fatal to the tunnel (up to a limit the daemon sets). */
#define MBEDTLS_SSL_DTLS_BADMAC_LIMIT
/* RFC 7627: the master secret is bound to the whole handshake. */
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
#define MBEDTLS_SSL_ALL_ALERT_MESSAGES
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
/* Offered in this order; nothing else is compiled in. */
#define MBEDTLS_SSL_CIPHERSUITES                                                                                \
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, \
		MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256

/* ---- Helpers for the daemon: UDP sockets, retransmission timers, error strings, version ---- */
#define MBEDTLS_NET_C
#define MBEDTLS_TIMING_C
#define MBEDTLS_ERROR_C
#define MBEDTLS_VERSION_C

#include "mbedtls/check_config.h"

#endif /* SHOJI_CONFIG_VPND_H */
