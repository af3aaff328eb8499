// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for Shoji's whole HVC entry (hyp/core/hvc.c) with the real trust
 * calls behind it (hyp/core/attest.c on the host build of the hypervisor's crypto):
 * every register a guest controls, x0..x6, comes from the input, for a sequence of
 * calls from either VM. CHANNEL_NOTIFY's core is a recording fake (chan.c has its own
 * unit tests and the channel fuzz target covers its ring).
 *
 * Checked after every call, against an oracle written here from docs/abi.md rather
 * than from the code under test:
 *   - x0 that is not exactly a Shoji function ID: NOT_SUPPORTED, x1..x30 untouched,
 *     nothing written, nothing called;
 *   - VERSION: the four results; CHANNEL_NOTIFY: the fake got the whole 64-bit x1;
 *   - ATTEST and KEY_DERIVE: succeed exactly when the buffer is 8-byte aligned, at
 *     least the result's size, and lies inside one RAM region of the caller (never
 *     across two, never in the channel window or the other VM); on success exactly
 *     the result's bytes at the start of the buffer changed, the report carries the
 *     caller's identity and nonce and verifies against the device key, the key is
 *     HKDF as specified; on failure no byte of any memory changed;
 *   - the crypto lock is free again, and the guard bytes around every region are intact.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <board.h>
#include <chan.h>
#include <console_hw.h>
#include <crypto.h>
#include <guest_calls.h>
#include <mm.h>
#include <shoji/abi.h>
#include <shoji/attest.h>
#include <trust.h>

#define CHECK(c) check((c), #c, __LINE__)
#define REPORT   sizeof(struct shoji_attest_report)
#define SIGNED   offsetof(struct shoji_attest_report, signature)
#define REGS     7 /* x0..x6: what a call may read */
#define MAX_OPS  64U

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what, int line)
{
	if (!ok) {
		(void)fprintf(stderr, "fuzz_hvc:%d: check failed: %s\n", line, what);
		abort();
	}
}

/* ---- what hvc.c and attest.c link against ---- */

static const uint8_t secret[32] = "fuzz device secret (public)";

void board_device_secret(uint8_t out[32])
{
	memcpy(out, secret, sizeof(secret));
}

void dcache_clean_inval_range(uintptr_t start, size_t len)
{
	(void)start;
	(void)len;
}

void log_line(const char *fmt, ...)
{
	(void)fmt; /* attest_init's two lines; guest calls log nothing */
}

static struct {
	unsigned int calls;
	const struct vm *vm;
	uint64_t index;
} notify;

int64_t chan_notify(struct vm *vm, uint64_t index)
{
	notify.calls++;
	notify.vm = vm;
	notify.index = index;
	return SHOJI_OK;
}

/*
 * ---- the system: vpn has one RAM region, apps two back to back in IPA (a buffer
 * across the seam must be refused); a channel window each; guards between all ----
 */

#define GUARD     64
#define VPN_SIZE  0x1000
#define APPS0     0x2000
#define APPS1     0x1000
#define CHAN_SIZE 0x1000

#define VPN_IPA   0x50000000ULL
#define APPS0_IPA 0x80000000ULL
#define APPS1_IPA (APPS0_IPA + APPS0)
#define CHAN_VPN  0x70000000ULL
#define CHAN_APPS 0xa0000000ULL

static struct memory {
	uint8_t g0[GUARD];
	uint8_t vpn[VPN_SIZE];
	uint8_t g1[GUARD];
	uint8_t apps0[APPS0];
	uint8_t g2[GUARD];
	uint8_t apps1[APPS1];
	uint8_t g3[GUARD];
	uint8_t chan[CHAN_SIZE];
	uint8_t g4[GUARD];
} mem __attribute__((aligned(4096)));
static struct memory before;

static struct vm_ram vpn_ram[1], apps_ram[2];
static const uint32_t vpn_cpus[] = {0};
static const uint32_t apps_cpus[] = {1, 2};
static struct vm_config cfgs[2];
static struct channel_config chans[1];
const struct system_config system_config = {
	.name = "fuzz",
	.vms = cfgs,
	.num_vms = 2,
	.channels = chans,
	.num_channels = 1,
};
static struct vm vms_[2];
static struct vcpu vcpus[3];
static struct crypto_p256_pub device_pub;

static uint64_t pa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void build_system(void)
{
	vpn_ram[0] = (struct vm_ram){PA_INIT(pa_of(mem.vpn)), IPA_INIT(VPN_IPA), VPN_SIZE};
	apps_ram[0] = (struct vm_ram){PA_INIT(pa_of(mem.apps0)), IPA_INIT(APPS0_IPA), APPS0};
	apps_ram[1] = (struct vm_ram){PA_INIT(pa_of(mem.apps1)), IPA_INIT(APPS1_IPA), APPS1};
	cfgs[0] = (struct vm_config){.name = "vpn",
				     .trust = VM_TRUSTED,
				     .cpus = vpn_cpus,
				     .num_cpus = 1,
				     .ram = vpn_ram,
				     .num_ram = 1,
				     .image = {.kernel = "vpn.kernel", .kernel_ipa = IPA_INIT(VPN_IPA)}};
	cfgs[1] = (struct vm_config){.name = "apps",
				     .trust = VM_UNTRUSTED,
				     .verify = VM_VERIFY_MARK,
				     .cpus = apps_cpus,
				     .num_cpus = 2,
				     .ram = apps_ram,
				     .num_ram = 2,
				     .image = {.kernel = "apps.kernel", .kernel_ipa = IPA_INIT(APPS0_IPA)}};
	chans[0] = (struct channel_config){"net",
					   PA_INIT(pa_of(mem.chan)),
					   CHAN_SIZE,
					   {{"vpn", IPA_INIT(CHAN_VPN), 40}, {"apps", IPA_INIT(CHAN_APPS), 40}}};
	for (uint32_t i = 0; i < 2; i++) {
		vms_[i].cfg = &cfgs[i];
		vms_[i].id = i;
		vms_[i].state = VM_RUNNING;
		for (size_t b = 0; b < sizeof(vms_[i].measurement); b++) {
			vms_[i].measurement[b] = (uint8_t)(0x11 * (i + 1) + b);
		}
	}
	vms_[0].boot_check = VM_BOOT_VERIFIED;
	vms_[1].boot_check = VM_BOOT_UNVERIFIED;
	vcpus[0] = (struct vcpu){.vm = &vms_[0], .index = 0, .pcpu = 0};
	vcpus[1] = (struct vcpu){.vm = &vms_[1], .index = 0, .pcpu = 1};
	vcpus[2] = (struct vcpu){.vm = &vms_[1], .index = 1, .pcpu = 2};
}

static void setup_once(void)
{
	static bool done;
	struct crypto_p256_priv priv;

	if (done) {
		return;
	}
	done = true;
	build_system();
	attest_init();
	/* The device key as docs/abi.md defines it, derived here on its own (counter 0 suffices for this secret). */
	CHECK(crypto_hkdf_sha256(NULL, 0, secret, sizeof(secret), SHOJI_DEVKEY_DOMAIN, sizeof(SHOJI_DEVKEY_DOMAIN) - 1,
				 priv.bytes, sizeof(priv.bytes)) == CRYPTO_OK);
	CHECK(crypto_p256_public(&priv, &device_pub) == CRYPTO_OK);
}

/* ---- the oracle ---- */

/* Host address of [ipa, ipa + len) if it lies inside one RAM region of `vm` (docs/abi.md's rule), else NULL. */
static uint8_t *oracle_buffer(const struct vm *vm, uint64_t ipa, uint64_t len)
{
	for (uint32_t i = 0; i < vm->cfg->num_ram; i++) {
		const struct vm_ram *r = &vm->cfg->ram[i];
		if (len != 0 && ipa >= r->ipa.v && ipa - r->ipa.v < r->size && len <= r->size - (ipa - r->ipa.v)) {
			return (uint8_t *)(uintptr_t)(r->pa.v + (ipa - r->ipa.v));
		}
	}
	return NULL;
}

/* Offsets of the bytes that changed in mem, at most 2: [first, last]. Returns false if none did. */
static bool changed_span(size_t *first, size_t *last)
{
	const uint8_t *a = (const uint8_t *)&mem;
	const uint8_t *b = (const uint8_t *)&before;
	bool any = false;

	for (size_t i = 0; i < sizeof(mem); i++) {
		if (a[i] != b[i]) {
			if (!any) {
				*first = i;
			}
			*last = i;
			any = true;
		}
	}
	return any;
}

/* On success only [buf, buf + n) may differ (the result may equal some old bytes: not all need to). */
static void check_written_inside(const uint8_t *buf, size_t n)
{
	size_t first = 0, last = 0;
	size_t off = (size_t)(buf - (const uint8_t *)&mem);

	if (changed_span(&first, &last)) {
		CHECK(first >= off && last < off + n);
	}
}

static void check_report(const struct vm *vm, const uint8_t *buf, const uint64_t nonce[4])
{
	struct shoji_attest_report r;
	struct crypto_sha256_digest h;
	struct crypto_p256_sig sig;

	memcpy(&r, buf, sizeof(r));
	CHECK(memcmp(r.magic, SHOJI_REPORT_MAGIC, sizeof(r.magic)) == 0);
	CHECK(r.version == SHOJI_REPORT_VERSION && r.size == REPORT);
	CHECK(r.trust == (vm->cfg->trust == VM_TRUSTED ? 1U : 0U));
	CHECK(r.flags == (vm->boot_check == VM_BOOT_VERIFIED ? SHOJI_REPORT_F_VERIFIED : 0U));
	CHECK(strncmp(r.vm_name, vm->cfg->name, sizeof(r.vm_name)) == 0);
	CHECK(memcmp(r.measurement, vm->measurement, sizeof(r.measurement)) == 0);
	CHECK(memcmp(r.nonce, nonce, sizeof(r.nonce)) == 0);
	CHECK(crypto_sha256(&r, SIGNED, &h) == CRYPTO_OK);
	memcpy(sig.bytes, r.signature, sizeof(sig.bytes));
	CHECK(crypto_p256_verify(&device_pub, &h, &sig) == CRYPTO_OK);
}

static void check_key(const struct vm *vm, const uint8_t *buf, uint64_t label)
{
	uint8_t info[sizeof(SHOJI_SEAL_DOMAIN) - 1 + 8];
	uint8_t key[SHOJI_KEY_SIZE];

	memcpy(info, SHOJI_SEAL_DOMAIN, sizeof(SHOJI_SEAL_DOMAIN) - 1);
	for (unsigned int i = 0; i < 8; i++) {
		info[sizeof(SHOJI_SEAL_DOMAIN) - 1 + i] = (uint8_t)(label >> (8 * i));
	}
	CHECK(crypto_hkdf_sha256(vm->measurement, sizeof(vm->measurement), secret, sizeof(secret), info, sizeof(info),
				 key, sizeof(key)) == CRYPTO_OK);
	CHECK(memcmp(buf, key, sizeof(key)) == 0);
}

/* A trust call (ATTEST or KEY_DERIVE) against the oracle. */
static void check_trust_call(const struct vcpu *v, const uint64_t in[REGS], uint64_t x0, size_t need, bool attest)
{
	uint8_t *buf = (in[1] % 8 == 0 && in[2] >= need) ? oracle_buffer(v->vm, in[1], in[2]) : NULL;

	if (buf == NULL) {
		size_t first, last;
		CHECK(x0 == (uint64_t)(int64_t)SMCCC_RET_INVALID_PARAMETER);
		CHECK(!changed_span(&first, &last));
		return;
	}
	CHECK(x0 == need);
	check_written_inside(buf, need);
	if (attest) {
		check_report(v->vm, buf, &in[3]);
	} else {
		check_key(v->vm, buf, in[3]);
	}
}

/* ---- the input: per call, a selector byte then the registers it does not fix ---- */

struct reader {
	const uint8_t *p;
	size_t left;
};

static bool take_u8(struct reader *r, uint8_t *out)
{
	if (r->left == 0) {
		return false;
	}
	*out = *r->p++;
	r->left--;
	return true;
}

static uint64_t take_u64(struct reader *r)
{
	uint64_t v = 0;
	uint8_t b;

	for (unsigned int i = 0; i < 8 && take_u8(r, &b); i++) {
		v |= (uint64_t)b << (8 * i);
	}
	return v;
}

/*
 * x1 for a trust call: half the time an address near something interesting (each
 * region's start or end, the channel window, the seam between apps' regions), offset
 * by a small signed amount, so the fuzzer reaches every boundary quickly.
 */
static uint64_t pick_ipa(struct reader *r, uint8_t sel)
{
	static const uint64_t anchors[] = {
		VPN_IPA,           VPN_IPA + VPN_SIZE, APPS0_IPA, APPS1_IPA,
		APPS1_IPA + APPS1, CHAN_VPN,           CHAN_APPS, UINT64_MAX - 0xff,
	};
	uint64_t raw = take_u64(r);

	if ((sel & 0x40) == 0) {
		return raw;
	}
	return anchors[(raw >> 16) % (sizeof(anchors) / sizeof(anchors[0]))] + (uint64_t)(int64_t)(int16_t)raw;
}

static void one_call(struct reader *r, uint8_t sel)
{
	static const uint64_t ids[] = {SHOJI_HVC_VERSION, SHOJI_HVC_CHANNEL_NOTIFY, SHOJI_HVC_ATTEST,
				       SHOJI_HVC_KEY_DERIVE};
	struct vcpu *v = &vcpus[sel % 3];
	struct trap_frame f;
	uint64_t in[REGS];

	memset(&f, 0, sizeof(f));
	in[0] = (sel & 0x80) ? take_u64(r) : ids[(sel >> 2) % 4];
	if ((sel & 0x90) == 0x10) {
		in[0] |= take_u64(r) << 32; /* a real ID with stray high bits: must be refused */
	}
	in[1] = pick_ipa(r, sel);
	in[2] = (sel & 0x20) ? take_u64(r) % (2 * REPORT) : take_u64(r);
	for (unsigned int i = 3; i < REGS; i++) {
		in[i] = take_u64(r);
	}
	for (unsigned int i = 0; i < 31; i++) {
		f.x[i] = i < REGS ? in[i] : 0xf00d0000U + i;
	}
	memcpy(&before, &mem, sizeof(mem));
	notify.calls = 0;

	hvc_dispatch(v, &f);

	for (unsigned int i = 4; i < 31; i++) {
		CHECK(f.x[i] == (i < REGS ? in[i] : 0xf00d0000U + i));
	}
	CHECK(!spin_is_locked(&crypto_lock));
	if (in[0] == SHOJI_HVC_VERSION) {
		CHECK(f.x[0] == (((uint64_t)SHOJI_ABI_MAJOR << 16) | SHOJI_ABI_MINOR));
		CHECK(f.x[1] == v->vm->id && f.x[2] == (v->vm->cfg->trust == VM_TRUSTED ? 1U : 0U) &&
		      f.x[3] == v->index);
	} else if (in[0] == SHOJI_HVC_CHANNEL_NOTIFY) {
		CHECK(notify.calls == 1 && notify.vm == v->vm && notify.index == in[1] && f.x[0] == SHOJI_OK);
	} else if (in[0] == SHOJI_HVC_ATTEST || in[0] == SHOJI_HVC_KEY_DERIVE) {
		bool attest = in[0] == SHOJI_HVC_ATTEST;
		CHECK(f.x[1] == in[1] && f.x[2] == in[2] && f.x[3] == in[3]);
		check_trust_call(v, in, f.x[0], attest ? REPORT : SHOJI_KEY_SIZE, attest);
	} else {
		size_t first, last;
		CHECK(f.x[0] == (uint64_t)(int64_t)SMCCC_RET_NOT_SUPPORTED);
		CHECK(f.x[1] == in[1] && f.x[2] == in[2] && f.x[3] == in[3]);
		CHECK(notify.calls == 0 && !changed_span(&first, &last));
	}
	CHECK(notify.calls == 0 || in[0] == SHOJI_HVC_CHANNEL_NOTIFY);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = {data, size};
	uint8_t sel;

	setup_once();
	memset(&mem, 0xa5, sizeof(mem));
	for (unsigned int ops = 0; ops < MAX_OPS && take_u8(&r, &sel); ops++) {
		one_call(&r, sel);
	}
	return 0;
}
