/* SPDX-License-Identifier: MIT */
/*
 * vpn-apps, the default system: two stock Debian kernels side by side. `vpn`
 * (trusted, CPU 0, 256 MiB identity-mapped) owns the NIC; `apps` (untrusted,
 * CPUs 1-2, 512 MiB) has its console and the channel to vpn, its only network.
 * Device trees: vpn.dts, apps.dts.
 */
#include <shoji/partition.h>
#include <shoji/seal.h>

#include "layout.h"

_Static_assert(VA_SEALED_SIZE == SHOJI_SEALED_MAX, "vpn.dts reserves the whole sealed area");

static const uint32_t vpn_cpus[] = {0};
static const struct vm_ram vpn_ram[] = {
	{PA_INIT(VA_VPN_RAM_PA), IPA_INIT(VA_VPN_RAM_IPA), VA_VPN_RAM_SIZE},
};
static const struct vm_device vpn_devices[] = {
	{"virtio-mmio31", PA_INIT(VA_NIC_PAGE), IPA_INIT(VA_NIC_PAGE), 0x1000, {VA_NIC_INTID}},
	{"pl031-rtc", PA_INIT(VA_RTC_PA), IPA_INIT(VA_RTC_PA), 0x1000, {VA_RTC_INTID}},
};

static const uint32_t apps_cpus[] = {1, 2};
static const struct vm_ram apps_ram[] = {
	{PA_INIT(VA_APPS_RAM_PA), IPA_INIT(VA_APPS_RAM_IPA), VA_APPS_RAM_SIZE},
};

/* `sealed`: the VM's sealed payload ("<vm>.sealed", at VA_SEALED_OFFSET), or NULL for none. */
#define LINUX_IMAGE(vm, base, sealed_name)                                                                   \
	{                                                                                                    \
		.kernel = vm ".kernel", .kernel_ipa = IPA_INIT((base) + VA_KERNEL_OFFSET), .dtb = vm ".dtb", \
		.dtb_ipa = IPA_INIT((base) + VA_DTB_OFFSET), .initrd = vm ".initrd",                         \
		.initrd_ipa = IPA_INIT((base) + VA_INITRD_OFFSET), .sealed = (sealed_name),                  \
		.sealed_ipa = IPA_INIT((base) + VA_SEALED_OFFSET),                                           \
	}

static const struct vm_config vpn_apps_vms[] = {
	{
		.name = "vpn",
		.trust = VM_TRUSTED,
		.verify = VM_VERIFY_REQUIRED,
		.cpus = vpn_cpus,
		.num_cpus = ARRAY_SIZE(vpn_cpus),
		.ram = vpn_ram,
		.num_ram = ARRAY_SIZE(vpn_ram),
		.devices = vpn_devices,
		.num_devices = ARRAY_SIZE(vpn_devices),
		.image = LINUX_IMAGE("vpn", VA_VPN_RAM_IPA, "vpn.sealed"), /* its VPN client key */
		.vdevs = {IPA_INIT(VA_VUART_IPA), VA_VUART_INTID, IPA_INIT(VA_GICD_IPA), IPA_INIT(VA_GICR_IPA)},
	},
	{
		.name = "apps",
		.trust = VM_UNTRUSTED,
		.verify = VM_VERIFY_MARK, /* starts even unverified, marked so in the monitor and its reports */
		.cpus = apps_cpus,
		.num_cpus = ARRAY_SIZE(apps_cpus),
		.ram = apps_ram,
		.num_ram = ARRAY_SIZE(apps_ram),
		.image = LINUX_IMAGE("apps", VA_APPS_RAM_IPA, NULL),
		.vdevs = {IPA_INIT(VA_VUART_IPA), VA_VUART_INTID, IPA_INIT(VA_GICD_IPA), IPA_INIT(VA_GICR_IPA)},
	},
};

static const struct channel_config vpn_apps_channels[] = {
	[VA_CHAN_INDEX] =
		{
			.name = "apps-net",
			.pa = PA_INIT(VA_CHAN_PA),
			.size = VA_CHAN_SIZE,
			.end = {{"vpn", IPA_INIT(VA_CHAN_VPN_IPA), VA_CHAN_INTID},
				{"apps", IPA_INIT(VA_CHAN_APPS_IPA), VA_CHAN_INTID}},
		},
};

const struct system_config system_config = {
	.name = "vpn-apps",
	.vms = vpn_apps_vms,
	.num_vms = ARRAY_SIZE(vpn_apps_vms),
	.channels = vpn_apps_channels,
	.num_channels = ARRAY_SIZE(vpn_apps_channels),
};
