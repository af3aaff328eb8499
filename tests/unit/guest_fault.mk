# SPDX-License-Identifier: MIT
# Guest-fault decision logic: abort decoding, injection, denial rate limiting, sysreg policy (pure, no fakes).
UNIT_TESTS += guest_fault
unit_guest_fault_SRCS := tests/unit/test_guest_fault.c hyp/core/guest_fault.c
