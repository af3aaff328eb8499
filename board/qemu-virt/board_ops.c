/* SPDX-License-Identifier: MIT */
/* QEMU `virt`: the board's mandatory functions. */
#include <board.h>

void board_early_init(void)
{
	/* QEMU needs no clock, pinmux or power set-up before the console. */
}

/*
 * PUBLIC, and it protects nothing: QEMU has no hardware unique key, so every QEMU
 * "device" shares this development secret, which anyone with the repository can
 * read. Reports signed with the key derived from it prove nothing, and anything
 * sealed under it can be unsealed by anyone (docs/threat-model.md).
 */
static const char dev_device_secret[32] = "SHOJI DEV SECRET - NOT SECRET";

void board_device_secret(uint8_t out[32])
{
	for (size_t i = 0; i < sizeof(dev_device_secret); i++) {
		out[i] = (uint8_t)dev_device_secret[i];
	}
}
