/* SPDX-License-Identifier: MIT */
/*
 * assert.h for the freestanding mbedTLS build: library/common.h includes it for
 * static_assert alone. No runtime assert(): a use of one fails to compile, so none
 * can reach EL2 unnoticed.
 */
#ifndef SHOJI_CRYPTO_FREESTANDING_ASSERT_H
#define SHOJI_CRYPTO_FREESTANDING_ASSERT_H

#define static_assert _Static_assert

#endif /* SHOJI_CRYPTO_FREESTANDING_ASSERT_H */
