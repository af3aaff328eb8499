/* SPDX-License-Identifier: MIT */
/* What the checker's rule files share: the run's context, error reporting and safe table access. */
#ifndef SHOJI_PARTCHECK_INTERNAL_H
#define SHOJI_PARTCHECK_INTERNAL_H

#include <inttypes.h>

#include "check.h"

/* Stage 2 maps 4 KiB pages (DESIGN.md: 4 KiB granule); nothing smaller can be given to a VM. */
#define PC_GRANULE KIB(4)

/* First IPA a VM may not use. */
#define PC_IPA_LIMIT BIT(SHOJI_IPA_BITS)

/*
 * Sizes of the emulated-device windows a VM sees. GICv3 (IHI 0069), programmers'
 * model: the Distributor is one 64 KiB frame, each Redistributor two (RD_base, SGI_base).
 */
#define PC_VUART_SIZE KIB(4)
#define PC_VGICD_SIZE KIB(64)
#define PC_VGICR_SIZE KIB(128) /* per vCPU */

/* Longest board, system or board-device name; VM names use VM_NAME_MAX. */
#define PC_NAME_MAX 31

/*
 * Longest channel name: like a VM name, it labels things people read next to VM
 * names (messages, the monitor), and it still fits a Linux interface name
 * (IFNAMSIZ - 1) should a driver name its interface after the channel.
 */
#define PC_CHAN_NAME_MAX VM_NAME_MAX

/* Parts of a line: "partcheck: <system>: <subject>: <detail>" fits PC_LINE_MAX. */
#define PC_SUBJECT_MAX 96
#define PC_DETAIL_MAX  256

/* "index" argument of the error functions when the field has none. */
#define PC_NO_IDX UINT32_MAX

/* Print a range as "0x50000000..0x51ffffff": inclusive end, as people read memory maps. */
#define PC_RANGE                  "0x%08" PRIx64 "..0x%08" PRIx64
#define PC_RANGE_ARGS(base, size) (uint64_t)(base), (uint64_t)((base) + (size)-1)
#define PC_HEX                    "0x%08" PRIx64

struct pc {
	const struct board_desc *board;
	const struct system_config *sys;
	partcheck_sink sink;
	void *ctx;
	unsigned int errors;
};

/*
 * Report one error. The subject is built from the arguments:
 *   pc_sys_error   "<field>[idx]"            (system-level, e.g. "vms[1]")
 *   pc_vm_error    "vm '<name>' <field>[idx]" ("vms[i] <field>[idx]" when the name is unusable)
 *   pc_board_error "board '<name>' <field>[idx]"
 * and the line is "partcheck: <system>: <subject>: <detail>".
 */
void pc_sys_error(struct pc *pc, enum pc_code code, const char *field, uint32_t idx, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/*
 * A window of VM `vm` mapped pa -> ipa for size bytes (a RAM region or a device):
 * reports `empty` for size 0 and `wrap` for a pa or ipa range that wraps. Returns
 * whether the window is usable for the overlap rules that follow.
 */
bool pc_check_window(struct pc *pc, uint32_t vm, const char *field, uint32_t idx, uint64_t pa, uint64_t ipa,
		     uint64_t size, enum pc_code empty, enum pc_code wrap);
void pc_vm_error(struct pc *pc, enum pc_code code, uint32_t vm, const char *field, uint32_t idx, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void pc_board_error(struct pc *pc, enum pc_code code, const char *field, uint32_t idx, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* "vm 'apps'" or, when that VM's name is unusable, "vms[1]". Writes into buf and returns it. */
const char *pc_vm_label(const struct pc *pc, uint32_t vm, char *buf, size_t len);
#define PC_LABEL_MAX 40

/* Name rules: non-empty, at most `max` characters, each in [a-z0-9_-]. */
enum pc_name_fault {
	PC_NAME_OK,
	PC_NAME_MISSING,
	PC_NAME_TOO_LONG,
	PC_NAME_BAD_CHAR,
};
enum pc_name_fault pc_name_fault(const char *name, size_t max, size_t *bad_at);

/*
 * Counts that are safe to loop over: 0 when the array pointer is NULL (that is
 * reported once, as PC_NULL_ARRAY, by the shape checks).
 */
static inline uint32_t pc_num_vms(const struct pc *pc)
{
	return pc->sys->vms != NULL ? pc->sys->num_vms : 0;
}

static inline uint32_t pc_num_cpus(const struct vm_config *vm)
{
	return vm->cpus != NULL ? vm->num_cpus : 0;
}

static inline uint32_t pc_num_ram(const struct vm_config *vm)
{
	return vm->ram != NULL ? vm->num_ram : 0;
}

static inline uint32_t pc_num_devices(const struct vm_config *vm)
{
	return vm->devices != NULL ? vm->num_devices : 0;
}

static inline uint32_t pc_num_board_devices(const struct board_desc *board)
{
	return board->devices != NULL ? board->num_devices : 0;
}

static inline uint32_t pc_num_channels(const struct pc *pc)
{
	return pc->sys->channels != NULL ? pc->sys->num_channels : 0;
}

static inline const struct vm_config *pc_vm(const struct pc *pc, uint32_t vm)
{
	return &pc->sys->vms[vm];
}

/* The number of INTIDs before the terminating 0 (or all of them). */
uint32_t pc_num_intids(const uint32_t *intids, uint32_t max);

/* A region whose PA and IPA ranges are non-empty and do not wrap, so overlap tests mean something. */
bool pc_ram_usable(const struct vm_ram *r);
bool pc_dev_usable(const struct vm_device *d);

/* The board device called `name`, or NULL. */
const struct board_device *pc_board_device(const struct board_desc *board, const char *name);

/* An MMIO window the hypervisor keeps for itself (UART, GIC): `field` names it in board messages. */
struct pc_window {
	const char *field;
	const char *what;
	uint64_t base;
	uint64_t size;
};
#define PC_MAX_HYP_MMIO 3

/* Fills `out` with the board's hypervisor-owned MMIO windows; returns how many. */
uint32_t pc_hyp_mmio(const struct board_desc *board, struct pc_window out[PC_MAX_HYP_MMIO]);

/* The index of the VM called `name` (an exact match, as the hypervisor binds channels), or PC_NO_IDX. */
uint32_t pc_vm_index(const struct pc *pc, const char *name);

/*
 * Whether channel c has an end in VM v, and which: the window and doorbell v sees.
 * When both ends name v (PC_CHAN_SAME_VM) only end[0] counts, as in the hypervisor.
 */
bool pc_chan_end_in(const struct pc *pc, uint32_t c, uint32_t v, uint32_t *end);

/* Rule files. */
void pc_check_board(struct pc *pc);
void pc_check_ram(struct pc *pc, uint32_t vm);
void pc_check_devices(struct pc *pc, uint32_t vm);
void pc_check_ipa_space(struct pc *pc, uint32_t vm);
void pc_check_channels(struct pc *pc);

#endif /* SHOJI_PARTCHECK_INTERNAL_H */
