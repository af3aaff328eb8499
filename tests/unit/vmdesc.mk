# SPDX-License-Identifier: MIT
# The canonical partition entry that verified boot signs and checks (hyp/core/vmdesc.c).
UNIT_TESTS += vmdesc
unit_vmdesc_SRCS := tests/unit/test_vmdesc.c hyp/core/vmdesc.c
