/* SPDX-License-Identifier: MIT */
/*
 * /dev/shoji-trust from user space (../shoji_trust.h): the VM's sealed blob, ATTEST and
 * KEY_DERIVE. Each function returns 0, or -1 once it has said on stderr what went wrong,
 * in words a person at the console can act on.
 */
#ifndef SHOJI_TRUST_CLI_DEV_H
#define SHOJI_TRUST_CLI_DEV_H

#include <stddef.h>
#include <stdint.h>

#include "shoji_trust.h"

#define TRUST_DEV "/dev/shoji-trust"

/* The blob in the VM's sealed area, whole: at most `max` bytes (more is an error). */
int dev_read_blob(uint8_t *buf, size_t max, size_t *len);

/* A signed report of this VM for the verifier's nonce. */
int dev_attest(const uint8_t nonce[SHOJI_TRUST_NONCE_SIZE], uint8_t report[SHOJI_TRUST_REPORT_SIZE]);

/* This VM's sealing key for `label`; the caller wipes it. */
int dev_key(uint64_t label, uint8_t key[SHOJI_TRUST_KEY_SIZE]);

#endif /* SHOJI_TRUST_CLI_DEV_H */
