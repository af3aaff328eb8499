/* SPDX-License-Identifier: MIT */
/*
 * Never run: linked like the hypervisor (no libc, hyp/lib/string.c) to prove that every
 * crypto.h function resolves at EL2, and to measure what they add (make crypto-size).
 */
#include "crypto.h"

void link_check_entry(void) __attribute__((noreturn));

static struct crypto_p256_priv priv;
static struct crypto_p256_pub pub;
static struct crypto_p256_sig sig;
static struct crypto_sha256_digest digest;
static struct crypto_hmac_sha256_mac mac;
static struct crypto_sha256_ctx ctx;
static struct crypto_aead_key key;
static struct crypto_aead_nonce nonce;
static struct crypto_aead_tag tag;
static uint8_t buf[64];
static volatile int sink;

void link_check_entry(void)
{
	int r = 0;

	r |= (int)crypto_init();
	r |= (int)crypto_sha256(buf, sizeof(buf), &digest);
	r |= (int)crypto_sha256_init(&ctx);
	r |= (int)crypto_sha256_update(&ctx, buf, sizeof(buf));
	r |= (int)crypto_sha256_final(&ctx, &digest);
	r |= (int)crypto_hmac_sha256(buf, 32, buf, sizeof(buf), &mac);
	r |= (int)crypto_hkdf_sha256(buf, 16, buf, 32, buf, 8, buf, 32);
	r |= (int)crypto_p256_public(&priv, &pub);
	r |= (int)crypto_p256_sign_det(&priv, &digest, &sig);
	r |= (int)crypto_p256_verify(&pub, &digest, &sig);
	r |= (int)crypto_aead_seal(&key, &nonce, buf, 8, buf, sizeof(buf), buf, &tag);
	r |= (int)crypto_aead_open(&key, &nonce, buf, 8, buf, sizeof(buf), &tag, buf);
	r |= crypto_equal(buf, &buf[32], 32) ? 1 : 0;
	crypto_zeroize(buf, sizeof(buf));
	sink = r + (int)crypto_arena_peak() + (int)crypto_arena_size();
	for (;;) {
	}
}
