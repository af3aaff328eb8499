# SPDX-License-Identifier: MIT
# The SMC (PSCI/SMCCC) and HVC dispatchers against a hand-built VM and recording fakes of the VM core.
UNIT_TESTS += guest_calls
unit_guest_calls_SRCS := tests/unit/test_guest_calls.c tests/unit/fake_vm.c hyp/core/vpsci.c hyp/core/hvc.c
