/* SPDX-License-Identifier: MIT */
/* Hypervisor link map: header first, then text, rodata, data, bss, stacks; each permission class page-aligned. */
#include <asm_offsets.h>
#include <arch_asm.h>

OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_head)

SECTIONS
{
	. = HYP_LOAD_ADDR;
	__image_start = .;
	.text : {
		__text_start = .;
		KEEP(*(.text.head))
		*(.text .text.*)
		. = ALIGN(4096);
		__text_end = .;
	}
	.rodata : ALIGN(4096) {
		__rodata_start = .;
		*(.rodata .rodata.*)
		. = ALIGN(4096);
		__rodata_end = .;
	}
	.data : ALIGN(4096) {
		__data_start = .;
		*(.data .data.*)
	}
	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	.stacks (NOLOAD) : ALIGN(4096) {
		__stacks_start = .;
		. += BOARD_MAX_CPUS_ASM * (STACK_GUARD + STACK_SIZE);
		__stacks_end = .;
	}
	. = ALIGN(4096);
	__image_end = .;
	__image_size = __image_end - __image_start;

	/DISCARD/ : {
		*(.interp) *(.note .note.*) *(.comment) *(.eh_frame*) *(.dynamic) *(.dynsym) *(.dynstr)
		*(.gnu.hash) *(.hash)
	}
}
