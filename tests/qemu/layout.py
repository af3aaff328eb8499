# SPDX-License-Identifier: MIT
"""A system's layout header (vms/<system>/layout.h) as a dict, so no test names a board address."""
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def layout(system):
    """Every `#define NAME number` of vms/<system>/layout.h."""
    vals = {}
    with open(os.path.join(ROOT, "vms", system, "layout.h")) as f:
        for line in f:
            m = re.match(r"#define (\w+)\s+(0x[0-9a-fA-F]+|\d+)\b", line)
            if m:
                vals[m.group(1)] = int(m.group(2), 0)
    return vals
