UNIT_TESTS += console
unit_console_SRCS := tests/unit/test_console.c hyp/core/console.c hyp/lib/fmt.c
