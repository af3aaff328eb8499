/* SPDX-License-Identifier: MIT */
/*
 * Hex strings and key files for the host tools (shoji-pack, shoji-attest-verify): keys,
 * digests and nonces travel as lower-case hex, one value per file or argument.
 */
#ifndef SHOJI_TOOLS_HEXKEY_H
#define SHOJI_TOOLS_HEXKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exactly 2 * n hex digits (either case) and then the end of s: anything else is false, out untouched. */
bool hex_decode(const char *s, uint8_t *out, size_t n);

/* 2 * n lower-case hex digits and a NUL into out, which holds 2 * n + 1 bytes. */
void hex_encode(const uint8_t *in, size_t n, char *out);

/*
 * Reads a key file: exactly 2 * n hex digits, optionally followed by one newline
 * ("\n" or "\r\n"), nothing else; `what` names the content for the message (e.g.
 * "P-256 private scalar"). Returns 0, or -1 with a one-line reason naming path in err.
 */
int hexfile_read(const char *path, const char *what, uint8_t *out, size_t n, char *err, size_t err_size);

#endif /* SHOJI_TOOLS_HEXKEY_H */
