UNIT_TESTS += crypto
# crypto/crypto.c on the host build of mbedTLS (crypto/mbedtls.mk): same config as the hypervisor's.
unit_crypto_SRCS := tests/unit/test_crypto.c crypto/crypto.c $(CRYPTO_HOST_LIB)
unit_crypto_CFLAGS := $(CRYPTO_HOST_CFLAGS)
# The unit rule's header list covers include/ and hyp/include/, not these.
build/host/unit/test_crypto: crypto/crypto.h crypto/config-hyp.h
