# SPDX-License-Identifier: MIT
# Sealed blobs on the host (tools/seal: the format, the sealing key, seal and open) against known answers
# computed outside this code, and every header byte tampered with.
UNIT_TESTS += seal
unit_seal_SRCS := tests/unit/test_seal.c tools/seal/seal.c tools/seal/blob.c crypto/crypto.c $(CRYPTO_HOST_LIB)
unit_seal_CFLAGS := -Itools/seal $(CRYPTO_HOST_CFLAGS)
# The unit rule's header list covers include/ and hyp/include/, not these.
build/host/unit/test_seal: $(wildcard tools/seal/*.h) crypto/crypto.h crypto/config-hyp.h
