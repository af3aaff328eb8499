/* SPDX-License-Identifier: MIT */
/* QEMU `virt`: the board's mandatory functions. */
#include <board.h>

void board_early_init(void)
{
	/* QEMU needs no clock, pinmux or power set-up before the console. */
}
