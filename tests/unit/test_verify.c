// SPDX-License-Identifier: MIT
/*
 * Unit tests for verified and measured boot (hyp/core/verify.c) on the host build of
 * the hypervisor's crypto: packages are built and signed here with a key of the
 * test's own (tests/unit/fake/vendor_key.h), parsed by the real hyp/core/pack.c, and
 * every verdict, refusal reason and measurement is checked against include/shoji/attest.h,
 * recomputed here independently.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <console_hw.h>
#include <crypto.h>
#include <shoji/attest.h>
#include <trust.h>
#include <vendor_key.h>
#include <vmdesc.h>

/* ---- what verify.c links against ---- */

uint8_t vendor_pub[65];
struct spinlock crypto_lock;

uint64_t fake_read_sysreg(const char *name)
{
	static uint64_t ticks;

	if (strcmp(name, "cntfrq_el0") == 0) {
		return 1000000; /* 1 MHz: 1000 ticks per ms */
	}
	ticks += 7000; /* every read of the counter: 7 ms later */
	return ticks;
}

static char log_text[8192];

void log_line(const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(log_text);

	va_start(ap, fmt);
	(void)vsnprintf(log_text + n, sizeof(log_text) - n, fmt, ap);
	va_end(ap);
	n = strlen(log_text);
	(void)snprintf(log_text + n, sizeof(log_text) - n, "\n");
}

/* ---- a system: vpn (trusted, REQUIRED; kernel, dtb, initrd) and apps (MARK; kernel only) ---- */

enum {
	VPN,
	APPS
};

static const uint32_t cpus[2][1] = {{0}, {1}};
static const struct vm_ram ram[2][1] = {
	{{PA_INIT(0x50000000), IPA_INIT(0x50000000), MIB(32)}},
	{{PA_INIT(0x54000000), IPA_INIT(0x80000000), MIB(32)}},
};
static struct vm_config cfgs[2] = {
	[VPN] = {.name = "vpn",
		 .trust = VM_TRUSTED,
		 .verify = VM_VERIFY_REQUIRED,
		 .cpus = cpus[VPN],
		 .num_cpus = 1,
		 .ram = ram[VPN],
		 .num_ram = 1,
		 .image = {.kernel = "vpn.kernel",
			   .kernel_ipa = IPA_INIT(0x50000000),
			   .dtb = "vpn.dtb",
			   .dtb_ipa = IPA_INIT(0x51000000),
			   .initrd = "vpn.initrd",
			   .initrd_ipa = IPA_INIT(0x51800000),
			   .sealed = "vpn.sealed",
			   .sealed_ipa = IPA_INIT(0x50ff0000)}},
	[APPS] = {.name = "apps",
		  .trust = VM_UNTRUSTED,
		  .verify = VM_VERIFY_MARK,
		  .cpus = cpus[APPS],
		  .num_cpus = 1,
		  .ram = ram[APPS],
		  .num_ram = 1,
		  .image = {.kernel = "apps.kernel", .kernel_ipa = IPA_INIT(0x80000000)}},
};
const struct system_config system_config = {.name = "unit", .vms = cfgs, .num_vms = 2};

static struct vm vms_[2];

/* ---- packages, built and signed here ---- */

#define MAX_PAYLOADS 8

struct payload {
	char name[PACK_NAME_SIZE];
	const uint8_t *data;
	size_t size;
	const struct crypto_p256_priv *key; /* NULL: unsigned (all-zero sig) */
	const char *signed_name;            /* sign a statement for this name instead (NULL: its own) */
};

static struct crypto_p256_priv vendor_priv, other_priv;
static uint8_t kernel[3000], dtb[100], initrd[5000], apps_kernel[2000], sealed[300];
static uint8_t configs[2][VMDESC_MAX];
static size_t config_len[2];
static struct payload payloads[MAX_PAYLOADS];
static size_t num_payloads;
static uint8_t image[PACK_ALIGN * (MAX_PAYLOADS + 2)] __attribute__((aligned(4096)));
static struct pack pkg;

static struct payload *add(const char *name, const uint8_t *data, size_t size)
{
	struct payload *p = &payloads[num_payloads++];

	memset(p, 0, sizeof(*p));
	(void)snprintf(p->name, sizeof(p->name), "%s", name);
	p->data = data;
	p->size = size;
	p->key = &vendor_priv;
	return p;
}

static struct payload *find(const char *name)
{
	for (size_t i = 0; i < num_payloads; i++) {
		if (strcmp(payloads[i].name, name) == 0) {
			return &payloads[i];
		}
	}
	fail_msg("no payload %s", name);
	return NULL;
}

static void drop(const char *name)
{
	struct payload *p = find(name);

	*p = payloads[--num_payloads];
}

static void sign(struct pack_entry *e, const struct payload *p)
{
	struct shoji_payload_statement st;
	struct crypto_sha256_digest h;
	struct crypto_p256_sig sig;

	memset(&st, 0, sizeof(st));
	memcpy(st.domain, SHOJI_PAYLOAD_DOMAIN, sizeof(st.domain));
	(void)snprintf(st.name, sizeof(st.name), "%s", p->signed_name != NULL ? p->signed_name : p->name);
	st.size = e->size;
	memcpy(st.sha256, e->sha256, sizeof(st.sha256));
	assert_int_equal(crypto_sha256(&st, sizeof(st), &h), CRYPTO_OK);
	assert_int_equal(crypto_p256_sign_det(p->key, &h, &sig), CRYPTO_OK);
	memcpy(e->sig, sig.bytes, sizeof(e->sig));
}

/* Lays the payloads out as include/shoji/pack.h says, signs them and opens the package. */
static void pack(void)
{
	struct pack_header *h = (struct pack_header *)image;
	struct pack_entry *entries = (struct pack_entry *)(image + sizeof(*h));
	uint64_t off = PACK_ALIGN;

	memset(image, 0, sizeof(image));
	memcpy(h->magic, PACK_MAGIC, PACK_MAGIC_SIZE);
	h->version = PACK_VERSION;
	h->num_entries = (uint32_t)num_payloads;
	h->table_size = (uint32_t)(sizeof(*h) + num_payloads * sizeof(*entries));
	for (size_t i = 0; i < num_payloads; i++) {
		const struct payload *p = &payloads[i];
		struct pack_entry *e = &entries[i];
		struct crypto_sha256_digest d;

		memcpy(e->name, p->name, sizeof(e->name));
		e->offset = off;
		e->size = p->size;
		memcpy(image + off, p->data, p->size);
		assert_int_equal(crypto_sha256(p->data, p->size, &d), CRYPTO_OK);
		memcpy(e->sha256, d.bytes, sizeof(e->sha256));
		if (p->key != NULL) {
			sign(e, p);
		}
		off += ALIGN_UP(p->size, PACK_ALIGN);
	}
	h->total_size = off;
	assert_int_equal(pack_open(&pkg, image, sizeof(image)), PACK_OK);
}

static uint8_t *payload_bytes(const char *name)
{
	const void *data;
	size_t size;

	assert_non_null(pack_find(&pkg, name, &data, &size));
	return (uint8_t *)(uintptr_t)data;
}

static int group_setup(void **state)
{
	struct crypto_p256_pub pub;

	(void)state;
	assert_int_equal(crypto_init(), CRYPTO_OK);
	memset(vendor_priv.bytes, 0x11, sizeof(vendor_priv.bytes));
	memset(other_priv.bytes, 0x22, sizeof(other_priv.bytes));
	assert_int_equal(crypto_p256_public(&vendor_priv, &pub), CRYPTO_OK);
	memcpy(vendor_pub, pub.bytes, sizeof(vendor_pub));
	for (size_t i = 0; i < sizeof(initrd); i++) {
		kernel[i % sizeof(kernel)] = (uint8_t)(i * 7);
		initrd[i] = (uint8_t)(i * 13 + 1);
		dtb[i % sizeof(dtb)] = (uint8_t)i;
		apps_kernel[i % sizeof(apps_kernel)] = (uint8_t)(i * 3 + 5);
		sealed[i % sizeof(sealed)] = (uint8_t)(i * 5 + 2);
	}
	for (uint32_t v = 0; v < 2; v++) {
		config_len[v] = vmdesc_encode(&system_config, v, configs[v], VMDESC_MAX);
		assert_true(config_len[v] > 0);
	}
	return 0;
}

/* Every payload of both VMs, signed by the vendor: the good image. */
static int reset(void **state)
{
	(void)state;
	num_payloads = 0;
	add("vpn.config", configs[VPN], config_len[VPN]);
	add("apps.config", configs[APPS], config_len[APPS]);
	add("vpn.kernel", kernel, sizeof(kernel));
	add("vpn.dtb", dtb, sizeof(dtb));
	add("vpn.initrd", initrd, sizeof(initrd));
	add("apps.kernel", apps_kernel, sizeof(apps_kernel));
	memset(vms_, 0, sizeof(vms_));
	for (uint32_t v = 0; v < 2; v++) {
		vms_[v].cfg = &cfgs[v];
		vms_[v].id = v;
	}
	log_text[0] = '\0';
	return 0;
}

/* attest.h's measurement, from the bytes this test packed (present payloads, fixed order). */
static void expected_measurement(const char *vm, uint8_t out[32])
{
	static const char *const kinds[] = {"config", "kernel", "dtb", "initrd"};
	struct crypto_sha256_ctx ctx;
	struct crypto_sha256_digest d;

	assert_int_equal(crypto_sha256_init(&ctx), CRYPTO_OK);
	assert_int_equal(crypto_sha256_update(&ctx, "SHOJI-MEASURE-v1", 16), CRYPTO_OK);
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		char name[PACK_NAME_SIZE] = {0};
		const void *data;
		size_t size;

		(void)snprintf(name, sizeof(name), "%s.%s", vm, kinds[k]);
		if (pack_find(&pkg, name, &data, &size) == NULL) {
			continue;
		}
		assert_int_equal(crypto_sha256(data, size, &d), CRYPTO_OK);
		assert_int_equal(crypto_sha256_update(&ctx, name, sizeof(name)), CRYPTO_OK);
		assert_int_equal(crypto_sha256_update(&ctx, d.bytes, sizeof(d.bytes)), CRYPTO_OK);
	}
	assert_int_equal(crypto_sha256_final(&ctx, &d), CRYPTO_OK);
	memcpy(out, d.bytes, 32);
}

static void assert_verified(uint32_t v)
{
	uint8_t m[32];

	assert_true(verify_vm(&vms_[v], &pkg));
	assert_int_equal(vms_[v].boot_check, VM_BOOT_VERIFIED);
	expected_measurement(cfgs[v].name, m);
	assert_memory_equal(vms_[v].measurement, m, 32);
}

static void assert_refused(const char *note)
{
	assert_false(verify_vm(&vms_[VPN], &pkg));
	assert_int_equal(vms_[VPN].boot_check, VM_BOOT_UNCHECKED);
	assert_string_equal(vms_[VPN].boot_note, note);
	assert_non_null(strstr(log_text, "vpn: verification failed after "));
}

/* The MARKed VM starts anyway, unverified, with the measurement of what it runs. */
static void assert_unverified(const char *note)
{
	uint8_t m[32];
	char line[160];

	assert_true(verify_vm(&vms_[APPS], &pkg));
	assert_int_equal(vms_[APPS].boot_check, VM_BOOT_UNVERIFIED);
	assert_string_equal(vms_[APPS].boot_note, note);
	expected_measurement("apps", m);
	assert_memory_equal(vms_[APPS].measurement, m, 32);
	(void)snprintf(line, sizeof(line), "apps: starting UNVERIFIED: %s\n", note);
	assert_non_null(strstr(log_text, line));
}

/* ---- tests ---- */

static void signed_image_verifies(void **state)
{
	(void)state;
	char hex[65];
	char line[200];

	pack();
	assert_verified(VPN);
	assert_verified(APPS);
	for (int i = 0; i < 32; i++) {
		(void)snprintf(hex + 2 * i, 3, "%02x", vms_[VPN].measurement[i]);
	}
	/* Two counter reads, 7 ms apart (the fake clock). */
	(void)snprintf(line, sizeof(line), "vpn: verified in 7 ms against unit-vendor.pub, measurement %s\n", hex);
	assert_non_null(strstr(log_text, line));
}

static void unsigned_payload(void **state)
{
	(void)state;
	find("vpn.initrd")->key = NULL;
	find("apps.kernel")->key = NULL;
	pack();
	assert_refused("vpn.initrd: signature does not verify against the vendor key");
	assert_unverified("apps.kernel: signature does not verify against the vendor key");
}

static void signed_by_another_key(void **state)
{
	(void)state;
	find("vpn.kernel")->key = &other_priv;
	find("apps.config")->key = &other_priv;
	pack();
	assert_refused("vpn.kernel: signature does not verify against the vendor key");
	assert_unverified("apps.config: signature does not verify against the vendor key");
}

static void payload_changed_after_signing(void **state)
{
	(void)state;
	pack();
	payload_bytes("vpn.dtb")[50] ^= 1;
	payload_bytes("apps.kernel")[0] ^= 0x80;
	assert_refused("vpn.dtb: SHA-256 mismatch");
	assert_unverified("apps.kernel: SHA-256 mismatch");
}

/* A genuine signature for another name does not transfer (the statement binds the name). */
static void payload_moved_to_another_slot(void **state)
{
	(void)state;
	find("vpn.kernel")->signed_name = "apps.kernel";
	pack();
	assert_refused("vpn.kernel: signature does not verify against the vendor key");
}

static void missing_config(void **state)
{
	(void)state;
	drop("vpn.config");
	drop("apps.config");
	pack();
	assert_refused("missing payload vpn.config");
	assert_unverified("missing payload apps.config");
}

/* Signed correctly, but not the table this hypervisor was built with. */
static void config_differs_from_the_table(void **state)
{
	(void)state;
	static uint8_t other[2][VMDESC_MAX];

	for (uint32_t v = 0; v < 2; v++) {
		memcpy(other[v], configs[v], config_len[v]);
		other[v][44] ^= 1; /* cpus[0] */
	}
	find("vpn.config")->data = other[VPN];
	find("apps.config")->data = other[APPS];
	pack();
	assert_refused("vpn.config: partition entry differs from the signed one");
	assert_unverified("apps.config: partition entry differs from the signed one");
}

/* The other VM's config is not this VM's, however well signed. */
static void another_vms_config(void **state)
{
	(void)state;
	find("vpn.config")->data = configs[APPS];
	find("vpn.config")->size = config_len[APPS];
	pack();
	assert_refused("vpn.config: partition entry differs from the signed one");
	assert_verified(APPS);
}

/* The first fault is the one reported; a MARKed VM checks and measures the rest all the same. */
static void first_fault_wins(void **state)
{
	(void)state;
	find("apps.config")->key = NULL;
	pack();
	payload_bytes("apps.kernel")[0] ^= 0x80;
	assert_unverified("apps.config: signature does not verify against the vendor key");
}

/*
 * The sealed payload is sealed to the measurement, so it is outside it: unsigned, changed or
 * absent, the VM verifies with the same measurement (its name and IPA are in the signed config).
 */
static void sealed_payload_neither_checked_nor_measured(void **state)
{
	(void)state;
	uint8_t m[32];

	pack();
	assert_verified(VPN);
	memcpy(m, vms_[VPN].measurement, sizeof(m));

	reset(state);
	add("vpn.sealed", sealed, sizeof(sealed))->key = NULL;
	pack();
	assert_verified(VPN);
	assert_memory_equal(vms_[VPN].measurement, m, sizeof(m));

	reset(state);
	add("vpn.sealed", sealed, sizeof(sealed));
	pack();
	payload_bytes("vpn.sealed")[0] ^= 1; /* its entry's SHA-256 no longer matches either */
	assert_verified(VPN);
	assert_memory_equal(vms_[VPN].measurement, m, sizeof(m));
	assert_null(strstr(log_text, "vpn.sealed"));
}

/* A failing VM does not stop the other from verifying. */
static void one_vm_refused_other_verified(void **state)
{
	(void)state;
	find("vpn.kernel")->key = NULL;
	pack();
	assert_refused("vpn.kernel: signature does not verify against the vendor key");
	assert_verified(APPS);
	assert_false(spin_is_locked(&crypto_lock));
}

#define T(f) cmocka_unit_test_setup(f, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(signed_image_verifies),
		T(unsigned_payload),
		T(signed_by_another_key),
		T(payload_changed_after_signing),
		T(payload_moved_to_another_slot),
		T(missing_config),
		T(config_differs_from_the_table),
		T(another_vms_config),
		T(first_fault_wins),
		T(one_vm_refused_other_verified),
		T(sealed_payload_neither_checked_nor_measured),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
