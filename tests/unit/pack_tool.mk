UNIT_TESTS += pack_tool
unit_pack_tool_SRCS := tests/unit/test_pack_tool.c tools/pack/packer.c tools/pack/sha256.c hyp/core/pack.c
unit_pack_tool_CFLAGS := -Itools/pack
