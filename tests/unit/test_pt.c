// SPDX-License-Identifier: MIT
/* Unit tests for the translation-table builder (hyp/mm/pt.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pt.h>

#define POOL_PAGES 16
static pt_page_t pages[POOL_PAGES];
static struct pt_pool pool;
static struct pt pt;

static int setup(void **state)
{
	(void)state;
	pool.pages = pages;
	pool.num_pages = POOL_PAGES;
	pool.used = 0;
	assert_int_equal(pt_init(&pt, &pool, 1, 39), PT_OK);
	return 0;
}

static void maps_single_page(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x40200000, 0x80200000, 0x1000, PT_S1_DATA, PT_MAP_PAGES_ONLY), PT_OK);
	unsigned int level = 0;
	uint64_t d = pt_lookup(&pt, 0x40200123, &level);
	assert_int_equal(level, 3);
	assert_true(d & PTE_VALID);
	assert_true(d & PTE_TABLE); /* page descriptor at level 3 */
	assert_true(d & PTE_XN);
	assert_true(d & PTE_AF);
	uint64_t out;
	assert_true(pt_translate(&pt, 0x40200123, &out));
	assert_int_equal(out, 0x80200123);
	/* Neighbours stay unmapped. */
	assert_false(pt_translate(&pt, 0x40201000, &out));
	assert_false(pt_translate(&pt, 0x401ff000, &out));
	/* root + L2 + L3 */
	assert_int_equal(pool.used, 3);
}

static void uses_2m_and_1g_blocks_when_aligned(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x40000000, 0x40000000, GIB(1), PT_S2_RAM, PT_MAP_BLOCKS), PT_OK);
	unsigned int level = 0;
	assert_true(pt_lookup(&pt, 0x7fffffff, &level) != 0);
	assert_int_equal(level, 1);
	assert_int_equal(pool.used, 1); /* no table below the root */

	assert_int_equal(pt_map(&pt, 0x80200000, 0x80200000, MIB(4), PT_S2_RAM, PT_MAP_BLOCKS), PT_OK);
	assert_true(pt_lookup(&pt, 0x80400000, &level) != 0);
	assert_int_equal(level, 2);
}

static void splits_unaligned_block_ranges(void **state)
{
	(void)state;
	/* 2 MiB + 8 KiB starting 4 KiB below a 2 MiB boundary: page, block, page. */
	uint64_t va = 0x401ff000;
	assert_int_equal(pt_map(&pt, va, va, MIB(2) + 0x2000, PT_S2_RAM, PT_MAP_BLOCKS), PT_OK);
	unsigned int level = 0;
	assert_true(pt_lookup(&pt, va, &level) != 0);
	assert_int_equal(level, 3);
	assert_true(pt_lookup(&pt, 0x40200000, &level) != 0);
	assert_int_equal(level, 2);
	assert_true(pt_lookup(&pt, 0x40400000, &level) != 0);
	assert_int_equal(level, 3);
	uint64_t out;
	assert_false(pt_translate(&pt, 0x40401000, &out));
}

static void block_needs_pa_alignment_too(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x40000000, 0x50001000, MIB(2), PT_S2_RAM, PT_MAP_BLOCKS), PT_OK);
	unsigned int level = 0;
	assert_true(pt_lookup(&pt, 0x40000000, &level) != 0);
	assert_int_equal(level, 3);
	uint64_t out;
	assert_true(pt_translate(&pt, 0x401fffff, &out));
	assert_int_equal(out, 0x50200fff);
}

static void pages_only_never_makes_blocks(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x40000000, 0x40000000, MIB(2), PT_S1_CODE, PT_MAP_PAGES_ONLY), PT_OK);
	unsigned int level = 0;
	assert_true(pt_lookup(&pt, 0x40100000, &level) != 0);
	assert_int_equal(level, 3);
}

static void rejects_bad_ranges(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, 0, PT_S2_RAM, PT_MAP_BLOCKS), PT_ERR_RANGE);
	assert_int_equal(pt_map(&pt, 0x1001, 0x1000, 0x1000, PT_S2_RAM, PT_MAP_BLOCKS), PT_ERR_RANGE);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1800, 0x1000, PT_S2_RAM, PT_MAP_BLOCKS), PT_ERR_RANGE);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, 0x1800, PT_S2_RAM, PT_MAP_BLOCKS), PT_ERR_RANGE);
	/* Beyond the 39-bit input range. */
	assert_int_equal(pt_map(&pt, (ULL(1) << 39) - 0x1000, 0, 0x2000, PT_S2_RAM, PT_MAP_BLOCKS), PT_ERR_RANGE);
	/* Wrapping. */
	assert_int_equal(pt_map(&pt, 0x1000, ~ULL(0) & ~ULL(0xfff), 0x2000, PT_S2_RAM, PT_MAP_BLOCKS), PT_ERR_RANGE);
	/* Output beyond 48 bits. */
	assert_int_equal(pt_map(&pt, 0x1000, ULL(1) << 48, 0x1000, PT_S2_RAM, PT_MAP_BLOCKS), PT_ERR_RANGE);
	assert_int_equal(pool.used, 1);
}

static void rejects_overlap_without_change(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&pt, 0x40000000, 0x40000000, MIB(2), PT_S2_RAM, PT_MAP_BLOCKS), PT_OK);
	size_t used = pool.used;
	/* Overlaps the block by one page at its end. */
	assert_int_equal(pt_map(&pt, 0x401ff000, 0x90000000, 0x2000, PT_S2_DEVICE, PT_MAP_BLOCKS), PT_ERR_EXISTS);
	assert_int_equal(pool.used, used);
	uint64_t out;
	assert_false(pt_translate(&pt, 0x40200000, &out));
	/* Overlap with a single page inside a table. */
	assert_int_equal(pt_map(&pt, 0x50000000, 0x50000000, 0x1000, PT_S2_RAM, PT_MAP_PAGES_ONLY), PT_OK);
	assert_int_equal(pt_map(&pt, 0x4fe00000, 0x4fe00000, MIB(4), PT_S2_RAM, PT_MAP_BLOCKS), PT_ERR_EXISTS);
	assert_false(pt_translate(&pt, 0x4fe00000, &out));
}

static void reports_pool_exhaustion(void **state)
{
	(void)state;
	pool.num_pages = 2; /* root + one table: a level-3 page cannot be reached */
	assert_int_equal(pt_map(&pt, 0x40000000, 0x40000000, 0x1000, PT_S2_RAM, PT_MAP_PAGES_ONLY), PT_ERR_NOMEM);
	uint64_t out;
	assert_false(pt_translate(&pt, 0x40000000, &out));
}

static void attributes_kept_and_type_bits_forced(void **state)
{
	(void)state;
	/* A caller cannot smuggle an address or type bits through attrs. */
	uint64_t attrs = PT_S2_DEVICE | ULL(0x0000deadbeef0000) | PTE_TABLE;
	assert_int_equal(pt_map(&pt, 0x09000000, 0x09000000, 0x1000, attrs, PT_MAP_PAGES_ONLY), PT_OK);
	uint64_t d = pt_lookup(&pt, 0x09000000, NULL);
	assert_int_equal(d & PTE_ADDR_MASK, 0x09000000);
	assert_int_equal(d & ~PTE_ADDR_MASK, PT_S2_DEVICE | PTE_VALID | PTE_TABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(maps_single_page, setup),
		cmocka_unit_test_setup(uses_2m_and_1g_blocks_when_aligned, setup),
		cmocka_unit_test_setup(splits_unaligned_block_ranges, setup),
		cmocka_unit_test_setup(block_needs_pa_alignment_too, setup),
		cmocka_unit_test_setup(pages_only_never_makes_blocks, setup),
		cmocka_unit_test_setup(rejects_bad_ranges, setup),
		cmocka_unit_test_setup(rejects_overlap_without_change, setup),
		cmocka_unit_test_setup(reports_pool_exhaustion, setup),
		cmocka_unit_test_setup(attributes_kept_and_type_bits_forced, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
