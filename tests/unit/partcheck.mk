# SPDX-License-Identifier: MIT
# The partition-table checker's rules, against boards and systems the test builds itself (no board.c/system.c).
UNIT_TESTS += partcheck
unit_partcheck_SRCS := tests/unit/test_partcheck.c tools/partcheck/check.c tools/partcheck/check_board.c \
	tools/partcheck/check_ram.c tools/partcheck/check_dev.c tools/partcheck/check_chan.c
unit_partcheck_CFLAGS := -Itools/partcheck
