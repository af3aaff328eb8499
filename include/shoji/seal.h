/* SPDX-License-Identifier: MIT */
/*
 * Sealed blobs: a secret encrypted under a KEY_DERIVE key (include/shoji/attest.h), so
 * that it opens only for the VM image and the device that sealed it. Shared by the host
 * sealer (tools/seal), the guest's trust driver and tool (vms/linux/shoji-trust) and
 * the hypervisor, which only bounds a VM's sealed payload by SHOJI_SEALED_MAX and never
 * reads it. docs/abi.md ("Sealed blobs") is the spec.
 *
 * A blob is this 56-byte header followed by `length` bytes of ciphertext:
 *
 *   ChaCha20-Poly1305 (RFC 8439 §2.8) with
 *     key   = the 32 bytes KEY_DERIVE returns for `label` to the sealing VM,
 *     nonce = `nonce`,
 *     AAD   = the header's first SHOJI_SEALED_AAD_SIZE bytes (every field before the tag),
 *   and `tag` the Poly1305 tag. Every number is little-endian.
 *
 * So a blob opens only where KEY_DERIVE(label) gives the sealing key: the same
 * measurement (images and partition entry) on the same device. The header is
 * authenticated too: a changed label, length, nonce or version fails the tag, as the
 * ciphertext does. The label only picks which of the VM's keys: a label used for
 * sealing must be used for nothing else.
 */
#ifndef SHOJI_SEAL_H
#define SHOJI_SEAL_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#define SHOJI_SEAL_STATIC_ASSERT(c, m) static_assert(c, m)
#else
#include <stddef.h>
#include <stdint.h>
#define SHOJI_SEAL_STATIC_ASSERT(c, m) _Static_assert(c, m)
#endif

#define SHOJI_SEALED_MAGIC      0x004253494a4f4853ULL /* "SHOJISB\0" read as a little-endian u64 */
#define SHOJI_SEALED_VERSION    1U
#define SHOJI_SEALED_NONCE_SIZE 12
#define SHOJI_SEALED_TAG_SIZE   16

/*
 * The largest blob, header included. It is also the size of a VM's sealed area (the
 * partition entry's image.sealed_ipa, which the VM's device tree reserves): the
 * hypervisor refuses a VM whose sealed payload is larger.
 */
#define SHOJI_SEALED_MAX 0x10000U

struct shoji_sealed_header {
	uint64_t magic;                         /* SHOJI_SEALED_MAGIC */
	uint32_t version;                       /* SHOJI_SEALED_VERSION */
	uint32_t length;                        /* ciphertext bytes after the header (= plaintext bytes) */
	uint64_t label;                         /* the KEY_DERIVE label of the key */
	uint8_t nonce[SHOJI_SEALED_NONCE_SIZE]; /* never twice under one key: drawn at random */
	uint32_t reserved;                      /* 0 */
	uint8_t tag[SHOJI_SEALED_TAG_SIZE];     /* Poly1305, over the AAD and the ciphertext */
};
SHOJI_SEAL_STATIC_ASSERT(offsetof(struct shoji_sealed_header, magic) == 0, "sealed.magic");
SHOJI_SEAL_STATIC_ASSERT(offsetof(struct shoji_sealed_header, version) == 8, "sealed.version");
SHOJI_SEAL_STATIC_ASSERT(offsetof(struct shoji_sealed_header, length) == 12, "sealed.length");
SHOJI_SEAL_STATIC_ASSERT(offsetof(struct shoji_sealed_header, label) == 16, "sealed.label");
SHOJI_SEAL_STATIC_ASSERT(offsetof(struct shoji_sealed_header, nonce) == 24, "sealed.nonce");
SHOJI_SEAL_STATIC_ASSERT(offsetof(struct shoji_sealed_header, reserved) == 36, "sealed.reserved");
SHOJI_SEAL_STATIC_ASSERT(offsetof(struct shoji_sealed_header, tag) == 40, "sealed.tag");
SHOJI_SEAL_STATIC_ASSERT(sizeof(struct shoji_sealed_header) == 56, "sealed header size");
SHOJI_SEAL_STATIC_ASSERT(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the header is read as laid out");

/* The authenticated header bytes: everything before the tag. */
#define SHOJI_SEALED_AAD_SIZE offsetof(struct shoji_sealed_header, tag)
/* The most plaintext one blob holds. */
#define SHOJI_SEALED_DATA_MAX (SHOJI_SEALED_MAX - sizeof(struct shoji_sealed_header))

enum shoji_sealed_fault {
	SHOJI_SEALED_OK = 0,
	SHOJI_SEALED_SHORT,       /* fewer bytes than a header */
	SHOJI_SEALED_BAD_MAGIC,   /* not a sealed blob (an empty sealed area reads all zero) */
	SHOJI_SEALED_BAD_VERSION, /* another version of this format */
	SHOJI_SEALED_BAD_HEADER,  /* reserved is not zero */
	SHOJI_SEALED_BAD_LENGTH,  /* 0, above SHOJI_SEALED_DATA_MAX, or past the bytes there are */
};

/*
 * Checks a header (copied out of the untrusted bytes first) against the `avail` bytes
 * that hold the blob, header included. On SHOJI_SEALED_OK the blob is exactly
 * sizeof(*h) + h->length bytes, all inside `avail`. Checks the form only: whether
 * it opens is for the AEAD to say.
 */
static inline enum shoji_sealed_fault shoji_sealed_check(const struct shoji_sealed_header *h, size_t avail)
{
	if (avail < sizeof(*h)) {
		return SHOJI_SEALED_SHORT;
	}
	if (h->magic != SHOJI_SEALED_MAGIC) {
		return SHOJI_SEALED_BAD_MAGIC;
	}
	if (h->version != SHOJI_SEALED_VERSION) {
		return SHOJI_SEALED_BAD_VERSION;
	}
	if (h->reserved != 0) {
		return SHOJI_SEALED_BAD_HEADER;
	}
	if (h->length == 0 || h->length > SHOJI_SEALED_DATA_MAX || h->length > avail - sizeof(*h)) {
		return SHOJI_SEALED_BAD_LENGTH;
	}
	return SHOJI_SEALED_OK;
}

#endif /* SHOJI_SEAL_H */
