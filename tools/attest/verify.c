/* SPDX-License-Identifier: MIT */
/*
 * Checks an ATTEST report: what a gateway does before it admits a VM. Signature and
 * digests use crypto/crypto.c, the code the hypervisor signs with (host build).
 */
#include <string.h>

#include "hexkey.h"
#include "verify.h"

#define SIGNED_BYTES offsetof(struct shoji_attest_report, signature)
#define DEVKEY_TRIES 8 /* as the hypervisor's attest.c */

_Static_assert(SHOJI_SIG_SIZE == CRYPTO_P256_SIG_SIZE && SHOJI_PUB_SIZE == CRYPTO_P256_PUB_SIZE,
	       "attest.h and crypto.h sizes agree");

int attest_device_pub(const uint8_t secret[ATTEST_SECRET_SIZE], struct crypto_p256_pub *pub)
{
	uint8_t info[sizeof(SHOJI_DEVKEY_DOMAIN)]; /* the domain, then room for the counter byte */
	struct crypto_p256_priv key;
	int rc = CRYPTO_ERR_KEY;

	memcpy(info, SHOJI_DEVKEY_DOMAIN, sizeof(info) - 1);
	for (uint8_t i = 0; i < DEVKEY_TRIES && rc == CRYPTO_ERR_KEY; i++) {
		info[sizeof(info) - 1] = i;
		rc = (int)crypto_hkdf_sha256(NULL, 0, secret, ATTEST_SECRET_SIZE, info,
					     i == 0 ? sizeof(info) - 1 : sizeof(info), key.bytes, sizeof(key.bytes));
		if (rc == CRYPTO_OK) {
			rc = (int)crypto_p256_public(&key, pub);
		}
	}
	crypto_zeroize(&key, sizeof(key));
	return rc;
}

static int line(FILE *out, const char *check, bool ok, const char *why)
{
	(void)fprintf(out, "%s: %s%s%s\n", check, ok ? "ok" : "FAIL", ok || why[0] == '\0' ? "" : " ", ok ? "" : why);
	return ok ? 0 : 1;
}

/* Compares a field with the expected bytes; the failure shows both in hex. */
static int bytes_check(FILE *out, const char *check, const uint8_t *got, const uint8_t *want, size_t n)
{
	char g[2 * 64 + 1];
	char w[2 * 64 + 1];
	char why[300];

	if (memcmp(got, want, n) == 0) {
		return line(out, check, true, "");
	}
	hex_encode(got, n, g);
	hex_encode(want, n, w);
	(void)snprintf(why, sizeof(why), "report has %s, expected %s", g, w);
	return line(out, check, false, why);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* The header: magic, version, size field. */
static int check_header(const uint8_t *r, FILE *out)
{
	char why[96];
	int bad = 0;
	uint32_t version = le32(r + offsetof(struct shoji_attest_report, version));
	uint32_t size = le32(r + offsetof(struct shoji_attest_report, size));

	bad += line(out, "magic", memcmp(r, SHOJI_REPORT_MAGIC, sizeof(SHOJI_REPORT_MAGIC)) == 0,
		    "not \"" SHOJI_REPORT_MAGIC "\\0\"");
	(void)snprintf(why, sizeof(why), "%u, this verifier reads %u", version, SHOJI_REPORT_VERSION);
	bad += line(out, "version", version == SHOJI_REPORT_VERSION, why);
	(void)snprintf(why, sizeof(why), "size field %u, expected %zu", size, sizeof(struct shoji_attest_report));
	bad += line(out, "size", size == sizeof(struct shoji_attest_report), why);
	return bad;
}

static int check_signature(const uint8_t *r, const struct crypto_p256_pub *pub, FILE *out)
{
	struct crypto_sha256_digest h;
	struct crypto_p256_sig sig;

	memcpy(sig.bytes, r + SIGNED_BYTES, sizeof(sig.bytes));
	if (crypto_sha256(r, SIGNED_BYTES, &h) != CRYPTO_OK) {
		return line(out, "signature", false, "crypto error");
	}
	enum crypto_err e = crypto_p256_verify(pub, &h, &sig);
	return line(out, "signature", e == CRYPTO_OK,
		    e == CRYPTO_ERR_KEY ? "the device public key is not a P-256 point"
					: "not the device key's signature");
}

static int check_expectations(const uint8_t *r, const struct attest_expect *x, FILE *out)
{
	char name[sizeof(((struct shoji_attest_report *)0)->vm_name)];
	char why[96];
	int bad = 0;

	if (x->vm != NULL) {
		/* Compared as the whole NUL-padded field: "vpn" matches only "vpn\0\0...". */
		size_t vm_len = strlen(x->vm);
		memset(name, 0, sizeof(name));
		memcpy(name, x->vm, vm_len < sizeof(name) ? vm_len : sizeof(name));
		bool ok = vm_len < sizeof(name) &&
			  memcmp(name, r + offsetof(struct shoji_attest_report, vm_name), sizeof(name)) == 0;
		(void)snprintf(why, sizeof(why), "report is for '%.16s', expected '%s'",
			       (const char *)r + offsetof(struct shoji_attest_report, vm_name), x->vm);
		bad += line(out, "vm", ok, why);
	}
	if (x->measurement != NULL) {
		bad += bytes_check(out, "measurement", r + offsetof(struct shoji_attest_report, measurement),
				   x->measurement, SHOJI_SHA256_SIZE);
	}
	if (x->nonce != NULL) {
		bad += bytes_check(out, "nonce", r + offsetof(struct shoji_attest_report, nonce), x->nonce,
				   SHOJI_NONCE_SIZE);
	}
	if (x->table != NULL) {
		bad += bytes_check(out, "partition_table", r + offsetof(struct shoji_attest_report, partition_table),
				   x->table, SHOJI_SHA256_SIZE);
	}
	if (x->verified) {
		bad += line(out, "verified",
			    (le32(r + offsetof(struct shoji_attest_report, flags)) & SHOJI_REPORT_F_VERIFIED) != 0,
			    "the VM started UNVERIFIED");
	}
	return bad;
}

/* What the report says beyond the checks, for the log. */
static void print_fields(const uint8_t *r, FILE *out)
{
	char m[2 * SHOJI_SHA256_SIZE + 1];
	char t[2 * SHOJI_SHA256_SIZE + 1];
	char n[2 * SHOJI_NONCE_SIZE + 1];

	hex_encode(r + offsetof(struct shoji_attest_report, measurement), SHOJI_SHA256_SIZE, m);
	hex_encode(r + offsetof(struct shoji_attest_report, partition_table), SHOJI_SHA256_SIZE, t);
	hex_encode(r + offsetof(struct shoji_attest_report, nonce), SHOJI_NONCE_SIZE, n);
	(void)fprintf(out, "report: vm=%.16s trust=%u flags=%#x abi=%u.%u\n",
		      (const char *)r + offsetof(struct shoji_attest_report, vm_name),
		      le32(r + offsetof(struct shoji_attest_report, trust)),
		      le32(r + offsetof(struct shoji_attest_report, flags)),
		      le16(r + offsetof(struct shoji_attest_report, abi_major)),
		      le16(r + offsetof(struct shoji_attest_report, abi_minor)));
	(void)fprintf(out, "report: measurement=%s\nreport: partition_table=%s\nreport: nonce=%s\n", m, t, n);
}

int attest_check(const uint8_t *report, size_t len, const struct crypto_p256_pub *pub,
		 const struct attest_expect *expect, FILE *out)
{
	char why[64];
	int bad;

	(void)snprintf(why, sizeof(why), "%zu bytes, a report is %zu", len, sizeof(struct shoji_attest_report));
	bad = line(out, "length", len == sizeof(struct shoji_attest_report), why);
	if (bad == 0) {
		bad += check_header(report, out);
		bad += check_signature(report, pub, out);
		bad += check_expectations(report, expect, out);
		print_fields(report, out);
	}
	if (bad == 0) {
		(void)fprintf(out, "result: ok\n");
	} else {
		(void)fprintf(out, "result: FAIL (%d check%s)\n", bad, bad == 1 ? "" : "s");
	}
	return bad;
}
