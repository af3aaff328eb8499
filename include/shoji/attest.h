/* SPDX-License-Identifier: MIT */
/*
 * Trust ABI: what verified boot signs, what a measurement is, and the attestation
 * report and sealing-key calls a guest can make. Shared by the hypervisor, the host
 * tools (tools/pack signs, tools/attest verifies) and guests. docs/abi.md is the spec.
 * Every multi-byte number is little-endian.
 */
#ifndef SHOJI_ATTEST_H
#define SHOJI_ATTEST_H

#include <shoji/types.h>

#define SHOJI_SHA256_SIZE 32
#define SHOJI_SIG_SIZE    64 /* ECDSA P-256, r || s, each 32 bytes big-endian (SEC1) */
#define SHOJI_PUB_SIZE    65 /* P-256 public key, SEC1 uncompressed: 0x04 || X || Y */
#define SHOJI_NONCE_SIZE  32
#define SHOJI_KEY_SIZE    32

/*
 * What the vendor key signs for each package entry (pack_entry.sig): SHA-256 of this
 * statement, which binds the entry's name and size to its content, so a payload
 * cannot be moved to another VM's slot or truncated.
 */
#define SHOJI_PAYLOAD_DOMAIN "SHOJI-PAYLOAD-v1" /* 16 bytes, no terminator in the statement */
struct shoji_payload_statement {
	uint8_t domain[16];
	char name[32]; /* the pack entry's name field, NUL-padded */
	uint64_t size;
	uint8_t sha256[SHOJI_SHA256_SIZE];
};
_Static_assert(sizeof(struct shoji_payload_statement) == 88, "payload statement");

/*
 * A VM's measurement: SHA-256 over SHOJI_MEASURE_DOMAIN then, for each of its
 * payloads in the order config, kernel, dtb, initrd (absent ones skipped), the
 * entry's 32-byte name field followed by the payload's SHA-256. The "config" payload
 * is the VM's partition-table entry in its canonical encoding (vmdesc).
 */
#define SHOJI_MEASURE_DOMAIN "SHOJI-MEASURE-v1" /* 16 bytes */

/*
 * SHOJI_HVC_ATTEST (0xC6000002): x1 = IPA of a buffer in the caller's RAM, x2 = its
 * size, x3..x6 = the 32-byte nonce (x3 holds bytes 0..7, little-endian). The buffer
 * must be 8-byte aligned, at least sizeof(struct shoji_attest_report) long and lie
 * inside one RAM region of the caller (never a channel window, never MMIO). The
 * hypervisor writes one report there and returns x0 = its size, or an error and
 * writes nothing.
 */
#define SHOJI_REPORT_MAGIC   "SHOJIAR" /* 8 bytes with its terminator */
#define SHOJI_REPORT_VERSION 1U

#define SHOJI_REPORT_F_VERIFIED 0x1U /* every payload of the VM verified against the vendor key */

struct shoji_attest_report {
	uint8_t magic[8];
	uint32_t version; /* SHOJI_REPORT_VERSION */
	uint32_t size;    /* sizeof(struct shoji_attest_report) */
	uint16_t abi_major;
	uint16_t abi_minor;
	uint32_t trust; /* 0 untrusted, 1 trusted */
	uint32_t flags; /* SHOJI_REPORT_F_* */
	uint32_t reserved;
	char vm_name[16]; /* NUL-padded */
	uint8_t measurement[SHOJI_SHA256_SIZE];
	uint8_t partition_table[SHOJI_SHA256_SIZE]; /* SHA-256 of every VM's canonical entry, in table order */
	uint8_t nonce[SHOJI_NONCE_SIZE];
	uint8_t signature[SHOJI_SIG_SIZE]; /* device key, over SHA-256 of every byte before this field */
};
_Static_assert(offsetof(struct shoji_attest_report, version) == 8, "report.version");
_Static_assert(offsetof(struct shoji_attest_report, abi_major) == 16, "report.abi_major");
_Static_assert(offsetof(struct shoji_attest_report, trust) == 20, "report.trust");
_Static_assert(offsetof(struct shoji_attest_report, vm_name) == 32, "report.vm_name");
_Static_assert(offsetof(struct shoji_attest_report, measurement) == 48, "report.measurement");
_Static_assert(offsetof(struct shoji_attest_report, partition_table) == 80, "report.partition_table");
_Static_assert(offsetof(struct shoji_attest_report, nonce) == 112, "report.nonce");
_Static_assert(offsetof(struct shoji_attest_report, signature) == 144, "report.signature");
_Static_assert(sizeof(struct shoji_attest_report) == 208, "report size");

/*
 * SHOJI_HVC_KEY_DERIVE (0xC6000003): x1 = IPA of a buffer in the caller's RAM (same
 * rules as ATTEST, at least SHOJI_KEY_SIZE bytes), x2 = its size, x3 = a label the
 * caller chooses. Writes SHOJI_KEY_SIZE bytes:
 *   HKDF-SHA256(ikm = device secret, salt = the caller's measurement,
 *               info = SHOJI_SEAL_DOMAIN || label as 8 bytes LE)
 * and returns x0 = SHOJI_KEY_SIZE. The same image on the same device always gets the
 * same key; any other image (another measurement) or device gets an unrelated one.
 */
#define SHOJI_SEAL_DOMAIN "SHOJI-SEAL-v1" /* 13 bytes, no terminator */

/* Device attestation key: HKDF-SHA256(ikm = device secret, salt empty, info = this) -> P-256 scalar. */
#define SHOJI_DEVKEY_DOMAIN "SHOJI-DEVICE-KEY-v1" /* 19 bytes, no terminator */

#endif /* SHOJI_ATTEST_H */
