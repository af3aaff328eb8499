UNIT_TESTS += vpl011
unit_vpl011_SRCS := tests/unit/test_vpl011.c hyp/core/vpl011.c
