/* SPDX-License-Identifier: MIT */
/* The few library routines a freestanding guest needs (gcc may emit memset/memcpy calls itself), and a sort. */
#include "guest.h"

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

bool streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Shell sort: no recursion, no allocation, fast enough for the 10,000 samples a benchmark keeps. */
void sort_u32(uint32_t *a, uint32_t n)
{
	uint32_t gap, i, j;

	for (gap = n / 2; gap > 0; gap /= 2) {
		for (i = gap; i < n; i++) {
			uint32_t v = a[i];

			for (j = i; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
	}
}
