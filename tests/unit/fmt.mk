UNIT_TESTS += fmt
unit_fmt_SRCS := tests/unit/test_fmt.c hyp/lib/fmt.c hyp/core/esr.c
