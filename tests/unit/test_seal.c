// SPDX-License-Identifier: MIT
/*
 * Unit tests for sealed blobs on the host (tools/seal/seal.c, blob.c; include/shoji/seal.h):
 * the sealing key and a blob against known answers computed independently of this code
 * (Python's `cryptography` package: HKDF-SHA256 and ChaCha20-Poly1305 of OpenSSL, with the
 * header written from the spec in docs/abi.md), every byte of a blob changed in turn,
 * and the form checks the guest driver shares (shoji_sealed_check).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "seal.h"

/* QEMU's development secret (board/qemu-virt/board_ops.c): 29 characters, zero-padded to 32 bytes. */
static const uint8_t dev_secret[SEAL_SECRET_SIZE] = "SHOJI DEV SECRET - NOT SECRET";

#define LABEL 0x0102030405060708ULL

static uint8_t measurement[SHOJI_SHA256_SIZE];

/* HKDF-SHA256(salt = 00 01 .. 1f, ikm = dev_secret, info = "SHOJI-SEAL-v1" 08 07 06 05 04 03 02 01). */
static const uint8_t kat_key[32] = {0x75, 0x07, 0xbb, 0xdb, 0x4a, 0x8d, 0x8c, 0x82, 0xa0, 0xcf, 0x11,
				    0x12, 0x29, 0x0d, 0x8d, 0xb3, 0xab, 0x85, 0xe6, 0x6a, 0x59, 0x13,
				    0xc0, 0x1e, 0x88, 0xc5, 0x8e, 0xd1, 0xf2, 0x6b, 0xee, 0x41};

/* key 80 81 .. 9f, nonce 10 11 .. 1b, LABEL, "Shoji sealed blob known answer\n" (31 bytes). */
static const char kat_plain[] = "Shoji sealed blob known answer\n";
static const uint8_t kat_blob[87] = {
	0x53, 0x48, 0x4f, 0x4a, 0x49, 0x53, 0x42, 0x00, 0x01, 0x00, 0x00, 0x00, /* magic, version */
	0x1f, 0x00, 0x00, 0x00, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, /* length, label */
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, /* nonce */
	0x00, 0x00, 0x00, 0x00, 0x9b, 0xc2, 0xa9, 0x4a, 0xb1, 0x48, 0xe7, 0xcc, /* reserved, tag */
	0x1c, 0x6c, 0x1a, 0xdd, 0x70, 0xff, 0x82, 0xd9, 0x92, 0xc2, 0x38, 0xa3, /* tag, ciphertext */
	0x43, 0xf0, 0x90, 0x5d, 0x18, 0xab, 0x32, 0x70, 0x89, 0x9f, 0xee, 0x2c, 0x34, 0x07,
	0x3b, 0x1c, 0x99, 0x52, 0xcf, 0xd9, 0xd9, 0x6e, 0xaa, 0x81, 0x3b, 0x13, 0xc1,
};

static uint8_t blob[SHOJI_SEALED_MAX];
static uint8_t out[SHOJI_SEALED_DATA_MAX];

static int setup(void **state)
{
	(void)state;
	assert_int_equal(crypto_init(), CRYPTO_OK);
	for (size_t i = 0; i < sizeof(measurement); i++) {
		measurement[i] = (uint8_t)i;
	}
	return 0;
}

static void key_derivation_known_answer(void **state)
{
	(void)state;
	struct crypto_aead_key key;

	assert_int_equal(seal_derive_key(dev_secret, measurement, LABEL, &key), CRYPTO_OK);
	assert_memory_equal(key.bytes, kat_key, sizeof(kat_key));
	/* Each input matters: another label, measurement or secret is another key. */
	struct crypto_aead_key other;
	uint8_t m2[SHOJI_SHA256_SIZE];
	uint8_t s2[SEAL_SECRET_SIZE];

	assert_int_equal(seal_derive_key(dev_secret, measurement, LABEL + 1, &other), CRYPTO_OK);
	assert_memory_not_equal(other.bytes, key.bytes, sizeof(key.bytes));
	memcpy(m2, measurement, sizeof(m2));
	m2[31] ^= 1;
	assert_int_equal(seal_derive_key(dev_secret, m2, LABEL, &other), CRYPTO_OK);
	assert_memory_not_equal(other.bytes, key.bytes, sizeof(key.bytes));
	memcpy(s2, dev_secret, sizeof(s2));
	s2[0] ^= 1;
	assert_int_equal(seal_derive_key(s2, measurement, LABEL, &other), CRYPTO_OK);
	assert_memory_not_equal(other.bytes, key.bytes, sizeof(key.bytes));
}

static void blob_known_answer(void **state)
{
	(void)state;
	struct crypto_aead_key key;
	uint8_t nonce[SHOJI_SEALED_NONCE_SIZE];

	for (size_t i = 0; i < sizeof(key.bytes); i++) {
		key.bytes[i] = (uint8_t)(0x80 + i);
	}
	for (size_t i = 0; i < sizeof(nonce); i++) {
		nonce[i] = (uint8_t)(0x10 + i);
	}
	memset(blob, 0xa5, sizeof(blob));
	assert_int_equal(seal_blob(&key, LABEL, nonce, (const uint8_t *)kat_plain, sizeof(kat_plain) - 1, blob),
			 CRYPTO_OK);
	assert_memory_equal(blob, kat_blob, sizeof(kat_blob));
	assert_int_equal(blob[sizeof(kat_blob)], 0xa5); /* nothing past the blob */

	/* The magic reads "SHOJISB\0" (the header is little-endian). */
	assert_memory_equal(kat_blob, "SHOJISB", 8);
}

/* Seals under the key the VM of `measurement` gets on the development device. */
static size_t seal_for_vm(const uint8_t *plain, size_t len)
{
	struct crypto_aead_key key;
	static const uint8_t nonce[SHOJI_SEALED_NONCE_SIZE] = {1, 2, 3};

	assert_int_equal(seal_derive_key(dev_secret, measurement, LABEL, &key), CRYPTO_OK);
	assert_int_equal(seal_blob(&key, LABEL, nonce, plain, len, blob), CRYPTO_OK);
	return sizeof(struct shoji_sealed_header) + len;
}

static void round_trip(void **state)
{
	(void)state;
	enum shoji_sealed_fault fault;
	size_t len = 0;
	uint64_t want = LABEL;
	static uint8_t big[SHOJI_SEALED_DATA_MAX];

	size_t size = seal_for_vm((const uint8_t *)kat_plain, sizeof(kat_plain) - 1);
	assert_int_equal(seal_open(dev_secret, measurement, NULL, blob, size, out, &len, &fault), SEAL_OK);
	assert_int_equal(len, sizeof(kat_plain) - 1);
	assert_memory_equal(out, kat_plain, len);
	assert_int_equal(seal_open(dev_secret, measurement, &want, blob, size, out, &len, &fault), SEAL_OK);

	/* The largest blob there is. */
	for (size_t i = 0; i < sizeof(big); i++) {
		big[i] = (uint8_t)(i * 31 + 7);
	}
	size = seal_for_vm(big, sizeof(big));
	assert_int_equal(size, SHOJI_SEALED_MAX);
	assert_int_equal(seal_open(dev_secret, measurement, NULL, blob, size, out, &len, &fault), SEAL_OK);
	assert_int_equal(len, sizeof(big));
	assert_memory_equal(out, big, len);
}

static void refuses_to_seal_nothing_or_too_much(void **state)
{
	(void)state;
	struct crypto_aead_key key;
	static const uint8_t nonce[SHOJI_SEALED_NONCE_SIZE];
	static uint8_t big[SHOJI_SEALED_DATA_MAX + 1];

	memset(&key, 0, sizeof(key));
	assert_int_equal(seal_blob(&key, LABEL, nonce, big, 0, blob), CRYPTO_ERR_INVALID);
	assert_int_equal(seal_blob(&key, LABEL, nonce, big, sizeof(big), blob), CRYPTO_ERR_INVALID);
}

/* Nothing of a blob that does not open reaches `out`. */
static void assert_out_untouched(void)
{
	for (size_t i = 0; i < 64; i++) {
		assert_int_equal(out[i], 0x5a);
	}
}

/* Every byte of the blob, header and ciphertext, changed in turn: nothing opens. */
static void every_byte_matters(void **state)
{
	(void)state;
	enum shoji_sealed_fault fault;
	size_t len = 0;
	size_t size = seal_for_vm((const uint8_t *)kat_plain, sizeof(kat_plain) - 1);

	for (size_t i = 0; i < size; i++) {
		for (unsigned int bit = 0; bit < 8; bit += 7) {
			blob[i] ^= (uint8_t)(1U << bit);
			memset(out, 0x5a, sizeof(out));
			enum seal_result r = seal_open(dev_secret, measurement, NULL, blob, size, out, &len, &fault);
			if (r == SEAL_OK) {
				fail_msg("byte %zu bit %u changed and the blob still opens", i, bit);
			}
			/* Before the tag check: magic, version, length, reserved; after it, the rest. */
			bool form = i < 16 || (i >= 36 && i < 40);
			if (form != (r == SEAL_FORM) || (!form && r != SEAL_NO_OPEN)) {
				fail_msg("byte %zu bit %u: result %d", i, bit, (int)r);
			}
			assert_out_untouched();
			assert_int_equal(len, 0);
			blob[i] ^= (uint8_t)(1U << bit);
		}
	}
	assert_int_equal(seal_open(dev_secret, measurement, NULL, blob, size, out, &len, &fault), SEAL_OK);
}

/* Another VM image (measurement), another device (secret), another required label. */
static void opens_only_for_its_vm_and_device(void **state)
{
	(void)state;
	enum shoji_sealed_fault fault;
	size_t len = 0;
	uint8_t m2[SHOJI_SHA256_SIZE];
	uint8_t s2[SEAL_SECRET_SIZE];
	uint64_t other_label = LABEL ^ 1;
	size_t size = seal_for_vm((const uint8_t *)kat_plain, sizeof(kat_plain) - 1);

	memcpy(m2, measurement, sizeof(m2));
	m2[0] ^= 0x80;
	memcpy(s2, dev_secret, sizeof(s2));
	s2[31] = 1;
	memset(out, 0x5a, sizeof(out));
	assert_int_equal(seal_open(dev_secret, m2, NULL, blob, size, out, &len, &fault), SEAL_NO_OPEN);
	assert_int_equal(seal_open(s2, measurement, NULL, blob, size, out, &len, &fault), SEAL_NO_OPEN);
	assert_int_equal(seal_open(dev_secret, measurement, &other_label, blob, size, out, &len, &fault), SEAL_LABEL);
	assert_out_untouched();
}

static void form_checks(void **state)
{
	(void)state;
	struct shoji_sealed_header h;
	enum shoji_sealed_fault fault;
	size_t len = 0;
	size_t size = seal_for_vm((const uint8_t *)kat_plain, sizeof(kat_plain) - 1);

	assert_int_equal(seal_blob_parse(blob, size, &h), SHOJI_SEALED_OK);
	assert_int_equal(h.length, sizeof(kat_plain) - 1);
	assert_int_equal(h.label, LABEL);
	/* Cut short, or followed by anything: the size must be exactly the blob's. */
	assert_int_equal(seal_blob_parse(blob, size - 1, &h), SHOJI_SEALED_BAD_LENGTH);
	assert_int_equal(seal_blob_parse(blob, size + 1, &h), SHOJI_SEALED_BAD_LENGTH);
	assert_int_equal(seal_blob_parse(blob, sizeof(h) - 1, &h), SHOJI_SEALED_SHORT);
	assert_int_equal(seal_blob_parse(blob, 0, &h), SHOJI_SEALED_SHORT);
	assert_int_equal(seal_open(dev_secret, measurement, NULL, blob, size + 1, out, &len, &fault), SEAL_FORM);
	assert_int_equal(fault, SHOJI_SEALED_BAD_LENGTH);

	/* An empty sealed area (all zero) is no blob. */
	static const uint8_t zero[SHOJI_SEALED_MAX];
	assert_int_equal(seal_blob_parse(zero, sizeof(zero), &h), SHOJI_SEALED_BAD_MAGIC);

	/* The shared check on a header alone: what the guest driver runs on its sealed area. */
	seal_header_init(&h, LABEL, blob + 24, 100);
	assert_int_equal(shoji_sealed_check(&h, sizeof(h) + 100), SHOJI_SEALED_OK);
	assert_int_equal(shoji_sealed_check(&h, SHOJI_SEALED_MAX), SHOJI_SEALED_OK); /* the area may be larger */
	assert_int_equal(shoji_sealed_check(&h, sizeof(h) + 99), SHOJI_SEALED_BAD_LENGTH);
	assert_int_equal(shoji_sealed_check(&h, sizeof(h) - 1), SHOJI_SEALED_SHORT);
	h.length = 0;
	assert_int_equal(shoji_sealed_check(&h, SHOJI_SEALED_MAX), SHOJI_SEALED_BAD_LENGTH);
	h.length = (uint32_t)SHOJI_SEALED_DATA_MAX + 1;
	assert_int_equal(shoji_sealed_check(&h, SIZE_MAX), SHOJI_SEALED_BAD_LENGTH);
	h.length = UINT32_MAX;
	assert_int_equal(shoji_sealed_check(&h, SIZE_MAX), SHOJI_SEALED_BAD_LENGTH);
	h.length = 1;
	h.version = 2;
	assert_int_equal(shoji_sealed_check(&h, SHOJI_SEALED_MAX), SHOJI_SEALED_BAD_VERSION);
	h.version = SHOJI_SEALED_VERSION;
	h.reserved = 0x100;
	assert_int_equal(shoji_sealed_check(&h, SHOJI_SEALED_MAX), SHOJI_SEALED_BAD_HEADER);
	h.reserved = 0;
	h.magic ^= 1;
	assert_int_equal(shoji_sealed_check(&h, SHOJI_SEALED_MAX), SHOJI_SEALED_BAD_MAGIC);
	for (int f = SHOJI_SEALED_OK; f <= SHOJI_SEALED_BAD_LENGTH; f++) {
		assert_non_null(seal_fault_text((enum shoji_sealed_fault)f));
	}
}

static void labels(void **state)
{
	(void)state;
	uint64_t v = 7;

	assert_true(seal_parse_label("0", &v) && v == 0);
	assert_true(seal_parse_label("18446744073709551615", &v) && v == UINT64_MAX);
	assert_true(seal_parse_label("0x79656b2d6e707631", &v) && v == 0x79656b2d6e707631ULL);
	assert_true(seal_parse_label("0XFFFFFFFFFFFFFFFF", &v) && v == UINT64_MAX);
	v = 7;
	static const char *const bad[] = {"",
					  "0x",
					  "-1",
					  " 1",
					  "1 ",
					  "+1",
					  "0x1g",
					  "12a",
					  "0o7",
					  "1e3",
					  "0x-1",
					  "18446744073709551616",
					  "0x10000000000000000"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (seal_parse_label(bad[i], &v)) {
			fail_msg("label '%s' accepted", bad[i]);
		}
	}
	assert_int_equal(v, 7); /* untouched */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_derivation_known_answer),
		cmocka_unit_test(blob_known_answer),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(refuses_to_seal_nothing_or_too_much),
		cmocka_unit_test(every_byte_matters),
		cmocka_unit_test(opens_only_for_its_vm_and_device),
		cmocka_unit_test(form_checks),
		cmocka_unit_test(labels),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
