/* SPDX-License-Identifier: MIT */
/* The checker's driver and error reporting, with the system, VM identity, CPU and boot-image rules. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <shoji/seal.h>

#include "internal.h"

/* ---- reporting ---- */

static void emit(struct pc *pc, enum pc_code code, const char *subject, const char *fmt, va_list ap)
{
	char detail[PC_DETAIL_MAX];
	char line[PC_LINE_MAX];

	(void)vsnprintf(detail, sizeof(detail), fmt, ap);
	(void)snprintf(line, sizeof(line), "partcheck: %s: %s: %s", partcheck_system_label(pc->sys), subject, detail);
	pc->errors++;
	if (pc->sink != NULL) {
		pc->sink(pc->ctx, code, line);
	}
}

/* "<prefix><field>[idx]", or without the index when there is none. */
static void subject(char *buf, size_t len, const char *prefix, const char *field, uint32_t idx)
{
	if (idx == PC_NO_IDX) {
		(void)snprintf(buf, len, "%s%s", prefix, field);
	} else {
		(void)snprintf(buf, len, "%s%s[%" PRIu32 "]", prefix, field, idx);
	}
}

void pc_sys_error(struct pc *pc, enum pc_code code, const char *field, uint32_t idx, const char *fmt, ...)
{
	char subj[PC_SUBJECT_MAX];
	va_list ap;

	subject(subj, sizeof(subj), "", field, idx);
	va_start(ap, fmt);
	emit(pc, code, subj, fmt, ap);
	va_end(ap);
}

void pc_vm_error(struct pc *pc, enum pc_code code, uint32_t vm, const char *field, uint32_t idx, const char *fmt, ...)
{
	char label[PC_LABEL_MAX];
	char prefix[PC_LABEL_MAX + 1];
	char subj[PC_SUBJECT_MAX];
	va_list ap;

	(void)snprintf(prefix, sizeof(prefix), "%s ", pc_vm_label(pc, vm, label, sizeof(label)));
	subject(subj, sizeof(subj), prefix, field, idx);
	va_start(ap, fmt);
	emit(pc, code, subj, fmt, ap);
	va_end(ap);
}

void pc_board_error(struct pc *pc, enum pc_code code, const char *field, uint32_t idx, const char *fmt, ...)
{
	char prefix[PC_NAME_MAX + 16];
	char subj[PC_SUBJECT_MAX];
	va_list ap;

	(void)snprintf(prefix, sizeof(prefix), "board '%s' ", partcheck_board_label(pc->board));
	subject(subj, sizeof(subj), prefix, field, idx);
	va_start(ap, fmt);
	emit(pc, code, subj, fmt, ap);
	va_end(ap);
}

/* ---- names and safe access ---- */

static bool name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * Names end up in console tags, build paths and these messages, so they are kept
 * to a charset that needs no quoting anywhere.
 */
enum pc_name_fault pc_name_fault(const char *name, size_t max, size_t *bad_at)
{
	if (name == NULL || name[0] == '\0') {
		return PC_NAME_MISSING;
	}
	for (size_t i = 0; name[i] != '\0'; i++) {
		if (i == max) {
			return PC_NAME_TOO_LONG;
		}
		if (!name_char_ok(name[i])) {
			if (bad_at != NULL) {
				*bad_at = i;
			}
			return PC_NAME_BAD_CHAR;
		}
	}
	return PC_NAME_OK;
}

const char *partcheck_system_label(const struct system_config *sys)
{
	return pc_name_fault(sys->name, PC_NAME_MAX, NULL) == PC_NAME_OK ? sys->name : "(unnamed system)";
}

const char *partcheck_board_label(const struct board_desc *board)
{
	return pc_name_fault(board->name, PC_NAME_MAX, NULL) == PC_NAME_OK ? board->name : "(unnamed board)";
}

static bool vm_name_ok(const struct vm_config *vm)
{
	return pc_name_fault(vm->name, VM_NAME_MAX, NULL) == PC_NAME_OK;
}

const char *pc_vm_label(const struct pc *pc, uint32_t vm, char *buf, size_t len)
{
	const struct vm_config *cfg = pc_vm(pc, vm);

	if (vm_name_ok(cfg)) {
		(void)snprintf(buf, len, "vm '%s'", cfg->name);
	} else {
		(void)snprintf(buf, len, "vms[%" PRIu32 "]", vm);
	}
	return buf;
}

uint32_t pc_num_intids(const uint32_t *intids, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && intids[n] != 0) {
		n++;
	}
	return n;
}

bool pc_ram_usable(const struct vm_ram *r)
{
	return range_valid(r->pa.v, r->size) && range_valid(r->ipa.v, r->size);
}

bool pc_dev_usable(const struct vm_device *d)
{
	return range_valid(d->pa.v, d->size) && range_valid(d->ipa.v, d->size);
}

const struct board_device *pc_board_device(const struct board_desc *board, const char *name)
{
	if (name == NULL) {
		return NULL;
	}
	for (uint32_t i = 0; i < pc_num_board_devices(board); i++) {
		const struct board_device *bd = &board->devices[i];

		if (bd->name != NULL && strcmp(bd->name, name) == 0) {
			return bd;
		}
	}
	return NULL;
}

/* ---- the system as a whole ---- */

static void check_system(struct pc *pc)
{
	const struct system_config *sys = pc->sys;

	if (pc_name_fault(sys->name, PC_NAME_MAX, NULL) != PC_NAME_OK) {
		pc_sys_error(pc, PC_SYS_NAME, "system", PC_NO_IDX,
			     "name is missing or not 1..%d characters of [a-z0-9_-]", PC_NAME_MAX);
	}
	if (sys->num_vms == 0) {
		pc_sys_error(pc, PC_SYS_NO_VMS, "system", PC_NO_IDX, "has no VMs (num_vms is 0)");
	} else if (sys->vms == NULL) {
		pc_sys_error(pc, PC_NULL_ARRAY, "system", PC_NO_IDX, "num_vms is %" PRIu32 " but vms is NULL",
			     sys->num_vms);
	}
	if (sys->num_vms > VM_MAX) {
		pc_sys_error(pc, PC_SYS_TOO_MANY_VMS, "system", PC_NO_IDX, "has %" PRIu32 " VMs, at most VM_MAX (%d)",
			     sys->num_vms, VM_MAX);
	}
}

/* ---- VM identity ---- */

static void check_vm_arrays(struct pc *pc, uint32_t v)
{
	const struct vm_config *vm = pc_vm(pc, v);

	if (vm->num_cpus != 0 && vm->cpus == NULL) {
		pc_vm_error(pc, PC_NULL_ARRAY, v, "cpus", PC_NO_IDX, "is NULL but num_cpus is %" PRIu32, vm->num_cpus);
	}
	if (vm->num_ram != 0 && vm->ram == NULL) {
		pc_vm_error(pc, PC_NULL_ARRAY, v, "ram", PC_NO_IDX, "is NULL but num_ram is %" PRIu32, vm->num_ram);
	}
	if (vm->num_devices != 0 && vm->devices == NULL) {
		pc_vm_error(pc, PC_NULL_ARRAY, v, "devices", PC_NO_IDX, "is NULL but num_devices is %" PRIu32,
			    vm->num_devices);
	}
}

static void check_vm_name_form(struct pc *pc, uint32_t v)
{
	const char *name = pc_vm(pc, v)->name;
	size_t bad = 0;

	switch (pc_name_fault(name, VM_NAME_MAX, &bad)) {
	case PC_NAME_MISSING:
		pc_sys_error(pc, PC_VM_NAME_MISSING, "vms", v, "name is missing (NULL or empty)");
		break;
	case PC_NAME_TOO_LONG:
		pc_sys_error(pc, PC_VM_NAME_TOO_LONG, "vms", v, "name '%.*s...' is longer than VM_NAME_MAX (%d)",
			     VM_NAME_MAX, name, VM_NAME_MAX);
		break;
	case PC_NAME_BAD_CHAR:
		pc_sys_error(pc, PC_VM_NAME_CHARSET, "vms", v,
			     "name has character 0x%02x at offset %zu, outside [a-z0-9_-]", (unsigned char)name[bad],
			     bad);
		break;
	case PC_NAME_OK:
		break;
	}
}

/* Names tag console lines and identify VMs in the monitor: they must be unique. */
static void check_vm_name_unique(struct pc *pc, uint32_t v)
{
	const struct vm_config *vm = pc_vm(pc, v);

	if (!vm_name_ok(vm)) {
		return;
	}
	for (uint32_t w = 0; w < v; w++) {
		if (vm_name_ok(pc_vm(pc, w)) && strcmp(pc_vm(pc, w)->name, vm->name) == 0) {
			pc_sys_error(pc, PC_VM_NAME_DUP, "vms", v, "name '%s' is already the name of vms[%" PRIu32 "]",
				     vm->name, w);
			return;
		}
	}
}

static void check_vm_trust(struct pc *pc, uint32_t v)
{
	enum vm_trust t = pc_vm(pc, v)->trust;

	if (t != VM_TRUSTED && t != VM_UNTRUSTED) {
		pc_vm_error(pc, PC_VM_TRUST, v, "trust", PC_NO_IDX, "%d is neither VM_UNTRUSTED nor VM_TRUSTED",
			    (int)t);
	}
}

/* DESIGN.md: the trusted VM never starts unverified. */
static void check_vm_verify(struct pc *pc, uint32_t v)
{
	const struct vm_config *vm = pc_vm(pc, v);

	if (vm->verify != VM_VERIFY_REQUIRED && vm->verify != VM_VERIFY_MARK) {
		pc_vm_error(pc, PC_VM_VERIFY, v, "verify", PC_NO_IDX,
			    "%d is neither VM_VERIFY_REQUIRED nor VM_VERIFY_MARK", (int)vm->verify);
	} else if (vm->trust == VM_TRUSTED && vm->verify != VM_VERIFY_REQUIRED) {
		pc_vm_error(pc, PC_VM_VERIFY, v, "verify", PC_NO_IDX,
			    "a trusted VM must be VM_VERIFY_REQUIRED (it never starts unverified)");
	}
}

/* ---- CPUs: each vCPU is pinned to its own physical CPU (DESIGN.md, static partitioning) ---- */

static void check_cpu_count(struct pc *pc, uint32_t v)
{
	uint32_t n = pc_vm(pc, v)->num_cpus;

	if (n == 0 || n > VM_MAX_VCPUS) {
		pc_vm_error(pc, PC_CPU_COUNT, v, "num_cpus", PC_NO_IDX, "%" PRIu32 " CPUs, need 1..VM_MAX_VCPUS (%d)",
			    n, VM_MAX_VCPUS);
	}
}

static void check_cpu_exists(struct pc *pc, uint32_t v, uint32_t i)
{
	uint32_t cpu = pc_vm(pc, v)->cpus[i];
	uint32_t have = pc->board->num_cpus;

	if (cpu >= have) {
		pc_vm_error(pc, PC_CPU_NO_SUCH, v, "cpus", i,
			    "CPU %" PRIu32 " does not exist on the board (%s has %" PRIu32 " CPUs)", cpu,
			    partcheck_board_label(pc->board), have);
	}
}

/* Against every earlier CPU entry in table order, this VM's included; the first clash is enough. */
static void check_cpu_unique(struct pc *pc, uint32_t v, uint32_t i)
{
	uint32_t cpu = pc_vm(pc, v)->cpus[i];
	char other[PC_LABEL_MAX];

	for (uint32_t w = 0; w <= v; w++) {
		const struct vm_config *vm = pc_vm(pc, w);
		uint32_t n = w == v ? i : pc_num_cpus(vm);

		for (uint32_t j = 0; j < n; j++) {
			if (vm->cpus[j] == cpu) {
				pc_vm_error(pc, PC_CPU_TWICE, v, "cpus", i,
					    "CPU %" PRIu32 " is already used by %s cpus[%" PRIu32 "]", cpu,
					    pc_vm_label(pc, w, other, sizeof(other)), j);
				return;
			}
		}
	}
}

static void check_cpus(struct pc *pc, uint32_t v)
{
	check_cpu_count(pc, v);
	for (uint32_t i = 0; i < pc_num_cpus(pc_vm(pc, v)); i++) {
		check_cpu_exists(pc, v, i);
		check_cpu_unique(pc, v, i);
	}
}

/* ---- boot image: payloads are copied to their IPA at every start, so each must land in RAM ---- */

static void check_image_names(struct pc *pc, uint32_t v)
{
	const struct vm_image *img = &pc_vm(pc, v)->image;

	if (img->kernel == NULL) {
		pc_vm_error(pc, PC_IMG_NO_KERNEL, v, "image.kernel", PC_NO_IDX, "no kernel payload named (NULL)");
	} else if (img->kernel[0] == '\0') {
		pc_vm_error(pc, PC_IMG_NAME_EMPTY, v, "image.kernel", PC_NO_IDX, "payload name is empty");
	}
	if (img->dtb != NULL && img->dtb[0] == '\0') {
		pc_vm_error(pc, PC_IMG_NAME_EMPTY, v, "image.dtb", PC_NO_IDX,
			    "payload name is empty (NULL means none)");
	}
	if (img->initrd != NULL && img->initrd[0] == '\0') {
		pc_vm_error(pc, PC_IMG_NAME_EMPTY, v, "image.initrd", PC_NO_IDX,
			    "payload name is empty (NULL means none)");
	}
	if (img->sealed != NULL && img->sealed[0] == '\0') {
		pc_vm_error(pc, PC_IMG_NAME_EMPTY, v, "image.sealed", PC_NO_IDX,
			    "payload name is empty (NULL means none)");
	}
}

/* [addr, addr + size) inside one RAM region of the VM. */
static bool range_in_ram(const struct vm_config *vm, uint64_t addr, uint64_t size)
{
	for (uint32_t r = 0; r < pc_num_ram(vm); r++) {
		const struct vm_ram *ram = &vm->ram[r];

		if (pc_ram_usable(ram) && range_inside(addr, size, ram->ipa.v, ram->size)) {
			return true;
		}
	}
	return false;
}

static bool ipa_in_ram(const struct vm_config *vm, uint64_t addr)
{
	return range_in_ram(vm, addr, 1);
}

static void check_image_addr(struct pc *pc, uint32_t v, const char *field, uint64_t addr)
{
	if (!ipa_in_ram(pc_vm(pc, v), addr)) {
		pc_vm_error(pc, PC_IMG_NOT_IN_RAM, v, field, PC_NO_IDX, PC_HEX " is outside the VM's RAM", addr);
	}
}

static void check_image_entry(struct pc *pc, uint32_t v)
{
	const struct vm_image *img = &pc_vm(pc, v)->image;
	uint64_t entry = img->kernel_ipa.v + img->entry_offset;

	if (img->entry_offset == 0) {
		return; /* the entry is kernel_ipa itself, checked already */
	}
	if (entry < img->kernel_ipa.v || !ipa_in_ram(pc_vm(pc, v), entry)) {
		pc_vm_error(pc, PC_IMG_NOT_IN_RAM, v, "image.entry_offset", PC_NO_IDX,
			    "entry point kernel_ipa + " PC_HEX " is outside the VM's RAM", img->entry_offset);
	}
}

/* Sizes are not known until packing, but two payloads at one address is always a typo. */
static void check_image_distinct(struct pc *pc, uint32_t v)
{
	const struct vm_image *img = &pc_vm(pc, v)->image;

	if (img->dtb != NULL && img->dtb_ipa.v == img->kernel_ipa.v) {
		pc_vm_error(pc, PC_IMG_SAME_ADDR, v, "image.dtb_ipa", PC_NO_IDX, PC_HEX " is also image.kernel_ipa",
			    img->dtb_ipa.v);
	}
	if (img->initrd != NULL && img->initrd_ipa.v == img->kernel_ipa.v) {
		pc_vm_error(pc, PC_IMG_SAME_ADDR, v, "image.initrd_ipa", PC_NO_IDX, PC_HEX " is also image.kernel_ipa",
			    img->initrd_ipa.v);
	}
	if (img->dtb != NULL && img->initrd != NULL && img->initrd_ipa.v == img->dtb_ipa.v) {
		pc_vm_error(pc, PC_IMG_SAME_ADDR, v, "image.initrd_ipa", PC_NO_IDX, PC_HEX " is also image.dtb_ipa",
			    img->initrd_ipa.v);
	}
}

/*
 * The sealed area: SHOJI_SEALED_MAX bytes of the VM's RAM, page aligned so the guest can
 * reserve it whole. Payload sizes are not known here, so only the other payloads' load
 * addresses and the entry point can be kept out of it; a payload that runs into it
 * from below is not caught (the hypervisor loads the sealed payload first, so the
 * measured bytes win and the guest finds no valid blob).
 */
static void check_image_sealed(struct pc *pc, uint32_t v)
{
	const struct vm_image *img = &pc_vm(pc, v)->image;
	uint64_t base = img->sealed_ipa.v;
	const struct {
		const char *field;
		const char *name;
		uint64_t addr;
	} others[] = {
		{"image.kernel_ipa", img->kernel, img->kernel_ipa.v},
		{"the entry point", img->kernel, img->kernel_ipa.v + img->entry_offset},
		{"image.dtb_ipa", img->dtb, img->dtb_ipa.v},
		{"image.initrd_ipa", img->initrd, img->initrd_ipa.v},
	};

	if (!IS_ALIGNED(base, PC_GRANULE)) {
		pc_vm_error(pc, PC_IMG_SEALED, v, "image.sealed_ipa", PC_NO_IDX, PC_HEX " is not 4 KiB aligned", base);
	}
	if (!range_in_ram(pc_vm(pc, v), base, SHOJI_SEALED_MAX)) {
		pc_vm_error(pc, PC_IMG_SEALED, v, "image.sealed_ipa", PC_NO_IDX,
			    "the sealed area " PC_RANGE " is not inside one RAM region of the VM",
			    PC_RANGE_ARGS(base, (uint64_t)SHOJI_SEALED_MAX));
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		if (others[i].name != NULL && others[i].addr - base < SHOJI_SEALED_MAX) {
			pc_vm_error(pc, PC_IMG_SEALED, v, "image.sealed_ipa", PC_NO_IDX,
				    "the sealed area " PC_RANGE " holds %s (" PC_HEX ")",
				    PC_RANGE_ARGS(base, (uint64_t)SHOJI_SEALED_MAX), others[i].field, others[i].addr);
		}
	}
}

static void check_image(struct pc *pc, uint32_t v)
{
	const struct vm_image *img = &pc_vm(pc, v)->image;

	check_image_names(pc, v);
	check_image_distinct(pc, v);
	/* A VM without RAM is reported once, as PC_RAM_NONE, not once per payload. */
	if (pc_num_ram(pc_vm(pc, v)) == 0) {
		return;
	}
	if (img->kernel != NULL) {
		check_image_addr(pc, v, "image.kernel_ipa", img->kernel_ipa.v);
		check_image_entry(pc, v);
	}
	if (img->dtb != NULL) {
		check_image_addr(pc, v, "image.dtb_ipa", img->dtb_ipa.v);
	}
	if (img->initrd != NULL) {
		check_image_addr(pc, v, "image.initrd_ipa", img->initrd_ipa.v);
	}
	if (img->sealed != NULL) {
		check_image_sealed(pc, v);
	}
}

/* ---- driver ---- */

static void check_vm(struct pc *pc, uint32_t v)
{
	check_vm_arrays(pc, v);
	check_vm_name_form(pc, v);
	check_vm_name_unique(pc, v);
	check_vm_trust(pc, v);
	check_vm_verify(pc, v);
	check_cpus(pc, v);
	pc_check_ram(pc, v);
	pc_check_devices(pc, v);
	pc_check_ipa_space(pc, v);
	check_image(pc, v);
}

unsigned int partcheck(const struct board_desc *board, const struct system_config *sys, partcheck_sink sink, void *ctx)
{
	struct pc pc = {.board = board, .sys = sys, .sink = sink, .ctx = ctx, .errors = 0};

	pc_check_board(&pc);
	check_system(&pc);
	for (uint32_t v = 0; v < pc_num_vms(&pc); v++) {
		check_vm(&pc, v);
	}
	pc_check_channels(&pc);
	return pc.errors;
}

bool pc_check_window(struct pc *pc, uint32_t vm, const char *field, uint32_t idx, uint64_t pa, uint64_t ipa,
		     uint64_t size, enum pc_code empty, enum pc_code wrap)
{
	bool ok = true;

	if (size == 0) {
		pc_vm_error(pc, empty, vm, field, idx, "is empty (size 0)");
		return false;
	}
	if (!range_valid(pa, size)) {
		pc_vm_error(pc, wrap, vm, field, idx, "pa range wraps (pa " PC_HEX " size " PC_HEX ")", pa, size);
		ok = false;
	}
	if (!range_valid(ipa, size)) {
		pc_vm_error(pc, wrap, vm, field, idx, "ipa range wraps (ipa " PC_HEX " size " PC_HEX ")", ipa, size);
		ok = false;
	}
	return ok;
}
