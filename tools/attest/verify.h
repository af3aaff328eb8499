/* SPDX-License-Identifier: MIT */
/*
 * The core of shoji-attest-verify, callable from tests: checks an ATTEST report
 * (struct shoji_attest_report, include/shoji/attest.h) against a device public key
 * and what the verifier expects of it, one printed line per check.
 */
#ifndef SHOJI_TOOLS_ATTEST_VERIFY_H
#define SHOJI_TOOLS_ATTEST_VERIFY_H

#include <stdio.h>

#include <shoji/attest.h>

#include "crypto.h"

#define ATTEST_SECRET_SIZE 32 /* the board's device secret (include/board.h) */

/* What the report must say; each NULL/false field is not checked. */
struct attest_expect {
	const char *vm;             /* vm_name */
	const uint8_t *measurement; /* SHOJI_SHA256_SIZE bytes */
	const uint8_t *nonce;       /* SHOJI_NONCE_SIZE bytes */
	const uint8_t *table;       /* partition_table, SHOJI_SHA256_SIZE bytes */
	bool verified;              /* SHOJI_REPORT_F_VERIFIED set */
};

/*
 * The device attestation key's public half from a device secret, as the hypervisor
 * derives it (attest.h: HKDF-SHA256(ikm = secret, no salt, info = SHOJI_DEVKEY_DOMAIN)
 * as a P-256 scalar; in the 2^-32 case that is no valid scalar, again with a counter
 * byte 1, 2, ... appended to info). crypto_init() first. Returns a crypto_err.
 */
int attest_device_pub(const uint8_t secret[ATTEST_SECRET_SIZE], struct crypto_p256_pub *pub);

/*
 * Checks len bytes of report: its length, magic, version and size field, the device
 * key's signature over every byte before `signature`, then each expectation. Prints
 * "<check>: ok" or "<check>: FAIL <why>" per check, the report's other fields, and
 * "result: ok" or "result: FAIL (<n> checks)" last. Returns the number of failed checks.
 */
int attest_check(const uint8_t *report, size_t len, const struct crypto_p256_pub *pub,
		 const struct attest_expect *expect, FILE *out);

#endif /* SHOJI_TOOLS_ATTEST_VERIFY_H */
