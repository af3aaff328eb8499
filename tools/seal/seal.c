/* SPDX-License-Identifier: MIT */
/* Sealing keys, sealing and opening on the host (seal.h), on crypto/crypto.c. */
#include <string.h>

#include "seal.h"

_Static_assert(CRYPTO_AEAD_KEY_SIZE == SHOJI_KEY_SIZE, "a KEY_DERIVE key is a ChaCha20-Poly1305 key");
_Static_assert(CRYPTO_AEAD_NONCE_SIZE == SHOJI_SEALED_NONCE_SIZE && CRYPTO_AEAD_TAG_SIZE == SHOJI_SEALED_TAG_SIZE,
	       "crypto.h's AEAD is the blob's");
_Static_assert(sizeof(SHOJI_SEAL_DOMAIN) - 1 == 13, "SHOJI-SEAL-v1 is 13 bytes");

int seal_derive_key(const uint8_t secret[SEAL_SECRET_SIZE], const uint8_t measurement[SHOJI_SHA256_SIZE],
		    uint64_t label, struct crypto_aead_key *key)
{
	uint8_t info[sizeof(SHOJI_SEAL_DOMAIN) - 1 + sizeof(label)];

	memcpy(info, SHOJI_SEAL_DOMAIN, sizeof(SHOJI_SEAL_DOMAIN) - 1);
	for (size_t i = 0; i < sizeof(label); i++) {
		info[sizeof(SHOJI_SEAL_DOMAIN) - 1 + i] = (uint8_t)(label >> (8 * i));
	}
	return crypto_hkdf_sha256(measurement, SHOJI_SHA256_SIZE, secret, SEAL_SECRET_SIZE, info, sizeof(info),
				  key->bytes, sizeof(key->bytes));
}

int seal_blob(const struct crypto_aead_key *key, uint64_t label, const uint8_t nonce[SHOJI_SEALED_NONCE_SIZE],
	      const uint8_t *in, size_t len, uint8_t *out)
{
	struct shoji_sealed_header h;
	struct crypto_aead_nonce n;
	struct crypto_aead_tag tag;

	if (len == 0 || len > SHOJI_SEALED_DATA_MAX) {
		return CRYPTO_ERR_INVALID;
	}
	seal_header_init(&h, label, nonce, (uint32_t)len);
	memcpy(n.bytes, h.nonce, sizeof(n.bytes));
	int rc = crypto_aead_seal(key, &n, &h, SHOJI_SEALED_AAD_SIZE, in, len, out + sizeof(h), &tag);
	if (rc == CRYPTO_OK) {
		memcpy(h.tag, tag.bytes, sizeof(h.tag));
		memcpy(out, &h, sizeof(h));
	}
	return rc;
}

enum seal_result seal_open(const uint8_t secret[SEAL_SECRET_SIZE], const uint8_t measurement[SHOJI_SHA256_SIZE],
			   const uint64_t *want_label, const uint8_t *blob, size_t size, uint8_t *out, size_t *len,
			   enum shoji_sealed_fault *fault)
{
	struct shoji_sealed_header h;
	struct crypto_aead_key key;
	struct crypto_aead_nonce n;
	struct crypto_aead_tag tag;

	*len = 0;
	*fault = seal_blob_parse(blob, size, &h);
	if (*fault != SHOJI_SEALED_OK) {
		return SEAL_FORM;
	}
	if (want_label != NULL && h.label != *want_label) {
		return SEAL_LABEL;
	}
	if (seal_derive_key(secret, measurement, h.label, &key) != CRYPTO_OK) {
		return SEAL_CRYPTO;
	}
	memcpy(n.bytes, h.nonce, sizeof(n.bytes));
	memcpy(tag.bytes, h.tag, sizeof(tag.bytes));
	/* The AAD is the header as it came, so any changed header byte fails the tag. */
	int rc = crypto_aead_open(&key, &n, blob, SHOJI_SEALED_AAD_SIZE, blob + sizeof(h), h.length, &tag, out);
	crypto_zeroize(&key, sizeof(key));
	if (rc == CRYPTO_OK) {
		*len = h.length;
		return SEAL_OK;
	}
	return rc == CRYPTO_ERR_VERIFY ? SEAL_NO_OPEN : SEAL_CRYPTO;
}
