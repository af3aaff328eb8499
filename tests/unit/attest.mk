# SPDX-License-Identifier: MIT
# ATTEST and KEY_DERIVE (hyp/core/attest.c): buffer checks, report and key, on the host build of the crypto.
UNIT_TESTS += attest
unit_attest_SRCS := tests/unit/test_attest.c hyp/core/attest.c hyp/core/vmdesc.c hyp/lib/fmt.c crypto/crypto.c \
	$(CRYPTO_HOST_LIB)
unit_attest_CFLAGS := $(CRYPTO_HOST_CFLAGS)
# The unit rule's header list covers include/ and hyp/include/, not these.
build/host/unit/test_attest: crypto/crypto.h crypto/config-hyp.h
