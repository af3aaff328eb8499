# SPDX-License-Identifier: MIT
# shoji-pack's core end to end on temporary files: build, sign, list, verify, measure; its output opened by
# the hypervisor's parser and its signatures checked with crypto/crypto.c (host build of mbedTLS).
UNIT_TESTS += pack_tool
unit_pack_tool_SRCS := tests/unit/test_pack_tool.c tools/pack/packer.c tools/pack/args.c tools/pack/sign.c \
	tools/pack/inspect.c tools/common/hexkey.c hyp/core/pack.c crypto/crypto.c $(CRYPTO_HOST_LIB)
unit_pack_tool_CFLAGS := -Itools/pack -Itools/common $(CRYPTO_HOST_CFLAGS)
# The unit rule's header list covers include/ and hyp/include/, not these.
build/host/unit/test_pack_tool: $(wildcard tools/pack/*.h) tools/common/hexkey.h crypto/crypto.h crypto/config-hyp.h
