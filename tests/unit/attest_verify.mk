# SPDX-License-Identifier: MIT
# shoji-attest-verify's core (tools/attest/verify.c): reports made and signed here, then changed a byte at a time.
UNIT_TESTS += attest_verify
unit_attest_verify_SRCS := tests/unit/test_attest_verify.c tools/attest/verify.c tools/common/hexkey.c crypto/crypto.c \
	$(CRYPTO_HOST_LIB)
unit_attest_verify_CFLAGS := -Itools/attest -Itools/common $(CRYPTO_HOST_CFLAGS)
# The unit rule's header list covers include/ and hyp/include/, not these.
build/host/unit/test_attest_verify: tools/attest/verify.h tools/common/hexkey.h crypto/crypto.h crypto/config-hyp.h
