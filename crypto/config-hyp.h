/* SPDX-License-Identifier: MIT */
/*
 * mbedTLS 2.28 configuration for the hypervisor (EL2, freestanding, no heap) and for
 * its host twin (unit tests, host tools): exactly what verified and measured boot,
 * attestation and sealing use, and nothing that needs an OS. Every option is off
 * unless listed here (this file replaces mbedtls/config.h). crypto/README.md says
 * why each one is on.
 */
#ifndef SHOJI_CONFIG_HYP_H
#define SHOJI_CONFIG_HYP_H

/* ---- System support: no time, no files, no sockets, no threads, no entropy source ---- */

/* bn_mul.h's multiply-accumulate in inline assembly (aarch64 and x86-64): general registers only. */
#define MBEDTLS_HAVE_ASM
/* No 128-bit division: bignum.c would otherwise call libgcc's __udivti3. */
#define MBEDTLS_NO_UDBL_DIVISION

/* ---- Platform: memory comes from crypto.c's static arena, nothing from libc ---- */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* alignof(max_align_t) on aarch64 and x86-64: limbs and pointers in the arena stay aligned (-mstrict-align). */
#define MBEDTLS_MEMORY_ALIGN_MULTIPLE 16
/*
 * The arena allocator calls mbedtls_exit() when a free() names a block it never
 * handed out: heap corruption, our bug, never input. Trap (BRK at EL2, SIGTRAP on the
 * host) rather than return into a corrupted heap; the hypervisor's exception path
 * reports it like any other EL2 fault.
 */
#define MBEDTLS_PLATFORM_EXIT_MACRO SHOJI_CRYPTO_TRAP
#define SHOJI_CRYPTO_TRAP(status)   __builtin_trap()
/* The deprecated API stays out of the build, so nothing can come to depend on it. */
#define MBEDTLS_DEPRECATED_REMOVED

/* ---- Hash, MAC, key derivation ---- */
#define MBEDTLS_SHA256_C
#define MBEDTLS_MD_C
#define MBEDTLS_HKDF_C
#define MBEDTLS_HMAC_DRBG_C

/* ---- ECDSA over P-256 only: verify, and RFC 6979 deterministic sign ---- */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC
/* ecdsa.c's DER signature helpers need these (check_config.h); the hypervisor uses raw r||s. */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
/* crypto.c passes an explicit blinding DRBG wherever a secret scalar is used; verify needs none. */
#define MBEDTLS_ECP_NO_INTERNAL_RNG
/* The group is loaded and freed per call: a cached comb table would be rebuilt every time anyway. */
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
/* Window 3 instead of 4: the arena peak falls from 7.4 to 5.2 KiB for about 10 % more time per verify. */
#define MBEDTLS_ECP_WINDOW_SIZE 3
/* Only exp_mod uses it (RSA, DHM: both off). */
#define MBEDTLS_MPI_WINDOW_SIZE 1
/* Largest bignum any enabled operation reads or writes: a P-256 scalar or coordinate. */
#define MBEDTLS_MPI_MAX_SIZE 32

/* ---- AEAD for sealing: ChaCha20-Poly1305 (RFC 8439), not AES-GCM; README.md says why ---- */
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C

#include "mbedtls/check_config.h"

#endif /* SHOJI_CONFIG_HYP_H */
