// SPDX-License-Identifier: MIT
/*
 * Verified and measured boot (DESIGN.md): before a VM first starts, its boot CPU
 * hashes each of its payloads, checks the hash against the package entry and the
 * entry's signature against the vendor key, checks that the signed partition entry
 * is the one compiled in, and takes the VM's measurement (include/shoji/attest.h).
 * The package is hypervisor memory no guest can write: a restart is not re-checked.
 */
#include <arch.h>
#include <console_hw.h>
#include <crypto.h>
#include <lib.h>
#include <shoji/attest.h>
#include <trust.h>
#include <vendor_key.h> /* generated from VENDOR_PUB: vendor_pub[], VENDOR_KEY_NAME */
#include <vmdesc.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the payload statement is hashed as laid out");

enum payload_fault {
	PAYLOAD_OK = 0,
	PAYLOAD_MISSING,
	PAYLOAD_HASH,
	PAYLOAD_SIG,
	PAYLOAD_NOT_TABLE,
};

static const char *const fault_text[] = {
	[PAYLOAD_HASH] = "SHA-256 mismatch",
	[PAYLOAD_SIG] = "signature does not verify against the vendor key",
	[PAYLOAD_NOT_TABLE] = "partition entry differs from the signed one",
};

static bool vendor_signed(const struct pack_entry *e)
{
	struct shoji_payload_statement st;
	struct crypto_sha256_digest h;
	struct crypto_p256_pub key;
	struct crypto_p256_sig sig;
	enum crypto_err err;

	memcpy(st.domain, SHOJI_PAYLOAD_DOMAIN, sizeof(st.domain));
	memcpy(st.name, e->name, sizeof(st.name));
	st.size = e->size;
	memcpy(st.sha256, e->sha256, sizeof(st.sha256));
	memcpy(key.bytes, vendor_pub, sizeof(key.bytes));
	memcpy(sig.bytes, e->sig, sizeof(sig.bytes));
	if (crypto_sha256(&st, sizeof(st), &h) != CRYPTO_OK) {
		return false;
	}
	spin_lock(&crypto_lock); /* boot only: at most one other VM's verify to wait for */
	err = crypto_p256_verify(&key, &h, &sig);
	spin_unlock(&crypto_lock);
	return err == CRYPTO_OK;
}

/* One payload: hashed into the measurement whatever else is wrong with it. `table`: what a config must hash to. */
static enum payload_fault check_payload(const struct pack *pkg, const char *name, struct crypto_sha256_ctx *measure,
					const struct crypto_sha256_digest *table)
{
	struct crypto_sha256_digest h;
	const void *data;
	size_t size;
	const struct pack_entry *e = pack_find(pkg, name, &data, &size);

	if (e == NULL) {
		return PAYLOAD_MISSING;
	}
	if (crypto_sha256(data, size, &h) != CRYPTO_OK) {
		return PAYLOAD_HASH;
	}
	(void)crypto_sha256_update(measure, e->name, sizeof(e->name));
	(void)crypto_sha256_update(measure, h.bytes, sizeof(h.bytes));
	if (memcmp(h.bytes, e->sha256, sizeof(h.bytes)) != 0) {
		return PAYLOAD_HASH;
	}
	if (!vendor_signed(e)) {
		return PAYLOAD_SIG;
	}
	return table != NULL && memcmp(h.bytes, table->bytes, sizeof(h.bytes)) != 0 ? PAYLOAD_NOT_TABLE : PAYLOAD_OK;
}

/* SHA-256 of the VM's canonical partition entry, which its signed config payload must match byte for byte. */
static bool table_digest(const struct vm *vm, struct crypto_sha256_digest *out)
{
	uint8_t desc[VMDESC_MAX];
	size_t n = vmdesc_encode(&system_config, vm->id, desc, sizeof(desc));

	return n != 0 && crypto_sha256(desc, n, out) == CRYPTO_OK;
}

/*
 * Checks every payload in measurement order; the first fault goes to boot_note. Not
 * image.sealed: it is sealed to the measurement, so it cannot be part of it, and its
 * own AEAD protects it (include/shoji/partition.h, struct vm_image).
 */
static bool check_payloads(struct vm *vm, const struct pack *pkg, struct crypto_sha256_ctx *measure)
{
	const struct vm_image *img = &vm->cfg->image;
	char config[PACK_NAME_SIZE];
	const char *names[] = {config, img->kernel, img->dtb, img->initrd};
	struct crypto_sha256_digest table = {{0}}; /* matches no payload if the entry has no encoding */
	bool ok = true;

	fmt_snprintf(config, sizeof(config), "%s.config", vm->cfg->name);
	if (!table_digest(vm, &table)) {
		fmt_snprintf(vm->boot_note, sizeof(vm->boot_note), "partition entry has no canonical encoding");
		ok = false;
	}
	for (uint32_t i = 0; i < ARRAY_SIZE(names) && (ok || vm->cfg->verify == VM_VERIFY_MARK); i++) {
		enum payload_fault f =
			names[i] == NULL ? PAYLOAD_OK : check_payload(pkg, names[i], measure, i == 0 ? &table : NULL);

		if (f != PAYLOAD_OK && ok) {
			if (f == PAYLOAD_MISSING) {
				fmt_snprintf(vm->boot_note, sizeof(vm->boot_note), "missing payload %s", names[i]);
			} else {
				fmt_snprintf(vm->boot_note, sizeof(vm->boot_note), "%s: %s", names[i], fault_text[f]);
			}
			ok = false;
		}
	}
	return ok;
}

bool verify_vm(struct vm *vm, const struct pack *pkg)
{
#ifdef SHOJI_BENCH_NO_VERIFY
	/* make BENCH_NO_VERIFY=1: a build that only times boots without verification (make bench). */
	(void)pkg;
	__atomic_store_n(&vm->boot_check, VM_BOOT_UNVERIFIED, __ATOMIC_RELEASE);
	log_line("%s: verification SKIPPED (bench build): starting UNVERIFIED", vm->cfg->name);
	return true;
#endif
	uint64_t t0 = read_sysreg(cntpct_el0);
	struct crypto_sha256_ctx measure;
	struct crypto_sha256_digest m;
	char m_hex[2 * SHOJI_SHA256_SIZE + 1];

	(void)crypto_sha256_init(&measure);
	(void)crypto_sha256_update(&measure, SHOJI_MEASURE_DOMAIN, sizeof(SHOJI_MEASURE_DOMAIN) - 1);
	bool ok = check_payloads(vm, pkg, &measure);
	(void)crypto_sha256_final(&measure, &m);
	uint64_t ms = (read_sysreg(cntpct_el0) - t0) * 1000 / read_sysreg(cntfrq_el0);

	if (!ok && vm->cfg->verify != VM_VERIFY_MARK) {
		log_line("%s: verification failed after %llu ms", vm->cfg->name, (unsigned long long)ms);
		return false;
	}
	memcpy(vm->measurement, m.bytes, sizeof(vm->measurement));
	__atomic_store_n(&vm->boot_check, ok ? VM_BOOT_VERIFIED : VM_BOOT_UNVERIFIED, __ATOMIC_RELEASE);
	fmt_hex(m_hex, sizeof(m_hex), m.bytes, sizeof(m.bytes));
	log_line("%s: %s in %llu ms against %s, measurement %s", vm->cfg->name, ok ? "verified" : "checked",
		 (unsigned long long)ms, VENDOR_KEY_NAME, m_hex);
	if (!ok) {
		log_line("%s: starting UNVERIFIED: %s", vm->cfg->name, vm->boot_note);
	}
	return true;
}
