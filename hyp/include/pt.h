/* SPDX-License-Identifier: MIT */
/*
 * Translation-table builder for the VMSAv8-64 4 KiB granule, shared by the EL2
 * stage-1 map and every VM's stage-2 map. Pure logic over caller-owned pages:
 * no allocation, no hardware access, host-unit-tested.
 *
 * Tables are addressed by pointer and the same value is written into table
 * descriptors: the hypervisor runs identity-mapped, so its pointers are PAs.
 */
#ifndef SHOJI_PT_H
#define SHOJI_PT_H

#include <shoji/types.h>

#define PT_PAGE_SHIFT     12
#define PT_PAGE_SIZE      (ULL(1) << PT_PAGE_SHIFT)
#define PT_ENTRIES        512
#define PT_LEVEL_SHIFT(l) (PT_PAGE_SHIFT + 9U * (3U - (l)))
#define PT_LEVEL_SIZE(l)  (ULL(1) << PT_LEVEL_SHIFT(l))

/* Descriptor bits common to stage 1 and stage 2 (Arm ARM D8.3). */
#define PTE_VALID     BIT(0)
#define PTE_TABLE     BIT(1) /* at levels 0-2: table; at level 3: page */
#define PTE_ADDR_MASK GENMASK(47, 12)
#define PTE_AF        BIT(10)
#define PTE_SH_INNER  (ULL(3) << 8)
#define PTE_XN        BIT(54)

/* Stage 1, EL2 regime (one VA range). */
#define PTE_S1_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_S1_AP_RO      BIT(7) /* AP[2] */
#define PTE_S1_AP_RES1    BIT(6) /* AP[1] is RES1 in a one-range regime */

/* MAIR_EL2 indices the hypervisor uses. */
#define MT_DEVICE_nGnRnE 0
#define MT_NORMAL        1
#define MT_DEVICE_nGnRE  2
#define MAIR_EL2_VALUE \
	((ULL(0x00) << (8 * MT_DEVICE_nGnRnE)) | (ULL(0xff) << (8 * MT_NORMAL)) | (ULL(0x04) << (8 * MT_DEVICE_nGnRE)))

/* Stage 2 (Arm ARM D8.5.5). */
#define PTE_S2_MEMATTR_NORMAL_WB    (ULL(0xf) << 2)
#define PTE_S2_MEMATTR_DEVICE_nGnRE (ULL(0x1) << 2)
#define PTE_S2_AP_R                 BIT(6)
#define PTE_S2_AP_W                 BIT(7)

/* Leaf attributes for the common cases. */
#define PT_S1_CODE   (PTE_AF | PTE_SH_INNER | PTE_S1_ATTRIDX(MT_NORMAL) | PTE_S1_AP_RO | PTE_S1_AP_RES1)
#define PT_S1_RODATA (PT_S1_CODE | PTE_XN)
#define PT_S1_DATA   (PTE_AF | PTE_SH_INNER | PTE_S1_ATTRIDX(MT_NORMAL) | PTE_S1_AP_RES1 | PTE_XN)
#define PT_S1_DEVICE (PTE_AF | PTE_S1_ATTRIDX(MT_DEVICE_nGnRE) | PTE_S1_AP_RES1 | PTE_XN)
#define PT_S2_RAM    (PTE_AF | PTE_SH_INNER | PTE_S2_MEMATTR_NORMAL_WB | PTE_S2_AP_R | PTE_S2_AP_W)
#define PT_S2_DEVICE (PTE_AF | PTE_S2_MEMATTR_DEVICE_nGnRE | PTE_S2_AP_R | PTE_S2_AP_W | PTE_XN)

typedef uint64_t pt_page_t[PT_ENTRIES] __attribute__((aligned(PT_PAGE_SIZE)));

/* A fixed pool of table pages, owned by the caller (static storage). */
struct pt_pool {
	pt_page_t *pages;
	size_t num_pages;
	size_t used;
};

struct pt {
	uint64_t *root;
	unsigned int start_level; /* 0..2 */
	unsigned int va_bits;     /* input address size */
	struct pt_pool *pool;
};

enum pt_map_flags {
	PT_MAP_PAGES_ONLY = 0, /* level-3 pages only (fine-grained permissions) */
	PT_MAP_BLOCKS = 1,     /* 1 GiB / 2 MiB blocks where aligned */
};

#define PT_OK         0
#define PT_ERR_RANGE  (-1) /* unaligned, empty, wrapping or beyond va_bits */
#define PT_ERR_EXISTS (-2) /* part of the range is already mapped */
#define PT_ERR_NOMEM  (-3) /* the pool is exhausted */

/* Takes the root table from the pool; returns PT_ERR_NOMEM if it has none left. */
int pt_init(struct pt *pt, struct pt_pool *pool, unsigned int start_level, unsigned int va_bits);

/*
 * Maps [va, va + size) to [pa, pa + size) with the given leaf attributes.
 * Everything is validated before the first table is touched that could be left
 * half-built: on PT_ERR_RANGE/PT_ERR_EXISTS nothing changes; PT_ERR_NOMEM can
 * leave empty intermediate tables behind (harmless: they map nothing).
 */
int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs, enum pt_map_flags flags);

/* Looks up va: returns the leaf descriptor (0 if unmapped) and its level. */
uint64_t pt_lookup(const struct pt *pt, uint64_t va, unsigned int *level);

/* Output address for va, or false if unmapped. */
bool pt_translate(const struct pt *pt, uint64_t va, uint64_t *pa_out);

#endif /* SHOJI_PT_H */
