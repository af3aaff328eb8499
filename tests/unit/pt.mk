UNIT_TESTS += pt
unit_pt_SRCS := tests/unit/test_pt.c hyp/mm/pt.c
