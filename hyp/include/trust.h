/* SPDX-License-Identifier: MIT */
/*
 * Verified and measured boot (verify.c) and what a guest can ask of it (attest.c):
 * the ATTEST report and KEY_DERIVE sealing keys of include/shoji/attest.h, under the
 * device key derived from the board's device secret. docs/abi.md is the spec.
 *
 * Locking: crypto_lock serializes every crypto.h call that borrows its static arena
 * (HMAC, HKDF, ECDSA), which is every call but SHA-256: SHA-256 keeps its state in
 * the caller's context, so the VMs' boot CPUs hash their payloads in parallel. At
 * boot the lock is taken with spin_lock (one ECDSA verify at a time); a guest call
 * only ever tries it and answers SHOJI_RET_BUSY (the hypervisor never spins for a
 * guest). Nothing is taken while holding it.
 */
#ifndef SHOJI_TRUST_H
#define SHOJI_TRUST_H

#include <pack.h>
#include <spinlock.h>
#include <vm.h>

extern struct spinlock crypto_lock;

/* attest.c. Once, on the boot CPU before any VM starts: crypto, the device key, the partition-table hash. */
void attest_init(void);

/*
 * ATTEST and KEY_DERIVE from `vm` (registers: include/shoji/attest.h). Return x0:
 * the bytes written, or SMCCC_RET_INVALID_PARAMETER (buffer), SHOJI_RET_BUSY
 * (crypto in use) or SMCCC_RET_NOT_SUPPORTED (no device key), having written nothing.
 */
int64_t attest_report(const struct vm *vm, uint64_t ipa, uint64_t size, const uint64_t nonce[4]);
int64_t attest_key_derive(const struct vm *vm, uint64_t ipa, uint64_t size, uint64_t label);

/*
 * verify.c. On the VM's boot CPU before its first start: checks every payload and the
 * partition entry against the vendor key and takes the measurement. Returns false if
 * the VM must be refused (vm->boot_note says why); otherwise sets vm->boot_check.
 */
bool verify_vm(struct vm *vm, const struct pack *pkg);

#endif /* SHOJI_TRUST_H */
