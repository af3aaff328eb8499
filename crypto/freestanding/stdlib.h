/* SPDX-License-Identifier: MIT */
/*
 * Intentionally empty: mbedtls/threading.h includes <stdlib.h> whether or not threads
 * are on, and nothing in the freestanding build may call malloc, exit or abort, so
 * declaring none of them turns any such call into a compile error.
 */
