# SPDX-License-Identifier: MIT
# The vGIC's distributor and redistributor registers, against fakes of the hardware hooks.
UNIT_TESTS += vgic_regs
unit_vgic_regs_SRCS := tests/unit/test_vgic_regs.c tests/unit/fake_vgic_hw.c hyp/core/vgic_regs.c
