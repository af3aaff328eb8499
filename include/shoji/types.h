/* SPDX-License-Identifier: MIT */
/* Basic types shared by the hypervisor, the host tools and the unit tests. */
#ifndef SHOJI_TYPES_H
#define SHOJI_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define U(x)   (x##U)
#define UL(x)  (x##UL)
#define ULL(x) (x##ULL)

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define BIT(n)          (ULL(1) << (n))
#define GENMASK(hi, lo) ((~ULL(0) >> (63 - (hi))) & (~ULL(0) << (lo)))

#define KIB(x) ((uint64_t)(x) << 10)
#define MIB(x) ((uint64_t)(x) << 20)
#define GIB(x) ((uint64_t)(x) << 30)

#define IS_ALIGNED(x, a) (((x) & ((a)-1)) == 0)
#define ALIGN_UP(x, a)   (((x) + ((a)-1)) & ~((uint64_t)(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a)-1))

/*
 * Distinct types for distinct address spaces (STYLE.md: Hafnium inc/hf/addr.h).
 * pa_t: host physical; ipa_t: a guest's intermediate physical; a hypervisor
 * virtual address is a plain pointer, and is identical to its pa_t because the
 * hypervisor is identity-mapped. A guest value is never cast to a pointer.
 */
typedef struct {
	uint64_t v;
} pa_t;

typedef struct {
	uint64_t v;
} ipa_t;

#define PA_INIT(x)       \
	{                \
		.v = (x) \
	}
#define IPA_INIT(x)      \
	{                \
		.v = (x) \
	}

static inline pa_t pa(uint64_t v)
{
	pa_t p = {v};
	return p;
}

static inline ipa_t ipa(uint64_t v)
{
	ipa_t p = {v};
	return p;
}

/* True when [base, base + size) is non-empty and does not wrap. */
static inline bool range_valid(uint64_t base, uint64_t size)
{
	return size != 0 && base + size > base;
}

/* True when the half-open ranges [a, a + as) and [b, b + bs) share a byte. */
static inline bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

/* True when [a, a + as) lies inside [b, b + bs). */
static inline bool range_inside(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a >= b && as <= bs && a - b <= bs - as;
}

#endif /* SHOJI_TYPES_H */
