/* SPDX-License-Identifier: MIT */
/* test-pair: two bare-metal test guests, `vpn` (trusted, 1 CPU) and `apps` (untrusted, 2 CPUs). */
#include <shoji/partition.h>

#include "layout.h"

static const uint32_t vpn_cpus[] = {0};
static const struct vm_ram vpn_ram[] = {
	{PA_INIT(TP_VPN_RAM_PA), IPA_INIT(TP_VPN_RAM_IPA), TP_VPN_RAM_SIZE},
};

static const uint32_t apps_cpus[] = {1, 2};
static const struct vm_ram apps_ram[] = {
	{PA_INIT(TP_APPS_RAM_PA), IPA_INIT(TP_APPS_RAM_IPA), TP_APPS_RAM_SIZE},
};

static const struct vm_config test_pair_vms[] = {
	{
		.name = "vpn",
		.trust = VM_TRUSTED,
		.cpus = vpn_cpus,
		.num_cpus = ARRAY_SIZE(vpn_cpus),
		.ram = vpn_ram,
		.num_ram = ARRAY_SIZE(vpn_ram),
		.image = {.kernel = "vpn.kernel", .kernel_ipa = IPA_INIT(TP_VPN_RAM_IPA)},
		.vdevs = {IPA_INIT(TP_VUART_IPA), IPA_INIT(TP_GICD_IPA), IPA_INIT(TP_GICR_IPA)},
	},
	{
		.name = "apps",
		.trust = VM_UNTRUSTED,
		.cpus = apps_cpus,
		.num_cpus = ARRAY_SIZE(apps_cpus),
		.ram = apps_ram,
		.num_ram = ARRAY_SIZE(apps_ram),
		.image = {.kernel = "apps.kernel", .kernel_ipa = IPA_INIT(TP_APPS_RAM_IPA)},
		.vdevs = {IPA_INIT(TP_VUART_IPA), IPA_INIT(TP_GICD_IPA), IPA_INIT(TP_GICR_IPA)},
	},
};

const struct system_config system_config = {
	.name = "test-pair",
	.vms = test_pair_vms,
	.num_vms = ARRAY_SIZE(test_pair_vms),
};
