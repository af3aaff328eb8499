/* SPDX-License-Identifier: MIT */
/*
 * Host tests' stand-in for the generated build/.../gen/vendor_key.h: the vendor public
 * key is a variable the test fills from a key it made, so it can sign payloads itself.
 */
#ifndef SHOJI_FAKE_VENDOR_KEY_H
#define SHOJI_FAKE_VENDOR_KEY_H

#include <stdint.h>

#define VENDOR_KEY_NAME "unit-vendor.pub"
extern uint8_t vendor_pub[65];

#endif /* SHOJI_FAKE_VENDOR_KEY_H */
