/* SPDX-License-Identifier: MIT */
/*
 * The trust side of shoji-pack: payload digests, vendor signatures over payload
 * statements, and VM measurements (formats: include/shoji/attest.h). All of it is
 * crypto/crypto.c on the host build of mbedTLS, the very code the hypervisor runs:
 * one audited implementation with known-answer tests (tests/unit/test_crypto.c)
 * and no second crypto library that could disagree with it.
 */
#ifndef SHOJI_TOOLS_SIGN_H
#define SHOJI_TOOLS_SIGN_H

#include <shoji/pack.h>

#include "crypto.h"

/*
 * Whether a payload is sealed data ("<vm>.sealed", include/shoji/seal.h): sealed to the
 * VM's measurement, so neither signed nor measured; on a real device it is written at
 * enrolment, not by the vendor. The packer leaves its sig zero and --verify does not ask
 * for one.
 */
bool sign_exempt(const char *name);

/* Payload kinds in measurement order (attest.h): "<vm>.config", "<vm>.kernel", ... */
extern const char *const pack_measure_kinds[4];

/* crypto_init() once, with a message on failure. Returns 0 or -1. */
int sign_init(char *err, size_t err_size);

/* Reads a private key file (64 hex characters) and checks the scalar is a P-256 key. Returns 0 or -1. */
int sign_load_key(const char *path, struct crypto_p256_priv *key, char *err, size_t err_size);

/* Reads a public key file (130 hex characters, SEC1 uncompressed) and checks the point. Returns 0 or -1. */
int sign_load_pub(const char *path, struct crypto_p256_pub *pub, char *err, size_t err_size);

/* SHA-256 of a payload. */
int sign_payload_digest(const void *data, size_t len, uint8_t out[PACK_SHA256_SIZE]);

/* SHA-256 of the entry's struct shoji_payload_statement, encoded little-endian as attest.h lays it out. */
int sign_statement_digest(const struct pack_entry *e, struct crypto_sha256_digest *out);

/* Fills e->sig (name, size and sha256 already set). Returns a crypto_err. */
int sign_entry(const struct crypto_p256_priv *key, struct pack_entry *e);

/* CRYPTO_OK only if e->sig is pub's signature of e's statement. */
int sign_verify_entry(const struct crypto_p256_pub *pub, const struct pack_entry *e);

/*
 * A VM's measurement over the entries named "<vm>.<kind>" that `find` returns,
 * attest.h's order; entries[i] is NULL for an absent kind. Returns a crypto_err.
 */
int sign_measure(const struct pack_entry *const entries[4], struct crypto_sha256_digest *out);

#endif /* SHOJI_TOOLS_SIGN_H */
