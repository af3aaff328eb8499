UNIT_TESTS += pack
unit_pack_SRCS := tests/unit/test_pack.c hyp/core/pack.c
