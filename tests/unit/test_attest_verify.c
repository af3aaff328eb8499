// SPDX-License-Identifier: MIT
/*
 * Unit tests for the attestation verifier (tools/attest/verify.c): a report built and
 * signed here the way the hypervisor signs one (hyp/core/attest.c) verifies; changing
 * any single byte of it, expecting another nonce, measurement, VM or table, or
 * checking it against another device's key does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <shoji/abi.h>

#include "verify.h"

static uint8_t secret[ATTEST_SECRET_SIZE];
static struct crypto_p256_priv dev_key;
static struct crypto_p256_pub dev_pub;
static struct shoji_attest_report good;
static uint8_t measurement[SHOJI_SHA256_SIZE];
static uint8_t nonce[SHOJI_NONCE_SIZE];
static uint8_t table[SHOJI_SHA256_SIZE];
static char out_text[4096];

/* The device key as attest.h defines it, computed here without verify.c. */
static void derive_dev_key(void)
{
	assert_int_equal(crypto_hkdf_sha256(NULL, 0, secret, sizeof(secret), SHOJI_DEVKEY_DOMAIN,
					    sizeof(SHOJI_DEVKEY_DOMAIN) - 1, dev_key.bytes, sizeof(dev_key.bytes)),
			 CRYPTO_OK);
	assert_int_equal(crypto_p256_public(&dev_key, &dev_pub), CRYPTO_OK);
}

/* Signs r as the hypervisor does: SHA-256 of every byte before the signature, RFC 6979. */
static void sign(struct shoji_attest_report *r)
{
	struct crypto_sha256_digest h;
	struct crypto_p256_sig sig;

	assert_int_equal(crypto_sha256(r, offsetof(struct shoji_attest_report, signature), &h), CRYPTO_OK);
	assert_int_equal(crypto_p256_sign_det(&dev_key, &h, &sig), CRYPTO_OK);
	memcpy(r->signature, sig.bytes, sizeof(r->signature));
}

static int setup(void **state)
{
	(void)state;
	if (crypto_init() != CRYPTO_OK) {
		return -1;
	}
	for (size_t i = 0; i < sizeof(secret); i++) {
		secret[i] = (uint8_t)(0xa0 + i);
		measurement[i] = (uint8_t)(3 * i + 1);
		nonce[i] = (uint8_t)(0xff - i);
		table[i] = (uint8_t)(7 * i);
	}
	derive_dev_key();
	memset(&good, 0, sizeof(good));
	memcpy(good.magic, SHOJI_REPORT_MAGIC, sizeof(good.magic));
	good.version = SHOJI_REPORT_VERSION;
	good.size = sizeof(good);
	good.abi_major = SHOJI_ABI_MAJOR;
	good.abi_minor = SHOJI_ABI_MINOR;
	good.trust = 1;
	good.flags = SHOJI_REPORT_F_VERIFIED;
	memcpy(good.vm_name, "vpn", 3);
	memcpy(good.measurement, measurement, sizeof(measurement));
	memcpy(good.partition_table, table, sizeof(table));
	memcpy(good.nonce, nonce, sizeof(nonce));
	sign(&good);
	return 0;
}

/* Runs attest_check on len bytes; its printed lines land in out_text. Returns the failed checks. */
static int check(const void *report, size_t len, const struct crypto_p256_pub *pub, const struct attest_expect *x)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	int bad = attest_check(report, len, pub, x, f);
	assert_int_equal(fclose(f), 0);
	(void)snprintf(out_text, sizeof(out_text), "%s", buf);
	free(buf);
	return bad;
}

static void says(const char *what)
{
	if (strstr(out_text, what) == NULL) {
		fail_msg("verifier output does not say \"%s\":\n%s", what, out_text);
	}
}

static const struct attest_expect everything = {
	.vm = "vpn", .measurement = measurement, .nonce = nonce, .table = table, .verified = true};

static void good_report_verifies(void **state)
{
	(void)state;
	static const struct attest_expect nothing;

	assert_int_equal(check(&good, sizeof(good), &dev_pub, &everything), 0);
	says("length: ok\nmagic: ok\nversion: ok\nsize: ok\nsignature: ok\nvm: ok\nmeasurement: ok\nnonce: ok\n"
	     "partition_table: ok\nverified: ok\n");
	says("report: vm=vpn trust=1 flags=0x1 abi=0.1\n");
	says("result: ok\n");
	assert_int_equal(check(&good, sizeof(good), &dev_pub, &nothing), 0);
}

/* Every byte is covered: by the signature (all before it) or as part of the signature. */
static void every_byte_matters(void **state)
{
	(void)state;
	static const struct attest_expect nothing;
	static const uint8_t flips[] = {0x01, 0x80};

	for (size_t i = 0; i < sizeof(good); i++) {
		for (size_t f = 0; f < sizeof(flips); f++) {
			struct shoji_attest_report r = good;

			((uint8_t *)&r)[i] ^= flips[f];
			if (check(&r, sizeof(r), &dev_pub, &nothing) == 0) {
				fail_msg("byte %zu ^ 0x%02x still verifies", i, flips[f]);
			}
			says("signature: FAIL");
			assert_int_not_equal(check(&r, sizeof(r), &dev_pub, &everything), 0);
			says("result: FAIL");
		}
	}
}

static void wrong_expectations_fail(void **state)
{
	(void)state;
	uint8_t other[SHOJI_SHA256_SIZE];
	struct attest_expect x;

	memcpy(other, nonce, sizeof(other));
	other[31] ^= 1;

	x = everything;
	x.nonce = other;
	assert_int_equal(check(&good, sizeof(good), &dev_pub, &x), 1);
	says("signature: ok\n");
	says("nonce: FAIL report has");
	says("result: FAIL (1 check)\n");

	x = everything;
	x.measurement = other;
	assert_int_equal(check(&good, sizeof(good), &dev_pub, &x), 1);
	says("measurement: FAIL report has");

	x = everything;
	x.table = other;
	assert_int_equal(check(&good, sizeof(good), &dev_pub, &x), 1);
	says("partition_table: FAIL");

	static const char *const wrong_vms[] = {"apps", "vp", "vpn2", "", "vpnvpnvpnvpnvpnvpn"};
	for (size_t i = 0; i < ARRAY_SIZE(wrong_vms); i++) {
		x = everything;
		x.vm = wrong_vms[i];
		assert_int_equal(check(&good, sizeof(good), &dev_pub, &x), 1);
		says("vm: FAIL report is for 'vpn'");
	}

	/* A VM that started UNVERIFIED gets a genuine report that says so. */
	struct shoji_attest_report r = good;
	r.flags = 0;
	sign(&r);
	assert_int_equal(check(&r, sizeof(r), &dev_pub, &everything), 1);
	says("verified: FAIL");
	x = everything;
	x.verified = false;
	assert_int_equal(check(&r, sizeof(r), &dev_pub, &x), 0);
}

static void other_device_fails(void **state)
{
	(void)state;
	struct crypto_p256_pub other = dev_pub;

	secret[0] ^= 1;
	assert_int_equal(attest_device_pub(secret, &other), CRYPTO_OK);
	assert_memory_not_equal(other.bytes, dev_pub.bytes, sizeof(other.bytes));
	assert_int_equal(check(&good, sizeof(good), &other, &everything), 1);
	says("signature: FAIL not the device key's signature");

	other.bytes[64] ^= 1; /* off the curve */
	assert_int_equal(check(&good, sizeof(good), &other, &everything), 1);
	says("signature: FAIL the device public key is not a P-256 point");
}

/* Header checks stand on their own: a validly signed report with a bad header still fails. */
static void header_fields_are_checked(void **state)
{
	(void)state;
	struct shoji_attest_report r;

	r = good;
	r.version = 2;
	sign(&r);
	assert_int_equal(check(&r, sizeof(r), &dev_pub, &everything), 1);
	says("version: FAIL 2, this verifier reads 1");
	r = good;
	r.size = 144;
	sign(&r);
	assert_int_equal(check(&r, sizeof(r), &dev_pub, &everything), 1);
	says("size: FAIL size field 144, expected 208");
	r = good;
	r.magic[7] = '!';
	sign(&r);
	assert_int_equal(check(&r, sizeof(r), &dev_pub, &everything), 1);
	says("magic: FAIL");
}

static void length_is_exact(void **state)
{
	(void)state;
	uint8_t longer[sizeof(good) + 1];

	assert_int_equal(check(&good, sizeof(good) - 1, &dev_pub, &everything), 1);
	says("length: FAIL 207 bytes, a report is 208\nresult: FAIL (1 check)\n");
	memcpy(longer, &good, sizeof(good));
	longer[sizeof(good)] = 0;
	assert_int_equal(check(longer, sizeof(longer), &dev_pub, &everything), 1);
	says("length: FAIL 209 bytes");
	assert_int_equal(check(&good, 0, &dev_pub, &everything), 1);
}

static void device_key_derivation(void **state)
{
	(void)state;
	struct crypto_p256_pub pub;

	assert_int_equal(attest_device_pub(secret, &pub), CRYPTO_OK);
	assert_memory_equal(pub.bytes, dev_pub.bytes, sizeof(pub.bytes));
	/* Every secret byte counts. */
	for (size_t i = 0; i < sizeof(secret); i++) {
		secret[i] ^= 0x40;
		assert_int_equal(attest_device_pub(secret, &pub), CRYPTO_OK);
		assert_memory_not_equal(pub.bytes, dev_pub.bytes, sizeof(pub.bytes));
		secret[i] ^= 0x40;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(good_report_verifies, setup),
		cmocka_unit_test_setup(every_byte_matters, setup),
		cmocka_unit_test_setup(wrong_expectations_fail, setup),
		cmocka_unit_test_setup(other_device_fails, setup),
		cmocka_unit_test_setup(header_fields_are_checked, setup),
		cmocka_unit_test_setup(length_is_exact, setup),
		cmocka_unit_test_setup(device_key_derivation, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
