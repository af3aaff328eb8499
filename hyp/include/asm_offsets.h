/* SPDX-License-Identifier: MIT */
/* Layout constants shared by assembly and C; C checks them with _Static_assert. */
#ifndef SHOJI_ASM_OFFSETS_H
#define SHOJI_ASM_OFFSETS_H

/* struct trap_frame: x0..x30, elr, spsr, sp (current-EL only), padded to 16 bytes. */
#define FRAME_X(n) ((n)*8)
#define FRAME_ELR  (31 * 8)
#define FRAME_SPSR (32 * 8)
#define FRAME_SP   (33 * 8)
#define FRAME_SIZE (34 * 8)

/* struct pcpu: first fields, read by the vectors. */
#define PCPU_PANIC_SP 0
#define PCPU_SIZE     128

/* Stacks: each CPU has an unmapped guard page below its stack. */
#define STACK_SIZE       0x4000
#define STACK_GUARD      0x1000
#define PANIC_STACK_SIZE 0x1000

#endif /* SHOJI_ASM_OFFSETS_H */
