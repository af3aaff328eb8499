/* SPDX-License-Identifier: MIT */
/* Test-guest layout: entry first at the load address, so the raw image starts with code. */
#include "guest.h"

OUTPUT_ARCH(aarch64)
ENTRY(_start)

SECTIONS
{
	. = GUEST_LOAD;
	__image_start = .;

	.text : {
		KEEP(*(.text.head))
		/* Faults inside these bounds may be skipped by an armed probe (probe.c). */
		__probe_text_start = .;
		*(.text.probe)
		__probe_text_end = .;
		*(.text .text.*)
	}

	.rodata : ALIGN(16) {
		*(.rodata .rodata.*)
	}

	.data : ALIGN(16) {
		*(.data .data.*)
	}

	/* Zeroed by start.S with 16-byte stores, hence the alignment of both ends. */
	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}

	__image_end = .;

	/DISCARD/ : {
		*(.interp) *(.note .note.*) *(.comment) *(.eh_frame .eh_frame_hdr)
		*(.dynamic) *(.dynsym) *(.dynstr) *(.hash) *(.gnu.hash)
	}
}

ASSERT(_start == GUEST_LOAD, "the entry point is not at the load address")
ASSERT(__image_end <= GUEST_RAM_BASE + GUEST_RAM_SIZE - GUEST_MARK_SIZE,
	"the image overlaps the mark area at the top of RAM")
