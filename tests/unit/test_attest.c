// SPDX-License-Identifier: MIT
/*
 * Unit tests for ATTEST and KEY_DERIVE (hyp/core/attest.c) on the host build of the
 * hypervisor's crypto: the caller's buffer is checked before anything happens (and
 * a refused call writes no byte anywhere), the report and the key are what
 * include/shoji/attest.h says, recomputed here from the device secret on their own.
 * The VM's "RAM" is host memory: its PA is the address of an array, so attest.c
 * writes through the same kind of identity map it has at EL2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <board.h>
#include <console_hw.h>
#include <crypto.h>
#include <mm.h>
#include <shoji/abi.h>
#include <shoji/attest.h>
#include <trust.h>
#include <vmdesc.h>

/* ---- what attest.c links against: the board's secret, the cache, the log ---- */

static const uint8_t secret[32] = "unit-test device secret, public";

void board_device_secret(uint8_t out[32])
{
	memcpy(out, secret, sizeof(secret));
}

static struct {
	unsigned int n;
	uintptr_t start;
	size_t size;
} cleaned;

void dcache_clean_inval_range(uintptr_t start, size_t size)
{
	cleaned.n++;
	cleaned.start = start;
	cleaned.size = size;
}

static char log_text[4096];

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

/*
 * ---- the caller, apps: RAM0 and RAM1 back to back in IPA (two regions, so a buffer
 * across the seam is refused), a channel window and a device that are not RAM ----
 */

#define GUARD      256
#define RAM0_SIZE  0x4000
#define RAM1_SIZE  0x2000
#define RAM0       0x40000000ULL
#define RAM1       (RAM0 + RAM0_SIZE)
#define RAM1_END   (RAM1 + RAM1_SIZE)
#define CHAN_IPA   0x60000000ULL
#define MMIO_IPA   0x09000000ULL
#define VPN_RAM    0x80000000ULL
#define REPORT     sizeof(struct shoji_attest_report)
#define SIGNED_LEN offsetof(struct shoji_attest_report, signature)

/* Everything a call could conceivably touch, with guards around each region. */
static struct memory {
	uint8_t pre[GUARD];
	uint8_t ram0[RAM0_SIZE];
	uint8_t mid[GUARD];
	uint8_t ram1[RAM1_SIZE];
	uint8_t post[GUARD];
	uint8_t chan[0x1000];
	uint8_t vpn[0x1000];
} mem __attribute__((aligned(4096)));
static struct memory before;

static struct vm_ram apps_ram[2];
static struct vm_ram vpn_ram[1];
static const uint32_t apps_cpus[] = {1};
static const uint32_t vpn_cpus[] = {0};
static struct vm_config cfgs[2];
static struct channel_config chans[1];
const struct system_config system_config = {
	.name = "unit",
	.vms = cfgs,
	.num_vms = 2,
	.channels = chans,
	.num_channels = 1,
};

static struct vm apps;

static uint64_t host_pa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void build_system(void)
{
	apps_ram[0] = (struct vm_ram){PA_INIT(host_pa(mem.ram0)), IPA_INIT(RAM0), RAM0_SIZE};
	apps_ram[1] = (struct vm_ram){PA_INIT(host_pa(mem.ram1)), IPA_INIT(RAM1), RAM1_SIZE};
	vpn_ram[0] = (struct vm_ram){PA_INIT(host_pa(mem.vpn)), IPA_INIT(VPN_RAM), sizeof(mem.vpn)};
	cfgs[0] = (struct vm_config){.name = "vpn",
				     .trust = VM_TRUSTED,
				     .cpus = vpn_cpus,
				     .num_cpus = 1,
				     .ram = vpn_ram,
				     .num_ram = 1,
				     .image = {.kernel = "vpn.kernel", .kernel_ipa = IPA_INIT(VPN_RAM)}};
	cfgs[1] = (struct vm_config){.name = "apps",
				     .trust = VM_UNTRUSTED,
				     .verify = VM_VERIFY_MARK,
				     .cpus = apps_cpus,
				     .num_cpus = 1,
				     .ram = apps_ram,
				     .num_ram = 2,
				     .image = {.kernel = "apps.kernel", .kernel_ipa = IPA_INIT(RAM0)}};
	chans[0] = (struct channel_config){"net",
					   PA_INIT(host_pa(mem.chan)),
					   sizeof(mem.chan),
					   {{"vpn", IPA_INIT(0x70000000), 40}, {"apps", IPA_INIT(CHAN_IPA), 41}}};
	apps.cfg = &cfgs[1];
	apps.id = 1;
	for (size_t i = 0; i < sizeof(apps.measurement); i++) {
		apps.measurement[i] = (uint8_t)(0xa0 + i);
	}
	apps.boot_check = VM_BOOT_VERIFIED;
}

static int group_setup(void **state)
{
	(void)state;
	build_system();
	attest_init();
	return 0;
}

static int reset(void **state)
{
	(void)state;
	memset(&mem, 0x5a, sizeof(mem));
	before = mem;
	cleaned.n = 0;
	apps.boot_check = VM_BOOT_VERIFIED;
	return 0;
}

static const uint64_t nonce[4] = {0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL, 0x1716151413121110ULL,
				  0x1f1e1d1c1b1a1918ULL};

/* ---- the device key and the partition-table hash, recomputed independently ---- */

static void device_pub(struct crypto_p256_pub *pub)
{
	struct crypto_p256_priv priv;

	assert_int_equal(crypto_hkdf_sha256(NULL, 0, secret, sizeof(secret), SHOJI_DEVKEY_DOMAIN,
					    sizeof(SHOJI_DEVKEY_DOMAIN) - 1, priv.bytes, sizeof(priv.bytes)),
			 CRYPTO_OK);
	assert_int_equal(crypto_p256_public(&priv, pub), CRYPTO_OK);
}

static void table_hash(uint8_t out[32])
{
	uint8_t desc[2][VMDESC_MAX];
	uint8_t both[2 * VMDESC_MAX];
	size_t n0 = vmdesc_encode(&system_config, 0, desc[0], VMDESC_MAX);
	size_t n1 = vmdesc_encode(&system_config, 1, desc[1], VMDESC_MAX);

	assert_true(n0 > 0 && n1 > 0);
	memcpy(both, desc[0], n0);
	memcpy(both + n0, desc[1], n1);
	struct crypto_sha256_digest d;
	assert_int_equal(crypto_sha256(both, n0 + n1, &d), CRYPTO_OK);
	memcpy(out, d.bytes, 32);
}

static void device_key_is_logged(void **state)
{
	(void)state;
	struct crypto_p256_pub pub;
	char line[200] = "attest: device key ";
	size_t n = strlen(line);

	device_pub(&pub);
	for (size_t i = 0; i < sizeof(pub.bytes); i++) {
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%02x", pub.bytes[i]);
	}
	assert_non_null(strstr(log_text, line));
}

/* ---- ATTEST ---- */

static void assert_only_written(const uint8_t *at, size_t n)
{
	const uint8_t *m = (const uint8_t *)&mem;
	const uint8_t *b = (const uint8_t *)&before;
	size_t off = (size_t)(at - m);

	assert_memory_equal(m, b, off);
	assert_memory_equal(m + off + n, b + off + n, sizeof(mem) - off - n);
	assert_int_equal(cleaned.n, 1);
	assert_int_equal(cleaned.start, (uintptr_t)at);
	assert_int_equal(cleaned.size, n);
}

static void report_is_complete_and_signed(void **state)
{
	(void)state;
	struct shoji_attest_report r;
	struct crypto_sha256_digest h;
	struct crypto_p256_pub pub;
	struct crypto_p256_sig sig;
	uint8_t table[32];

	assert_int_equal(attest_report(&apps, RAM0 + 0x100, 0x1000, nonce), REPORT);
	assert_only_written(mem.ram0 + 0x100, REPORT);
	memcpy(&r, mem.ram0 + 0x100, sizeof(r));

	assert_memory_equal(r.magic, "SHOJIAR\0", 8);
	assert_int_equal(r.version, 1);
	assert_int_equal(r.size, 208);
	assert_int_equal(r.abi_major, SHOJI_ABI_MAJOR);
	assert_int_equal(r.abi_minor, SHOJI_ABI_MINOR);
	assert_int_equal(r.trust, 0);
	assert_int_equal(r.flags, SHOJI_REPORT_F_VERIFIED);
	assert_int_equal(r.reserved, 0);
	assert_memory_equal(r.vm_name, "apps\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	assert_memory_equal(r.measurement, apps.measurement, 32);
	table_hash(table);
	assert_memory_equal(r.partition_table, table, 32);
	for (size_t i = 0; i < 32; i++) {
		assert_int_equal(r.nonce[i], i); /* x3 holds bytes 0..7, little-endian */
	}
	device_pub(&pub);
	assert_int_equal(crypto_sha256(&r, SIGNED_LEN, &h), CRYPTO_OK);
	memcpy(sig.bytes, r.signature, sizeof(sig.bytes));
	assert_int_equal(crypto_p256_verify(&pub, &h, &sig), CRYPTO_OK);
	/* Any other nonce would not verify under that signature. */
	r.nonce[0] ^= 1;
	assert_int_equal(crypto_sha256(&r, SIGNED_LEN, &h), CRYPTO_OK);
	assert_int_equal(crypto_p256_verify(&pub, &h, &sig), CRYPTO_ERR_VERIFY);
}

static void unverified_vm_reports_no_flag(void **state)
{
	(void)state;
	struct shoji_attest_report r;

	apps.boot_check = VM_BOOT_UNVERIFIED;
	assert_int_equal(attest_report(&apps, RAM1, REPORT, nonce), REPORT);
	memcpy(&r, mem.ram1, sizeof(r));
	assert_int_equal(r.flags, 0);
}

/* RFC 6979: the same call gives the same bytes. */
static void report_is_deterministic(void **state)
{
	(void)state;
	assert_int_equal(attest_report(&apps, RAM0, REPORT, nonce), REPORT);
	assert_int_equal(attest_report(&apps, RAM1, REPORT, nonce), REPORT);
	assert_memory_equal(mem.ram0, mem.ram1, REPORT);
}

/* Exactly at the ends of each region: accepted. */
static void buffers_at_region_edges(void **state)
{
	(void)state;
	assert_int_equal(attest_report(&apps, RAM0, RAM0_SIZE, nonce), REPORT);
	assert_int_equal(attest_report(&apps, RAM1 - 8 * 26, 8 * 26, nonce), REPORT);
	assert_int_equal(attest_report(&apps, RAM1_END - REPORT, REPORT, nonce), REPORT);
	assert_int_equal(attest_key_derive(&apps, RAM1_END - 32, 32, 0), SHOJI_KEY_SIZE);
	assert_memory_equal(mem.post, before.post, sizeof(mem.post));
	assert_memory_equal(mem.mid, before.mid, sizeof(mem.mid));
}

/* ---- KEY_DERIVE ---- */

static void expected_key(const uint8_t measurement[32], uint64_t label, uint8_t out[32])
{
	uint8_t info[13 + 8];

	memcpy(info, "SHOJI-SEAL-v1", 13);
	for (int i = 0; i < 8; i++) {
		info[13 + i] = (uint8_t)(label >> (8 * i));
	}
	assert_int_equal(crypto_hkdf_sha256(measurement, 32, secret, sizeof(secret), info, sizeof(info), out, 32),
			 CRYPTO_OK);
}

static void key_is_hkdf_of_measurement_and_label(void **state)
{
	(void)state;
	uint8_t want[32];
	uint64_t label = 0x8877665544332211ULL;

	assert_int_equal(attest_key_derive(&apps, RAM0 + 8, 0x100, label), SHOJI_KEY_SIZE);
	assert_only_written(mem.ram0 + 8, 32);
	expected_key(apps.measurement, label, want);
	assert_memory_equal(mem.ram0 + 8, want, 32);
}

static void keys_differ_by_label_and_measurement(void **state)
{
	(void)state;
	assert_int_equal(attest_key_derive(&apps, RAM0, 32, 1), SHOJI_KEY_SIZE);
	assert_int_equal(attest_key_derive(&apps, RAM0 + 32, 32, 2), SHOJI_KEY_SIZE);
	assert_int_equal(attest_key_derive(&apps, RAM0 + 64, 32, 1), SHOJI_KEY_SIZE);
	assert_memory_not_equal(mem.ram0, mem.ram0 + 32, 32);
	assert_memory_equal(mem.ram0, mem.ram0 + 64, 32); /* same image, same label, same key */
	apps.measurement[31] ^= 1;
	assert_int_equal(attest_key_derive(&apps, RAM0 + 96, 32, 1), SHOJI_KEY_SIZE);
	apps.measurement[31] ^= 1;
	assert_memory_not_equal(mem.ram0, mem.ram0 + 96, 32);
}

/* ---- validation: every refusal is INVALID_PARAMETER and touches nothing ---- */

static const struct bad_buffer {
	const char *why;
	uint64_t ipa, size;
} bad_buffers[] = {
	{"unaligned by 1", RAM0 + 1, 0x1000},
	{"unaligned by 4", RAM0 + 4, 0x1000},
	{"unaligned by 7", RAM0 + 0x107, 0x1000},
	{"size 0", RAM0, 0},
	{"one byte short", RAM0, SHOJI_KEY_SIZE - 1},
	{"wraps", UINT64_MAX - 7, 16},
	{"wraps from RAM", RAM0, UINT64_MAX},
	{"wraps from RAM, by 8", RAM0, UINT64_MAX - RAM0 + 9},
	{"crosses the end of RAM1", RAM1_END - 8, 0x100},
	{"starts at the end of RAM1", RAM1_END, 0x100},
	{"size runs past RAM1", RAM1, RAM1_SIZE + 8},
	{"spans RAM0 and RAM1", RAM1 - 16, 0x100},
	{"below RAM0", RAM0 - 8, 0x100},
	{"channel window", CHAN_IPA, 0x100},
	{"MMIO (the vPL011's page)", MMIO_IPA, 0x100},
	{"the other VM's RAM", VPN_RAM, 0x100},
	{"IPA 0", 0, 0x100},
	{"size with stray bit 63", RAM0, (1ULL << 63) | 0x100},
	{"size with stray bit 32", RAM0, (1ULL << 32) | 0x100},
	{"IPA with stray bit 63", (1ULL << 63) | RAM0, 0x100},
	{"IPA with stray bit 39", (1ULL << 39) | RAM0, 0x100},
	{"IPA all ones", UINT64_MAX, 0x100},
	{"all ones", UINT64_MAX, UINT64_MAX},
	{"IPA all ones, aligned", UINT64_MAX & ~7ULL, 0x100},
};

static void assert_refused(int64_t got, const char *call, const char *why)
{
	if (got != SMCCC_RET_INVALID_PARAMETER) {
		fail_msg("%s, %s: got %lld, want INVALID_PARAMETER", call, why, (long long)got);
	}
	if (memcmp(&mem, &before, sizeof(mem)) != 0 || cleaned.n != 0) {
		fail_msg("%s, %s: refused, but memory was written", call, why);
	}
}

static void bad_buffers_are_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_buffers); i++) {
		const struct bad_buffer *b = &bad_buffers[i];

		assert_refused(attest_report(&apps, b->ipa, b->size, nonce), "ATTEST", b->why);
		assert_refused(attest_key_derive(&apps, b->ipa, b->size, 0), "KEY_DERIVE", b->why);
	}
}

/* A buffer big enough for a key is too small for a report. */
static void report_needs_its_size(void **state)
{
	(void)state;
	assert_refused(attest_report(&apps, RAM0, REPORT - 1, nonce), "ATTEST", "207 bytes");
	assert_refused(attest_report(&apps, RAM0, REPORT - 8, nonce), "ATTEST", "200 bytes");
	assert_refused(attest_report(&apps, RAM1_END - REPORT + 8, REPORT, nonce), "ATTEST", "crossing RAM1's end");
}

/* Every combination of 64-bit patterns: only buffers really inside RAM get through. */
static void all_patterns(void **state)
{
	(void)state;
	static const uint64_t v[] = {0,
				     1,
				     8,
				     REPORT,
				     RAM0,
				     RAM1,
				     RAM1_END,
				     CHAN_IPA,
				     VPN_RAM,
				     0x7fffffffffffffffULL,
				     0x8000000000000000ULL,
				     0xffffffff00000000ULL,
				     0x00000000ffffffffULL,
				     0xfffffffffffffff8ULL,
				     UINT64_MAX};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(v); j++) {
			uint64_t ipa = v[i];
			uint64_t size = v[j];
			bool inside = IS_ALIGNED(ipa, 8) && ((ipa >= RAM0 && ipa < RAM1 && size <= RAM1 - ipa) ||
							     (ipa >= RAM1 && ipa < RAM1_END && size <= RAM1_END - ipa));
			int64_t r = attest_report(&apps, ipa, size, nonce);
			int64_t k = attest_key_derive(&apps, ipa, size, 7);

			assert_int_equal(r, inside && size >= REPORT ? (int64_t)REPORT : SMCCC_RET_INVALID_PARAMETER);
			assert_int_equal(k, inside && size >= 32 ? SHOJI_KEY_SIZE : SMCCC_RET_INVALID_PARAMETER);
			if (r < 0 && k < 0) {
				assert_memory_equal(&mem, &before, sizeof(mem));
			}
			reset(NULL);
		}
	}
}

/* ---- the crypto lock: a guest never waits for it ---- */

static void busy_crypto_says_busy(void **state)
{
	(void)state;
	spin_lock(&crypto_lock);
	assert_int_equal(attest_report(&apps, RAM0, REPORT, nonce), SHOJI_RET_BUSY);
	assert_int_equal(attest_key_derive(&apps, RAM0, 32, 0), SHOJI_RET_BUSY);
	assert_memory_equal(&mem, &before, sizeof(mem));
	assert_int_equal(cleaned.n, 0);
	/* Validation comes first: a bad buffer is refused as such, busy or not. */
	assert_refused(attest_report(&apps, RAM0 + 1, REPORT, nonce), "ATTEST", "busy and unaligned");
	spin_unlock(&crypto_lock);
	assert_int_equal(attest_report(&apps, RAM0, REPORT, nonce), REPORT);
	assert_int_equal(attest_key_derive(&apps, RAM1, 32, 0), SHOJI_KEY_SIZE);
}

#define T(f) cmocka_unit_test_setup(f, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(device_key_is_logged),
		T(report_is_complete_and_signed),
		T(unverified_vm_reports_no_flag),
		T(report_is_deterministic),
		T(buffers_at_region_edges),
		T(key_is_hkdf_of_measurement_and_label),
		T(keys_differ_by_label_and_measurement),
		T(bad_buffers_are_refused),
		T(report_needs_its_size),
		T(all_patterns),
		T(busy_crypto_says_busy),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
