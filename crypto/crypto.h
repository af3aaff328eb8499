/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's whole view of cryptography (DESIGN.md, "Crypto"): SHA-256, HMAC and
 * HKDF over it, ECDSA P-256 verify and RFC 6979 deterministic sign, ChaCha20-Poly1305.
 *
 * Keys, digests, signatures, nonces and tags are fixed-size structs, so a private key
 * cannot be passed where a digest is expected. Nothing here needs a heap in the caller
 * and no mbedTLS type shows: crypto/crypto.c is the only hypervisor file that includes
 * mbedTLS. The same source builds for the host tools and tests (crypto/mbedtls.mk).
 *
 * Not reentrant: every call that does public-key or HMAC work borrows one static arena.
 * The caller serializes calls (one CPU at a time) and runs crypto_init() first.
 */
#ifndef SHOJI_CRYPTO_H
#define SHOJI_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRYPTO_SHA256_SIZE     32
#define CRYPTO_P256_PRIV_SIZE  32
#define CRYPTO_P256_PUB_SIZE   65
#define CRYPTO_P256_SIG_SIZE   64
#define CRYPTO_AEAD_KEY_SIZE   32
#define CRYPTO_AEAD_NONCE_SIZE 12
#define CRYPTO_AEAD_TAG_SIZE   16
/* RFC 5869 §2.3: at most 255 blocks of output. */
#define CRYPTO_HKDF_MAX_OUT ((size_t)255 * CRYPTO_SHA256_SIZE)
/* Far below RFC 8439's 2^38 - 64 bytes per nonce, and far above any sealed blob. */
#define CRYPTO_AEAD_MAX_LEN     ((size_t)1 << 30)
#define CRYPTO_SHA256_CTX_WORDS 14

enum crypto_err {
	CRYPTO_OK = 0,
	/* A NULL buffer with a non-zero length, a length out of range, partly overlapping buffers. */
	CRYPTO_ERR_INVALID = 1,
	/* A signature or an AEAD tag that does not verify. */
	CRYPTO_ERR_VERIFY = 2,
	/* Not a P-256 key: a point off the curve or not in SEC1 uncompressed form, a scalar not in [1, n-1]. */
	CRYPTO_ERR_KEY = 3,
	/* The arena ran out: CRYPTO_ARENA_SIZE in crypto.c is too small (our bug, not the input's). */
	CRYPTO_ERR_NOMEM = 4,
	/* crypto_init() has not run. */
	CRYPTO_ERR_NOT_READY = 5,
	/* Any other failure inside mbedTLS. */
	CRYPTO_ERR_INTERNAL = 6,
};

/* FIPS 180-4 SHA-256 digest. */
struct crypto_sha256_digest {
	uint8_t bytes[CRYPTO_SHA256_SIZE];
};

/* RFC 2104 HMAC-SHA256 output. */
struct crypto_hmac_sha256_mac {
	uint8_t bytes[CRYPTO_SHA256_SIZE];
};

/* P-256 private key: a big-endian scalar in [1, n-1]. Zeroize it after use (crypto_zeroize). */
struct crypto_p256_priv {
	uint8_t bytes[CRYPTO_P256_PRIV_SIZE];
};

/* P-256 public key in SEC1 §2.3.3 uncompressed form: 0x04 || X || Y, big-endian. */
struct crypto_p256_pub {
	uint8_t bytes[CRYPTO_P256_PUB_SIZE];
};

/* ECDSA signature as r || s, each a 32-byte big-endian integer (the IEEE P1363 form, not DER). */
struct crypto_p256_sig {
	uint8_t bytes[CRYPTO_P256_SIG_SIZE];
};

/* ChaCha20-Poly1305 (RFC 8439 §2.8) key, nonce and tag. */
struct crypto_aead_key {
	uint8_t bytes[CRYPTO_AEAD_KEY_SIZE];
};

struct crypto_aead_nonce {
	uint8_t bytes[CRYPTO_AEAD_NONCE_SIZE];
};

struct crypto_aead_tag {
	uint8_t bytes[CRYPTO_AEAD_TAG_SIZE];
};

/* Incremental SHA-256 state; opaque (crypto.c checks that mbedTLS's context fits). */
struct crypto_sha256_ctx {
	uint64_t opaque[CRYPTO_SHA256_CTX_WORDS];
};

/* Sets up the static arena. Call once, before any other call; calling again changes nothing. */
enum crypto_err crypto_init(void);

/* Bytes of the arena ever touched (its high-water mark), and its size: for measuring the bound. */
size_t crypto_arena_peak(void);
size_t crypto_arena_size(void);

/* SHA-256 of len bytes at data, in one call or in pieces (init, update..., final). */
enum crypto_err crypto_sha256(const void *data, size_t len, struct crypto_sha256_digest *out);
enum crypto_err crypto_sha256_init(struct crypto_sha256_ctx *ctx);
enum crypto_err crypto_sha256_update(struct crypto_sha256_ctx *ctx, const void *data, size_t len);
/* Writes the digest and wipes ctx; start again with crypto_sha256_init. */
enum crypto_err crypto_sha256_final(struct crypto_sha256_ctx *ctx, struct crypto_sha256_digest *out);

/* RFC 2104 HMAC-SHA256 of data under a key of any length. */
enum crypto_err crypto_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
				   struct crypto_hmac_sha256_mac *out);

/*
 * RFC 5869 HKDF-SHA256: extract with salt (NULL/0 means 32 zero bytes), expand with info,
 * into out_len bytes (1 .. CRYPTO_HKDF_MAX_OUT).
 */
enum crypto_err crypto_hkdf_sha256(const void *salt, size_t salt_len, const void *ikm, size_t ikm_len, const void *info,
				   size_t info_len, void *out, size_t out_len);

/*
 * ECDSA P-256 verification of a signature over a SHA-256 digest. CRYPTO_OK only for a
 * valid signature by pub; CRYPTO_ERR_VERIFY for any other signature (r or s out of range
 * included), CRYPTO_ERR_KEY when pub is not a point on the curve.
 */
enum crypto_err crypto_p256_verify(const struct crypto_p256_pub *pub, const struct crypto_sha256_digest *hash,
				   const struct crypto_p256_sig *sig);

/* RFC 6979 deterministic ECDSA P-256 signature over a SHA-256 digest: no RNG involved. */
enum crypto_err crypto_p256_sign_det(const struct crypto_p256_priv *priv, const struct crypto_sha256_digest *hash,
				     struct crypto_p256_sig *sig);

/* The public key of priv (priv * G). */
enum crypto_err crypto_p256_public(const struct crypto_p256_priv *priv, struct crypto_p256_pub *pub);

/*
 * ChaCha20-Poly1305 (RFC 8439 §2.8). in and out are the same buffer or do not overlap.
 * A nonce must never be used twice with one key.
 *
 * crypto_aead_open checks the tag before it decrypts: on CRYPTO_ERR_VERIFY nothing has
 * been written to out (in place, the ciphertext is left as it was).
 */
enum crypto_err crypto_aead_seal(const struct crypto_aead_key *key, const struct crypto_aead_nonce *nonce,
				 const void *aad, size_t aad_len, const void *in, size_t len, void *out,
				 struct crypto_aead_tag *tag);
enum crypto_err crypto_aead_open(const struct crypto_aead_key *key, const struct crypto_aead_nonce *nonce,
				 const void *aad, size_t aad_len, const void *in, size_t len,
				 const struct crypto_aead_tag *tag, void *out);

/* Compares secrets (MACs, tags) in time that depends on len only. */
bool crypto_equal(const void *a, const void *b, size_t len);

/* Wipes key material in a way the compiler cannot drop. */
void crypto_zeroize(void *p, size_t len);

#endif /* SHOJI_CRYPTO_H */
