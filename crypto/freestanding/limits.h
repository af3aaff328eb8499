/* SPDX-License-Identifier: MIT */
/*
 * Intentionally empty. GCC's own limits.h defines every macro itself, after an
 * #include_next <limits.h> that expects a C library's; this file, found through
 * -idirafter, is that "C library" for the freestanding mbedTLS build.
 */
