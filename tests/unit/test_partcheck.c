// SPDX-License-Identifier: MIT
/*
 * Unit tests for the partition-table checker (tools/partcheck): a good board and
 * system pass, and each rule, broken on its own, is reported with its own code and
 * a message naming the field. A final test fails if some rule was never exercised.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <shoji/channel.h>

#include "check.h"

/* ---- a mutable board and system, reset before every test ---- */

#define NUM_BDEVS 7
#define MAX_VMS   (VM_MAX + 1)
#define MAX_RAM   4
#define MAX_DEVS  4

static struct fixture {
	uint64_t mpidr[BOARD_MAX_CPUS + 1];
	struct board_device bdevs[NUM_BDEVS + 1];
	struct board_desc board;
	uint32_t cpus[MAX_VMS][VM_MAX_VCPUS + 1];
	struct vm_ram ram[MAX_VMS][MAX_RAM];
	struct vm_device dev[MAX_VMS][MAX_DEVS];
	struct vm_config vms[MAX_VMS];
	struct channel_config chans[CHANNEL_MAX + 1];
	struct system_config sys;
} fx;

/* Indices into fx.bdevs. */
enum {
	BD_RTC,
	BD_GPIO,
	BD_VIRTIO30,
	BD_VIRTIO31,
	BD_SHARED_A,
	BD_SHARED_B,
	BD_BIG
};

/* Indices into fx.vms. */
enum {
	VPN,
	APPS
};

/* Like QEMU virt (board/qemu-virt/board.c), but only the devices the tests need. */
static const struct board_device good_bdevs[NUM_BDEVS] = {
	[BD_RTC] = {"rtc", PA_INIT(0x09010000), 0x1000, {34}},
	[BD_GPIO] = {"gpio", PA_INIT(0x09030000), 0x1000, {39}},
	[BD_VIRTIO30] = {"virtio-mmio30", PA_INIT(0x0a003c00), 0x200, {78}, true},
	[BD_VIRTIO31] = {"virtio-mmio31", PA_INIT(0x0a003e00), 0x200, {79}, true},
	/* Two devices on one interrupt line, as real boards sometimes wire them. */
	[BD_SHARED_A] = {"shared-a", PA_INIT(0x0c000000), 0x1000, {60}},
	[BD_SHARED_B] = {"shared-b", PA_INIT(0x0c001000), 0x1000, {60}},
	[BD_BIG] = {"big", PA_INIT(0x0d000000), 0x4000, {61, 62}},
};

static void reset_board(void)
{
	for (uint32_t i = 0; i < ARRAY_SIZE(fx.mpidr); i++) {
		fx.mpidr[i] = i;
	}
	memcpy(fx.bdevs, good_bdevs, sizeof(good_bdevs));
	fx.board = (struct board_desc){
		.name = "tb",
		.ram_base = PA_INIT(0x40000000),
		.ram_size = GIB(2),
		.hyp_base = PA_INIT(0x40000000),
		.hyp_size = MIB(128),
		.cpu_mpidr = fx.mpidr,
		.num_cpus = 4,
		.uart_base = PA_INIT(0x09000000),
		.uart_size = 0x1000,
		.uart_intid = 33,
		.gic_version = GIC_V3,
		.gicd_base = PA_INIT(0x08000000),
		.gicd_size = 0x10000,
		.gicr_base = PA_INIT(0x080a0000),
		.gicr_stride = 0x20000,
		.num_spis_max = 288,
		.maint_intid = 25,
		.hyp_timer_intid = 26,
		.vtimer_intid = 27,
		.ptimer_intid = 30,
		.devices = fx.bdevs,
		.num_devices = NUM_BDEVS,
	};
}

static const struct vm_vdevs qemu_like_vdevs = {IPA_INIT(0x09000000), 33, IPA_INIT(0x08000000), IPA_INIT(0x080a0000)};

/* vpn: trusted, CPU 0, identity-mapped, owns the page of virtio-mmio31 (the NIC). */
static void reset_vpn(void)
{
	fx.cpus[VPN][0] = 0;
	fx.ram[VPN][0] = (struct vm_ram){PA_INIT(0x50000000), IPA_INIT(0x50000000), 0x02000000};
	fx.dev[VPN][0] = (struct vm_device){"virtio-mmio31", PA_INIT(0x0a003000), IPA_INIT(0x0a003000), 0x1000, {79}};
	fx.vms[VPN] = (struct vm_config){
		.name = "vpn",
		.trust = VM_TRUSTED,
		.cpus = fx.cpus[VPN],
		.num_cpus = 1,
		.ram = fx.ram[VPN],
		.num_ram = 1,
		.devices = fx.dev[VPN],
		.num_devices = 1,
		.image = {.kernel = "vpn.kernel",
			  .kernel_ipa = IPA_INIT(0x50000000),
			  .dtb = "vpn.dtb",
			  .dtb_ipa = IPA_INIT(0x51000000),
			  .initrd = "vpn.initrd",
			  .initrd_ipa = IPA_INIT(0x51800000),
			  .sealed = "vpn.sealed",
			  .sealed_ipa = IPA_INIT(0x50ff0000)},
		.vdevs = qemu_like_vdevs,
	};
}

/* apps: untrusted, CPUs 1 and 2, two RAM regions at IPAs unlike their PAs, no devices. */
static void reset_apps(void)
{
	fx.cpus[APPS][0] = 1;
	fx.cpus[APPS][1] = 2;
	fx.ram[APPS][0] = (struct vm_ram){PA_INIT(0x54000000), IPA_INIT(0x80000000), 0x02000000};
	fx.ram[APPS][1] = (struct vm_ram){PA_INIT(0x58000000), IPA_INIT(0x90000000), 0x00100000};
	fx.vms[APPS] = (struct vm_config){
		.name = "apps",
		.trust = VM_UNTRUSTED,
		.cpus = fx.cpus[APPS],
		.num_cpus = 2,
		.ram = fx.ram[APPS],
		.num_ram = 2,
		.devices = fx.dev[APPS],
		.num_devices = 0,
		.image = {.kernel = "apps.kernel", .kernel_ipa = IPA_INIT(0x80000000), .entry_offset = 0x1000},
		.vdevs = qemu_like_vdevs,
	};
}

/*
 * Channel i between vpn, which sees it identity-mapped like its RAM, and apps:
 * windows side by side from 0x5c000000, doorbells 40 + 2i in vpn and 41 + 2i in apps.
 */
static void set_channel(uint32_t i)
{
	static const char *const names[CHANNEL_MAX + 1] = {"net", "net1", "net2", "net3", "net4"};

	fx.chans[i] = (struct channel_config){
		.name = names[i],
		.pa = PA_INIT(0x5c000000 + MIB(i)),
		.size = SHOJI_CHAN_WINDOW_SIZE,
		.end = {{"vpn", IPA_INIT(0x5c000000 + MIB(i)), 40 + 2 * i},
			{"apps", IPA_INIT(0xa0000000 + MIB(i)), 41 + 2 * i}},
	};
}

/* Channels 0..n-1, all good. */
static void set_channels(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		set_channel(i);
	}
	fx.sys.num_channels = n;
}

static int reset(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	reset_board();
	reset_vpn();
	reset_apps();
	fx.sys = (struct system_config){.name = "tp", .vms = fx.vms, .num_vms = 2, .channels = fx.chans};
	set_channels(1);
	return 0;
}

/* Channel ends name their VMs: a renamed VM takes its ends along, so the VM's name rule is tested alone. */
static void rename_vm(uint32_t v, const char *name)
{
	for (uint32_t c = 0; c < ARRAY_SIZE(fx.chans); c++) {
		for (uint32_t e = 0; e < ARRAY_SIZE(fx.chans[c].end); e++) {
			const char *vm = fx.chans[c].end[e].vm;

			if (vm != NULL && fx.vms[v].name != NULL && strcmp(vm, fx.vms[v].name) == 0) {
				fx.chans[c].end[e].vm = name;
			}
		}
	}
	fx.vms[v].name = name;
}

/* Give apps a passthrough device: it must then be identity-mapped (PC_RAM_NOT_IDENTITY). */
static void apps_identity_with_device(uint32_t bdev, uint64_t pa, uint32_t intid)
{
	for (uint32_t r = 0; r < fx.vms[APPS].num_ram; r++) {
		fx.ram[APPS][r].ipa.v = fx.ram[APPS][r].pa.v;
	}
	fx.vms[APPS].image.kernel_ipa.v = fx.ram[APPS][0].pa.v;
	fx.dev[APPS][0] = (struct vm_device){good_bdevs[bdev].name, PA_INIT(pa), IPA_INIT(pa), 0x1000, {intid}};
	fx.vms[APPS].num_devices = 1;
}

/* ---- capturing what the checker reports ---- */

#define MAX_SEEN 64

static struct {
	enum pc_code code;
	char line[PC_LINE_MAX];
} seen[MAX_SEEN];
static unsigned int num_seen;
static bool covered[PC_NUM_CODES];

static void capture(void *ctx, enum pc_code code, const char *line)
{
	(void)ctx;
	if (num_seen < MAX_SEEN) {
		seen[num_seen].code = code;
		(void)snprintf(seen[num_seen].line, sizeof(seen[num_seen].line), "%s", line);
	}
	num_seen++;
}

static unsigned int run(void)
{
	num_seen = 0;
	unsigned int n = partcheck(&fx.board, &fx.sys, capture, NULL);
	assert_int_equal(n, num_seen); /* the count is the number of lines */
	return n;
}

static unsigned int count(enum pc_code code)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < num_seen && i < MAX_SEEN; i++) {
		n += seen[i].code == code;
	}
	return n;
}

static bool reported(enum pc_code code, const char *text)
{
	for (unsigned int i = 0; i < num_seen && i < MAX_SEEN; i++) {
		if (seen[i].code == code && strstr(seen[i].line, text) != NULL) {
			return true;
		}
	}
	return false;
}

static void dump(void)
{
	for (unsigned int i = 0; i < num_seen && i < MAX_SEEN; i++) {
		print_message("  [code %d] %s\n", (int)seen[i].code, seen[i].line);
	}
}

/* After run(): `code` was reported exactly `n` times, once with a line containing `text`. */
static void expect(enum pc_code code, unsigned int n, const char *text)
{
	if (count(code) != n || !reported(code, text)) {
		print_message("expected %u x code %d with \"%s\"; got %u lines:\n", n, (int)code, text, num_seen);
		dump();
		fail();
	}
	covered[code] = true;
}

/* Run, and expect exactly one error in all: `code`, with `text` in its line. */
static void expect_only(enum pc_code code, const char *text)
{
	unsigned int n = run();

	if (n != 1) {
		print_message("expected only code %d; got %u lines:\n", (int)code, n);
		dump();
		fail();
	}
	expect(code, 1, text);
}

static void expect_clean(void)
{
	if (run() != 0) {
		dump();
		fail();
	}
}

/* ---- the good pair, and the reporting itself ---- */

static void good_pair_passes(void **state)
{
	(void)state;
	expect_clean();
}

static void message_names_system_vm_field_and_clash(void **state)
{
	(void)state;
	fx.ram[APPS][0].pa.v = 0x50000000;
	expect_only(PC_RAM_PA_OVERLAP, "x");
	assert_string_equal(seen[0].line,
			    "partcheck: tp: vm 'apps' ram[0]: overlaps vm 'vpn' ram[0] (0x50000000..0x51ffffff)");
}

static void reports_every_error_not_just_the_first(void **state)
{
	(void)state;
	fx.cpus[APPS][1] = 0;
	fx.ram[APPS][1].size = 0x1800;
	fx.vms[VPN].image.kernel = NULL;
	assert_int_equal(run(), 3);
	expect(PC_CPU_TWICE, 1, "vm 'apps' cpus[1]");
	expect(PC_RAM_UNALIGNED, 1, "vm 'apps' ram[1]");
	expect(PC_IMG_NO_KERNEL, 1, "vm 'vpn' image.kernel");
}

static void null_sink_only_counts(void **state)
{
	(void)state;
	fx.cpus[APPS][1] = 0;
	fx.vms[VPN].image.kernel = NULL;
	assert_int_equal(partcheck(&fx.board, &fx.sys, NULL, NULL), 2);
}

static void unusable_names_are_not_printed(void **state)
{
	(void)state;
	rename_vm(APPS, "Apps\x1b");
	fx.sys.name = NULL;
	fx.board.name = "Bad Board";
	fx.cpus[APPS][1] = 7;
	run();
	expect(PC_CPU_NO_SUCH, 1,
	       "partcheck: (unnamed system): vms[1] cpus[1]: CPU 7 does not exist on the board "
	       "((unnamed board) has 4 CPUs)");
	expect(PC_VM_NAME_CHARSET, 1, "vms[1]: name has character 0x41 at offset 0");
	expect(PC_SYS_NAME, 1, "system: name is missing");
	expect(PC_BOARD_NAME, 1, "board '(unnamed board)' name");
	assert_int_equal(num_seen, 4);
}

/* ---- the system ---- */

static void system_name_bad(void **state)
{
	(void)state;
	fx.sys.name = "test pair";
	expect_only(PC_SYS_NAME, "(unnamed system): system: name is missing or not 1..31 characters");
}

static void system_without_vms(void **state)
{
	(void)state;
	fx.sys.num_vms = 0;
	expect_only(PC_SYS_NO_VMS, "system: has no VMs");
}

static void system_vms_null(void **state)
{
	(void)state;
	fx.sys.vms = NULL;
	expect_only(PC_NULL_ARRAY, "system: num_vms is 2 but vms is NULL");
}

/* VM i (2..) with one CPU and 1 MiB of RAM of its own: valid alongside vpn and apps. */
static void add_vm(uint32_t i, const char *name)
{
	fx.cpus[i][0] = 1 + i;
	fx.ram[i][0] = (struct vm_ram){PA_INIT(0x60000000 + MIB(i)), IPA_INIT(0x40000000), MIB(1)};
	fx.vms[i] = (struct vm_config){
		.name = name,
		.cpus = fx.cpus[i],
		.num_cpus = 1,
		.ram = fx.ram[i],
		.num_ram = 1,
		.image = {.kernel = "k", .kernel_ipa = IPA_INIT(0x40000000)},
		.vdevs = qemu_like_vdevs,
	};
}

static void system_at_vm_max_passes(void **state)
{
	(void)state;
	add_vm(2, "v2");
	add_vm(3, "v3");
	fx.board.num_cpus = 5;
	fx.sys.num_vms = VM_MAX;
	expect_clean();
}

static void system_too_many_vms(void **state)
{
	(void)state;
	add_vm(2, "v2");
	add_vm(3, "v3");
	add_vm(4, "v4");
	fx.board.num_cpus = 6;
	fx.sys.num_vms = VM_MAX + 1;
	expect_only(PC_SYS_TOO_MANY_VMS, "system: has 5 VMs, at most VM_MAX (4)");
}

/* ---- VM identity ---- */

static void vm_name_null(void **state)
{
	(void)state;
	rename_vm(APPS, NULL);
	run();
	expect(PC_VM_NAME_MISSING, 1, "partcheck: tp: vms[1]: name is missing");
	/* A VM without a name cannot be a channel's end. */
	expect(PC_CHAN_NO_VM, 1, "channels[0]: end[1].vm: names no VM (NULL)");
	assert_int_equal(num_seen, 2);
}

static void vm_name_empty(void **state)
{
	(void)state;
	rename_vm(VPN, "");
	expect_only(PC_VM_NAME_MISSING, "vms[0]: name is missing");
}

static void vm_name_at_limit_passes(void **state)
{
	(void)state;
	rename_vm(APPS, "abcdefghijklmno"); /* VM_NAME_MAX characters */
	expect_clean();
}

static void vm_name_too_long(void **state)
{
	(void)state;
	rename_vm(APPS, "abcdefghijklmnop");
	expect_only(PC_VM_NAME_TOO_LONG, "vms[1]: name 'abcdefghijklmno...' is longer than VM_NAME_MAX (15)");
}

static void vm_name_charset(void **state)
{
	(void)state;
	rename_vm(APPS, "ap.ps");
	expect_only(PC_VM_NAME_CHARSET, "vms[1]: name has character 0x2e at offset 2, outside [a-z0-9_-]");
}

static void vm_name_uppercase(void **state)
{
	(void)state;
	rename_vm(APPS, "apps_VM");
	expect_only(PC_VM_NAME_CHARSET, "character 0x56 at offset 5");
}

static void vm_name_dup(void **state)
{
	(void)state;
	rename_vm(APPS, "vpn");
	run();
	expect(PC_VM_NAME_DUP, 1, "vms[1]: name 'vpn' is already the name of vms[0]");
	/* Names are how ends find their VMs: both ends now name the first 'vpn'. */
	expect(PC_CHAN_SAME_VM, 1, "channels[0]: end[1].vm: 'vpn' is also end[0].vm");
	assert_int_equal(num_seen, 2);
}

static void vm_trust_bad(void **state)
{
	(void)state;
	fx.vms[APPS].trust = (enum vm_trust)7;
	expect_only(PC_VM_TRUST, "vm 'apps' trust: 7 is neither VM_UNTRUSTED nor VM_TRUSTED");
}

static void vm_verify_bad(void **state)
{
	(void)state;
	fx.vms[APPS].verify = (enum vm_verify)5;
	expect_only(PC_VM_VERIFY, "vm 'apps' verify: 5 is neither VM_VERIFY_REQUIRED nor VM_VERIFY_MARK");
}

static void vm_verify_mark_untrusted_passes(void **state)
{
	(void)state;
	fx.vms[APPS].verify = VM_VERIFY_MARK;
	assert_int_equal(run(), 0);
}

static void vm_verify_mark_trusted(void **state)
{
	(void)state;
	fx.vms[VPN].verify = VM_VERIFY_MARK;
	expect_only(PC_VM_VERIFY, "vm 'vpn' verify: a trusted VM must be VM_VERIFY_REQUIRED");
}

static void vm_arrays_null(void **state)
{
	(void)state;
	fx.vms[APPS].cpus = NULL;
	fx.vms[APPS].ram = NULL;
	fx.vms[VPN].devices = NULL;
	run();
	expect(PC_NULL_ARRAY, 3, "vm 'apps' cpus: is NULL but num_cpus is 2");
	expect(PC_NULL_ARRAY, 3, "vm 'apps' ram: is NULL but num_ram is 2");
	expect(PC_NULL_ARRAY, 3, "vm 'vpn' devices: is NULL but num_devices is 1");
}

/* ---- CPUs ---- */

static void cpu_count_zero(void **state)
{
	(void)state;
	fx.vms[APPS].num_cpus = 0;
	expect_only(PC_CPU_COUNT, "vm 'apps' num_cpus: 0 CPUs, need 1..VM_MAX_VCPUS (4)");
}

static void cpu_count_too_many(void **state)
{
	(void)state;
	for (uint32_t i = 0; i <= VM_MAX_VCPUS; i++) {
		fx.cpus[APPS][i] = 1 + i;
	}
	fx.vms[APPS].num_cpus = VM_MAX_VCPUS + 1;
	fx.board.num_cpus = VM_MAX_VCPUS + 2;
	expect_only(PC_CPU_COUNT, "vm 'apps' num_cpus: 5 CPUs");
}

static void cpu_last_on_board_passes(void **state)
{
	(void)state;
	fx.cpus[APPS][1] = 3;
	expect_clean();
}

static void cpu_not_on_board(void **state)
{
	(void)state;
	fx.cpus[APPS][1] = 4;
	expect_only(PC_CPU_NO_SUCH, "vm 'apps' cpus[1]: CPU 4 does not exist on the board (tb has 4 CPUs)");
}

static void cpu_shared_by_two_vms(void **state)
{
	(void)state;
	fx.cpus[APPS][0] = 0;
	expect_only(PC_CPU_TWICE, "vm 'apps' cpus[0]: CPU 0 is already used by vm 'vpn' cpus[0]");
}

static void cpu_twice_in_one_vm(void **state)
{
	(void)state;
	fx.cpus[APPS][1] = 1;
	expect_only(PC_CPU_TWICE, "vm 'apps' cpus[1]: CPU 1 is already used by vm 'apps' cpus[0]");
}

/* ---- RAM ---- */

static void ram_none(void **state)
{
	(void)state;
	fx.vms[APPS].num_ram = 0;
	expect_only(PC_RAM_NONE, "vm 'apps' num_ram: the VM has no RAM regions");
}

static void ram_empty(void **state)
{
	(void)state;
	fx.ram[APPS][1].size = 0;
	expect_only(PC_RAM_EMPTY, "vm 'apps' ram[1]: is empty (size 0)");
}

static void ram_pa_wraps(void **state)
{
	(void)state;
	fx.ram[APPS][1].pa.v = 0xfffffffffffff000;
	fx.ram[APPS][1].size = 0x2000;
	expect_only(PC_RAM_WRAP, "vm 'apps' ram[1]: pa range wraps (pa 0xfffffffffffff000 size 0x00002000)");
}

static void ram_ipa_wraps(void **state)
{
	(void)state;
	fx.ram[APPS][1].ipa.v = 0xfffffffffffff000;
	fx.ram[APPS][1].size = 0x2000;
	fx.ram[APPS][1].pa.v = 0x58000000;
	expect_only(PC_RAM_WRAP, "vm 'apps' ram[1]: ipa range wraps");
}

static void ram_pa_unaligned(void **state)
{
	(void)state;
	fx.ram[APPS][1].pa.v = 0x58000800;
	expect_only(PC_RAM_UNALIGNED, "vm 'apps' ram[1]: pa 0x58000800 is not 4 KiB aligned");
}

static void ram_ipa_unaligned(void **state)
{
	(void)state;
	fx.ram[APPS][1].ipa.v = 0x90000010;
	expect_only(PC_RAM_UNALIGNED, "vm 'apps' ram[1]: ipa 0x90000010 is not 4 KiB aligned");
}

static void ram_size_unaligned(void **state)
{
	(void)state;
	fx.ram[APPS][1].size = 0x100200;
	expect_only(PC_RAM_UNALIGNED, "vm 'apps' ram[1]: size 0x00100200 is not a multiple of 4 KiB");
}

static void ram_at_board_end_passes(void **state)
{
	(void)state;
	fx.ram[APPS][1].pa.v = 0xbff00000;
	expect_clean();
}

static void ram_outside_board(void **state)
{
	(void)state;
	fx.ram[APPS][1].pa.v = 0xbff80000;
	expect_only(PC_RAM_NOT_BOARD, "vm 'apps' ram[1]: pa range 0xbff80000..0xc007ffff is outside board RAM "
				      "(0x40000000..0xbfffffff)");
}

static void ram_just_above_hyp_passes(void **state)
{
	(void)state;
	fx.ram[APPS][1].pa.v = 0x48000000;
	expect_clean();
}

static void ram_overlaps_hyp(void **state)
{
	(void)state;
	fx.ram[APPS][1].pa.v = 0x47f00000;
	fx.ram[APPS][1].size = 0x200000;
	expect_only(PC_RAM_HYP, "vm 'apps' ram[1]: pa range 0x47f00000..0x480fffff overlaps the hypervisor window "
				"(0x40000000..0x47ffffff)");
}

static void ram_adjacent_passes(void **state)
{
	(void)state;
	fx.ram[APPS][0].pa.v = 0x52000000; /* right after vpn's */
	expect_clean();
}

static void ram_pa_overlap_in_one_vm(void **state)
{
	(void)state;
	fx.ram[APPS][1].pa.v = 0x55fff000;
	expect_only(PC_RAM_PA_OVERLAP, "vm 'apps' ram[1]: overlaps vm 'apps' ram[0] (0x54000000..0x55ffffff)");
}

static void ram_ipa_overlap(void **state)
{
	(void)state;
	fx.ram[APPS][1].ipa.v = 0x81fff000;
	expect_only(PC_RAM_IPA_OVERLAP,
		    "vm 'apps' ram[1]: ipa window 0x81fff000..0x820fefff overlaps ram[0] (ipa 0x80000000..0x81ffffff)");
}

static void ram_not_identity_with_device(void **state)
{
	(void)state;
	/* vpn's DMA-capable virtio transport moved to apps, which is not identity-mapped. */
	fx.dev[APPS][0] = fx.dev[VPN][0];
	fx.vms[APPS].num_devices = 1;
	fx.vms[VPN].num_devices = 0;
	run();
	expect(PC_RAM_NOT_IDENTITY, 2, "vm 'apps' ram[1]: ipa 0x90000000 differs from pa 0x58000000");
	assert_int_equal(num_seen, 2);
}

static void ram_not_identity_with_non_dma_device_passes(void **state)
{
	(void)state;
	/* An RTC is no bus master: a translated VM may have it. */
	fx.dev[APPS][0] = (struct vm_device){"rtc", PA_INIT(0x09010000), IPA_INIT(0x09010000), 0x1000, {34}};
	fx.vms[APPS].num_devices = 1;
	expect_clean();
}

static void ram_ipa_top_passes(void **state)
{
	(void)state;
	fx.ram[APPS][1].ipa.v = BIT(SHOJI_IPA_BITS) - 0x100000;
	expect_clean();
}

static void ram_ipa_too_high(void **state)
{
	(void)state;
	fx.ram[APPS][1].ipa.v = BIT(SHOJI_IPA_BITS) - 0x80000;
	expect_only(PC_IPA_TOO_HIGH, "vm 'apps' ram[1]: ipa window at 0x7ffff80000 size 0x00100000 reaches past the "
				     "39-bit IPA space (top 0x7fffffffff)");
}

/* ---- passthrough devices ---- */

static void dev_unknown(void **state)
{
	(void)state;
	fx.dev[VPN][0].device = "virtio-mmio32";
	expect_only(PC_DEV_UNKNOWN, "vm 'vpn' devices[0]: 'virtio-mmio32' is not a device of board 'tb'");
}

static void dev_null_name(void **state)
{
	(void)state;
	fx.dev[VPN][0].device = NULL;
	expect_only(PC_DEV_UNKNOWN, "vm 'vpn' devices[0]: names no board device (device is NULL)");
}

static void dev_empty(void **state)
{
	(void)state;
	fx.dev[VPN][0].size = 0;
	expect_only(PC_DEV_EMPTY, "vm 'vpn' devices[0]: is empty (size 0)");
}

static void dev_pa_wraps(void **state)
{
	(void)state;
	fx.dev[VPN][0].pa.v = 0xfffffffffffff000;
	fx.dev[VPN][0].size = 0x2000;
	fx.dev[VPN][0].ipa.v = 0x0a002000;
	expect_only(PC_DEV_WRAP, "vm 'vpn' devices[0]: pa range wraps");
}

static void dev_ipa_wraps(void **state)
{
	(void)state;
	fx.dev[VPN][0].ipa.v = 0xfffffffffffff000;
	fx.dev[VPN][0].size = 0x2000;
	fx.dev[VPN][0].pa.v = 0x0a002000;
	fx.dev[VPN][0].device = "big";
	fx.dev[VPN][0].pa.v = 0x0d000000;
	fx.dev[VPN][0].intids[0] = 61;
	expect_only(PC_DEV_WRAP, "vm 'vpn' devices[0]: ipa range wraps");
}

/* The decided rule: a 0x200-byte virtio transport is given as its whole page. */
static void dev_sub_page_transport_needs_whole_page(void **state)
{
	(void)state;
	fx.dev[VPN][0].pa.v = 0x0a003e00;
	fx.dev[VPN][0].ipa.v = 0x0a003000;
	fx.dev[VPN][0].size = 0x200;
	expect_only(PC_DEV_UNALIGNED, "vm 'vpn' devices[0]: pa 0x0a003e00 size 0x00000200 is not whole 4 KiB pages: "
				      "stage 2 maps pages, so give pa 0x0a003000 size 0x00001000");
}

static void dev_size_unaligned(void **state)
{
	(void)state;
	fx.dev[VPN][0].size = 0x200;
	expect_only(PC_DEV_UNALIGNED, "pa 0x0a003000 size 0x00000200 is not whole 4 KiB pages");
}

static void dev_ipa_unaligned(void **state)
{
	(void)state;
	fx.dev[VPN][0].ipa.v = 0x0a003e00;
	expect_only(PC_DEV_UNALIGNED, "vm 'vpn' devices[0]: ipa 0x0a003e00 is not 4 KiB aligned");
}

static void dev_outside_board_device(void **state)
{
	(void)state;
	fx.dev[VPN][0].pa.v = 0x0a002000;
	expect_only(PC_DEV_OUTSIDE, "vm 'vpn' devices[0]: pa range 0x0a002000..0x0a002fff is outside board device "
				    "'virtio-mmio31' (0x0a003e00..0x0a003fff, pages 0x0a003000..0x0a003fff)");
}

static void dev_larger_than_board_device(void **state)
{
	(void)state;
	fx.dev[VPN][0] = (struct vm_device){"big", PA_INIT(0x0d000000), IPA_INIT(0x0d000000), 0x5000, {61, 62}};
	expect_only(PC_DEV_OUTSIDE, "pa range 0x0d000000..0x0d004fff is outside board device 'big'");
}

static void dev_part_of_board_device_passes(void **state)
{
	(void)state;
	fx.dev[VPN][0] = (struct vm_device){"big", PA_INIT(0x0d001000), IPA_INIT(0x0d001000), 0x2000, {62}};
	expect_clean();
}

static void dev_given_to_two_vms(void **state)
{
	(void)state;
	apps_identity_with_device(BD_VIRTIO31, 0x0a003000, 79);
	expect_only(PC_DEV_TWICE, "vm 'apps' devices[0]: board device 'virtio-mmio31' is already given to vm 'vpn' "
				  "devices[0]");
}

static void dev_twice_in_one_vm(void **state)
{
	(void)state;
	fx.dev[VPN][1] = fx.dev[VPN][0];
	fx.dev[VPN][1].ipa.v = 0x0a004000;
	fx.vms[VPN].num_devices = 2;
	expect_only(PC_DEV_TWICE, "vm 'vpn' devices[1]: board device 'virtio-mmio31' is already given to vm 'vpn' "
				  "devices[0]");
}

/* virtio-mmio30 and 31 share a page: whoever gets one can reach the other, so two VMs cannot split them. */
static void dev_page_shared_by_two_vms(void **state)
{
	(void)state;
	apps_identity_with_device(BD_VIRTIO30, 0x0a003000, 78);
	expect_only(PC_DEV_PA_OVERLAP, "vm 'apps' devices[0]: pa range 0x0a003000..0x0a003fff overlaps vm 'vpn' "
				       "devices[0] (0x0a003000..0x0a003fff)");
}

static void dev_neighbours_in_two_vms_pass(void **state)
{
	(void)state;
	apps_identity_with_device(BD_GPIO, 0x09030000, 39);
	expect_clean();
}

/* A board device inside RAM is itself a board error; the VM-side rule still names the RAM it hits. */
static void dev_overlaps_vm_ram(void **state)
{
	(void)state;
	fx.bdevs[BD_BIG].base.v = 0x54001000;
	fx.dev[VPN][1] = (struct vm_device){"big", PA_INIT(0x54001000), IPA_INIT(0x0d000000), 0x1000, {61}};
	fx.vms[VPN].num_devices = 2;
	run();
	expect(PC_DEV_RAM, 1,
	       "vm 'vpn' devices[1]: pa range 0x54001000..0x54001fff overlaps vm 'apps' ram[0] "
	       "(0x54000000..0x55ffffff)");
	expect(PC_BOARD_DEV_OVERLAP, 1, "board 'tb' devices[6]: 'big' 0x54001000..0x54004fff overlaps board RAM");
	assert_int_equal(num_seen, 2);
}

static void dev_overlaps_hyp(void **state)
{
	(void)state;
	fx.bdevs[BD_BIG].base.v = 0x40100000;
	fx.dev[VPN][1] = (struct vm_device){"big", PA_INIT(0x40100000), IPA_INIT(0x0d000000), 0x4000, {61}};
	fx.vms[VPN].num_devices = 2;
	run();
	expect(PC_DEV_HYP, 1,
	       "vm 'vpn' devices[1]: pa range 0x40100000..0x40103fff overlaps the hypervisor window "
	       "(0x40000000..0x47ffffff)");
	expect(PC_BOARD_DEV_OVERLAP, 1, "overlaps board RAM");
	assert_int_equal(num_seen, 2);
}

static void dev_overlaps_hyp_uart(void **state)
{
	(void)state;
	fx.bdevs[BD_BIG].base.v = 0x09000000;
	fx.dev[VPN][1] = (struct vm_device){"big", PA_INIT(0x09000000), IPA_INIT(0x0d000000), 0x1000, {61}};
	fx.vms[VPN].num_devices = 2;
	run();
	expect(PC_DEV_HYP_MMIO, 1,
	       "vm 'vpn' devices[1]: pa range 0x09000000..0x09000fff overlaps the hypervisor's "
	       "UART (0x09000000..0x09000fff)");
	expect(PC_BOARD_DEV_OVERLAP, 1,
	       "board 'tb' devices[6]: 'big' 0x09000000..0x09003fff overlaps the hypervisor's UART");
	assert_int_equal(num_seen, 2);
}

static void dev_overlaps_gic_redistributors(void **state)
{
	(void)state;
	fx.bdevs[BD_BIG].base.v = 0x080c0000; /* the third CPU's frame */
	fx.dev[VPN][1] = (struct vm_device){"big", PA_INIT(0x080c0000), IPA_INIT(0x0d000000), 0x1000, {61}};
	fx.vms[VPN].num_devices = 2;
	run();
	expect(PC_DEV_HYP_MMIO, 1, "overlaps the GIC redistributors (0x080a0000..0x0811ffff)");
	expect(PC_BOARD_DEV_OVERLAP, 1, "overlaps the GIC redistributors");
	assert_int_equal(num_seen, 2);
}

static void dev_ipa_too_high(void **state)
{
	(void)state;
	fx.dev[VPN][0].ipa.v = BIT(SHOJI_IPA_BITS);
	expect_only(PC_IPA_TOO_HIGH, "vm 'vpn' devices[0]: ipa window at 0x8000000000");
}

/* ---- interrupts ---- */

static void irq_not_spi(void **state)
{
	(void)state;
	fx.dev[VPN][0].intids[1] = 27;
	expect_only(PC_IRQ_NOT_SPI, "vm 'vpn' devices[0]: intids[1]: INTID 27 is not an SPI (32..287 on board 'tb')");
}

static void irq_beyond_board_spis(void **state)
{
	(void)state;
	fx.dev[VPN][0].intids[0] = 288;
	expect_only(PC_IRQ_NOT_SPI, "intids[0]: INTID 288 is not an SPI");
}

static void irq_not_the_devices(void **state)
{
	(void)state;
	fx.dev[VPN][0].intids[0] = 78;
	expect_only(PC_IRQ_NOT_DEVICE, "vm 'vpn' devices[0]: intids[0]: INTID 78 is not raised by board device "
				       "'virtio-mmio31'");
}

static void irq_hyp_uart_refused(void **state)
{
	(void)state;
	fx.dev[VPN][0].intids[1] = 33;
	run();
	expect(PC_IRQ_NOT_DEVICE, 1, "INTID 33 is not raised by board device 'virtio-mmio31'");
	/* 33 is also the number vpn's own vPL011 uses in this fixture. */
	expect(PC_VUART_INTID, 1, "vm 'vpn' vdevs.vuart_intid: INTID 33 is also devices[0]'s interrupt");
	assert_int_equal(num_seen, 2);
}

static void irq_shared_line_in_two_vms(void **state)
{
	(void)state;
	fx.dev[VPN][1] = (struct vm_device){"shared-a", PA_INIT(0x0c000000), IPA_INIT(0x0c000000), 0x1000, {60}};
	fx.vms[VPN].num_devices = 2;
	apps_identity_with_device(BD_SHARED_B, 0x0c001000, 60);
	expect_only(PC_IRQ_TWICE, "vm 'apps' devices[0]: intids[0]: INTID 60 is already routed to vm 'vpn' devices[1]");
}

static void irq_twice_in_one_entry(void **state)
{
	(void)state;
	fx.dev[VPN][0].intids[1] = 79;
	expect_only(PC_IRQ_TWICE, "vm 'vpn' devices[0]: intids[1]: INTID 79 is already routed to vm 'vpn' devices[0]");
}

static void irq_after_terminator(void **state)
{
	(void)state;
	fx.dev[VPN][0].intids[2] = 80;
	expect_only(PC_IRQ_AFTER_END,
		    "vm 'vpn' devices[0]: intids[2]: INTID 80 follows the terminating 0 at intids[1]");
}

/* ---- each VM's IPA space ---- */

static void vuart_intid_not_spi(void **state)
{
	(void)state;
	fx.vms[APPS].vdevs.vuart_intid = 27;
	expect_only(PC_VUART_INTID, "vm 'apps' vdevs.vuart_intid: INTID 27 is not an SPI (32..1019)");
}

static void vuart_intid_clashes_with_passthrough(void **state)
{
	(void)state;
	fx.vms[VPN].vdevs.vuart_intid = 79;
	expect_only(PC_VUART_INTID, "vm 'vpn' vdevs.vuart_intid: INTID 79 is also devices[0]'s interrupt");
}

static void vdev_unaligned(void **state)
{
	(void)state;
	fx.vms[APPS].vdevs.gicd.v = 0x08000800;
	expect_only(PC_VDEV_UNALIGNED, "vm 'apps' vdevs.gicd: ipa 0x08000800 is not 4 KiB aligned");
}

static void vdevs_overlap_each_other(void **state)
{
	(void)state;
	fx.vms[APPS].vdevs.gicd.v = 0x08ff8000;
	expect_only(PC_IPA_OVERLAP, "vm 'apps' vdevs.gicd: ipa window 0x08ff8000..0x09007fff overlaps vdevs.vuart "
				    "(ipa 0x09000000..0x09000fff)");
}

static void vdev_overlaps_ram(void **state)
{
	(void)state;
	fx.vms[APPS].vdevs.gicr.v = 0x81ff0000;
	expect_only(PC_IPA_OVERLAP, "vm 'apps' vdevs.gicr: ipa window 0x81ff0000..0x8202ffff overlaps ram[0]");
}

/* GICR is 128 KiB per vCPU: apps (2 vCPUs) has 256 KiB there, vpn (1 vCPU) 128 KiB. */
static void vgicr_size_follows_vcpus(void **state)
{
	(void)state;
	fx.vms[VPN].vdevs.vuart.v = 0x080c0000;
	expect_clean();
	fx.vms[APPS].vdevs.vuart.v = 0x080c0000;
	expect_only(PC_IPA_OVERLAP, "vm 'apps' vdevs.gicr: ipa window 0x080a0000..0x080dffff overlaps vdevs.vuart");
}

static void dev_ipa_overlaps_ram(void **state)
{
	(void)state;
	fx.dev[VPN][0].ipa.v = 0x51fff000;
	expect_only(PC_IPA_OVERLAP, "vm 'vpn' devices[0]: ipa window 0x51fff000..0x51ffffff overlaps ram[0]");
}

static void dev_ipa_overlaps_vdev(void **state)
{
	(void)state;
	fx.dev[VPN][0].ipa.v = 0x0800f000;
	expect_only(PC_IPA_OVERLAP, "vm 'vpn' vdevs.gicd: ipa window 0x08000000..0x0800ffff overlaps devices[0] "
				    "(ipa 0x0800f000..0x0800ffff)");
}

static void vdev_too_high(void **state)
{
	(void)state;
	fx.vms[VPN].vdevs.gicr.v = BIT(SHOJI_IPA_BITS) - 0x20000; /* one frame: fits */
	expect_clean();
	fx.vms[APPS].vdevs.gicr.v = BIT(SHOJI_IPA_BITS) - 0x20000; /* two frames: does not */
	expect_only(PC_IPA_TOO_HIGH, "vm 'apps' vdevs.gicr: ipa window at 0x7ffffe0000 size 0x00040000");
}

static void vdev_wraps(void **state)
{
	(void)state;
	fx.vms[APPS].vdevs.vuart.v = 0xfffffffffffff000;
	expect_only(PC_IPA_TOO_HIGH, "vm 'apps' vdevs.vuart: ipa window at 0xfffffffffffff000");
}

/* ---- boot image ---- */

static void image_no_kernel(void **state)
{
	(void)state;
	fx.vms[APPS].image.kernel = NULL;
	expect_only(PC_IMG_NO_KERNEL, "vm 'apps' image.kernel: no kernel payload named (NULL)");
}

static void image_empty_names(void **state)
{
	(void)state;
	fx.vms[VPN].image.kernel = "";
	fx.vms[VPN].image.dtb = "";
	fx.vms[VPN].image.initrd = "";
	fx.vms[VPN].image.sealed = "";
	run();
	expect(PC_IMG_NAME_EMPTY, 4, "vm 'vpn' image.kernel: payload name is empty");
	expect(PC_IMG_NAME_EMPTY, 4, "vm 'vpn' image.dtb: payload name is empty (NULL means none)");
	expect(PC_IMG_NAME_EMPTY, 4, "vm 'vpn' image.initrd: payload name is empty (NULL means none)");
	expect(PC_IMG_NAME_EMPTY, 4, "vm 'vpn' image.sealed: payload name is empty (NULL means none)");
	assert_int_equal(num_seen, 4);
}

static void image_kernel_outside_ram(void **state)
{
	(void)state;
	fx.vms[APPS].image.kernel_ipa.v = 0x54000000; /* the PA, not the IPA */
	fx.vms[APPS].image.entry_offset = 0;
	expect_only(PC_IMG_NOT_IN_RAM, "vm 'apps' image.kernel_ipa: 0x54000000 is outside the VM's RAM");
}

static void image_kernel_in_second_region_passes(void **state)
{
	(void)state;
	fx.vms[APPS].image.kernel_ipa.v = 0x90000000;
	expect_clean();
}

static void image_entry_outside_ram(void **state)
{
	(void)state;
	fx.vms[APPS].image.entry_offset = 0x02000000;
	expect_only(PC_IMG_NOT_IN_RAM, "vm 'apps' image.entry_offset: entry point kernel_ipa + 0x02000000 is outside");
}

static void image_entry_wraps(void **state)
{
	(void)state;
	fx.vms[APPS].image.entry_offset = UINT64_MAX - 0x70000000;
	expect_only(PC_IMG_NOT_IN_RAM, "vm 'apps' image.entry_offset");
}

static void image_dtb_and_initrd_outside_ram(void **state)
{
	(void)state;
	fx.vms[VPN].image.dtb_ipa.v = 0x52000000;
	fx.vms[VPN].image.initrd_ipa.v = 0x4fffffff;
	run();
	expect(PC_IMG_NOT_IN_RAM, 2, "vm 'vpn' image.dtb_ipa: 0x52000000 is outside the VM's RAM");
	expect(PC_IMG_NOT_IN_RAM, 2, "vm 'vpn' image.initrd_ipa: 0x4fffffff is outside the VM's RAM");
	assert_int_equal(num_seen, 2);
}

static void image_absent_payload_address_ignored(void **state)
{
	(void)state;
	fx.vms[APPS].image.dtb = NULL;
	fx.vms[APPS].image.dtb_ipa.v = 0x80000000; /* same as the kernel, but there is no dtb */
	expect_clean();
}

static void image_same_address(void **state)
{
	(void)state;
	fx.vms[VPN].image.dtb_ipa.v = 0x50000000;
	fx.vms[VPN].image.initrd_ipa.v = 0x50000000;
	run();
	expect(PC_IMG_SAME_ADDR, 3, "vm 'vpn' image.dtb_ipa: 0x50000000 is also image.kernel_ipa");
	expect(PC_IMG_SAME_ADDR, 3, "vm 'vpn' image.initrd_ipa: 0x50000000 is also image.kernel_ipa");
	expect(PC_IMG_SAME_ADDR, 3, "vm 'vpn' image.initrd_ipa: 0x50000000 is also image.dtb_ipa");
	assert_int_equal(num_seen, 3);
}

/* The sealed area is SHOJI_SEALED_MAX (64 KiB) of the VM's RAM: right up to its end is fine. */
static void image_sealed_at_the_end_of_ram_passes(void **state)
{
	(void)state;
	fx.vms[VPN].image.sealed_ipa.v = 0x51ff0000;
	expect_clean();
}

static void image_sealed_unaligned(void **state)
{
	(void)state;
	fx.vms[VPN].image.sealed_ipa.v = 0x50fe0800;
	expect_only(PC_IMG_SEALED, "vm 'vpn' image.sealed_ipa: 0x50fe0800 is not 4 KiB aligned");
}

static void image_sealed_outside_ram(void **state)
{
	(void)state;
	fx.vms[VPN].image.sealed_ipa.v = 0x51ff8000; /* half of it past the end */
	expect_only(PC_IMG_SEALED, "vm 'vpn' image.sealed_ipa: the sealed area 0x51ff8000..0x52007fff is not inside "
				   "one RAM region of the VM");
	reset(state);
	fx.vms[VPN].image.sealed_ipa.v = 0xfffffffffffff000; /* wraps */
	expect_only(PC_IMG_SEALED, "is not inside one RAM region of the VM");
}

/* Across the seam between two RAM regions that happen to be adjacent in IPA: not one region. */
static void image_sealed_across_two_regions(void **state)
{
	(void)state;
	fx.ram[APPS][1].ipa.v = 0x82000000; /* right after ram[0] */
	fx.vms[APPS].image.sealed = "apps.sealed";
	fx.vms[APPS].image.sealed_ipa.v = 0x81ff8000;
	expect_only(PC_IMG_SEALED, "vm 'apps' image.sealed_ipa: the sealed area 0x81ff8000..0x82007fff is not inside");
}

static void image_sealed_holds_a_load_address(void **state)
{
	(void)state;
	fx.vms[VPN].image.sealed_ipa.v = 0x50fff000; /* the dtb at 0x51000000 is 4 KiB in */
	expect_only(PC_IMG_SEALED, "vm 'vpn' image.sealed_ipa: the sealed area 0x50fff000..0x5100efff holds "
				   "image.dtb_ipa (0x51000000)");
	reset(state);
	fx.vms[VPN].image.sealed_ipa.v = 0x50000000;
	fx.vms[VPN].image.entry_offset = 0x800;
	run();
	expect(PC_IMG_SEALED, 2, "holds image.kernel_ipa (0x50000000)");
	expect(PC_IMG_SEALED, 2, "holds the entry point (0x50000800)");
	assert_int_equal(num_seen, 2);
}

/* No sealed payload: its address means nothing, as for an absent dtb. */
static void image_no_sealed_address_ignored(void **state)
{
	(void)state;
	fx.vms[VPN].image.sealed = NULL;
	fx.vms[VPN].image.sealed_ipa.v = 0x123;
	expect_clean();
}

/* ---- channels: the table ---- */

static void chan_none_passes(void **state)
{
	(void)state;
	fx.sys.channels = NULL;
	fx.sys.num_channels = 0;
	expect_clean();
}

static void chan_null_array(void **state)
{
	(void)state;
	fx.sys.channels = NULL;
	expect_only(PC_NULL_ARRAY, "partcheck: tp: system: num_channels is 1 but channels is NULL");
}

static void chan_at_max_passes(void **state)
{
	(void)state;
	set_channels(CHANNEL_MAX);
	expect_clean();
}

static void chan_too_many(void **state)
{
	(void)state;
	set_channels(CHANNEL_MAX + 1);
	expect_only(PC_CHAN_TOO_MANY, "partcheck: tp: system: has 5 channels, at most CHANNEL_MAX (4)");
}

/* ---- channels: names ---- */

static void chan_name_null(void **state)
{
	(void)state;
	fx.chans[0].name = NULL;
	expect_only(PC_CHAN_NAME_MISSING, "partcheck: tp: channels[0]: name is missing (NULL or empty)");
}

static void chan_name_empty(void **state)
{
	(void)state;
	fx.chans[0].name = "";
	expect_only(PC_CHAN_NAME_MISSING, "channels[0]: name is missing");
}

static void chan_name_at_limit_passes(void **state)
{
	(void)state;
	fx.chans[0].name = "abcdefghijklmno"; /* PC_CHAN_NAME_MAX characters */
	expect_clean();
}

static void chan_name_too_long(void **state)
{
	(void)state;
	fx.chans[0].name = "abcdefghijklmnop";
	expect_only(PC_CHAN_NAME_TOO_LONG, "channels[0]: name 'abcdefghijklmno...' is longer than 15 characters");
}

static void chan_name_charset(void **state)
{
	(void)state;
	fx.chans[0].name = "apps net";
	expect_only(PC_CHAN_NAME_CHARSET, "channels[0]: name has character 0x20 at offset 4, outside [a-z0-9_-]");
}

static void chan_name_dup(void **state)
{
	(void)state;
	set_channels(2);
	fx.chans[1].name = "net";
	expect_only(PC_CHAN_NAME_DUP, "channels[1]: name 'net' is already the name of channels[0]");
}

/* ---- channels: ends ---- */

static void chan_end_names_no_vm(void **state)
{
	(void)state;
	fx.chans[0].end[1].vm = "mail";
	expect_only(PC_CHAN_NO_VM, "channels[0]: end[1].vm: 'mail' is not a VM of this system");
}

static void chan_end_vm_null(void **state)
{
	(void)state;
	fx.chans[0].end[0].vm = NULL;
	expect_only(PC_CHAN_NO_VM, "channels[0]: end[0].vm: names no VM (NULL)");
}

/* The second end's window (0xa0000000) and doorbell then count in no VM: one error, not a cascade. */
static void chan_to_itself(void **state)
{
	(void)state;
	fx.chans[0].end[1].vm = "vpn";
	expect_only(PC_CHAN_SAME_VM,
		    "channels[0]: end[1].vm: 'vpn' is also end[0].vm; a channel joins two different VMs");
}

/* Trust levels say nothing about who may share a window: any two VMs may. */
static void chan_any_trust_passes(void **state)
{
	(void)state;
	fx.vms[VPN].trust = VM_UNTRUSTED;
	expect_clean();
	fx.vms[VPN].trust = VM_TRUSTED;
	fx.vms[APPS].trust = VM_TRUSTED;
	expect_clean();
}

/* ---- channels: the window ---- */

static void chan_size_wrong(void **state)
{
	(void)state;
	fx.chans[0].size = MIB(2);
	expect_only(PC_CHAN_SIZE, "channels[0]: size 0x00200000 is not SHOJI_CHAN_WINDOW_SIZE (0x00100000)");
}

static void chan_size_zero(void **state)
{
	(void)state;
	fx.chans[0].size = 0;
	expect_only(PC_CHAN_SIZE, "channels[0]: size 0x00000000 is not SHOJI_CHAN_WINDOW_SIZE");
}

static void chan_pa_unaligned(void **state)
{
	(void)state;
	fx.chans[0].pa.v = 0x5c000800;
	expect_only(PC_CHAN_UNALIGNED, "channels[0]: pa 0x5c000800 is not 4 KiB aligned");
}

static void chan_ipa_unaligned(void **state)
{
	(void)state;
	fx.chans[0].end[1].ipa.v = 0xa0000010;
	expect_only(PC_CHAN_UNALIGNED, "channels[0]: end[1].ipa 0xa0000010 is not 4 KiB aligned");
}

static void chan_pa_wraps(void **state)
{
	(void)state;
	fx.chans[0].pa.v = 0xfffffffffff80000;
	expect_only(PC_CHAN_WRAP, "channels[0]: pa range wraps (pa 0xfffffffffff80000 size 0x00100000)");
}

static void chan_ipa_wraps(void **state)
{
	(void)state;
	fx.chans[0].end[0].ipa.v = 0xfffffffffff80000;
	expect_only(PC_CHAN_WRAP, "channels[0]: end[0].ipa range wraps (ipa 0xfffffffffff80000 size 0x00100000)");
}

/* ---- channels: the pa range is plain RAM nobody else has ---- */

static void chan_at_board_ram_end_passes(void **state)
{
	(void)state;
	fx.chans[0].pa.v = 0xbff00000;
	expect_clean();
}

static void chan_outside_board_ram(void **state)
{
	(void)state;
	fx.chans[0].pa.v = 0xbff80000;
	expect_only(PC_CHAN_NOT_BOARD, "channels[0]: pa range 0xbff80000..0xc007ffff is outside board RAM "
				       "(0x40000000..0xbfffffff): a window is memory");
}

/* Over the hypervisor's UART and the RTC: MMIO must never be mapped as normal memory. */
static void chan_on_mmio(void **state)
{
	(void)state;
	fx.chans[0].pa.v = 0x09000000;
	expect_only(PC_CHAN_NOT_BOARD, "channels[0]: pa range 0x09000000..0x090fffff is outside board RAM");
}

static void chan_just_above_hyp_passes(void **state)
{
	(void)state;
	fx.chans[0].pa.v = 0x48000000;
	expect_clean();
}

static void chan_overlaps_hyp(void **state)
{
	(void)state;
	fx.chans[0].pa.v = 0x47f00000;
	expect_only(PC_CHAN_HYP, "channels[0]: pa range 0x47f00000..0x47ffffff overlaps the hypervisor window "
				 "(0x40000000..0x47ffffff)");
}

static void chan_overlaps_vm_ram(void **state)
{
	(void)state;
	fx.chans[0].pa.v = 0x51f00000;
	expect_only(PC_CHAN_RAM, "x");
	assert_string_equal(seen[0].line, "partcheck: tp: channels[0]: pa range 0x51f00000..0x51ffffff overlaps vm "
					  "'vpn' ram[0] (0x50000000..0x51ffffff)");
}

static void chan_overlaps_other_vms_ram(void **state)
{
	(void)state;
	fx.chans[0].pa.v = 0x58000000;
	expect_only(PC_CHAN_RAM, "channels[0]: pa range 0x58000000..0x580fffff overlaps vm 'apps' ram[1]");
}

/* A passthrough entry in RAM is itself a board error; the channel rule still names the device it hits. */
static void chan_overlaps_passthrough(void **state)
{
	(void)state;
	fx.bdevs[BD_BIG].base.v = 0x5d000000;
	fx.dev[VPN][1] = (struct vm_device){"big", PA_INIT(0x5d000000), IPA_INIT(0x0d000000), 0x1000, {61}};
	fx.vms[VPN].num_devices = 2;
	fx.chans[0].pa.v = 0x5d000000;
	run();
	expect(PC_CHAN_DEV, 1,
	       "channels[0]: pa range 0x5d000000..0x5d0fffff overlaps vm 'vpn' devices[1] (0x5d000000..0x5d000fff)");
	expect(PC_BOARD_DEV_OVERLAP, 1, "board 'tb' devices[6]: 'big' 0x5d000000..0x5d003fff overlaps board RAM");
	assert_int_equal(num_seen, 2);
}

static void chan_overlaps_channel(void **state)
{
	(void)state;
	set_channels(2);
	fx.chans[1].pa.v = 0x5c080000;
	expect_only(PC_CHAN_PA_OVERLAP,
		    "channels[1]: pa range 0x5c080000..0x5c17ffff overlaps channels[0] (0x5c000000..0x5c0fffff)");
}

/* ---- channels: each end's window in its VM's IPA space ---- */

static void chan_ipa_overlaps_ram(void **state)
{
	(void)state;
	fx.chans[0].end[1].ipa.v = 0x81f00000;
	expect_only(PC_IPA_OVERLAP, "vm 'apps' channels[0]: ipa window 0x81f00000..0x81ffffff overlaps ram[0] "
				    "(ipa 0x80000000..0x81ffffff)");
}

static void chan_ipa_overlaps_device(void **state)
{
	(void)state;
	fx.chans[0].end[0].ipa.v = 0x0a003000;
	expect_only(PC_IPA_OVERLAP, "vm 'vpn' channels[0]: ipa window 0x0a003000..0x0a102fff overlaps devices[0] "
				    "(ipa 0x0a003000..0x0a003fff)");
}

static void chan_ipa_overlaps_vuart(void **state)
{
	(void)state;
	fx.chans[0].end[1].ipa.v = 0x09000000;
	expect_only(PC_IPA_OVERLAP, "vm 'apps' channels[0]: ipa window 0x09000000..0x090fffff overlaps vdevs.vuart "
				    "(ipa 0x09000000..0x09000fff)");
}

static void chan_ipa_overlaps_vgic(void **state)
{
	(void)state;
	fx.chans[0].end[1].ipa.v = 0x08000000;
	run();
	expect(PC_IPA_OVERLAP, 2, "vm 'apps' channels[0]: ipa window 0x08000000..0x080fffff overlaps vdevs.gicd");
	expect(PC_IPA_OVERLAP, 2,
	       "vm 'apps' channels[0]: ipa window 0x08000000..0x080fffff overlaps vdevs.gicr "
	       "(ipa 0x080a0000..0x080dffff)");
	assert_int_equal(num_seen, 2);
}

static void chan_ipa_overlaps_other_channel(void **state)
{
	(void)state;
	set_channels(2);
	fx.chans[1].end[1].ipa.v = 0xa0000000;
	expect_only(PC_IPA_OVERLAP, "vm 'apps' channels[1]: ipa window 0xa0000000..0xa00fffff overlaps channels[0] "
				    "(ipa 0xa0000000..0xa00fffff)");
}

/* Each VM has its own IPA space: apps may see the window where vpn has RAM. */
static void chan_ipa_is_per_vm_passes(void **state)
{
	(void)state;
	fx.chans[0].end[1].ipa.v = 0x50000000;
	expect_clean();
}

static void chan_ipa_top_passes(void **state)
{
	(void)state;
	fx.chans[0].end[1].ipa.v = BIT(SHOJI_IPA_BITS) - MIB(1);
	expect_clean();
}

static void chan_ipa_too_high(void **state)
{
	(void)state;
	fx.chans[0].end[1].ipa.v = BIT(SHOJI_IPA_BITS) - 0x80000;
	expect_only(PC_IPA_TOO_HIGH, "vm 'apps' channels[0]: ipa window at 0x7ffff80000 size 0x00100000 reaches past "
				     "the 39-bit IPA space");
}

/* ---- channels: doorbells ---- */

static void doorbell_not_spi(void **state)
{
	(void)state;
	fx.chans[0].end[1].intid = 27;
	expect_only(PC_CHAN_IRQ_NOT_SPI, "channels[0]: end[1].intid: INTID 27 is not an SPI (32..287 on board 'tb')");
}

static void doorbell_missing(void **state)
{
	(void)state;
	fx.chans[0].end[0].intid = 0;
	expect_only(PC_CHAN_IRQ_NOT_SPI, "channels[0]: end[0].intid: INTID 0 is not an SPI");
}

static void doorbell_beyond_board_spis(void **state)
{
	(void)state;
	fx.chans[0].end[0].intid = 287;
	expect_clean();
	fx.chans[0].end[0].intid = 288;
	expect_only(PC_CHAN_IRQ_NOT_SPI, "channels[0]: end[0].intid: INTID 288 is not an SPI");
}

static void doorbell_is_passthrough_irq(void **state)
{
	(void)state;
	fx.chans[0].end[0].intid = 79;
	expect_only(PC_CHAN_IRQ_TWICE,
		    "channels[0]: end[0].intid: INTID 79 is already used in vm 'vpn' by devices[0] intids[0]");
}

static void doorbell_is_vuart_irq(void **state)
{
	(void)state;
	fx.chans[0].end[1].intid = 33;
	expect_only(PC_CHAN_IRQ_TWICE,
		    "channels[0]: end[1].intid: INTID 33 is already used in vm 'apps' by vdevs.vuart_intid");
}

static void doorbell_twice_in_one_vm(void **state)
{
	(void)state;
	set_channels(2);
	fx.chans[1].end[0].intid = 40;
	expect_only(PC_CHAN_IRQ_TWICE,
		    "channels[1]: end[0].intid: INTID 40 is already used in vm 'vpn' by channels[0] end[0].intid");
}

/* Doorbells are VM-local numbers: what vpn uses says nothing about apps. */
static void doorbell_numbers_are_per_vm_passes(void **state)
{
	(void)state;
	fx.chans[0].end[1].intid = 40; /* vpn's doorbell number */
	expect_clean();
	fx.chans[0].end[1].intid = 79; /* vpn's NIC */
	expect_clean();
}

/* ---- the board ---- */

static void board_name_missing(void **state)
{
	(void)state;
	fx.board.name = NULL;
	expect_only(PC_BOARD_NAME, "partcheck: tp: board '(unnamed board)' name: missing or not 1..31 characters");
}

static void board_ram_empty(void **state)
{
	(void)state;
	fx.board.ram_size = 0;
	run();
	expect(PC_BOARD_RAM, 1, "board 'tb' ram_size: RAM at 0x40000000 size 0x00000000 is empty or wraps");
	expect(PC_BOARD_HYP, 1, "is not inside board RAM");
	expect(PC_RAM_NOT_BOARD, 3, "vm 'apps' ram[1]");
	expect(PC_CHAN_NOT_BOARD, 1, "channels[0]: pa range 0x5c000000..0x5c0fffff is outside board RAM");
}

static void board_ram_unaligned(void **state)
{
	(void)state;
	fx.board.ram_size = GIB(2) + 0x800;
	expect_only(PC_BOARD_RAM, "board 'tb' ram_base: RAM at 0x40000000 size 0x80000800 is not whole 4 KiB pages");
}

static void board_hyp_empty(void **state)
{
	(void)state;
	fx.board.hyp_size = 0;
	expect_only(PC_BOARD_HYP, "board 'tb' hyp_size: hypervisor window at 0x40000000 size 0x00000000 is empty");
}

static void board_hyp_unaligned(void **state)
{
	(void)state;
	fx.board.hyp_size = MIB(128) - 0x10;
	expect_only(PC_BOARD_HYP, "board 'tb' hyp_base: hypervisor window 0x40000000..0x47ffffef is not whole 4 KiB");
}

static void board_hyp_outside_ram(void **state)
{
	(void)state;
	fx.board.hyp_base.v = 0x3ff00000;
	expect_only(PC_BOARD_HYP, "board 'tb' hyp_base: hypervisor window 0x3ff00000..0x47efffff is not inside board "
				  "RAM (0x40000000..0xbfffffff)");
}

static void board_too_many_cpus(void **state)
{
	(void)state;
	fx.board.num_cpus = BOARD_MAX_CPUS + 1;
	expect_only(PC_BOARD_CPUS, "board 'tb' num_cpus: 9 CPUs, need 1..BOARD_MAX_CPUS (8)");
}

static void board_no_cpus(void **state)
{
	(void)state;
	fx.board.num_cpus = 0;
	run();
	expect(PC_BOARD_CPUS, 1, "board 'tb' num_cpus: 0 CPUs");
	expect(PC_CPU_NO_SUCH, 3, "vm 'vpn' cpus[0]: CPU 0 does not exist on the board (tb has 0 CPUs)");
}

static void board_mpidr_null(void **state)
{
	(void)state;
	fx.board.cpu_mpidr = NULL;
	expect_only(PC_NULL_ARRAY, "board 'tb' cpu_mpidr: is NULL but num_cpus is 4");
}

static void board_mpidr_dup(void **state)
{
	(void)state;
	fx.mpidr[3] = 1;
	expect_only(PC_BOARD_MPIDR, "board 'tb' cpu_mpidr[3]: 0x00000001 is also cpu_mpidr[1]");
}

static void board_mpidr_non_affinity_bits(void **state)
{
	(void)state;
	fx.mpidr[2] = 0x100000102; /* Aff3 = 1, Aff1 = 1: fine */
	fx.mpidr[3] = 0x81000003;  /* bit 31 (RES1) and MT: not affinity */
	expect_only(PC_BOARD_MPIDR, "board 'tb' cpu_mpidr[3]: 0x81000003 has bits outside Aff3..Aff0 (0x81000000)");
}

static void board_gic_version(void **state)
{
	(void)state;
	fx.board.gic_version = (enum gic_version)4;
	expect_only(PC_BOARD_GIC, "board 'tb' gic_version: 4 is neither GIC_V2 nor GIC_V3");
}

static void board_gicr_stride(void **state)
{
	(void)state;
	fx.board.gicr_stride = 0x10000;
	expect_only(PC_BOARD_GIC, "board 'tb' gicr_stride: 0x00010000 is neither 0x20000 (GICv3) nor 0x40000");
}

static void board_gicv2_ignores_gicr(void **state)
{
	(void)state;
	fx.board.gic_version = GIC_V2;
	fx.board.gicr_stride = 0;
	fx.board.gicr_base.v = 0x09000000; /* would overlap the UART if it were used */
	expect_clean();
}

static void board_uart_empty(void **state)
{
	(void)state;
	fx.board.uart_size = 0;
	expect_only(PC_BOARD_MMIO, "board 'tb' uart_base: 0x09000000 size 0x00000000 is empty or wraps");
}

static void board_gicd_in_ram(void **state)
{
	(void)state;
	fx.board.gicd_base.v = 0xbfff0000;
	expect_only(PC_BOARD_MMIO, "board 'tb' gicd_base: 0xbfff0000..0xbfffffff overlaps board RAM");
}

static void board_gicd_overlaps_uart(void **state)
{
	(void)state;
	fx.board.gicd_base.v = 0x08ff8000;
	expect_only(PC_BOARD_MMIO, "board 'tb' gicd_base: 0x08ff8000..0x09007fff overlaps uart_base (0x09000000..");
}

static void board_spis_out_of_range(void **state)
{
	(void)state;
	fx.board.num_spis_max = 1021;
	expect_only(PC_BOARD_IRQ, "board 'tb' num_spis_max: 1021 is outside 33..1020");
}

static void board_uart_intid_not_spi(void **state)
{
	(void)state;
	fx.board.uart_intid = 20;
	expect_only(PC_BOARD_IRQ, "board 'tb' uart_intid: INTID 20 is not an SPI below num_spis_max (288)");
}

static void board_ppi_out_of_range(void **state)
{
	(void)state;
	fx.board.vtimer_intid = 32;
	fx.board.maint_intid = 15;
	run();
	expect(PC_BOARD_IRQ, 2, "board 'tb' vtimer_intid: INTID 32 is not a PPI (16..31)");
	expect(PC_BOARD_IRQ, 2, "board 'tb' maint_intid: INTID 15 is not a PPI");
	assert_int_equal(num_seen, 2);
}

static void board_devices_null(void **state)
{
	(void)state;
	fx.board.devices = NULL;
	run();
	expect(PC_NULL_ARRAY, 1, "board 'tb' devices: is NULL but num_devices is 7");
	expect(PC_DEV_UNKNOWN, 1, "'virtio-mmio31' is not a device of board 'tb'");
	assert_int_equal(num_seen, 2);
}

static void board_dev_name_missing(void **state)
{
	(void)state;
	fx.bdevs[BD_GPIO].name = NULL;
	expect_only(PC_BOARD_DEV_NAME, "board 'tb' devices[1]: name is missing");
}

static void board_dev_name_bad(void **state)
{
	(void)state;
	fx.bdevs[BD_GPIO].name = "GPIO";
	expect_only(PC_BOARD_DEV_NAME, "board 'tb' devices[1]: name is missing or not 1..31 characters of [a-z0-9_-]");
}

static void board_dev_name_dup(void **state)
{
	(void)state;
	fx.bdevs[BD_GPIO].name = "rtc";
	expect_only(PC_BOARD_DEV_NAME, "board 'tb' devices[1]: name 'rtc' is also devices[0]");
}

static void board_dev_empty(void **state)
{
	(void)state;
	fx.bdevs[BD_GPIO].size = 0;
	expect_only(PC_BOARD_DEV_RANGE, "board 'tb' devices[1]: 0x09030000 size 0x00000000 is empty or wraps");
}

static void board_dev_overlap(void **state)
{
	(void)state;
	fx.bdevs[BD_GPIO].base.v = 0x09010800;
	expect_only(PC_BOARD_DEV_OVERLAP, "board 'tb' devices[1]: 'gpio' 0x09010800..0x090117ff overlaps devices[0] "
					  "'rtc' (0x09010000..0x09010fff)");
}

static void board_dev_irq_not_spi(void **state)
{
	(void)state;
	fx.bdevs[BD_GPIO].intids[1] = 16;
	expect_only(PC_BOARD_DEV_IRQ, "board 'tb' devices[1]: intids[1]: INTID 16 is not an SPI below num_spis_max");
}

static void board_dev_irq_is_uarts(void **state)
{
	(void)state;
	fx.bdevs[BD_GPIO].intids[0] = 33;
	expect_only(PC_BOARD_DEV_IRQ, "board 'tb' devices[1]: intids[0]: INTID 33 is the hypervisor UART's");
}

static void board_dev_irq_after_terminator(void **state)
{
	(void)state;
	fx.bdevs[BD_GPIO].intids[3] = 40;
	expect_only(PC_BOARD_DEV_IRQ, "board 'tb' devices[1]: intids[3]: INTID 40 follows the terminating 0");
}

/* ---- last: every rule has been seen to fire ---- */

static void every_code_exercised(void **state)
{
	(void)state;
	for (int c = 1; c < PC_NUM_CODES; c++) {
		if (!covered[c]) {
			fail_msg("code %d has no test that makes it fire", c);
		}
	}
}

#define T(f) cmocka_unit_test_setup(f, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(good_pair_passes),
		T(message_names_system_vm_field_and_clash),
		T(reports_every_error_not_just_the_first),
		T(null_sink_only_counts),
		T(unusable_names_are_not_printed),
		T(system_name_bad),
		T(system_without_vms),
		T(system_vms_null),
		T(system_at_vm_max_passes),
		T(system_too_many_vms),
		T(vm_name_null),
		T(vm_name_empty),
		T(vm_name_at_limit_passes),
		T(vm_name_too_long),
		T(vm_name_charset),
		T(vm_name_uppercase),
		T(vm_name_dup),
		T(vm_trust_bad),
		T(vm_verify_bad),
		T(vm_verify_mark_untrusted_passes),
		T(vm_verify_mark_trusted),
		T(vm_arrays_null),
		T(cpu_count_zero),
		T(cpu_count_too_many),
		T(cpu_last_on_board_passes),
		T(cpu_not_on_board),
		T(cpu_shared_by_two_vms),
		T(cpu_twice_in_one_vm),
		T(ram_none),
		T(ram_empty),
		T(ram_pa_wraps),
		T(ram_ipa_wraps),
		T(ram_pa_unaligned),
		T(ram_ipa_unaligned),
		T(ram_size_unaligned),
		T(ram_at_board_end_passes),
		T(ram_outside_board),
		T(ram_just_above_hyp_passes),
		T(ram_overlaps_hyp),
		T(ram_adjacent_passes),
		T(ram_pa_overlap_in_one_vm),
		T(ram_ipa_overlap),
		T(ram_not_identity_with_device),
		T(ram_not_identity_with_non_dma_device_passes),
		T(ram_ipa_top_passes),
		T(ram_ipa_too_high),
		T(dev_unknown),
		T(dev_null_name),
		T(dev_empty),
		T(dev_pa_wraps),
		T(dev_ipa_wraps),
		T(dev_sub_page_transport_needs_whole_page),
		T(dev_size_unaligned),
		T(dev_ipa_unaligned),
		T(dev_outside_board_device),
		T(dev_larger_than_board_device),
		T(dev_part_of_board_device_passes),
		T(dev_given_to_two_vms),
		T(dev_twice_in_one_vm),
		T(dev_page_shared_by_two_vms),
		T(dev_neighbours_in_two_vms_pass),
		T(dev_overlaps_vm_ram),
		T(dev_overlaps_hyp),
		T(dev_overlaps_hyp_uart),
		T(dev_overlaps_gic_redistributors),
		T(dev_ipa_too_high),
		T(irq_not_spi),
		T(irq_beyond_board_spis),
		T(irq_not_the_devices),
		T(irq_hyp_uart_refused),
		T(irq_shared_line_in_two_vms),
		T(irq_twice_in_one_entry),
		T(irq_after_terminator),
		T(vuart_intid_not_spi),
		T(vuart_intid_clashes_with_passthrough),
		T(vdev_unaligned),
		T(vdevs_overlap_each_other),
		T(vdev_overlaps_ram),
		T(vgicr_size_follows_vcpus),
		T(dev_ipa_overlaps_ram),
		T(dev_ipa_overlaps_vdev),
		T(vdev_too_high),
		T(vdev_wraps),
		T(image_no_kernel),
		T(image_empty_names),
		T(image_kernel_outside_ram),
		T(image_kernel_in_second_region_passes),
		T(image_entry_outside_ram),
		T(image_entry_wraps),
		T(image_dtb_and_initrd_outside_ram),
		T(image_absent_payload_address_ignored),
		T(image_same_address),
		T(image_sealed_at_the_end_of_ram_passes),
		T(image_sealed_unaligned),
		T(image_sealed_outside_ram),
		T(image_sealed_across_two_regions),
		T(image_sealed_holds_a_load_address),
		T(image_no_sealed_address_ignored),
		T(chan_none_passes),
		T(chan_null_array),
		T(chan_at_max_passes),
		T(chan_too_many),
		T(chan_name_null),
		T(chan_name_empty),
		T(chan_name_at_limit_passes),
		T(chan_name_too_long),
		T(chan_name_charset),
		T(chan_name_dup),
		T(chan_end_names_no_vm),
		T(chan_end_vm_null),
		T(chan_to_itself),
		T(chan_any_trust_passes),
		T(chan_size_wrong),
		T(chan_size_zero),
		T(chan_pa_unaligned),
		T(chan_ipa_unaligned),
		T(chan_pa_wraps),
		T(chan_ipa_wraps),
		T(chan_at_board_ram_end_passes),
		T(chan_outside_board_ram),
		T(chan_on_mmio),
		T(chan_just_above_hyp_passes),
		T(chan_overlaps_hyp),
		T(chan_overlaps_vm_ram),
		T(chan_overlaps_other_vms_ram),
		T(chan_overlaps_passthrough),
		T(chan_overlaps_channel),
		T(chan_ipa_overlaps_ram),
		T(chan_ipa_overlaps_device),
		T(chan_ipa_overlaps_vuart),
		T(chan_ipa_overlaps_vgic),
		T(chan_ipa_overlaps_other_channel),
		T(chan_ipa_is_per_vm_passes),
		T(chan_ipa_top_passes),
		T(chan_ipa_too_high),
		T(doorbell_not_spi),
		T(doorbell_missing),
		T(doorbell_beyond_board_spis),
		T(doorbell_is_passthrough_irq),
		T(doorbell_is_vuart_irq),
		T(doorbell_twice_in_one_vm),
		T(doorbell_numbers_are_per_vm_passes),
		T(board_name_missing),
		T(board_ram_empty),
		T(board_ram_unaligned),
		T(board_hyp_empty),
		T(board_hyp_unaligned),
		T(board_hyp_outside_ram),
		T(board_too_many_cpus),
		T(board_no_cpus),
		T(board_mpidr_null),
		T(board_mpidr_dup),
		T(board_mpidr_non_affinity_bits),
		T(board_gic_version),
		T(board_gicr_stride),
		T(board_gicv2_ignores_gicr),
		T(board_uart_empty),
		T(board_gicd_in_ram),
		T(board_gicd_overlaps_uart),
		T(board_spis_out_of_range),
		T(board_uart_intid_not_spi),
		T(board_ppi_out_of_range),
		T(board_devices_null),
		T(board_dev_name_missing),
		T(board_dev_name_bad),
		T(board_dev_name_dup),
		T(board_dev_empty),
		T(board_dev_overlap),
		T(board_dev_irq_not_spi),
		T(board_dev_irq_is_uarts),
		T(board_dev_irq_after_terminator),
		cmocka_unit_test(every_code_exercised),
	};

	return cmocka_run_group_tests_name("partcheck", tests, NULL, NULL);
}
