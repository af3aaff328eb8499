/* SPDX-License-Identifier: MIT */
/* Payload statements, their signatures and VM measurements, on crypto/crypto.c (sign.h says why). */
#include <stdio.h>
#include <string.h>

#include "hexkey.h"
#include "sign.h"

/* The statement is encoded field by field at the offsets the struct has, so the bytes are the format's. */
_Static_assert(offsetof(struct shoji_payload_statement, domain) == 0, "statement.domain");
_Static_assert(offsetof(struct shoji_payload_statement, name) == 16, "statement.name");
_Static_assert(offsetof(struct shoji_payload_statement, size) == 48, "statement.size");
_Static_assert(offsetof(struct shoji_payload_statement, sha256) == 56, "statement.sha256");
_Static_assert(sizeof(SHOJI_PAYLOAD_DOMAIN) - 1 == 16, "payload domain is 16 bytes");
_Static_assert(sizeof(SHOJI_MEASURE_DOMAIN) - 1 == 16, "measure domain is 16 bytes");
_Static_assert(CRYPTO_SHA256_SIZE == PACK_SHA256_SIZE && CRYPTO_P256_SIG_SIZE == PACK_SIG_SIZE &&
		       CRYPTO_P256_PUB_SIZE == SHOJI_PUB_SIZE,
	       "crypto.h sizes are the format's");

const char *const pack_measure_kinds[4] = {"config", "kernel", "dtb", "initrd"};

bool sign_exempt(const char *name)
{
	static const char suffix[] = ".sealed";
	size_t n = strnlen(name, PACK_NAME_SIZE);

	return n >= sizeof(suffix) && memcmp(name + n - (sizeof(suffix) - 1), suffix, sizeof(suffix) - 1) == 0;
}

int sign_init(char *err, size_t err_size)
{
	if (crypto_init() != CRYPTO_OK) {
		(void)snprintf(err, err_size, "crypto_init failed");
		return -1;
	}
	return 0;
}

int sign_load_key(const char *path, struct crypto_p256_priv *key, char *err, size_t err_size)
{
	struct crypto_p256_pub pub;

	if (hexfile_read(path, "a P-256 private scalar", key->bytes, sizeof(key->bytes), err, err_size) != 0) {
		return -1;
	}
	/* Deriving the public key is the check that the scalar is in [1, n-1]. */
	enum crypto_err e = crypto_p256_public(key, &pub);
	if (e != CRYPTO_OK) {
		crypto_zeroize(key, sizeof(*key));
		(void)snprintf(err, err_size, "'%s': %s", path,
			       e == CRYPTO_ERR_KEY
				       ? "not a P-256 private key (the scalar is 0 or not below the group order)"
				       : "cannot use the key (crypto error)");
		return -1;
	}
	return 0;
}

int sign_load_pub(const char *path, struct crypto_p256_pub *pub, char *err, size_t err_size)
{
	static const struct crypto_sha256_digest zero;
	static const struct crypto_p256_sig sig;

	if (hexfile_read(path, "a SEC1 uncompressed P-256 public key", pub->bytes, sizeof(pub->bytes), err, err_size) !=
	    0) {
		return -1;
	}
	/* A verify with any signature tells an off-curve point (ERR_KEY) from a real key (ERR_VERIFY). */
	if (crypto_p256_verify(pub, &zero, &sig) == CRYPTO_ERR_KEY) {
		(void)snprintf(err, err_size, "'%s': not a P-256 public key (not 04 || X || Y of a point on the curve)",
			       path);
		return -1;
	}
	return 0;
}

int sign_payload_digest(const void *data, size_t len, uint8_t out[PACK_SHA256_SIZE])
{
	struct crypto_sha256_digest d;
	enum crypto_err e = crypto_sha256(data, len, &d);

	memcpy(out, d.bytes, PACK_SHA256_SIZE);
	return (int)e;
}

static void put_le64(uint8_t *p, uint64_t v)
{
	for (unsigned int i = 0; i < 8; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

int sign_statement_digest(const struct pack_entry *e, struct crypto_sha256_digest *out)
{
	uint8_t s[sizeof(struct shoji_payload_statement)];

	memcpy(s + offsetof(struct shoji_payload_statement, domain), SHOJI_PAYLOAD_DOMAIN, 16);
	memcpy(s + offsetof(struct shoji_payload_statement, name), e->name, PACK_NAME_SIZE);
	put_le64(s + offsetof(struct shoji_payload_statement, size), e->size);
	memcpy(s + offsetof(struct shoji_payload_statement, sha256), e->sha256, PACK_SHA256_SIZE);
	return (int)crypto_sha256(s, sizeof(s), out);
}

int sign_entry(const struct crypto_p256_priv *key, struct pack_entry *e)
{
	struct crypto_sha256_digest d;
	struct crypto_p256_sig sig;
	int rc = sign_statement_digest(e, &d);

	if (rc == CRYPTO_OK) {
		rc = (int)crypto_p256_sign_det(key, &d, &sig);
	}
	if (rc == CRYPTO_OK) {
		memcpy(e->sig, sig.bytes, PACK_SIG_SIZE);
	}
	return rc;
}

int sign_verify_entry(const struct crypto_p256_pub *pub, const struct pack_entry *e)
{
	struct crypto_sha256_digest d;
	struct crypto_p256_sig sig;
	int rc = sign_statement_digest(e, &d);

	if (rc != CRYPTO_OK) {
		return rc;
	}
	memcpy(sig.bytes, e->sig, PACK_SIG_SIZE);
	return (int)crypto_p256_verify(pub, &d, &sig);
}

int sign_measure(const struct pack_entry *const entries[4], struct crypto_sha256_digest *out)
{
	struct crypto_sha256_ctx ctx;
	int rc = (int)crypto_sha256_init(&ctx);

	if (rc == CRYPTO_OK) {
		rc = (int)crypto_sha256_update(&ctx, SHOJI_MEASURE_DOMAIN, 16);
	}
	for (size_t i = 0; i < 4 && rc == CRYPTO_OK; i++) {
		if (entries[i] == NULL) {
			continue;
		}
		rc = (int)crypto_sha256_update(&ctx, entries[i]->name, PACK_NAME_SIZE);
		if (rc == CRYPTO_OK) {
			rc = (int)crypto_sha256_update(&ctx, entries[i]->sha256, PACK_SHA256_SIZE);
		}
	}
	if (rc == CRYPTO_OK) {
		rc = (int)crypto_sha256_final(&ctx, out);
	}
	return rc;
}
