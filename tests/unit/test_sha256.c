// SPDX-License-Identifier: MIT
/* Unit tests for the packer's SHA-256 (tools/pack/sha256.c) against the NIST example vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

static void to_hex(const uint8_t d[SHA256_DIGEST_SIZE], char out[2 * SHA256_DIGEST_SIZE + 1])
{
	for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
		(void)snprintf(&out[2 * i], 3, "%02x", d[i]);
	}
}

static void check(const void *data, size_t len, const char *want)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[2 * SHA256_DIGEST_SIZE + 1];

	sha256(data, len, d);
	to_hex(d, hex);
	assert_string_equal(hex, want);
}

/* NIST CSRC "Examples with Intermediate Values", SHA256.pdf (one block). */
static void nist_abc(void **state)
{
	(void)state;
	check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void empty_message(void **state)
{
	(void)state;
	check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* NIST SHA256.pdf, two-block example: 448 bits, so the length needs a block of its own. */
static void nist_448_bits(void **state)
{
	(void)state;
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	assert_int_equal(strlen(m) * 8, 448);
	check(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* FIPS 180-2 appendix B.3 / NIST long-message example: one million 'a', fed in uneven pieces. */
static void nist_million_a(void **state)
{
	(void)state;
	static uint8_t m[1000000];
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[2 * SHA256_DIGEST_SIZE + 1];
	size_t done = 0;

	memset(m, 'a', sizeof(m));
	check(m, sizeof(m), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	sha256_init(&ctx);
	for (size_t piece = 1; done < sizeof(m); piece = piece * 3 % 1009 + 1) {
		size_t n = piece < sizeof(m) - done ? piece : sizeof(m) - done;
		sha256_update(&ctx, m + done, n);
		done += n;
	}
	sha256_final(&ctx, d);
	to_hex(d, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* FIPS 180-4 §5.1.1 padding edges: 55 bytes fit with the length, 56 do not, 64 fill a block. */
static void padding_boundaries(void **state)
{
	(void)state;
	static const struct {
		size_t len;
		const char *want; /* "a" * len, digests from Python's hashlib */
	} v[] = {
		{55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
		{56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
		{63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
		{64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
		{65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
		{119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
		{120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
	};
	char m[128];

	memset(m, 'a', sizeof(m));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		check(m, v[i].len, v[i].want);
	}
}

/* NIST SHA256.pdf's 896-bit message, split at every point: streaming must not depend on the split. */
static void split_anywhere(void **state)
{
	(void)state;
	const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopq"
			"rsmnopqrstnopqrstu";
	size_t len = strlen(m);

	for (size_t cut = 0; cut <= len; cut++) {
		struct sha256_ctx ctx;
		uint8_t d[SHA256_DIGEST_SIZE];
		char hex[2 * SHA256_DIGEST_SIZE + 1];

		sha256_init(&ctx);
		sha256_update(&ctx, m, cut);
		sha256_update(&ctx, m + cut, 0);
		sha256_update(&ctx, m + cut, len - cut);
		sha256_final(&ctx, d);
		to_hex(d, hex);
		assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nist_abc),           cmocka_unit_test(empty_message),
		cmocka_unit_test(nist_448_bits),      cmocka_unit_test(nist_million_a),
		cmocka_unit_test(padding_boundaries), cmocka_unit_test(split_anywhere),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
