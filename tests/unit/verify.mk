# SPDX-License-Identifier: MIT
# Verified and measured boot (hyp/core/verify.c) over packages the test builds and signs, parsed by the real
# pack.c, on the host build of the crypto; the clock and the vendor key are the test's (tests/unit/fake/).
UNIT_TESTS += verify
unit_verify_SRCS := tests/unit/test_verify.c hyp/core/verify.c hyp/core/vmdesc.c hyp/core/pack.c hyp/lib/fmt.c \
	crypto/crypto.c $(CRYPTO_HOST_LIB)
unit_verify_CFLAGS := $(CRYPTO_HOST_CFLAGS) -include tests/unit/fake/fake_sysreg.h
# The unit rule's header list covers include/ and hyp/include/, not these.
build/host/unit/test_verify: crypto/crypto.h crypto/config-hyp.h
