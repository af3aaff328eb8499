# SPDX-License-Identifier: MIT
# QEMU virt: build knobs and the QEMU command line. The only place (with board.c) that knows this board.

BOARD_CFLAGS := -mcpu=cortex-a72
# QEMU loads an Image with text_offset 0 at RAM + 2 MiB.
HYP_LOAD_ADDR := 0x40200000
# The packed image may not grow past the hypervisor window (board.c: 128 MiB from 0x40000000).
HYP_MAX_IMAGE := 0x7e00000
GIC_DRIVER := gicv3
UART_DRIVER := pl011

QEMU := qemu-system-aarch64
QEMU_MACHINE := -M virt,virtualization=on,gic-version=3 -cpu cortex-a72 -smp 4 -m 2G
# $(1) = image. No network unless a system asks for it (QEMU_NET from the system).
QEMU_CMD = $(QEMU) $(QEMU_MACHINE) -nographic -no-reboot $(if $(QEMU_NET),$(QEMU_NET),-net none) -kernel $(1)
