// SPDX-License-Identifier: MIT
/*
 * Unit tests for the canonical partition entry (hyp/core/vmdesc.c): the layout
 * vmdesc.h documents, determinism, every field of a VM's entry reaching the bytes
 * (and nothing of another VM's), and no byte written past the buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <vmdesc.h>

/* ---- a mutable system: vpn (trusted) and apps, one channel, reset before every test ---- */

static struct fixture {
	uint32_t cpus[2][VM_MAX_VCPUS];
	struct vm_ram ram[2][2];
	struct vm_device dev[2][2];
	struct vm_config vms[2];
	struct channel_config chans[CHANNEL_MAX];
	struct system_config sys;
} fx;

enum {
	VPN,
	APPS
};

static int reset(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	fx.cpus[VPN][0] = 0;
	fx.cpus[APPS][0] = 1;
	fx.cpus[APPS][1] = 2;
	fx.ram[VPN][0] = (struct vm_ram){PA_INIT(0x50000000), IPA_INIT(0x50000000), MIB(32)};
	fx.ram[VPN][1] = (struct vm_ram){PA_INIT(0x60000000), IPA_INIT(0x70000000), MIB(1)};
	fx.ram[APPS][0] = (struct vm_ram){PA_INIT(0x54000000), IPA_INIT(0x80000000), MIB(32)};
	fx.dev[VPN][0] =
		(struct vm_device){"virtio-mmio31", PA_INIT(0x0a003000), IPA_INIT(0x0a003000), 0x1000, {79, 80}};
	fx.dev[VPN][1] = (struct vm_device){"rtc", PA_INIT(0x09010000), IPA_INIT(0x09010000), 0x1000, {34}};
	fx.vms[VPN] = (struct vm_config){
		.name = "vpn",
		.trust = VM_TRUSTED,
		.verify = VM_VERIFY_REQUIRED,
		.cpus = fx.cpus[VPN],
		.num_cpus = 1,
		.ram = fx.ram[VPN],
		.num_ram = 2,
		.devices = fx.dev[VPN],
		.num_devices = 2,
		.image = {.kernel = "vpn.kernel",
			  .kernel_ipa = IPA_INIT(0x50000000),
			  .entry_offset = 0x800,
			  .dtb = "vpn.dtb",
			  .dtb_ipa = IPA_INIT(0x51000000),
			  .initrd = "vpn.initrd",
			  .initrd_ipa = IPA_INIT(0x51800000),
			  .sealed = "vpn.sealed",
			  .sealed_ipa = IPA_INIT(0x50ff0000)},
		.vdevs = {IPA_INIT(0x09000000), 33, IPA_INIT(0x08000000), IPA_INIT(0x080a0000)},
	};
	fx.vms[APPS] = (struct vm_config){
		.name = "apps",
		.trust = VM_UNTRUSTED,
		.verify = VM_VERIFY_MARK,
		.cpus = fx.cpus[APPS],
		.num_cpus = 2,
		.ram = fx.ram[APPS],
		.num_ram = 1,
		.image = {.kernel = "apps.kernel", .kernel_ipa = IPA_INIT(0x80000000)},
		.vdevs = {IPA_INIT(0x09000000), 33, IPA_INIT(0x08000000), IPA_INIT(0x080a0000)},
	};
	fx.chans[0] = (struct channel_config){"net",
					      PA_INIT(0x5c000000),
					      0x100000,
					      {{"vpn", IPA_INIT(0x5c000000), 40}, {"apps", IPA_INIT(0xa0000000), 41}}};
	fx.sys = (struct system_config){
		.name = "t", .vms = fx.vms, .num_vms = 2, .channels = fx.chans, .num_channels = 1};
	return 0;
}

static uint8_t buf[VMDESC_MAX + 64];
static uint8_t base[VMDESC_MAX];
static size_t base_len;

static size_t encode(uint32_t vm)
{
	memset(buf, 0xa5, sizeof(buf));
	return vmdesc_encode(&fx.sys, vm, buf, VMDESC_MAX);
}

static void take_base(uint32_t vm)
{
	base_len = encode(vm);
	assert_true(base_len > 0);
	memcpy(base, buf, base_len);
}

static bool same_as_base(uint32_t vm)
{
	size_t n = encode(vm);

	assert_true(n > 0);
	return n == base_len && memcmp(buf, base, n) == 0;
}

static uint64_t le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		v |= (uint64_t)p[i] << (8 * i);
	}
	return v;
}

/* ---- layout ---- */

static void layout_is_as_documented(void **state)
{
	(void)state;
	size_t n = encode(VPN);
	/* 16 + 16 + 12, cpus 4, ram 4 + 2*24, devices 4 + 2*72, image 168, vdevs 28, channels 4 + 84 */
	assert_int_equal(n, 44 + 4 + 52 + 148 + 168 + 28 + 88);
	assert_memory_equal(buf, "SHOJI-VMDESC-v2\0", 16);
	assert_memory_equal(buf + 16, "vpn\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	assert_int_equal(le(buf + 32, 4), VM_TRUSTED);
	assert_int_equal(le(buf + 36, 4), VM_VERIFY_REQUIRED);
	assert_int_equal(le(buf + 40, 4), 1); /* num_cpus */
	assert_int_equal(le(buf + 44, 4), 0); /* cpus[0] */
	assert_int_equal(le(buf + 48, 4), 2); /* num_ram */
	assert_int_equal(le(buf + 52, 8), 0x50000000);
	assert_int_equal(le(buf + 68, 8), MIB(32));
	assert_int_equal(le(buf + 76, 8), 0x60000000);
	assert_int_equal(le(buf + 84, 8), 0x70000000);
	assert_int_equal(le(buf + 100, 4), 2); /* num_devices */
	assert_string_equal((const char *)buf + 104, "virtio-mmio31");
	assert_int_equal(le(buf + 136, 8), 0x0a003000);
	assert_int_equal(le(buf + 160, 4), 79);
	assert_int_equal(le(buf + 164, 4), 80);
	assert_int_equal(le(buf + 168, 4), 0);
	size_t img = 104 + 2 * 72;
	assert_string_equal((const char *)buf + img, "vpn.kernel");
	assert_int_equal(le(buf + img + 32, 8), 0x50000000);
	assert_int_equal(le(buf + img + 40, 8), 0x800);
	assert_string_equal((const char *)buf + img + 48, "vpn.dtb");
	assert_string_equal((const char *)buf + img + 88, "vpn.initrd");
	assert_int_equal(le(buf + img + 120, 8), 0x51800000);
	assert_string_equal((const char *)buf + img + 128, "vpn.sealed");
	assert_int_equal(le(buf + img + 160, 8), 0x50ff0000);
	size_t vd = img + 168;
	assert_int_equal(le(buf + vd, 8), 0x09000000);
	assert_int_equal(le(buf + vd + 8, 4), 33);
	assert_int_equal(le(buf + vd + 20, 8), 0x080a0000);
	size_t ch = vd + 28;
	assert_int_equal(le(buf + ch, 4), 1);
	assert_string_equal((const char *)buf + ch + 4, "net");
	assert_int_equal(le(buf + ch + 36, 4), 0);                /* index */
	assert_int_equal(le(buf + ch + 40, 8), 0x5c000000);       /* pa */
	assert_int_equal(le(buf + ch + 48, 8), 0x100000);         /* size */
	assert_int_equal(le(buf + ch + 56, 4), 0);                /* side */
	assert_int_equal(le(buf + ch + 60, 8), 0x5c000000);       /* this end's ipa */
	assert_int_equal(le(buf + ch + 68, 4), 40);               /* this end's doorbell */
	assert_string_equal((const char *)buf + ch + 72, "apps"); /* peer */
	assert_int_equal(ch + 88, n);
	assert_int_equal(buf[n], 0xa5); /* nothing past the length */
}

static void apps_sees_its_own_side(void **state)
{
	(void)state;
	size_t n = encode(APPS);
	size_t ch = n - 88;

	assert_int_equal(le(buf + ch, 4), 1);
	assert_int_equal(le(buf + ch + 56, 4), 1);
	assert_int_equal(le(buf + ch + 60, 8), 0xa0000000);
	assert_int_equal(le(buf + ch + 68, 4), 41);
	assert_string_equal((const char *)buf + ch + 72, "vpn");
	/* No dtb, initrd or sealed area: zero names and addresses. */
	size_t img = n - 88 - 28 - 168;
	for (size_t i = img + 48; i < img + 168; i++) {
		assert_int_equal(buf[i], 0);
	}
}

static void deterministic(void **state)
{
	(void)state;
	take_base(VPN);
	for (int i = 0; i < 3; i++) {
		assert_true(same_as_base(VPN));
	}
	/* Another copy of the same strings at other addresses encodes alike. */
	char name[] = "vpn";
	fx.vms[VPN].name = name;
	assert_true(same_as_base(VPN));
}

/* ---- every field reaches the bytes ---- */

typedef void (*mutate_fn)(void);

static void m_name(void)
{
	fx.vms[VPN].name = "vpm";
}
static void m_trust(void)
{
	fx.vms[VPN].trust = VM_UNTRUSTED;
}
static void m_verify(void)
{
	fx.vms[VPN].verify = VM_VERIFY_MARK;
}
static void m_cpu(void)
{
	fx.cpus[VPN][0] = 3;
}
static void m_num_cpus(void)
{
	fx.vms[VPN].num_cpus = 2;
}
static void m_ram_pa(void)
{
	fx.ram[VPN][1].pa.v += 0x1000;
}
static void m_ram_ipa(void)
{
	fx.ram[VPN][1].ipa.v += 0x1000;
}
static void m_ram_size(void)
{
	fx.ram[VPN][1].size += 0x1000;
}
static void m_num_ram(void)
{
	fx.vms[VPN].num_ram = 1;
}
static void m_ram_order(void)
{
	struct vm_ram r = fx.ram[VPN][0];
	fx.ram[VPN][0] = fx.ram[VPN][1];
	fx.ram[VPN][1] = r;
}
static void m_dev_name(void)
{
	fx.dev[VPN][1].device = "gpio";
}
static void m_dev_pa(void)
{
	fx.dev[VPN][1].pa.v += 0x1000;
}
static void m_dev_ipa(void)
{
	fx.dev[VPN][1].ipa.v += 0x1000;
}
static void m_dev_size(void)
{
	fx.dev[VPN][1].size = 0x2000;
}
static void m_dev_intid(void)
{
	fx.dev[VPN][0].intids[1] = 81;
}
static void m_dev_intid_more(void)
{
	fx.dev[VPN][1].intids[1] = 35;
}
static void m_num_devices(void)
{
	fx.vms[VPN].num_devices = 1;
}
static void m_kernel(void)
{
	fx.vms[VPN].image.kernel = "vpn.kernel2";
}
static void m_kernel_ipa(void)
{
	fx.vms[VPN].image.kernel_ipa.v += 0x1000;
}
static void m_entry(void)
{
	fx.vms[VPN].image.entry_offset = 0;
}
static void m_dtb(void)
{
	fx.vms[VPN].image.dtb = "vpn.dtb2";
}
static void m_no_dtb(void)
{
	fx.vms[VPN].image.dtb = NULL;
}
static void m_dtb_ipa(void)
{
	fx.vms[VPN].image.dtb_ipa.v += 0x1000;
}
static void m_initrd(void)
{
	fx.vms[VPN].image.initrd = "vpn.initrd2";
}
static void m_initrd_ipa(void)
{
	fx.vms[VPN].image.initrd_ipa.v += 0x1000;
}
static void m_sealed(void)
{
	fx.vms[VPN].image.sealed = "vpn.sealed2";
}
static void m_no_sealed(void)
{
	fx.vms[VPN].image.sealed = NULL;
}
static void m_sealed_ipa(void)
{
	fx.vms[VPN].image.sealed_ipa.v += 0x1000;
}
static void m_vuart(void)
{
	fx.vms[VPN].vdevs.vuart.v += 0x1000;
}
static void m_vuart_intid(void)
{
	fx.vms[VPN].vdevs.vuart_intid = 34;
}
static void m_gicd(void)
{
	fx.vms[VPN].vdevs.gicd.v += 0x10000;
}
static void m_gicr(void)
{
	fx.vms[VPN].vdevs.gicr.v += 0x20000;
}
static void m_chan_name(void)
{
	fx.chans[0].name = "net2";
}
static void m_chan_pa(void)
{
	fx.chans[0].pa.v += 0x100000;
}
static void m_chan_size(void)
{
	fx.chans[0].size = 0x200000;
}
static void m_chan_ipa(void)
{
	fx.chans[0].end[0].ipa.v += 0x100000;
}
static void m_chan_intid(void)
{
	fx.chans[0].end[0].intid = 42;
}
static void m_chan_peer(void)
{
	fx.chans[0].end[1].vm = "other";
}
static void m_chan_side(void)
{
	struct channel_end e = fx.chans[0].end[0];
	fx.chans[0].end[0] = fx.chans[0].end[1];
	fx.chans[0].end[1] = e;
}
/* A channel of others ahead of it renumbers it (the index is what the guest passes to CHANNEL_NOTIFY). */
static void m_chan_index(void)
{
	fx.chans[1] = fx.chans[0];
	fx.chans[0] = (struct channel_config){
		"x", PA_INIT(0x5d000000), 0x100000, {{"apps", IPA_INIT(0xa1000000), 42}, {"other", IPA_INIT(0), 43}}};
	fx.sys.num_channels = 2;
}
static void m_chan_gone(void)
{
	fx.sys.num_channels = 0;
}
static void m_chan_second(void)
{
	fx.chans[1] = fx.chans[0];
	fx.chans[1].name = "net1";
	fx.sys.num_channels = 2;
}

static const struct {
	const char *what;
	mutate_fn fn;
} mutations[] = {
	{"name", m_name},
	{"trust", m_trust},
	{"verify", m_verify},
	{"cpus[0]", m_cpu},
	{"num_cpus", m_num_cpus},
	{"ram.pa", m_ram_pa},
	{"ram.ipa", m_ram_ipa},
	{"ram.size", m_ram_size},
	{"num_ram", m_num_ram},
	{"ram order", m_ram_order},
	{"device name", m_dev_name},
	{"device pa", m_dev_pa},
	{"device ipa", m_dev_ipa},
	{"device size", m_dev_size},
	{"device intid", m_dev_intid},
	{"device second intid", m_dev_intid_more},
	{"num_devices", m_num_devices},
	{"kernel", m_kernel},
	{"kernel_ipa", m_kernel_ipa},
	{"entry_offset", m_entry},
	{"dtb", m_dtb},
	{"dtb absent", m_no_dtb},
	{"dtb_ipa", m_dtb_ipa},
	{"initrd", m_initrd},
	{"initrd_ipa", m_initrd_ipa},
	{"sealed", m_sealed},
	{"sealed absent", m_no_sealed},
	{"sealed_ipa", m_sealed_ipa},
	{"vuart", m_vuart},
	{"vuart_intid", m_vuart_intid},
	{"gicd", m_gicd},
	{"gicr", m_gicr},
	{"channel name", m_chan_name},
	{"channel pa", m_chan_pa},
	{"channel size", m_chan_size},
	{"channel ipa", m_chan_ipa},
	{"channel doorbell", m_chan_intid},
	{"channel peer", m_chan_peer},
	{"channel side", m_chan_side},
	{"channel index", m_chan_index},
	{"channel removed", m_chan_gone},
	{"channel added", m_chan_second},
};

static void every_field_changes_the_bytes(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(mutations); i++) {
		reset(state);
		take_base(VPN);
		mutations[i].fn();
		if (same_as_base(VPN)) {
			fail_msg("changing %s leaves the encoding as it was", mutations[i].what);
		}
	}
}

/* What is not this VM's entry stays out of it: apps, and channels it is no end of. */
static void other_vms_do_not_matter(void **state)
{
	(void)state;
	take_base(VPN);
	fx.ram[APPS][0].pa.v += 0x1000;
	fx.cpus[APPS][1] = 3;
	fx.vms[APPS].image.kernel = "apps.other";
	fx.chans[1] = (struct channel_config){
		"x", PA_INIT(0x5d000000), 0x100000, {{"apps", IPA_INIT(0xa1000000), 42}, {"other", IPA_INIT(0), 43}}};
	fx.sys.num_channels = 2;
	assert_true(same_as_base(VPN));
}

/* Canonical: what the hypervisor ignores (INTIDs after the terminator, the address of an absent payload) is zero. */
static void ignored_fields_are_zero(void **state)
{
	(void)state;
	take_base(VPN);
	fx.dev[VPN][1].intids[2] = 99; /* after intids[1] == 0 */
	assert_true(same_as_base(VPN));

	fx.vms[VPN].image.initrd = NULL;
	take_base(VPN);
	fx.vms[VPN].image.initrd_ipa.v = 0x12345000;
	assert_true(same_as_base(VPN));

	fx.vms[VPN].image.sealed = NULL;
	take_base(VPN);
	fx.vms[VPN].image.sealed_ipa.v = 0x12345000;
	assert_true(same_as_base(VPN));
}

/* ---- bounds ---- */

static void too_small_writes_nothing_past_the_buffer(void **state)
{
	(void)state;
	size_t n = encode(VPN);

	for (size_t size = 0; size < n; size++) {
		memset(buf, 0xa5, sizeof(buf));
		assert_int_equal(vmdesc_encode(&fx.sys, VPN, buf, size), 0);
		for (size_t i = size; i < sizeof(buf); i++) {
			assert_int_equal(buf[i], 0xa5);
		}
	}
	assert_int_equal(vmdesc_encode(&fx.sys, VPN, buf, n), n); /* exactly enough */
}

static void bad_arguments(void **state)
{
	(void)state;
	assert_int_equal(vmdesc_encode(&fx.sys, 2, buf, sizeof(buf)), 0);
	assert_int_equal(vmdesc_encode(&fx.sys, UINT32_MAX, buf, sizeof(buf)), 0);
	assert_int_equal(vmdesc_encode(NULL, 0, buf, sizeof(buf)), 0);
	assert_int_equal(vmdesc_encode(&fx.sys, 0, NULL, sizeof(buf)), 0);
}

static void names_too_long_for_their_field(void **state)
{
	(void)state;
	fx.vms[VPN].name = "abcdefghijklmno"; /* 15: fits */
	assert_true(encode(VPN) > 0);
	fx.vms[VPN].name = "abcdefghijklmnop";
	assert_int_equal(encode(VPN), 0);

	reset(state);
	fx.vms[VPN].image.kernel = "abcdefghijklmnopqrstuvwxyz01234"; /* 31: fits */
	assert_true(encode(VPN) > 0);
	fx.vms[VPN].image.kernel = "abcdefghijklmnopqrstuvwxyz012345";
	assert_int_equal(encode(VPN), 0);

	reset(state);
	fx.chans[0].name = "abcdefghijklmnopqrstuvwxyz012345";
	assert_int_equal(encode(VPN), 0);
}

/* The largest VM the partition table allows in practice still fits VMDESC_MAX. */
static void a_big_vm_fits(void **state)
{
	(void)state;
	static struct vm_ram ram[8];
	static struct vm_device dev[8];
	static const uint32_t cpus[VM_MAX_VCPUS] = {0, 1, 2, 3};

	for (uint32_t i = 0; i < 8; i++) {
		dev[i] =
			(struct vm_device){"abcdefghijklmnopqrstuvwxyz01234", PA_INIT(i), IPA_INIT(i), 1, {1, 2, 3, 4}};
	}
	fx.vms[VPN].cpus = cpus;
	fx.vms[VPN].num_cpus = VM_MAX_VCPUS;
	fx.vms[VPN].ram = ram;
	fx.vms[VPN].num_ram = 8;
	fx.vms[VPN].devices = dev;
	fx.vms[VPN].num_devices = 8;
	for (uint32_t c = 0; c < CHANNEL_MAX; c++) {
		fx.chans[c] = fx.chans[0];
	}
	fx.sys.num_channels = CHANNEL_MAX;
	size_t n = vmdesc_encode(&fx.sys, VPN, buf, VMDESC_MAX);
	assert_true(n > 0 && n <= VMDESC_MAX * 3 / 4);
}

#define T(f) cmocka_unit_test_setup(f, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(layout_is_as_documented),
		T(apps_sees_its_own_side),
		T(deterministic),
		T(every_field_changes_the_bytes),
		T(other_vms_do_not_matter),
		T(ignored_fields_are_zero),
		T(too_small_writes_nothing_past_the_buffer),
		T(bad_arguments),
		T(names_too_long_for_their_field),
		T(a_big_vm_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
