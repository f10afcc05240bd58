#!/bin/sh
# SPDX-License-Identifier: MIT
# Build the libFuzzer targets with clang (Debian: clang, libclang-rt-dev).
#   fuzz/build.sh && mkdir -p fuzz/corpus/spf &&
#   ./fuzz/fuzz_spf -max_total_time=60 fuzz/corpus/spf fuzz/seeds/spf
# Run from the top of a configured tree (config is not needed by the
# library sources apart from the template directory macros).
set -eu
cd "$(dirname "$0")/.."
CC=${CC:-clang}
FLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Ilib
 -DDNSAUTH_TEMPLATE_DIR=\"$(pwd)/templates\" -DDNSAUTH_SRC_TEMPLATE_DIR=\"$(pwd)/templates\""
LIBS="$(ls lib/*.c | tr '\n' ' ') $(pkg-config --cflags --libs yaml-0.1 libcrypto)"
for t in spf desc dmarc dkim; do
	# shellcheck disable=SC2086
	$CC $FLAGS fuzz/fuzz_$t.c $LIBS -o fuzz/fuzz_$t
done
echo "built fuzz/fuzz_spf fuzz/fuzz_desc fuzz/fuzz_dmarc fuzz/fuzz_dkim"
