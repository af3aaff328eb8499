/* SPDX-License-Identifier: MIT */
/*
 * The sealed-blob format (include/shoji/seal.h) without the cryptography: building a
 * header and reading one back from untrusted bytes. Pure C, no allocation; shared by
 * the host sealer (tools/seal, on crypto/crypto.c) and the guest's shoji-trust tool
 * (vms/linux/shoji-trust/cli, on the VPN daemon's mbedTLS), which each run the AEAD
 * over what this file lays out.
 */
#ifndef SHOJI_TOOLS_SEAL_BLOB_H
#define SHOJI_TOOLS_SEAL_BLOB_H

#include <stdbool.h>
#include <stdint.h>

#include <shoji/seal.h>

/* A fresh header for `length` bytes sealed under `label` with `nonce`; the tag is zero until the AEAD fills it. */
void seal_header_init(struct shoji_sealed_header *h, uint64_t label, const uint8_t nonce[SHOJI_SEALED_NONCE_SIZE],
		      uint32_t length);

/*
 * Reads the header of a blob of exactly `size` bytes at `blob` (any alignment) into *h and
 * checks its form (shoji_sealed_check); a blob followed by anything else is
 * SHOJI_SEALED_BAD_LENGTH. On SHOJI_SEALED_OK the ciphertext is h->length bytes at
 * blob + sizeof(*h). Whether it opens is the AEAD's to say.
 */
enum shoji_sealed_fault seal_blob_parse(const uint8_t *blob, size_t size, struct shoji_sealed_header *h);

/* A phrase for a fault, for messages: "not a sealed blob (no SHOJISB magic)", ... */
const char *seal_fault_text(enum shoji_sealed_fault f);

/*
 * A KEY_DERIVE label from text: decimal or 0x-prefixed hex, all 64 bits, nothing else
 * (no sign, no blanks, no octal). Returns false for anything else.
 */
bool seal_parse_label(const char *s, uint64_t *label);

#endif /* SHOJI_TOOLS_SEAL_BLOB_H */
