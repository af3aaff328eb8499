// SPDX-License-Identifier: MIT
/*
 * The device attestation key and the two trust calls a guest can make, ATTEST and
 * KEY_DERIVE (include/shoji/attest.h, docs/abi.md). Each checks the caller's buffer
 * first and changes nothing when it refuses; the only guest memory written is
 * `required` bytes at the start of the buffer, through the hypervisor's own map.
 */
#include <board.h>
#include <console_hw.h>
#include <crypto.h>
#include <lib.h>
#include <mm.h>
#include <shoji/abi.h>
#include <shoji/attest.h>
#include <trust.h>
#include <vmdesc.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the report is written as laid out");

/* HKDF output is a valid P-256 scalar with probability 1 - 2^-32; retries after that are for form's sake. */
#define DEVKEY_TRIES 8

struct spinlock crypto_lock = SPINLOCK_INIT;

/* Set once by attest_init on the boot CPU, read-only afterwards. */
static struct {
	bool ready; /* key derived: ATTEST and KEY_DERIVE answer */
	uint8_t secret[SHOJI_KEY_SIZE];
	struct crypto_p256_priv key;
	struct crypto_sha256_digest table; /* the partition-table hash */
} dev;

/*
 * HKDF(secret, no salt, SHOJI_DEVKEY_DOMAIN) -> a scalar; one that is not in [1, n-1]
 * is derived again with a counter byte 1, 2, ... appended to info (docs/abi.md).
 */
static bool derive_device_key(struct crypto_p256_pub *pub)
{
	uint8_t info[sizeof(SHOJI_DEVKEY_DOMAIN)];

	memcpy(info, SHOJI_DEVKEY_DOMAIN, sizeof(info) - 1);
	for (uint8_t i = 0; i < DEVKEY_TRIES; i++) {
		info[sizeof(info) - 1] = i;
		if (crypto_hkdf_sha256(NULL, 0, dev.secret, sizeof(dev.secret), info,
				       i == 0 ? sizeof(info) - 1 : sizeof(info), dev.key.bytes,
				       sizeof(dev.key.bytes)) == CRYPTO_OK &&
		    crypto_p256_public(&dev.key, pub) == CRYPTO_OK) {
			return true;
		}
	}
	crypto_zeroize(&dev.key, sizeof(dev.key));
	return false;
}

/* SHA-256 over every VM's canonical partition entry, in table order. */
static bool hash_table(void)
{
	uint8_t desc[VMDESC_MAX];
	struct crypto_sha256_ctx ctx;

	(void)crypto_sha256_init(&ctx);
	for (uint32_t i = 0; i < system_config.num_vms; i++) {
		size_t n = vmdesc_encode(&system_config, i, desc, sizeof(desc));
		if (n == 0) {
			return false;
		}
		(void)crypto_sha256_update(&ctx, desc, n);
	}
	return crypto_sha256_final(&ctx, &dev.table) == CRYPTO_OK;
}

void attest_init(void)
{
	struct crypto_p256_pub pub;
	char hex[2 * sizeof(pub.bytes) + 1];

	spin_lock(&crypto_lock);
	if (crypto_init() == CRYPTO_OK) {
		board_device_secret(dev.secret);
		dev.ready = derive_device_key(&pub) && hash_table();
	}
	spin_unlock(&crypto_lock);
	if (!dev.ready) {
		log_line("attest: no device key: ATTEST and KEY_DERIVE are off");
		return;
	}
	fmt_hex(hex, sizeof(hex), pub.bytes, sizeof(pub.bytes));
	log_line("attest: device key %s", hex);
	fmt_hex(hex, sizeof(hex), dev.table.bytes, sizeof(dev.table.bytes));
	log_line("attest: partition table %s", hex);
}

/* The caller's buffer: 8-byte aligned, at least `need` bytes, all of [ipa, ipa + size) in one of its RAM regions. */
static bool guest_buffer(const struct vm *vm, uint64_t ipa, uint64_t size, uint64_t need, uint64_t *pa)
{
	return IS_ALIGNED(ipa, 8) && size >= need && vm_ram_ipa_to_pa(vm, ipa, size, pa);
}

/* The caller may run with its MMU and caches off: the bytes must reach the point of coherency. */
static void guest_write(uint64_t pa, const void *src, size_t n)
{
	memcpy((void *)(uintptr_t)pa, src, n);
	dcache_clean_inval_range((uintptr_t)pa, n);
}

static void fill_report(struct shoji_attest_report *r, const struct vm *vm, const uint64_t nonce[4])
{
	memset(r, 0, sizeof(*r));
	memcpy(r->magic, SHOJI_REPORT_MAGIC, sizeof(r->magic));
	r->version = SHOJI_REPORT_VERSION;
	r->size = sizeof(*r);
	r->abi_major = SHOJI_ABI_MAJOR;
	r->abi_minor = SHOJI_ABI_MINOR;
	r->trust = vm->cfg->trust == VM_TRUSTED ? 1 : 0;
	r->flags = __atomic_load_n(&vm->boot_check, __ATOMIC_ACQUIRE) == VM_BOOT_VERIFIED ? SHOJI_REPORT_F_VERIFIED : 0;
	for (size_t i = 0; i < VM_NAME_MAX && vm->cfg->name[i] != '\0'; i++) {
		r->vm_name[i] = vm->cfg->name[i];
	}
	memcpy(r->measurement, vm->measurement, sizeof(r->measurement));
	memcpy(r->partition_table, dev.table.bytes, sizeof(r->partition_table));
	memcpy(r->nonce, nonce, sizeof(r->nonce)); /* x3 holds bytes 0..7, little-endian */
}

int64_t attest_report(const struct vm *vm, uint64_t ipa, uint64_t size, const uint64_t nonce[4])
{
	struct shoji_attest_report r;
	struct crypto_sha256_digest h;
	struct crypto_p256_sig sig;
	uint64_t pa;

	if (!guest_buffer(vm, ipa, size, sizeof(r), &pa)) {
		return SMCCC_RET_INVALID_PARAMETER;
	}
	if (!dev.ready) {
		return SMCCC_RET_NOT_SUPPORTED;
	}
	if (!spin_trylock(&crypto_lock)) {
		return SHOJI_RET_BUSY;
	}
	fill_report(&r, vm, nonce);
	bool ok = crypto_sha256(&r, offsetof(struct shoji_attest_report, signature), &h) == CRYPTO_OK &&
		  crypto_p256_sign_det(&dev.key, &h, &sig) == CRYPTO_OK;
	spin_unlock(&crypto_lock);
	if (!ok) {
		return SMCCC_RET_NOT_SUPPORTED;
	}
	memcpy(r.signature, sig.bytes, sizeof(r.signature));
	guest_write(pa, &r, sizeof(r));
	return (int64_t)sizeof(r);
}

int64_t attest_key_derive(const struct vm *vm, uint64_t ipa, uint64_t size, uint64_t label)
{
	uint8_t info[sizeof(SHOJI_SEAL_DOMAIN) - 1 + sizeof(label)];
	uint8_t key[SHOJI_KEY_SIZE];
	uint64_t pa;

	if (!guest_buffer(vm, ipa, size, sizeof(key), &pa)) {
		return SMCCC_RET_INVALID_PARAMETER;
	}
	if (!dev.ready) {
		return SMCCC_RET_NOT_SUPPORTED;
	}
	memcpy(info, SHOJI_SEAL_DOMAIN, sizeof(SHOJI_SEAL_DOMAIN) - 1);
	memcpy(&info[sizeof(SHOJI_SEAL_DOMAIN) - 1], &label, sizeof(label)); /* little-endian */
	if (!spin_trylock(&crypto_lock)) {
		return SHOJI_RET_BUSY;
	}
	bool ok = crypto_hkdf_sha256(vm->measurement, sizeof(vm->measurement), dev.secret, sizeof(dev.secret), info,
				     sizeof(info), key, sizeof(key)) == CRYPTO_OK;
	spin_unlock(&crypto_lock);
	if (ok) {
		guest_write(pa, key, sizeof(key));
	}
	crypto_zeroize(key, sizeof(key));
	return ok ? (int64_t)sizeof(key) : SMCCC_RET_NOT_SUPPORTED;
}
