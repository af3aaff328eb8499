/* SPDX-License-Identifier: MIT */
/* SHA-256 (FIPS 180-4) for the host tools: the digests the packer stores in each package entry. */
#ifndef SHOJI_TOOLS_SHA256_H
#define SHOJI_TOOLS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE  64

struct sha256_ctx {
	uint32_t h[8];
	uint64_t total; /* message bytes so far; FIPS 180-4 limits a message to 2^64 bits */
	uint8_t block[SHA256_BLOCK_SIZE];
	size_t used; /* bytes waiting in block */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE]);

/* One-shot digest of [data, data + len). */
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE]);

#endif /* SHOJI_TOOLS_SHA256_H */
