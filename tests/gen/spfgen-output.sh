#!/bin/sh
# SPDX-License-Identifier: MIT
# spfgen -o: atomic output, never over an input, no partial files.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

export DNSAUTH_TEMPLATE_DIR="$DATA/spfgen/templates"
cp "$DATA/spfgen/basic.yaml" "$TMP/desc.yaml"

"$SPFGEN" -o "$TMP/record.txt" "$TMP/desc.yaml" 2>"$TMP/err"
expect_rc write 0 $?
"$SPFGEN" "$TMP/desc.yaml" >"$TMP/stdout.txt" 2>/dev/null
expect_file "file equals stdout" "$TMP/stdout.txt" "$TMP/record.txt"

# Overwriting an earlier output is fine; overwriting the input is not.
"$SPFGEN" -f zone -o "$TMP/record.txt" "$TMP/desc.yaml" 2>/dev/null
expect_rc overwrite-output 0 $?
expect_grep overwrite-output "IN TXT" "$TMP/record.txt"
cp "$TMP/desc.yaml" "$TMP/desc.orig"
"$SPFGEN" -o "$TMP/desc.yaml" "$TMP/desc.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc input-same-path 2 $?
expect_file "input untouched" "$TMP/desc.orig" "$TMP/desc.yaml"
expect_grep input-same-path "refusing to overwrite an input file" "$TMP/err"
ln -s desc.yaml "$TMP/alias.yaml"
"$SPFGEN" -o "$TMP/alias.yaml" "$TMP/desc.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc input-via-symlink 2 $?
expect_file "input untouched (symlink)" "$TMP/desc.orig" "$TMP/desc.yaml"

# A refused record writes nothing at all.
"$SPFGEN" -o "$TMP/over.txt" "$DATA/spfgen/over.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc refused 2 $?
[ -e "$TMP/over.txt" ] && fail "refused record left $TMP/over.txt" || ok

# An unwritable target directory: error, no temporary file left behind.
mkdir "$TMP/ro"
chmod 0500 "$TMP/ro"
if [ "$(id -u)" -ne 0 ]; then
	"$SPFGEN" -o "$TMP/ro/x.txt" "$TMP/desc.yaml" >"$TMP/out" 2>"$TMP/err"
	expect_rc unwritable 2 $?
fi
"$SPFGEN" -o "$TMP/missing-dir/x.txt" "$TMP/desc.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc missing-dir 2 $?
leftovers=$(find "$TMP" -name '.*.??????' | wc -l)
[ "$leftovers" -eq 0 ] && ok || fail "temporary files left: $leftovers"

# Standard input as the description.
"$SPFGEN" - <"$TMP/desc.yaml" >"$TMP/stdin.txt" 2>/dev/null
expect_rc stdin 0 $?
expect_file "stdin equals file" "$TMP/stdout.txt" "$TMP/stdin.txt"

finish
