// SPDX-License-Identifier: MIT
/* Known-answer and tamper tests for crypto/crypto.c on the host build of mbedTLS (config-hyp.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "crypto.h"

/* Fills out[0..len) from a hex string of exactly 2 * len digits. */
static void unhex(const char *hex, uint8_t *out, size_t len)
{
	assert_int_equal(strlen(hex), 2 * len);
	for (size_t i = 0; i < len; i++) {
		unsigned int byte = 0;

		assert_int_equal(sscanf(&hex[2 * i], "%2x", &byte), 1);
		out[i] = (uint8_t)byte;
	}
}

static void assert_hex_equal(const uint8_t *got, size_t len, const char *want_hex)
{
	uint8_t want[256];

	assert_true(len <= sizeof(want));
	unhex(want_hex, want, len);
	assert_memory_equal(got, want, len);
}

static void flip_bit(void *p, size_t bit)
{
	((uint8_t *)p)[bit / 8] ^= (uint8_t)(1U << (bit % 8));
}

static int setup(void **state)
{
	(void)state;
	return crypto_init() == CRYPTO_OK ? 0 : -1;
}

/* Runs first: the arena calls refuse until crypto_init, which may then run any number of times. */
static void init_before_use(void **state)
{
	struct crypto_hmac_sha256_mac mac;
	uint8_t out[32];

	(void)state;
	assert_int_equal(crypto_hmac_sha256("k", 1, "m", 1, &mac), CRYPTO_ERR_NOT_READY);
	assert_int_equal(crypto_hkdf_sha256(NULL, 0, "k", 1, NULL, 0, out, sizeof(out)), CRYPTO_ERR_NOT_READY);
	assert_int_equal(crypto_init(), CRYPTO_OK);
	assert_int_equal(crypto_init(), CRYPTO_OK);
	assert_int_equal(crypto_hmac_sha256("k", 1, "m", 1, &mac), CRYPTO_OK);
}

/* ---- SHA-256: NIST CSRC "Examples with Intermediate Values" (SHA256.pdf), FIPS 180-2 B.3 ---- */

static void sha256_kat(const void *data, size_t len, const char *want)
{
	struct crypto_sha256_digest d;

	assert_int_equal(crypto_sha256(data, len, &d), CRYPTO_OK);
	assert_hex_equal(d.bytes, sizeof(d.bytes), want);
}

static void sha256_nist_abc(void **state)
{
	(void)state;
	sha256_kat("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void sha256_empty(void **state)
{
	(void)state;
	sha256_kat("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_kat(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* One million 'a', in one call and then in uneven pieces through the incremental form. */
static void sha256_million_a(void **state)
{
	static const char want[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	static uint8_t m[1000000];
	struct crypto_sha256_ctx ctx;
	struct crypto_sha256_digest d;
	size_t done = 0;

	(void)state;
	memset(m, 'a', sizeof(m));
	sha256_kat(m, sizeof(m), want);
	assert_int_equal(crypto_sha256_init(&ctx), CRYPTO_OK);
	for (size_t piece = 1; done < sizeof(m); piece = piece * 7 % 4099 + 1) {
		size_t n = piece < sizeof(m) - done ? piece : sizeof(m) - done;

		assert_int_equal(crypto_sha256_update(&ctx, &m[done], n), CRYPTO_OK);
		done += n;
	}
	assert_int_equal(crypto_sha256_final(&ctx, &d), CRYPTO_OK);
	assert_hex_equal(d.bytes, sizeof(d.bytes), want);
}

/* NIST SHA256.pdf's two-block message split at every point: the split must not matter. */
static void sha256_split_anywhere(void **state)
{
	static const char m[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	for (size_t cut = 0; cut <= strlen(m); cut++) {
		struct crypto_sha256_ctx ctx;
		struct crypto_sha256_digest d;

		assert_int_equal(crypto_sha256_init(&ctx), CRYPTO_OK);
		assert_int_equal(crypto_sha256_update(&ctx, m, cut), CRYPTO_OK);
		assert_int_equal(crypto_sha256_update(&ctx, NULL, 0), CRYPTO_OK);
		assert_int_equal(crypto_sha256_update(&ctx, &m[cut], strlen(m) - cut), CRYPTO_OK);
		assert_int_equal(crypto_sha256_final(&ctx, &d), CRYPTO_OK);
		assert_hex_equal(d.bytes, sizeof(d.bytes),
				 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	}
}

/* ---- HMAC-SHA256: RFC 4231 §4.2, §4.3, §4.7 ---- */

static void hmac_kat(const void *key, size_t key_len, const char *data, const char *want)
{
	struct crypto_hmac_sha256_mac mac;

	assert_int_equal(crypto_hmac_sha256(key, key_len, data, strlen(data), &mac), CRYPTO_OK);
	assert_hex_equal(mac.bytes, sizeof(mac.bytes), want);
}

static void hmac_rfc4231_case1(void **state)
{
	uint8_t key[20];

	(void)state;
	memset(key, 0x0b, sizeof(key));
	hmac_kat(key, sizeof(key), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

static void hmac_rfc4231_case2(void **state)
{
	(void)state;
	hmac_kat("Jefe", 4, "what do ya want for nothing?",
		 "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

/* A key longer than the block is hashed first (RFC 2104 §2). */
static void hmac_rfc4231_case6(void **state)
{
	uint8_t key[131];

	(void)state;
	memset(key, 0xaa, sizeof(key));
	hmac_kat(key, sizeof(key), "Test Using Larger Than Block-Size Key - Hash Key First",
		 "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

/* ---- HKDF-SHA256: RFC 5869 A.1 and A.3 ---- */

static void hkdf_rfc5869_case1(void **state)
{
	uint8_t ikm[22], salt[13], info[10], okm[42];

	(void)state;
	memset(ikm, 0x0b, sizeof(ikm));
	for (size_t i = 0; i < sizeof(salt); i++) {
		salt[i] = (uint8_t)i;
	}
	for (size_t i = 0; i < sizeof(info); i++) {
		info[i] = (uint8_t)(0xf0 + i);
	}
	assert_int_equal(crypto_hkdf_sha256(salt, sizeof(salt), ikm, sizeof(ikm), info, sizeof(info), okm, sizeof(okm)),
			 CRYPTO_OK);
	assert_hex_equal(okm, sizeof(okm),
			 "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

/* No salt, no info. */
static void hkdf_rfc5869_case3(void **state)
{
	uint8_t ikm[22], okm[42];

	(void)state;
	memset(ikm, 0x0b, sizeof(ikm));
	assert_int_equal(crypto_hkdf_sha256(NULL, 0, ikm, sizeof(ikm), NULL, 0, okm, sizeof(okm)), CRYPTO_OK);
	assert_hex_equal(okm, sizeof(okm),
			 "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

static void hkdf_output_length_bounds(void **state)
{
	static uint8_t okm[CRYPTO_HKDF_MAX_OUT + 1];

	(void)state;
	assert_int_equal(crypto_hkdf_sha256(NULL, 0, "k", 1, NULL, 0, okm, 0), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_hkdf_sha256(NULL, 0, "k", 1, NULL, 0, okm, CRYPTO_HKDF_MAX_OUT), CRYPTO_OK);
	assert_int_equal(crypto_hkdf_sha256(NULL, 0, "k", 1, NULL, 0, okm, CRYPTO_HKDF_MAX_OUT + 1),
			 CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_hkdf_sha256(NULL, 1, "k", 1, NULL, 0, okm, 32), CRYPTO_ERR_INVALID);
}

/* ---- ECDSA P-256: RFC 6979 A.2.5 ---- */

static const char rfc6979_priv[] = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
static const char rfc6979_pub[] = "04"
				  "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
				  "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
/* With SHA-256, message "sample": r || s. */
static const char rfc6979_sig_sample[] = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
					 "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
/* With SHA-256, message "test". */
static const char rfc6979_sig_test[] = "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367"
				       "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083";
/* The group order n (SEC 2 §2.4.2). */
static const char p256_n[] = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

struct rfc6979 {
	struct crypto_p256_priv priv;
	struct crypto_p256_pub pub;
	struct crypto_p256_sig sig;
	struct crypto_sha256_digest hash;
};

static void rfc6979_sample(struct rfc6979 *v)
{
	memset(v, 0, sizeof(*v));
	unhex(rfc6979_priv, v->priv.bytes, sizeof(v->priv.bytes));
	unhex(rfc6979_pub, v->pub.bytes, sizeof(v->pub.bytes));
	unhex(rfc6979_sig_sample, v->sig.bytes, sizeof(v->sig.bytes));
	assert_int_equal(crypto_sha256("sample", 6, &v->hash), CRYPTO_OK);
}

static void p256_public_rfc6979(void **state)
{
	struct rfc6979 v;
	struct crypto_p256_pub pub;

	(void)state;
	rfc6979_sample(&v);
	assert_int_equal(crypto_p256_public(&v.priv, &pub), CRYPTO_OK);
	assert_memory_equal(pub.bytes, v.pub.bytes, sizeof(pub.bytes));
}

static void p256_sign_rfc6979(void **state)
{
	struct rfc6979 v;
	struct crypto_p256_sig sig;

	(void)state;
	rfc6979_sample(&v);
	assert_int_equal(crypto_p256_sign_det(&v.priv, &v.hash, &sig), CRYPTO_OK);
	assert_memory_equal(sig.bytes, v.sig.bytes, sizeof(sig.bytes));

	assert_int_equal(crypto_sha256("test", 4, &v.hash), CRYPTO_OK);
	assert_int_equal(crypto_p256_sign_det(&v.priv, &v.hash, &sig), CRYPTO_OK);
	assert_hex_equal(sig.bytes, sizeof(sig.bytes), rfc6979_sig_test);
}

static void p256_verify_rfc6979(void **state)
{
	struct rfc6979 v;

	(void)state;
	rfc6979_sample(&v);
	assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &v.sig), CRYPTO_OK);
	unhex(rfc6979_sig_test, v.sig.bytes, sizeof(v.sig.bytes));
	assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &v.sig), CRYPTO_ERR_VERIFY);
}

/* Every single-bit change to the signature, the digest or the key is refused. */
static void p256_verify_rejects_any_flipped_bit(void **state)
{
	struct rfc6979 v;

	(void)state;
	rfc6979_sample(&v);
	for (size_t bit = 0; bit < 8 * sizeof(v.sig.bytes); bit++) {
		flip_bit(v.sig.bytes, bit);
		assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &v.sig), CRYPTO_ERR_VERIFY);
		flip_bit(v.sig.bytes, bit);
	}
	for (size_t bit = 0; bit < 8 * sizeof(v.hash.bytes); bit++) {
		flip_bit(v.hash.bytes, bit);
		assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &v.sig), CRYPTO_ERR_VERIFY);
		flip_bit(v.hash.bytes, bit);
	}
	for (size_t bit = 0; bit < 8 * sizeof(v.pub.bytes); bit++) {
		flip_bit(v.pub.bytes, bit);
		/* Off the curve, or (prefix byte) not the uncompressed form. */
		assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &v.sig), CRYPTO_ERR_KEY);
		flip_bit(v.pub.bytes, bit);
	}
	assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &v.sig), CRYPTO_OK);
}

/* A valid signature by another key; r or s of 0 or n; the point at infinity; a compressed key. */
static void p256_verify_rejects_edge_values(void **state)
{
	struct rfc6979 v;
	struct crypto_p256_priv other;
	struct crypto_p256_pub pub;
	struct crypto_p256_sig sig;

	(void)state;
	rfc6979_sample(&v);
	other = v.priv;
	other.bytes[31] ^= 1;
	assert_int_equal(crypto_p256_sign_det(&other, &v.hash, &sig), CRYPTO_OK);
	assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &sig), CRYPTO_ERR_VERIFY);

	for (size_t half = 0; half < 2; half++) {
		uint8_t *part = &sig.bytes[half * 32];

		sig = v.sig;
		memset(part, 0, 32);
		assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &sig), CRYPTO_ERR_VERIFY);
		unhex(p256_n, part, 32);
		assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &sig), CRYPTO_ERR_VERIFY);
		memset(part, 0xff, 32);
		assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &sig), CRYPTO_ERR_VERIFY);
	}

	memset(&pub, 0, sizeof(pub));
	pub.bytes[0] = 0x04;
	assert_int_equal(crypto_p256_verify(&pub, &v.hash, &v.sig), CRYPTO_ERR_KEY);
	pub = v.pub;
	pub.bytes[0] = 0x02;
	assert_int_equal(crypto_p256_verify(&pub, &v.hash, &v.sig), CRYPTO_ERR_KEY);
}

/* Private keys 0, n and above are refused by both sign and public. */
static void p256_rejects_bad_private_keys(void **state)
{
	struct crypto_p256_priv priv;
	struct crypto_p256_pub pub;
	struct crypto_p256_sig sig;
	struct crypto_sha256_digest hash;

	(void)state;
	assert_int_equal(crypto_sha256("sample", 6, &hash), CRYPTO_OK);
	memset(&priv, 0, sizeof(priv));
	assert_int_equal(crypto_p256_sign_det(&priv, &hash, &sig), CRYPTO_ERR_KEY);
	assert_int_equal(crypto_p256_public(&priv, &pub), CRYPTO_ERR_KEY);
	unhex(p256_n, priv.bytes, sizeof(priv.bytes));
	assert_int_equal(crypto_p256_sign_det(&priv, &hash, &sig), CRYPTO_ERR_KEY);
	assert_int_equal(crypto_p256_public(&priv, &pub), CRYPTO_ERR_KEY);
	memset(&priv, 0xff, sizeof(priv));
	assert_int_equal(crypto_p256_sign_det(&priv, &hash, &sig), CRYPTO_ERR_KEY);
	/* n - 1 is the largest valid key. */
	unhex(p256_n, priv.bytes, sizeof(priv.bytes));
	priv.bytes[31]--;
	assert_int_equal(crypto_p256_public(&priv, &pub), CRYPTO_OK);
	assert_int_equal(crypto_p256_sign_det(&priv, &hash, &sig), CRYPTO_OK);
	assert_int_equal(crypto_p256_verify(&pub, &hash, &sig), CRYPTO_OK);
}

/* ---- ChaCha20-Poly1305: RFC 8439 §2.8.2 ---- */

static const char rfc8439_plain[] = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for "
				    "the future, sunscreen would be it.";
static const char rfc8439_cipher[] = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
				     "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
				     "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
				     "3ff4def08e4b7a9de576d26586cec64b6116";
static const char rfc8439_tag[] = "1ae10b594f09e26a7e902ecbd0600691";

#define RFC8439_LEN (sizeof(rfc8439_plain) - 1)

struct rfc8439 {
	struct crypto_aead_key key;
	struct crypto_aead_nonce nonce;
	struct crypto_aead_tag tag;
	uint8_t aad[12];
	uint8_t cipher[RFC8439_LEN];
};

static void rfc8439_vector(struct rfc8439 *v)
{
	memset(v, 0, sizeof(*v));
	for (size_t i = 0; i < sizeof(v->key.bytes); i++) {
		v->key.bytes[i] = (uint8_t)(0x80 + i);
	}
	unhex("070000004041424344454647", v->nonce.bytes, sizeof(v->nonce.bytes));
	unhex("50515253c0c1c2c3c4c5c6c7", v->aad, sizeof(v->aad));
	unhex(rfc8439_cipher, v->cipher, sizeof(v->cipher));
	unhex(rfc8439_tag, v->tag.bytes, sizeof(v->tag.bytes));
}

static void aead_rfc8439_seal(void **state)
{
	struct rfc8439 v;
	struct crypto_aead_tag tag;
	uint8_t out[RFC8439_LEN];

	(void)state;
	rfc8439_vector(&v);
	assert_int_equal(RFC8439_LEN, 114);
	assert_int_equal(
		crypto_aead_seal(&v.key, &v.nonce, v.aad, sizeof(v.aad), rfc8439_plain, RFC8439_LEN, out, &tag),
		CRYPTO_OK);
	assert_memory_equal(out, v.cipher, sizeof(out));
	assert_memory_equal(tag.bytes, v.tag.bytes, sizeof(tag.bytes));

	/* In place. */
	memcpy(out, rfc8439_plain, sizeof(out));
	memset(&tag, 0, sizeof(tag));
	assert_int_equal(crypto_aead_seal(&v.key, &v.nonce, v.aad, sizeof(v.aad), out, sizeof(out), out, &tag),
			 CRYPTO_OK);
	assert_memory_equal(out, v.cipher, sizeof(out));
	assert_memory_equal(tag.bytes, v.tag.bytes, sizeof(tag.bytes));
}

static void aead_rfc8439_open(void **state)
{
	struct rfc8439 v;
	uint8_t out[RFC8439_LEN];

	(void)state;
	rfc8439_vector(&v);
	assert_int_equal(
		crypto_aead_open(&v.key, &v.nonce, v.aad, sizeof(v.aad), v.cipher, sizeof(v.cipher), &v.tag, out),
		CRYPTO_OK);
	assert_memory_equal(out, rfc8439_plain, sizeof(out));

	assert_int_equal(
		crypto_aead_open(&v.key, &v.nonce, v.aad, sizeof(v.aad), v.cipher, sizeof(v.cipher), &v.tag, v.cipher),
		CRYPTO_OK);
	assert_memory_equal(v.cipher, rfc8439_plain, sizeof(out));
}

/* Opens the vector after a change; expects VERIFY and out (separate, then in place) untouched. */
static void aead_open_refuses(struct rfc8439 *v, size_t aad_len)
{
	uint8_t out[RFC8439_LEN];
	uint8_t before[RFC8439_LEN];

	memset(out, 0x5a, sizeof(out));
	assert_int_equal(
		crypto_aead_open(&v->key, &v->nonce, v->aad, aad_len, v->cipher, sizeof(v->cipher), &v->tag, out),
		CRYPTO_ERR_VERIFY);
	for (size_t i = 0; i < sizeof(out); i++) {
		assert_int_equal(out[i], 0x5a);
	}
	memcpy(before, v->cipher, sizeof(before));
	assert_int_equal(
		crypto_aead_open(&v->key, &v->nonce, v->aad, aad_len, v->cipher, sizeof(v->cipher), &v->tag, v->cipher),
		CRYPTO_ERR_VERIFY);
	assert_memory_equal(v->cipher, before, sizeof(before));
}

static void aead_open_rejects_tampering(void **state)
{
	struct rfc8439 v;

	(void)state;
	rfc8439_vector(&v);
	for (size_t bit = 0; bit < 8 * sizeof(v.cipher); bit += 7) {
		flip_bit(v.cipher, bit);
		aead_open_refuses(&v, sizeof(v.aad));
		flip_bit(v.cipher, bit);
	}
	for (size_t bit = 0; bit < 8 * sizeof(v.tag.bytes); bit++) {
		flip_bit(v.tag.bytes, bit);
		aead_open_refuses(&v, sizeof(v.aad));
		flip_bit(v.tag.bytes, bit);
	}
	for (size_t bit = 0; bit < 8 * sizeof(v.aad); bit++) {
		flip_bit(v.aad, bit);
		aead_open_refuses(&v, sizeof(v.aad));
		flip_bit(v.aad, bit);
	}
	aead_open_refuses(&v, sizeof(v.aad) - 1);
	flip_bit(v.nonce.bytes, 95);
	aead_open_refuses(&v, sizeof(v.aad));
	flip_bit(v.nonce.bytes, 95);
	flip_bit(v.key.bytes, 0);
	aead_open_refuses(&v, sizeof(v.aad));
}

/* Empty plaintext and empty aad still authenticate; overlapping buffers other than in-place are refused. */
static void aead_edges(void **state)
{
	struct rfc8439 v;
	struct crypto_aead_tag tag;
	uint8_t buf[64] = {0};

	(void)state;
	rfc8439_vector(&v);
	assert_int_equal(crypto_aead_seal(&v.key, &v.nonce, NULL, 0, NULL, 0, NULL, &tag), CRYPTO_OK);
	assert_int_equal(crypto_aead_open(&v.key, &v.nonce, NULL, 0, NULL, 0, &tag, NULL), CRYPTO_OK);
	assert_int_equal(crypto_aead_open(&v.key, &v.nonce, v.aad, 1, NULL, 0, &tag, NULL), CRYPTO_ERR_VERIFY);

	assert_int_equal(crypto_aead_seal(&v.key, &v.nonce, NULL, 0, buf, 32, &buf[16], &tag), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_aead_seal(&v.key, &v.nonce, NULL, 0, &buf[16], 32, buf, &tag), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_aead_open(&v.key, &v.nonce, NULL, 0, buf, 32, &tag, &buf[1]), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_aead_seal(&v.key, &v.nonce, NULL, 0, buf, 32, &buf[32], &tag), CRYPTO_OK);
	assert_int_equal(crypto_aead_open(&v.key, &v.nonce, NULL, 0, &buf[32], 32, &tag, buf), CRYPTO_OK);
	for (size_t i = 0; i < 32; i++) {
		assert_int_equal(buf[i], 0);
	}
}

/* ---- argument checks, helpers ---- */

static void null_arguments_are_invalid(void **state)
{
	struct rfc6979 v;
	struct rfc8439 a;
	struct crypto_sha256_ctx ctx;
	struct crypto_hmac_sha256_mac mac;
	uint8_t out[RFC8439_LEN];

	(void)state;
	rfc6979_sample(&v);
	rfc8439_vector(&a);
	assert_int_equal(crypto_sha256(NULL, 1, &v.hash), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_sha256("x", 1, NULL), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_sha256_init(NULL), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_sha256_init(&ctx), CRYPTO_OK);
	assert_int_equal(crypto_sha256_update(&ctx, NULL, 1), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_sha256_final(&ctx, NULL), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_hmac_sha256(NULL, 1, "m", 1, &mac), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_hmac_sha256("k", 1, NULL, 1, &mac), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_hmac_sha256("k", 1, "m", 1, NULL), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_hkdf_sha256(NULL, 0, NULL, 1, NULL, 0, out, 32), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_hkdf_sha256(NULL, 0, "k", 1, NULL, 1, out, 32), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_hkdf_sha256(NULL, 0, "k", 1, NULL, 0, NULL, 32), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_p256_verify(NULL, &v.hash, &v.sig), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_p256_verify(&v.pub, NULL, &v.sig), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, NULL), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_p256_sign_det(NULL, &v.hash, &v.sig), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_p256_sign_det(&v.priv, NULL, &v.sig), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_p256_sign_det(&v.priv, &v.hash, NULL), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_p256_public(NULL, &v.pub), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_p256_public(&v.priv, NULL), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_aead_seal(NULL, &a.nonce, NULL, 0, out, 1, out, &a.tag), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_aead_seal(&a.key, NULL, NULL, 0, out, 1, out, &a.tag), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_aead_seal(&a.key, &a.nonce, NULL, 1, out, 1, out, &a.tag), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_aead_seal(&a.key, &a.nonce, NULL, 0, NULL, 1, out, &a.tag), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_aead_seal(&a.key, &a.nonce, NULL, 0, out, 1, NULL, &a.tag), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_aead_seal(&a.key, &a.nonce, NULL, 0, out, 1, out, NULL), CRYPTO_ERR_INVALID);
	assert_int_equal(crypto_aead_seal(&a.key, &a.nonce, NULL, 0, out, CRYPTO_AEAD_MAX_LEN + 1, out, &a.tag),
			 CRYPTO_ERR_INVALID);
	assert_int_equal(
		crypto_aead_open(&a.key, &a.nonce, a.aad, sizeof(a.aad), a.cipher, sizeof(a.cipher), NULL, out),
		CRYPTO_ERR_INVALID);
}

static void equal_and_zeroize(void **state)
{
	uint8_t a[16], b[16];

	(void)state;
	memset(a, 0x33, sizeof(a));
	memcpy(b, a, sizeof(b));
	assert_true(crypto_equal(a, b, sizeof(a)));
	for (size_t bit = 0; bit < 8 * sizeof(b); bit++) {
		flip_bit(b, bit);
		assert_false(crypto_equal(a, b, sizeof(a)));
		flip_bit(b, bit);
	}
	assert_true(crypto_equal(a, b, 0));
	crypto_zeroize(a, sizeof(a));
	for (size_t i = 0; i < sizeof(a); i++) {
		assert_int_equal(a[i], 0);
	}
}

/*
 * Runs last. The arena's high-water mark stays inside the bound with room to spare
 * (crypto.c's CRYPTO_ARENA_SIZE asks for 25 %), and repeating every operation does not
 * raise it: nothing leaks and fragmentation does not creep.
 */
static void arena_bound_and_no_leak(void **state)
{
	struct rfc6979 v;
	struct crypto_p256_pub pub;
	struct crypto_hmac_sha256_mac mac;
	uint8_t okm[64];
	size_t peak;

	(void)state;
	rfc6979_sample(&v);
	assert_int_equal(crypto_p256_sign_det(&v.priv, &v.hash, &v.sig), CRYPTO_OK);
	assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &v.sig), CRYPTO_OK);
	peak = crypto_arena_peak();
	print_message("arena high-water mark: %zu of %zu bytes\n", peak, crypto_arena_size());
	assert_true(peak * 4 <= crypto_arena_size() * 3);
	for (int i = 0; i < 20; i++) {
		assert_int_equal(crypto_p256_public(&v.priv, &pub), CRYPTO_OK);
		assert_int_equal(crypto_p256_sign_det(&v.priv, &v.hash, &v.sig), CRYPTO_OK);
		assert_int_equal(crypto_p256_verify(&v.pub, &v.hash, &v.sig), CRYPTO_OK);
		assert_int_equal(crypto_hmac_sha256("k", 1, "m", 1, &mac), CRYPTO_OK);
		assert_int_equal(crypto_hkdf_sha256(NULL, 0, "k", 1, NULL, 0, okm, sizeof(okm)), CRYPTO_OK);
	}
	assert_int_equal(crypto_arena_peak(), peak);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_before_use),
		cmocka_unit_test_setup(sha256_nist_abc, setup),
		cmocka_unit_test_setup(sha256_empty, setup),
		cmocka_unit_test_setup(sha256_million_a, setup),
		cmocka_unit_test_setup(sha256_split_anywhere, setup),
		cmocka_unit_test_setup(hmac_rfc4231_case1, setup),
		cmocka_unit_test_setup(hmac_rfc4231_case2, setup),
		cmocka_unit_test_setup(hmac_rfc4231_case6, setup),
		cmocka_unit_test_setup(hkdf_rfc5869_case1, setup),
		cmocka_unit_test_setup(hkdf_rfc5869_case3, setup),
		cmocka_unit_test_setup(hkdf_output_length_bounds, setup),
		cmocka_unit_test_setup(p256_public_rfc6979, setup),
		cmocka_unit_test_setup(p256_sign_rfc6979, setup),
		cmocka_unit_test_setup(p256_verify_rfc6979, setup),
		cmocka_unit_test_setup(p256_verify_rejects_any_flipped_bit, setup),
		cmocka_unit_test_setup(p256_verify_rejects_edge_values, setup),
		cmocka_unit_test_setup(p256_rejects_bad_private_keys, setup),
		cmocka_unit_test_setup(aead_rfc8439_seal, setup),
		cmocka_unit_test_setup(aead_rfc8439_open, setup),
		cmocka_unit_test_setup(aead_open_rejects_tampering, setup),
		cmocka_unit_test_setup(aead_edges, setup),
		cmocka_unit_test_setup(null_arguments_are_invalid, setup),
		cmocka_unit_test_setup(equal_and_zeroize, setup),
		cmocka_unit_test_setup(arena_bound_and_no_leak, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
