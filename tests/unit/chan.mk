# SPDX-License-Identifier: MIT
# The channel core: ends bound to VMs, CHANNEL_NOTIFY's checks and its doorbell budget (fake vGIC and clock).
UNIT_TESTS += chan
unit_chan_SRCS := tests/unit/test_chan.c hyp/core/chan.c hyp/core/guest_fault.c hyp/lib/fmt.c
