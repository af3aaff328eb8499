/* SPDX-License-Identifier: MIT */
/*
 * Benchmark probes for `make bench` (tests/bench/run.py). Every figure is a
 * difference of two CNTVCT_EL0 reads, each fenced by ISBs so that nothing is
 * reordered across them. Under QEMU's `-icount shift=4,sleep=off` the 62.5 MHz
 * counter advances once per instruction, so the figures are instruction counts
 * that repeat exactly from run to run; on real hardware they are plain ticks.
 * Commands run with IRQs masked (irq.h), so no guest interrupt lands in a
 * measurement; what the hypervisor does behind the guest's back does.
 */
#include <shoji/abi.h>

#include "cmd_bench.h"
#include "console.h"
#include "guest.h"
#include "probe.h"

/* At most this many samples per run (40 KiB of bss). */
#define BENCH_MAX_SAMPLES 10000U
/* The cost of the timing sequence alone is the median of this many empty measurements. */
#define BENCH_EMPTY_RUNS 16U
#define WORK_MAX_PASSES  ULL(10000)
#define WORK_ALIGN       ULL(4096)
/* `mark`/`check` own the top MiB of RAM; `work` uses what lies between the image and it. */
#define WORK_END (GUEST_RAM_BASE + GUEST_RAM_SIZE - GUEST_MARK_SIZE)
/* Knuth's MMIX LCG: cheap, full-period, and every word's value depends on every pass. */
#define LCG_MUL ULL(6364136223846793005)
#define LCG_INC ULL(1442695040888963407)

/* Linker script: the end of the image (bss included). */
extern char __image_end[];

/*
 * uint64_t bench_hvc_once(uint64_t fid): ticks across one HVC #0 with x0 = fid
 * and x1..x7 = 0. x19 holds the start across the call (SMCCC preserves it);
 * x1..x17 may come back changed, which the C caller already assumes.
 *
 * uint64_t bench_empty_once(void): the same sequence without the HVC.
 *
 * uint64_t bench_udf_once(void): ticks across one UDF, which traps to the
 * guest's own EL1 vector; an armed probe (probe.c) skips it, which is why it
 * lives in .text.probe. The vector saves and restores every register, x1 too.
 */
__asm__(".text\n"
	".balign 16\n"
	".global bench_hvc_once\n"
	".type bench_hvc_once, %function\n"
	"bench_hvc_once:\n"
	"	stp	x19, x30, [sp, #-16]!\n"
	"	mov	x1, xzr\n"
	"	mov	x2, xzr\n"
	"	mov	x3, xzr\n"
	"	mov	x4, xzr\n"
	"	mov	x5, xzr\n"
	"	mov	x6, xzr\n"
	"	mov	x7, xzr\n"
	"	isb\n"
	"	mrs	x19, cntvct_el0\n"
	"	isb\n"
	"	hvc	#0\n"
	"	isb\n"
	"	mrs	x0, cntvct_el0\n"
	"	sub	x0, x0, x19\n"
	"	ldp	x19, x30, [sp], #16\n"
	"	ret\n"
	".size bench_hvc_once, . - bench_hvc_once\n"
	".balign 16\n"
	".global bench_empty_once\n"
	".type bench_empty_once, %function\n"
	"bench_empty_once:\n"
	"	isb\n"
	"	mrs	x1, cntvct_el0\n"
	"	isb\n"
	"	isb\n"
	"	mrs	x0, cntvct_el0\n"
	"	sub	x0, x0, x1\n"
	"	ret\n"
	".size bench_empty_once, . - bench_empty_once\n"
	".pushsection .text.probe, \"ax\"\n"
	".balign 4\n"
	".global bench_udf_once\n"
	".type bench_udf_once, %function\n"
	"bench_udf_once:\n"
	"	isb\n"
	"	mrs	x1, cntvct_el0\n"
	"	isb\n"
	"	udf	#0\n"
	"	isb\n"
	"	mrs	x0, cntvct_el0\n"
	"	sub	x0, x0, x1\n"
	"	ret\n"
	".size bench_udf_once, . - bench_udf_once\n"
	".popsection\n");

uint64_t bench_hvc_once(uint64_t fid);
uint64_t bench_empty_once(void);
uint64_t bench_udf_once(uint64_t unused);

static uint32_t samples[BENCH_MAX_SAMPLES];

static uint32_t clamp32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static uint64_t empty_cost(void)
{
	uint32_t i;

	for (i = 0; i < BENCH_EMPTY_RUNS; i++)
		samples[i] = clamp32(bench_empty_once());
	sort_u32(samples, BENCH_EMPTY_RUNS);
	return samples[(BENCH_EMPTY_RUNS - 1) / 2];
}

/* Sorts samples[0..n) and prints ` min=.. med=.. max=.. empty=..` (med: the lower median) and the newline. */
static void print_stats(uint32_t n, uint64_t empty)
{
	sort_u32(samples, n);
	con_field("min", samples[0]);
	con_field("med", samples[(n - 1) / 2]);
	con_field("max", samples[n - 1]);
	con_field("empty", empty);
	con_nl();
}

static bool parse_samples(const char *s, uint32_t *n)
{
	uint64_t v;

	if (!parse_count(s, &v) || v == 0 || v > BENCH_MAX_SAMPLES)
		return false;
	*n = (uint32_t)v;
	return true;
}

bool cmd_hvcbench(const struct cmd_args *a)
{
	uint64_t regs[4] = {SHOJI_HVC_VERSION, 0, 0, 0};
	struct probe_fault f;
	uint64_t empty;
	uint32_t n, i;

	if (!parse_samples(a->argv[0], &n))
		return false;
	/* One probed call first: where HVC is UNDEFINED the loop below would take an unexpected exception. */
	if (!probe_smccc(SMCCC_CONDUIT_HVC, regs, &f)) {
		con_puts("abort hvcbench");
		print_fault(&f);
		return true;
	}
	empty = empty_cost();
	for (i = 0; i < n; i++)
		samples[i] = clamp32(bench_hvc_once(SHOJI_HVC_VERSION));
	con_puts("hvcbench");
	con_field("n", n);
	con_puts(" x0=");
	con_hex(regs[0]);
	print_stats(n, empty);
	return true;
}

bool cmd_excbench(const struct cmd_args *a)
{
	struct probe_fault f;
	uint64_t empty, ticks;
	uint32_t n, i;

	if (!parse_samples(a->argv[0], &n))
		return false;
	empty = empty_cost();
	for (i = 0; i < n; i++) {
		if (probe_fn(bench_udf_once, 0, &ticks, &f)) {
			con_puts("error excbench no exception");
			con_nl();
			return true;
		}
		samples[i] = clamp32(ticks);
	}
	con_puts("excbench");
	con_field("n", n);
	print_stats(n, empty);
	return true;
}

static uint64_t work_base(void)
{
	return ((uint64_t)(uintptr_t)__image_end + WORK_ALIGN - 1) & ~(WORK_ALIGN - 1);
}

/* The timed loop: a load, a multiply-add, a shift-xor and a store per 64-bit word. */
static uint64_t work_loop(uint64_t *buf, uint64_t words, uint64_t passes)
{
	uint64_t sum = 0, p, i;

	for (p = 0; p < passes; p++) {
		for (i = 0; i < words; i++) {
			uint64_t x = buf[i] * LCG_MUL + LCG_INC + p;

			x ^= x >> 29;
			buf[i] = x;
			sum += x;
		}
	}
	return sum;
}

bool cmd_work(const struct cmd_args *a)
{
	uint64_t kib, passes, words, i, t0, t1, sum;
	uint64_t *buf = (uint64_t *)(uintptr_t)work_base();

	if (!parse_count(a->argv[0], &kib) || kib == 0 || kib > (WORK_END - work_base()) / KIB(1) ||
	    !parse_count(a->argv[1], &passes) || passes == 0 || passes > WORK_MAX_PASSES)
		return false;
	words = KIB(kib) / sizeof(*buf);
	/* The same start every time, so the checksum proves both runs did the same work. */
	for (i = 0; i < words; i++)
		buf[i] = i;
	isb();
	t0 = read_cntvct_el0();
	isb();
	sum = work_loop(buf, words, passes);
	isb();
	t1 = read_cntvct_el0();
	con_puts("work");
	con_field("kib", kib);
	con_field("passes", passes);
	con_field("ticks", t1 - t0);
	con_puts(" sum=");
	con_hex(sum);
	con_nl();
	return true;
}
