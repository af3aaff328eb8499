/* SPDX-License-Identifier: MIT */
/*
 * The only libc header the freestanding mbedTLS build sees (it is compiled with
 * -nostdinc): exactly the functions the hypervisor (hyp/lib/string.c) or
 * crypto/shim.c define, so a new libc dependency fails to compile instead of
 * failing to link.
 */
#ifndef SHOJI_CRYPTO_FREESTANDING_STRING_H
#define SHOJI_CRYPTO_FREESTANDING_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif /* SHOJI_CRYPTO_FREESTANDING_STRING_H */
