/* SPDX-License-Identifier: MIT */
/* memset/memcpy/memcmp for the freestanding hypervisor (the compiler may emit calls to them). */
#include <lib.h>

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	uint64_t pattern = (uint8_t)c * ULL(0x0101010101010101);

	while (n > 0 && ((uintptr_t)d & 7) != 0) {
		*d++ = (uint8_t)c;
		n--;
	}
	for (; n >= 8; n -= 8, d += 8) {
		*(volatile uint64_t *)d = pattern; /* volatile: stop gcc turning this back into memset */
	}
	while (n-- > 0) {
		*d++ = (uint8_t)c;
	}
	return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 8; n -= 8, d += 8, s += 8) {
			*(volatile uint64_t *)d = *(const uint64_t *)s;
		}
	}
	while (n-- > 0) {
		*(volatile uint8_t *)d++ = *s++;
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a;
	const uint8_t *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i]) {
			return x[i] < y[i] ? -1 : 1;
		}
	}
	return 0;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0') {
		n++;
	}
	return n;
}
