/* SPDX-License-Identifier: MIT */
/*
 * The EL2 stage-1 map, W^X: code RX, rodata R, data/bss/stacks RW+XN with an
 * unmapped guard page under each stack; the payload package after the image R;
 * the rest of RAM RW+XN (to load and scrub VMs); the console UART and the GIC as
 * device memory. Nothing else exists at EL2.
 */
#include <arch.h>
#include <asm_offsets.h>
#include <board.h>
#include <mm.h>
#include <panic.h>
#include <pt.h>

#define EL2_VA_BITS     39
#define EL2_START_LEVEL 1
#define EL2_PT_PAGES    48

static pt_page_t el2_pages[EL2_PT_PAGES];
static struct pt_pool el2_pool = {el2_pages, EL2_PT_PAGES, 0};
static struct pt el2_pt;

uint64_t el2_ttbr;

static void map_or_panic(const char *what, uint64_t base, uint64_t size, uint64_t attrs, enum pt_map_flags flags)
{
	if (size == 0) {
		return;
	}
	int ret = pt_map(&el2_pt, base, base, size, attrs, flags);
	if (ret != PT_OK) {
		panic("EL2 map of %s [0x%llx, +0x%llx) failed: %d", what, (unsigned long long)base,
		      (unsigned long long)size, ret);
	}
}

static uint64_t addr(const char *sym)
{
	return (uint64_t)(uintptr_t)sym;
}

static void map_image(void)
{
	map_or_panic("text", addr(__text_start), addr(__text_end) - addr(__text_start), PT_S1_CODE, PT_MAP_PAGES_ONLY);
	map_or_panic("rodata", addr(__rodata_start), addr(__rodata_end) - addr(__rodata_start), PT_S1_RODATA,
		     PT_MAP_PAGES_ONLY);
	map_or_panic("data", addr(__data_start), addr(__stacks_start) - addr(__data_start), PT_S1_DATA,
		     PT_MAP_PAGES_ONLY);
	for (uint64_t s = addr(__stacks_start); s < addr(__stacks_end); s += STACK_GUARD + STACK_SIZE) {
		map_or_panic("stack", s + STACK_GUARD, STACK_SIZE, PT_S1_DATA, PT_MAP_PAGES_ONLY);
	}
}

static void map_ram(void)
{
	uint64_t ram = board_desc.ram_base.v;
	uint64_t ram_end = ram + board_desc.ram_size;
	uint64_t hyp = board_desc.hyp_base.v;
	uint64_t hyp_end = hyp + board_desc.hyp_size;
	uint64_t image_end = ALIGN_UP(addr(__image_end), PT_PAGE_SIZE);

	if (image_end > hyp_end) {
		panic("hypervisor image ends at 0x%llx, beyond its window ending 0x%llx", (unsigned long long)image_end,
		      (unsigned long long)hyp_end);
	}
	/* The payload package (pristine VM images) follows the image; read-only. */
	map_or_panic("package", image_end, hyp_end - image_end, PT_S1_RODATA, PT_MAP_BLOCKS);
	map_or_panic("RAM below hypervisor", ram, hyp - ram, PT_S1_DATA, PT_MAP_BLOCKS);
	map_or_panic("RAM above hypervisor", hyp_end, ram_end - hyp_end, PT_S1_DATA, PT_MAP_BLOCKS);
}

static void map_devices(void)
{
	map_or_panic("uart", board_desc.uart_base.v, board_desc.uart_size, PT_S1_DEVICE, PT_MAP_PAGES_ONLY);
	map_or_panic("gicd", board_desc.gicd_base.v, board_desc.gicd_size, PT_S1_DEVICE, PT_MAP_PAGES_ONLY);
	map_or_panic("gicr", board_desc.gicr_base.v, board_desc.gicr_stride * board_desc.num_cpus, PT_S1_DEVICE,
		     PT_MAP_BLOCKS);
}

void el2_mm_init(void)
{
	if (pt_init(&el2_pt, &el2_pool, EL2_START_LEVEL, EL2_VA_BITS) != PT_OK) {
		panic("EL2 page-table pool empty");
	}
	map_image();
	map_ram();
	map_devices();
	/* Tables were written with the MMU (and so the caches) off: drop any stale lines. */
	dcache_inval_range((uintptr_t)el2_pages, sizeof(el2_pages));
	el2_ttbr = (uint64_t)(uintptr_t)el2_pt.root;
}
