/* SPDX-License-Identifier: MIT */
/*
 * The payload package: each VM's partition entry, kernel, initramfs and device tree,
 * appended to the hypervisor image and signed by tools/pack/shoji-pack, parsed by
 * hyp/core/pack.c.
 *
 * Layout of shoji.bin (every number little-endian):
 *
 *   0                         arm64 Image header; image_size rewritten by the
 *                             packer to the total length of the file
 *   ...                       hypervisor code and data, then zeros where its
 *                             bss, stacks and page tables will live
 *   ALIGN_UP(linked image_size, PACK_ALIGN) = __image_end
 *                             struct pack_header
 *                             struct pack_entry[num_entries]
 *   entry.offset (aligned)    payload bytes, zero-padded to PACK_ALIGN
 *   ...
 *   total_size                end of the package, PACK_ALIGN-aligned
 *
 * Offsets are relative to the start of the package. Each payload starts on a
 * 4 KiB boundary so the hypervisor can map or copy it page by page, and the
 * package ends on one so the image does too.
 *
 * Version 2 signs each entry: pack_entry.sig is the vendor key's ECDSA P-256
 * signature over SHA-256 of the entry's struct shoji_payload_statement
 * (include/shoji/attest.h: domain, name field, size, sha256). The package layout
 * itself (header, table, padding) is not signed: a change to it either moves no
 * payload byte, or breaks an entry's hash or signature. An unsigned entry has an
 * all-zero sig, which never verifies. Version 1 had no signatures (the field was
 * reserved and zero) and is refused, so an old image cannot pass for an unsigned
 * new one.
 *
 * Payload names (the Makefile's convention, on which the measurement of a VM
 * relies, attest.h): "<vm>.config" (its canonical partition entry, vmdesc),
 * "<vm>.kernel", "<vm>.dtb", "<vm>.initrd"; and "<vm>.sealed", data sealed to the VM
 * (include/shoji/seal.h), which is neither measured nor signed (its sig stays zero).
 */
#ifndef SHOJI_PACK_H
#define SHOJI_PACK_H

#include <shoji/attest.h>
#include <shoji/types.h>

#define PACK_MAGIC       "SHOJIPK" /* 8 bytes with its terminator */
#define PACK_MAGIC_SIZE  8
#define PACK_VERSION     U(2)
#define PACK_MAX_ENTRIES 16
#define PACK_NAME_SIZE   32 /* the field; a name is 1..PACK_NAME_MAX characters */
#define PACK_NAME_MAX    (PACK_NAME_SIZE - 1)
#define PACK_ALIGN       ULL(4096)
#define PACK_SHA256_SIZE 32
#define PACK_SIG_SIZE    64 /* ECDSA P-256 r || s, each 32 bytes big-endian */

struct pack_header {
	uint8_t magic[PACK_MAGIC_SIZE]; /* PACK_MAGIC, NUL included */
	uint32_t version;               /* PACK_VERSION; a reader refuses any other */
	uint32_t table_size;            /* sizeof(header) + num_entries * sizeof(entry), exactly */
	uint32_t num_entries;           /* <= PACK_MAX_ENTRIES */
	uint32_t reserved;              /* zero */
	uint64_t total_size;            /* bytes from the header to the end of the last payload's padding */
};

struct pack_entry {
	char name[PACK_NAME_SIZE];        /* [a-z0-9._-]{1,31}, NUL-padded to the end */
	uint64_t offset;                  /* from the package start; PACK_ALIGN-aligned, past the table */
	uint64_t size;                    /* payload bytes, without padding; never 0 */
	uint8_t sha256[PACK_SHA256_SIZE]; /* FIPS 180-4 SHA-256 of the payload bytes */
	uint8_t sig[PACK_SIG_SIZE];       /* vendor signature of the payload statement; zero if unsigned */
};

/* On-disk layout: these are the format, not whatever the compiler chose. */
_Static_assert(offsetof(struct pack_header, magic) == 0, "pack_header.magic");
_Static_assert(offsetof(struct pack_header, version) == 8, "pack_header.version");
_Static_assert(offsetof(struct pack_header, table_size) == 12, "pack_header.table_size");
_Static_assert(offsetof(struct pack_header, num_entries) == 16, "pack_header.num_entries");
_Static_assert(offsetof(struct pack_header, reserved) == 20, "pack_header.reserved");
_Static_assert(offsetof(struct pack_header, total_size) == 24, "pack_header.total_size");
_Static_assert(sizeof(struct pack_header) == 32, "pack_header size");

_Static_assert(offsetof(struct pack_entry, name) == 0, "pack_entry.name");
_Static_assert(offsetof(struct pack_entry, offset) == 32, "pack_entry.offset");
_Static_assert(offsetof(struct pack_entry, size) == 40, "pack_entry.size");
_Static_assert(offsetof(struct pack_entry, sha256) == 48, "pack_entry.sha256");
_Static_assert(offsetof(struct pack_entry, sig) == 80, "pack_entry.sig");
_Static_assert(sizeof(struct pack_entry) == 144, "pack_entry size");

/* An entry's fields are what its payload statement (attest.h) carries. */
_Static_assert(PACK_SIG_SIZE == SHOJI_SIG_SIZE, "pack_entry.sig holds one signature");
_Static_assert(PACK_SHA256_SIZE == SHOJI_SHA256_SIZE, "pack_entry.sha256 is the statement's digest");
_Static_assert(PACK_NAME_SIZE == sizeof(((struct shoji_payload_statement *)0)->name), "statement name field");

/* The whole table fits before the first payload page, so data starts at PACK_ALIGN. */
_Static_assert(sizeof(struct pack_header) + PACK_MAX_ENTRIES * sizeof(struct pack_entry) <= PACK_ALIGN,
	       "pack table outgrows its page");

/*
 * The one definition of a name character, shared by the packer and the parser
 * so the two cannot drift: lower-case, digits and "._-" keep names usable as
 * file names and in log lines without quoting.
 */
static inline bool pack_name_char_valid(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

#endif /* SHOJI_PACK_H */
