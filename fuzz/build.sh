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
LIBS="lib/buf.c lib/desc.c lib/dname.c lib/error.c lib/finding.c lib/json.c
 lib/output.c lib/report.c lib/rules.c lib/spf.c lib/txt.c lib/ytree.c"
# shellcheck disable=SC2086
$CC $FLAGS fuzz/fuzz_spf.c $LIBS $(pkg-config --cflags --libs yaml-0.1) -o fuzz/fuzz_spf
# shellcheck disable=SC2086
$CC $FLAGS fuzz/fuzz_desc.c $LIBS $(pkg-config --cflags --libs yaml-0.1) -o fuzz/fuzz_desc
echo "built fuzz/fuzz_spf fuzz/fuzz_desc"
