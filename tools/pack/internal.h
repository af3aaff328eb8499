/* SPDX-License-Identifier: MIT */
/* What packer.c, args.c and inspect.c share and nothing else sees: the error-message helpers. */
#ifndef SHOJI_TOOLS_PACK_INTERNAL_H
#define SHOJI_TOOLS_PACK_INTERNAL_H

#include <stddef.h>

/* vsnprintf into err; the caller's status says what kind of failure it was. */
__attribute__((format(printf, 3, 4))) void packer_report(char *err, size_t err_size, const char *fmt, ...);

/* Writes the message and yields PACKER_ERR; a macro so analyzers see the status (they do not follow varargs). */
#define FAIL(err, err_size, ...) (packer_report((err), (err_size), __VA_ARGS__), PACKER_ERR)

#endif /* SHOJI_TOOLS_PACK_INTERNAL_H */
