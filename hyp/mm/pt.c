/* SPDX-License-Identifier: MIT */
/* Translation-table builder (4 KiB granule) for EL2 stage 1 and stage 2. */
#include <lib.h>
#include <pt.h>

static uint64_t *pool_take(struct pt_pool *pool)
{
	if (pool->used >= pool->num_pages) {
		return NULL;
	}
	uint64_t *page = pool->pages[pool->used++];
	memset(page, 0, PT_PAGE_SIZE);
	return page;
}

int pt_init(struct pt *pt, struct pt_pool *pool, unsigned int start_level, unsigned int va_bits)
{
	pt->pool = pool;
	pt->start_level = start_level;
	pt->va_bits = va_bits;
	pt->root = pool_take(pool);
	return pt->root != NULL ? PT_OK : PT_ERR_NOMEM;
}

static unsigned int pt_index(uint64_t va, unsigned int level)
{
	return (unsigned int)((va >> PT_LEVEL_SHIFT(level)) & (PT_ENTRIES - 1));
}

static bool is_table(uint64_t desc, unsigned int level)
{
	return level < 3 && (desc & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

static uint64_t *table_of(uint64_t desc)
{
	return (uint64_t *)(uintptr_t)(desc & PTE_ADDR_MASK);
}

/* A leaf of this level fits at va/pa for at least `size` bytes. */
static bool leaf_fits(unsigned int level, uint64_t va, uint64_t pa, uint64_t size, enum pt_map_flags flags)
{
	uint64_t block = PT_LEVEL_SIZE(level);

	if (level == 3) {
		return true;
	}
	/* 4 KiB granule: blocks exist at levels 1 and 2 only. */
	if (flags != PT_MAP_BLOCKS || level == 0) {
		return false;
	}
	return IS_ALIGNED(va, block) && IS_ALIGNED(pa, block) && size >= block;
}

/* True if any part of [va, va + size) is mapped below `table` (at `level`). */
static bool range_in_use(const uint64_t *table, unsigned int level, uint64_t va, uint64_t size)
{
	while (size > 0) {
		uint64_t span = PT_LEVEL_SIZE(level);
		uint64_t chunk = span - (va & (span - 1));
		uint64_t desc = table[pt_index(va, level)];

		if (chunk > size) {
			chunk = size;
		}
		if (is_table(desc, level)) {
			if (range_in_use(table_of(desc), level + 1, va, chunk)) {
				return true;
			}
		} else if (desc & PTE_VALID) {
			return true;
		}
		va += chunk;
		size -= chunk;
	}
	return false;
}

static int map_level(struct pt *pt, uint64_t *table, unsigned int level, uint64_t va, uint64_t pa, uint64_t size,
		     uint64_t attrs, enum pt_map_flags flags)
{
	while (size > 0) {
		uint64_t span = PT_LEVEL_SIZE(level);
		uint64_t chunk = span - (va & (span - 1));
		uint64_t *slot = &table[pt_index(va, level)];

		if (chunk > size) {
			chunk = size;
		}
		if (chunk == span && leaf_fits(level, va, pa, size, flags)) {
			*slot = (pa & PTE_ADDR_MASK) | attrs | PTE_VALID | (level == 3 ? PTE_TABLE : 0);
		} else {
			if (!is_table(*slot, level)) {
				uint64_t *next = pool_take(pt->pool);
				if (next == NULL) {
					return PT_ERR_NOMEM;
				}
				*slot = (uint64_t)(uintptr_t)next | PTE_VALID | PTE_TABLE;
			}
			int ret = map_level(pt, table_of(*slot), level + 1, va, pa, chunk, attrs, flags);
			if (ret != PT_OK) {
				return ret;
			}
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return PT_OK;
}

int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs, enum pt_map_flags flags)
{
	if (!range_valid(va, size) || !range_valid(pa, size) || !IS_ALIGNED(va | pa | size, PT_PAGE_SIZE)) {
		return PT_ERR_RANGE;
	}
	if (pt->va_bits < 64 && va + size > (ULL(1) << pt->va_bits)) {
		return PT_ERR_RANGE;
	}
	if ((pa + size - 1) & ~GENMASK(47, 0)) {
		return PT_ERR_RANGE;
	}
	if (range_in_use(pt->root, pt->start_level, va, size)) {
		return PT_ERR_EXISTS;
	}
	return map_level(pt, pt->root, pt->start_level, va, pa, size, attrs & ~(PTE_VALID | PTE_TABLE | PTE_ADDR_MASK),
			 flags);
}

uint64_t pt_lookup(const struct pt *pt, uint64_t va, unsigned int *level)
{
	const uint64_t *table = pt->root;

	if (pt->va_bits < 64 && va >= (ULL(1) << pt->va_bits)) {
		return 0;
	}
	for (unsigned int l = pt->start_level; l <= 3; l++) {
		uint64_t desc = table[pt_index(va, l)];
		if (!(desc & PTE_VALID)) {
			return 0;
		}
		if (!is_table(desc, l)) {
			if (level != NULL) {
				*level = l;
			}
			return desc;
		}
		table = table_of(desc);
	}
	return 0;
}

bool pt_translate(const struct pt *pt, uint64_t va, uint64_t *pa_out)
{
	unsigned int level = 0;
	uint64_t desc = pt_lookup(pt, va, &level);

	if (desc == 0) {
		return false;
	}
	uint64_t offset_mask = PT_LEVEL_SIZE(level) - 1;
	*pa_out = (desc & PTE_ADDR_MASK & ~offset_mask) | (va & offset_mask);
	return true;
}
