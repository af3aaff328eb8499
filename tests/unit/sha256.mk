UNIT_TESTS += sha256
unit_sha256_SRCS := tests/unit/test_sha256.c tools/pack/sha256.c
unit_sha256_CFLAGS := -Itools/pack
