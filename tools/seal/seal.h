/* SPDX-License-Identifier: MIT */
/*
 * The core of shoji-seal, callable from tests: the sealing key a VM gets from KEY_DERIVE,
 * derived on the host from a device secret and the VM's measurement exactly as the
 * hypervisor derives it (include/shoji/attest.h), and sealing and opening blobs
 * (include/shoji/seal.h) with it, all on crypto/crypto.c, the hypervisor's own crypto code.
 */
#ifndef SHOJI_TOOLS_SEAL_H
#define SHOJI_TOOLS_SEAL_H

#include <shoji/attest.h>

#include "blob.h"
#include "crypto.h"

#define SEAL_SECRET_SIZE 32 /* the board's device secret (include/board.h) */

enum seal_result {
	SEAL_OK = 0,
	SEAL_FORM,    /* not a well-formed blob: *fault says how */
	SEAL_LABEL,   /* well formed, but sealed under another label than the one required */
	SEAL_NO_OPEN, /* the tag does not verify: another VM image, another device, or a changed byte */
	SEAL_CRYPTO,  /* crypto.c failed (not the blob's fault) */
};

/*
 * KEY_DERIVE's key for `label`: HKDF-SHA256(salt = measurement, ikm = secret,
 * info = SHOJI_SEAL_DOMAIN || label as 8 bytes little-endian). crypto_init() first.
 * Returns a crypto_err.
 */
int seal_derive_key(const uint8_t secret[SEAL_SECRET_SIZE], const uint8_t measurement[SHOJI_SHA256_SIZE],
		    uint64_t label, struct crypto_aead_key *key);

/*
 * Seals len bytes (1..SHOJI_SEALED_DATA_MAX) at in under key, which KEY_DERIVE gives
 * for `label`, with `nonce` (never used twice with one key: draw it at random). Writes
 * sizeof(struct shoji_sealed_header) + len bytes to out. Returns a crypto_err.
 */
int seal_blob(const struct crypto_aead_key *key, uint64_t label, const uint8_t nonce[SHOJI_SEALED_NONCE_SIZE],
	      const uint8_t *in, size_t len, uint8_t *out);

/*
 * Opens a blob of exactly `size` bytes for the VM of `measurement` on the device of
 * `secret`; with want_label non-NULL, only one sealed under that label. On SEAL_OK the
 * plaintext is *len bytes at out, which has room for SHOJI_SEALED_DATA_MAX; on anything
 * else nothing was written to out. *fault is the form check's verdict.
 */
enum seal_result seal_open(const uint8_t secret[SEAL_SECRET_SIZE], const uint8_t measurement[SHOJI_SHA256_SIZE],
			   const uint64_t *want_label, const uint8_t *blob, size_t size, uint8_t *out, size_t *len,
			   enum shoji_sealed_fault *fault);

#endif /* SHOJI_TOOLS_SEAL_H */
