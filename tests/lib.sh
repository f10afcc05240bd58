# SPDX-License-Identifier: MIT
# tests/lib.sh - helpers for the shell tests (sourced).
# The harness sets top_srcdir and top_builddir; a test exits 0 (pass),
# 1 (fail) or 77 (skip).

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
DATA="$top_srcdir/tests/data"
SPFGEN="$top_builddir/gen/spfgen"
export NO_COLOR=1 LC_ALL=C

failures=0
checks=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dnsauth-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

ok() {
	checks=$((checks + 1))
}

# expect_rc NAME WANT GOT
expect_rc() {
	if [ "$2" = "$3" ]; then ok; else fail "$1: exit status $3, expected $2"; fi
}

# expect_file NAME EXPECTED_FILE ACTUAL_FILE
# With DNSAUTH_REGEN=1 the expected file is rewritten (review the diff!).
expect_file() {
	if [ "${DNSAUTH_REGEN:-0}" = 1 ]; then
		cp "$3" "$2"
		ok
		return
	fi
	if cmp -s "$2" "$3"; then
		ok
	else
		fail "$1: output differs from $(basename "$2")"
		diff -u "$2" "$3" | head -40
	fi
}

# expect_grep NAME PATTERN FILE  (fixed string)
expect_grep() {
	if grep -qF -- "$2" "$3"; then
		ok
	else
		fail "$1: '$2' not found in output:"
		sed 's/^/    /' "$3" | head -20
	fi
}

# expect_empty NAME FILE
expect_empty() {
	if [ -s "$2" ]; then
		fail "$1: expected no output, got:"
		sed 's/^/    /' "$2" | head -10
	else
		ok
	fi
}

finish() {
	echo "$checks checks passed, $failures failed"
	[ "$failures" -eq 0 ]
}
