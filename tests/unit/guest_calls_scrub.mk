# SPDX-License-Identifier: MIT
# The same dispatcher tests with the debug-build register scrub compiled in (nothing defines it elsewhere yet):
# a refused call must still leave x1..x3 alone, and VERSION must still define all four results.
UNIT_TESTS += guest_calls_scrub
unit_guest_calls_scrub_SRCS := tests/unit/test_guest_calls.c tests/unit/fake_vm.c hyp/core/vpsci.c hyp/core/hvc.c
unit_guest_calls_scrub_CFLAGS := -DSHOJI_DEBUG_SCRUB
