/* SPDX-License-Identifier: MIT */
/* test-pair: two bare-metal test guests, `vpn` (trusted, 1 CPU) and `apps` (untrusted, 2 CPUs). */
#include <shoji/partition.h>

#include "layout.h"

static const uint32_t vpn_cpus[] = {0};
static const struct vm_ram vpn_ram[] = {
	{PA_INIT(TP_VPN_RAM_PA), IPA_INIT(TP_VPN_RAM_IPA), TP_VPN_RAM_SIZE},
};
/* vpn owns the page holding virtio-mmio transport 0 and its SPI, so apps has a foreign interrupt to aim at. */
static const struct vm_device vpn_devices[] = {
	{"virtio-mmio0", PA_INIT(TP_VPN_DEV_PA), IPA_INIT(TP_VPN_DEV_PA), 0x1000, {TP_VPN_DEV_INTID}},
};

static const uint32_t apps_cpus[] = {1, 2};
static const struct vm_ram apps_ram[] = {
	{PA_INIT(TP_APPS_RAM_PA), IPA_INIT(TP_APPS_RAM_IPA), TP_APPS_RAM_SIZE},
};
/* apps owns the PL031 RTC: a real level-triggered device it can make storm. */
static const struct vm_device apps_devices[] = {
	{"pl031-rtc", PA_INIT(TP_APPS_DEV_PA), IPA_INIT(TP_APPS_DEV_PA), 0x1000, {TP_APPS_DEV_INTID}},
};

static const struct vm_config test_pair_vms[] = {
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
		.image = {.kernel = "vpn.kernel", .kernel_ipa = IPA_INIT(TP_VPN_RAM_IPA)},
		.vdevs = {IPA_INIT(TP_VUART_IPA), TP_VUART_INTID, IPA_INIT(TP_GICD_IPA), IPA_INIT(TP_GICR_IPA)},
	},
	{
		.name = "apps",
		.trust = VM_UNTRUSTED,
		.verify = VM_VERIFY_MARK, /* starts even unverified, marked so in the monitor and its reports */
		.cpus = apps_cpus,
		.num_cpus = ARRAY_SIZE(apps_cpus),
		.ram = apps_ram,
		.num_ram = ARRAY_SIZE(apps_ram),
		.devices = apps_devices,
		.num_devices = ARRAY_SIZE(apps_devices),
		.image = {.kernel = "apps.kernel", .kernel_ipa = IPA_INIT(TP_APPS_RAM_IPA)},
		.vdevs = {IPA_INIT(TP_VUART_IPA), TP_VUART_INTID, IPA_INIT(TP_GICD_IPA), IPA_INIT(TP_GICR_IPA)},
	},
};

static const struct channel_config test_pair_channels[] = {
	{
		.name = "pair",
		.pa = PA_INIT(TP_CHAN_PA),
		.size = TP_CHAN_SIZE,
		.end = {{"vpn", IPA_INIT(TP_CHAN_VPN_IPA), TP_CHAN_INTID},
			{"apps", IPA_INIT(TP_CHAN_APPS_IPA), TP_CHAN_INTID}},
	},
};

const struct system_config system_config = {
	.name = "test-pair",
	.vms = test_pair_vms,
	.num_vms = ARRAY_SIZE(test_pair_vms),
	.channels = test_pair_channels,
	.num_channels = ARRAY_SIZE(test_pair_channels),
};
