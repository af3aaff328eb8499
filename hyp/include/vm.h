/* SPDX-License-Identifier: MIT */
/*
 * VMs and vCPUs at run time. Everything is static: one `struct vm` per entry of
 * the partition table, each vCPU pinned to its physical CPU.
 *
 * Locking: vm->lock guards the VM's lifecycle state and every vCPU's `state`
 * (taken by any CPU that starts, stops or queries a vCPU of the VM). The vPL011
 * has its own lock (vm->uart_lock) because output happens on every vCPU.
 * Lock order: vm->lock, then vm->uart_lock, then vm->vgic.lock, then the console lock.
 */
#ifndef SHOJI_VM_H
#define SHOJI_VM_H

#include <pt.h>
#include <shoji/attest.h>
#include <shoji/partition.h>
#include <spinlock.h>
#include <trap.h>
#include <vgic.h>
#include <vpl011.h>

#define S2_IPA_BITS    39
#define S2_PT_PAGES    32
#define DENY_LOG_SLOTS 32
#define VM_RX_RING     4096U

enum vcpu_state {
	VCPU_OFF = 0,
	VCPU_ON_PENDING, /* asked to start; its CPU has not entered it yet */
	VCPU_ON,
};

enum vm_state {
	VM_STOPPED = 0,
	VM_RUNNING,
	VM_STOPPING, /* vCPUs are leaving; `pending` says what follows */
	VM_REFUSED,  /* cannot start (bad image); stays stopped */
};

enum vm_pending {
	VM_PENDING_NONE = 0,
	VM_PENDING_OFF,
	VM_PENDING_RESTART,
};

/* Verified boot's verdict on a VM (verify.c): set once, before its first start. */
enum vm_boot_check {
	VM_BOOT_UNCHECKED = 0,
	VM_BOOT_VERIFIED,   /* every payload and the partition entry verified */
	VM_BOOT_UNVERIFIED, /* failed, started anyway (VM_VERIFY_MARK) */
};

struct vcpu_stats {
	uint64_t exits;
	uint64_t denials;
};

struct vm;

struct vcpu {
	struct vm *vm;
	uint32_t index; /* vCPU number inside the VM = virtual MPIDR Aff0 */
	uint32_t pcpu;
	enum vcpu_state state;
	uint64_t entry;   /* IPA to start at (CPU_ON or boot) */
	uint64_t context; /* x0 at entry */
	struct vcpu_stats stats;
	uint32_t vgic_dirty; /* list registers need a refill before the next entry */
};

/* Rate-limited "once per address" logging of denied accesses. */
struct deny_log {
	uint64_t addr[DENY_LOG_SLOTS];
	uint32_t next;
};

struct vm {
	const struct vm_config *cfg;
	uint32_t id;
	uint16_t vmid;
	enum vm_state state;
	enum vm_pending pending;
	bool finish_pending; /* the boot vCPU's CPU must finish a stop */
	uint32_t active_vcpus;
	uint64_t vttbr;
	uint64_t cntvoff;
	uint64_t started_at; /* physical count when it last started */
	uint64_t restarts;
	uint64_t boots;
	struct vcpu vcpus[VM_MAX_VCPUS];
	struct spinlock lock;
	struct spinlock uart_lock;
	struct vpl011 uart;
	/*
	 * Console input waiting for room in the vPL011's 32-byte FIFO (a paste arrives
	 * faster than a guest drains it); guarded by uart_lock.
	 */
	uint8_t rx_ring[VM_RX_RING];
	uint32_t rx_head;
	uint32_t rx_count;
	struct vgic vgic;
	struct deny_log deny_log;
	struct pt s2;
	struct pt_pool s2_pool;
	const char *refuse_reason;
	/* Written by the VM's boot CPU before its first start; boot_check last (release). */
	enum vm_boot_check boot_check;
	uint8_t measurement[SHOJI_SHA256_SIZE]; /* include/shoji/attest.h */
	char boot_note[96];                     /* why verification failed */
};

extern struct vm vms[VM_MAX];
extern uint32_t num_vms;

/* vm.c */
void vm_init_all(void);
void vm_start_all(void);
struct vm *vm_by_index(uint32_t i);
void vm_request_stop(struct vm *vm, enum vm_pending what);
bool vm_ipa_in_ram(const struct vm *vm, uint64_t ipa, uint64_t size);

/* The PA of guest range [ipa, ipa + size) if it is non-empty and lies inside one RAM region of the VM. */
static inline bool vm_ram_ipa_to_pa(const struct vm *vm, uint64_t ipa, uint64_t size, uint64_t *pa)
{
	for (uint32_t i = 0; i < vm->cfg->num_ram; i++) {
		const struct vm_ram *r = &vm->cfg->ram[i];
		if (range_valid(ipa, size) && range_inside(ipa, size, r->ipa.v, r->size)) {
			*pa = r->pa.v + (ipa - r->ipa.v);
			return true;
		}
	}
	return false;
}

void vm_finish_stop(struct vm *vm);
uint64_t vm_vtcr(void);

/* vcpu.c */
void cpu_main(void) __attribute__((noreturn));
void vcpu_wake(struct vcpu *v);
void vcpu_park_self(void) __attribute__((noreturn));
void vcpu_leave(struct vcpu *v) __attribute__((noreturn));
struct vcpu *current_vcpu(void);

#endif /* SHOJI_VM_H */
