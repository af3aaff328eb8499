/* SPDX-License-Identifier: MIT */
/*
 * The C library functions the hypervisor's mbedTLS needs beyond hyp/lib/string.c
 * (memset, memcpy, memcmp). Only mbedTLS functions crypto.c never calls use them, but
 * the hypervisor links whole objects, so they must resolve. If hyp/lib/string.c grows
 * one of them, delete it here (and crypto/undefined-hyp.txt says who provides what).
 * Volatile stores keep GCC from turning a loop back into a call to the function itself.
 */
#include <stdint.h>
#include <string.h>

/* bignum.c: mbedtls_mpi_write_string. */
void *memmove(void *dst, const void *src, size_t n)
{
	volatile unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)dst < (uintptr_t)src) {
		for (size_t i = 0; i < n; i++) {
			d[i] = s[i];
		}
	} else {
		for (size_t i = n; i > 0; i--) {
			d[i - 1] = s[i - 1];
		}
	}
	return dst;
}

/* bignum.c: mbedtls_mpi_read_string; ecdsa.c: the blinding label when no blinding RNG is given. */
size_t strlen(const char *s)
{
	const volatile char *p = s;
	size_t n = 0;

	while (p[n] != '\0') {
		n++;
	}
	return n;
}

/* md.c: mbedtls_md_info_from_string; ecp.c: mbedtls_ecp_curve_info_from_name. */
int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x != '\0' && *x == *y) {
		x++;
		y++;
	}
	return (int)*x - (int)*y;
}
