/* SPDX-License-Identifier: MIT */
/*
 * crypto.h on mbedTLS 2.28 (config-hyp.h): the one place the hypervisor meets mbedTLS.
 * Checks arguments, converts between fixed-size buffers and mbedTLS's types, maps
 * mbedTLS errors to enum crypto_err, and wipes what it held on the stack.
 */
#include <string.h>

#include "mbedtls/chacha20.h"
#include "mbedtls/chachapoly.h"
#include "mbedtls/constant_time.h"
#include "mbedtls/ecdsa.h"
#include "mbedtls/ecp.h"
#include "mbedtls/hkdf.h"
#include "mbedtls/hmac_drbg.h"
#include "mbedtls/md.h"
#include "mbedtls/memory_buffer_alloc.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/sha256.h"

#include "crypto.h"

/*
 * Every mbedTLS heap allocation comes from here (MBEDTLS_MEMORY_BUFFER_ALLOC_C). The
 * largest user is crypto_p256_verify, at most about 5.2 KiB (README.md);
 * tests/unit/test_crypto.c fails if the high-water mark comes within 25 % of the size.
 */
#define CRYPTO_ARENA_SIZE 8192
/*
 * mbedtls_memory_buffer_alloc_init zeroes the arena and writes one block header at its
 * start (64 bytes on LP64); everything after the slack is painted so the high-water mark
 * can be read back.
 */
#define ARENA_PAINT       0xa5
#define ARENA_PAINT_START 256

static uint8_t arena[CRYPTO_ARENA_SIZE] __attribute__((aligned(16)));
static bool arena_ready;

_Static_assert(sizeof(mbedtls_sha256_context) <= sizeof(((struct crypto_sha256_ctx *)0)->opaque),
	       "crypto_sha256_ctx too small for mbedtls_sha256_context");
_Static_assert(CRYPTO_P256_PRIV_SIZE == MBEDTLS_ECP_MAX_BYTES, "config-hyp.h: P-256 is the largest curve");

enum crypto_err crypto_init(void)
{
	if (arena_ready) {
		return CRYPTO_OK;
	}
	mbedtls_memory_buffer_alloc_init(arena, sizeof(arena));
	memset(&arena[ARENA_PAINT_START], ARENA_PAINT, sizeof(arena) - ARENA_PAINT_START);
	arena_ready = true;
	return CRYPTO_OK;
}

size_t crypto_arena_peak(void)
{
	size_t n = sizeof(arena);

	while (n > ARENA_PAINT_START && arena[n - 1] == ARENA_PAINT) {
		n--;
	}
	return n;
}

size_t crypto_arena_size(void)
{
	return sizeof(arena);
}

/* mbedTLS return codes (negative) to ours; anything unexpected is INTERNAL, never OK. */
static enum crypto_err from_mbedtls(int ret)
{
	switch (ret) {
	case 0:
		return CRYPTO_OK;
	case MBEDTLS_ERR_MPI_ALLOC_FAILED:
	case MBEDTLS_ERR_ECP_ALLOC_FAILED:
	case MBEDTLS_ERR_MD_ALLOC_FAILED:
		return CRYPTO_ERR_NOMEM;
	default:
		return CRYPTO_ERR_INTERNAL;
	}
}

/* A (pointer, length) pair is usable when the pointer is there or nothing is to be read. */
static bool buf_ok(const void *p, size_t len)
{
	return p != NULL || len == 0;
}

/* The same buffer, or two that do not overlap (an address range cannot wrap: the caller made both). */
static bool inout_ok(const void *in, const void *out, size_t len)
{
	uintptr_t i = (uintptr_t)in;
	uintptr_t o = (uintptr_t)out;

	return i == o || i + len <= o || o + len <= i;
}

bool crypto_equal(const void *a, const void *b, size_t len)
{
	return mbedtls_ct_memcmp(a, b, len) == 0;
}

void crypto_zeroize(void *p, size_t len)
{
	mbedtls_platform_zeroize(p, len);
}

/* ---- SHA-256 ---- */

enum crypto_err crypto_sha256(const void *data, size_t len, struct crypto_sha256_digest *out)
{
	if (!buf_ok(data, len) || out == NULL) {
		return CRYPTO_ERR_INVALID;
	}
	return from_mbedtls(mbedtls_sha256_ret(data, len, out->bytes, 0));
}

/*
 * The caller's context is plain storage: the mbedTLS context is copied in and out
 * rather than aliased, which keeps C's effective-type rules intact.
 */
static void sha256_store(struct crypto_sha256_ctx *ctx, mbedtls_sha256_context *m)
{
	memcpy(ctx->opaque, m, sizeof(*m));
	mbedtls_sha256_free(m);
}

enum crypto_err crypto_sha256_init(struct crypto_sha256_ctx *ctx)
{
	mbedtls_sha256_context m;
	int ret;

	if (ctx == NULL) {
		return CRYPTO_ERR_INVALID;
	}
	mbedtls_sha256_init(&m);
	ret = mbedtls_sha256_starts_ret(&m, 0);
	sha256_store(ctx, &m);
	return from_mbedtls(ret);
}

enum crypto_err crypto_sha256_update(struct crypto_sha256_ctx *ctx, const void *data, size_t len)
{
	mbedtls_sha256_context m;
	int ret;

	if (ctx == NULL || !buf_ok(data, len)) {
		return CRYPTO_ERR_INVALID;
	}
	memcpy(&m, ctx->opaque, sizeof(m));
	ret = mbedtls_sha256_update_ret(&m, data, len);
	sha256_store(ctx, &m);
	return from_mbedtls(ret);
}

enum crypto_err crypto_sha256_final(struct crypto_sha256_ctx *ctx, struct crypto_sha256_digest *out)
{
	mbedtls_sha256_context m;
	int ret;

	if (ctx == NULL || out == NULL) {
		return CRYPTO_ERR_INVALID;
	}
	memcpy(&m, ctx->opaque, sizeof(m));
	ret = mbedtls_sha256_finish_ret(&m, out->bytes);
	mbedtls_sha256_free(&m);
	mbedtls_platform_zeroize(ctx, sizeof(*ctx));
	return from_mbedtls(ret);
}

/* ---- HMAC, HKDF ---- */

enum crypto_err crypto_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
				   struct crypto_hmac_sha256_mac *out)
{
	if (!arena_ready) {
		return CRYPTO_ERR_NOT_READY;
	}
	if (!buf_ok(key, key_len) || !buf_ok(data, len) || out == NULL) {
		return CRYPTO_ERR_INVALID;
	}
	return from_mbedtls(
		mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), key, key_len, data, len, out->bytes));
}

enum crypto_err crypto_hkdf_sha256(const void *salt, size_t salt_len, const void *ikm, size_t ikm_len, const void *info,
				   size_t info_len, void *out, size_t out_len)
{
	if (!arena_ready) {
		return CRYPTO_ERR_NOT_READY;
	}
	if (!buf_ok(salt, salt_len) || !buf_ok(ikm, ikm_len) || !buf_ok(info, info_len) || out == NULL ||
	    out_len == 0 || out_len > CRYPTO_HKDF_MAX_OUT) {
		return CRYPTO_ERR_INVALID;
	}
	return from_mbedtls(mbedtls_hkdf(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), salt, salt_len, ikm, ikm_len,
					 info, info_len, out, out_len));
}

/* ---- ECDSA P-256 ---- */

/* The P-256 group and the key material one call works on; p256_done frees (and wipes) it all. */
struct p256 {
	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	mbedtls_mpi d, r, s;
	mbedtls_hmac_drbg_context blind;
};

static int p256_start(struct p256 *k)
{
	mbedtls_ecp_group_init(&k->grp);
	mbedtls_ecp_point_init(&k->q);
	mbedtls_mpi_init(&k->d);
	mbedtls_mpi_init(&k->r);
	mbedtls_mpi_init(&k->s);
	mbedtls_hmac_drbg_init(&k->blind);
	return mbedtls_ecp_group_load(&k->grp, MBEDTLS_ECP_DP_SECP256R1);
}

static void p256_done(struct p256 *k)
{
	mbedtls_hmac_drbg_free(&k->blind);
	mbedtls_mpi_free(&k->s);
	mbedtls_mpi_free(&k->r);
	mbedtls_mpi_free(&k->d);
	mbedtls_ecp_point_free(&k->q);
	mbedtls_ecp_group_free(&k->grp);
}

/* Reads priv into k->d; CRYPTO_ERR_KEY unless it is in [1, n-1]. */
static enum crypto_err p256_load_priv(struct p256 *k, const struct crypto_p256_priv *priv)
{
	int ret = mbedtls_mpi_read_binary(&k->d, priv->bytes, sizeof(priv->bytes));

	if (ret != 0) {
		return from_mbedtls(ret);
	}
	return mbedtls_ecp_check_privkey(&k->grp, &k->d) == 0 ? CRYPTO_OK : CRYPTO_ERR_KEY;
}

/*
 * The RNG mbedTLS uses to randomize projective coordinates while it multiplies by the
 * secret scalar (a side-channel counter-measure; it does not change the result). There
 * is no entropy source at EL2, so, as mbedTLS itself does when given none, it is an
 * HMAC_DRBG seeded from the secret and the digest, under a label of its own so its
 * output never coincides with RFC 6979's nonce stream.
 */
static int p256_seed_blinding(struct p256 *k, const struct crypto_p256_priv *priv,
			      const struct crypto_sha256_digest *hash)
{
	static const char label[] = "shoji p256 coordinate blinding";
	uint8_t seed[CRYPTO_P256_PRIV_SIZE + CRYPTO_SHA256_SIZE] = {0};
	int ret;

	memcpy(seed, priv->bytes, CRYPTO_P256_PRIV_SIZE);
	if (hash != NULL) {
		memcpy(&seed[CRYPTO_P256_PRIV_SIZE], hash->bytes, CRYPTO_SHA256_SIZE);
	}
	ret = mbedtls_hmac_drbg_seed_buf(&k->blind, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), seed, sizeof(seed));
	mbedtls_platform_zeroize(seed, sizeof(seed));
	if (ret == 0) {
		ret = mbedtls_hmac_drbg_update_ret(&k->blind, (const unsigned char *)label, sizeof(label) - 1);
	}
	return ret;
}

enum crypto_err crypto_p256_verify(const struct crypto_p256_pub *pub, const struct crypto_sha256_digest *hash,
				   const struct crypto_p256_sig *sig)
{
	struct p256 k;
	enum crypto_err err;
	int ret;

	if (!arena_ready) {
		return CRYPTO_ERR_NOT_READY;
	}
	if (pub == NULL || hash == NULL || sig == NULL) {
		return CRYPTO_ERR_INVALID;
	}
	/* SEC1 §2.3.4: 0x04 marks the uncompressed form, the only one accepted. */
	if (pub->bytes[0] != 0x04) {
		return CRYPTO_ERR_KEY;
	}
	ret = p256_start(&k);
	if (ret == 0) {
		ret = mbedtls_ecp_point_read_binary(&k.grp, &k.q, pub->bytes, sizeof(pub->bytes));
		if (ret == MBEDTLS_ERR_ECP_BAD_INPUT_DATA) {
			err = CRYPTO_ERR_KEY;
			goto out;
		}
	}
	if (ret == 0) {
		/* SEC1 §3.2.2.1: on the curve, coordinates in range, not the point at infinity. */
		ret = mbedtls_ecp_check_pubkey(&k.grp, &k.q);
		if (ret == MBEDTLS_ERR_ECP_INVALID_KEY) {
			err = CRYPTO_ERR_KEY;
			goto out;
		}
	}
	if (ret == 0) {
		ret = mbedtls_mpi_read_binary(&k.r, sig->bytes, CRYPTO_P256_SIG_SIZE / 2);
	}
	if (ret == 0) {
		ret = mbedtls_mpi_read_binary(&k.s, &sig->bytes[CRYPTO_P256_SIG_SIZE / 2], CRYPTO_P256_SIG_SIZE / 2);
	}
	if (ret == 0) {
		/* SEC1 §4.1.4; r and s outside [1, n-1] fail here as VERIFY_FAILED too. */
		ret = mbedtls_ecdsa_verify(&k.grp, hash->bytes, sizeof(hash->bytes), &k.q, &k.r, &k.s);
		if (ret == MBEDTLS_ERR_ECP_VERIFY_FAILED) {
			err = CRYPTO_ERR_VERIFY;
			goto out;
		}
	}
	err = from_mbedtls(ret);
out:
	p256_done(&k);
	return err;
}

enum crypto_err crypto_p256_sign_det(const struct crypto_p256_priv *priv, const struct crypto_sha256_digest *hash,
				     struct crypto_p256_sig *sig)
{
	struct p256 k;
	enum crypto_err err;
	int ret;

	if (!arena_ready) {
		return CRYPTO_ERR_NOT_READY;
	}
	if (priv == NULL || hash == NULL || sig == NULL) {
		return CRYPTO_ERR_INVALID;
	}
	ret = p256_start(&k);
	if (ret != 0) {
		err = from_mbedtls(ret);
		goto out;
	}
	err = p256_load_priv(&k, priv);
	if (err != CRYPTO_OK) {
		goto out;
	}
	ret = p256_seed_blinding(&k, priv, hash);
	if (ret == 0) {
		/* RFC 6979 §3.2: k from HMAC_DRBG(priv, hash); the result depends on nothing else. */
		ret = mbedtls_ecdsa_sign_det_ext(&k.grp, &k.r, &k.s, &k.d, hash->bytes, sizeof(hash->bytes),
						 MBEDTLS_MD_SHA256, mbedtls_hmac_drbg_random, &k.blind);
	}
	if (ret == 0) {
		ret = mbedtls_mpi_write_binary(&k.r, sig->bytes, CRYPTO_P256_SIG_SIZE / 2);
	}
	if (ret == 0) {
		ret = mbedtls_mpi_write_binary(&k.s, &sig->bytes[CRYPTO_P256_SIG_SIZE / 2], CRYPTO_P256_SIG_SIZE / 2);
	}
	err = from_mbedtls(ret);
out:
	p256_done(&k);
	return err;
}

enum crypto_err crypto_p256_public(const struct crypto_p256_priv *priv, struct crypto_p256_pub *pub)
{
	struct p256 k;
	enum crypto_err err;
	size_t olen = 0;
	int ret;

	if (!arena_ready) {
		return CRYPTO_ERR_NOT_READY;
	}
	if (priv == NULL || pub == NULL) {
		return CRYPTO_ERR_INVALID;
	}
	ret = p256_start(&k);
	if (ret != 0) {
		err = from_mbedtls(ret);
		goto out;
	}
	err = p256_load_priv(&k, priv);
	if (err != CRYPTO_OK) {
		goto out;
	}
	ret = p256_seed_blinding(&k, priv, NULL);
	if (ret == 0) {
		ret = mbedtls_ecp_mul(&k.grp, &k.q, &k.d, &k.grp.G, mbedtls_hmac_drbg_random, &k.blind);
	}
	if (ret == 0) {
		ret = mbedtls_ecp_point_write_binary(&k.grp, &k.q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, pub->bytes,
						     sizeof(pub->bytes));
	}
	err = from_mbedtls(ret);
	if (err == CRYPTO_OK && olen != sizeof(pub->bytes)) {
		err = CRYPTO_ERR_INTERNAL;
	}
out:
	p256_done(&k);
	return err;
}

/* ---- ChaCha20-Poly1305 ---- */

static bool aead_args_ok(const struct crypto_aead_key *key, const struct crypto_aead_nonce *nonce, const void *aad,
			 size_t aad_len, const void *in, size_t len, const void *out, const void *tag)
{
	return key != NULL && nonce != NULL && tag != NULL && buf_ok(aad, aad_len) && buf_ok(in, len) &&
	       buf_ok(out, len) && len <= CRYPTO_AEAD_MAX_LEN && aad_len <= CRYPTO_AEAD_MAX_LEN &&
	       inout_ok(in, out, len);
}

enum crypto_err crypto_aead_seal(const struct crypto_aead_key *key, const struct crypto_aead_nonce *nonce,
				 const void *aad, size_t aad_len, const void *in, size_t len, void *out,
				 struct crypto_aead_tag *tag)
{
	mbedtls_chachapoly_context c;
	int ret;

	if (!aead_args_ok(key, nonce, aad, aad_len, in, len, out, tag)) {
		return CRYPTO_ERR_INVALID;
	}
	mbedtls_chachapoly_init(&c);
	ret = mbedtls_chachapoly_setkey(&c, key->bytes);
	if (ret == 0) {
		ret = mbedtls_chachapoly_encrypt_and_tag(&c, len, nonce->bytes, aad, aad_len, in, out, tag->bytes);
	}
	mbedtls_chachapoly_free(&c);
	return from_mbedtls(ret);
}

/*
 * RFC 8439 §2.8's tag over aad and ciphertext, computed without writing any plaintext
 * where the caller can see it: mbedtls_chachapoly_update also decrypts, so its output
 * goes to a scratch block that is wiped.
 */
static int aead_expected_tag(const struct crypto_aead_key *key, const struct crypto_aead_nonce *nonce, const void *aad,
			     size_t aad_len, const uint8_t *in, size_t len, uint8_t tag[CRYPTO_AEAD_TAG_SIZE])
{
	mbedtls_chachapoly_context c;
	uint8_t scratch[64];
	int ret;

	mbedtls_chachapoly_init(&c);
	ret = mbedtls_chachapoly_setkey(&c, key->bytes);
	if (ret == 0) {
		ret = mbedtls_chachapoly_starts(&c, nonce->bytes, MBEDTLS_CHACHAPOLY_DECRYPT);
	}
	if (ret == 0) {
		ret = mbedtls_chachapoly_update_aad(&c, aad, aad_len);
	}
	for (size_t off = 0; ret == 0 && off < len; off += sizeof(scratch)) {
		size_t n = len - off < sizeof(scratch) ? len - off : sizeof(scratch);

		ret = mbedtls_chachapoly_update(&c, n, &in[off], scratch);
	}
	if (ret == 0) {
		ret = mbedtls_chachapoly_finish(&c, tag);
	}
	mbedtls_platform_zeroize(scratch, sizeof(scratch));
	mbedtls_chachapoly_free(&c);
	return ret;
}

enum crypto_err crypto_aead_open(const struct crypto_aead_key *key, const struct crypto_aead_nonce *nonce,
				 const void *aad, size_t aad_len, const void *in, size_t len,
				 const struct crypto_aead_tag *tag, void *out)
{
	uint8_t want[CRYPTO_AEAD_TAG_SIZE];
	bool match;
	int ret;

	if (!aead_args_ok(key, nonce, aad, aad_len, in, len, out, tag)) {
		return CRYPTO_ERR_INVALID;
	}
	ret = aead_expected_tag(key, nonce, aad, aad_len, in, len, want);
	match = ret == 0 && mbedtls_ct_memcmp(want, tag->bytes, sizeof(want)) == 0;
	mbedtls_platform_zeroize(want, sizeof(want));
	if (ret != 0) {
		return from_mbedtls(ret);
	}
	if (!match) {
		return CRYPTO_ERR_VERIFY;
	}
	/* RFC 8439 §2.8: the plaintext is ChaCha20 from block counter 1 (block 0 made the Poly1305 key). */
	return from_mbedtls(mbedtls_chacha20_crypt(key->bytes, nonce->bytes, 1, len, in, out));
}
