#!/bin/sh
# SPDX-License-Identifier: MIT
# Every long option a program accepts appears in its --help and its man
# page, and the man page renders without warnings.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# check_prog PROGRAM MANPAGE
check_prog() {
	prog=$1 man=$2
	name=$(basename "$prog")
	"$prog" --help >"$TMP/help" 2>&1
	expect_rc "$name --help" 0 $?
	# long options from the source's option table
	# long options: the program's own table and the shared ones of cli.h
	opts=$(grep -ho '{ "[a-z][a-z0-9-]*", \(no\|required\|optional\)_argument' \
		"$top_srcdir/gen/$name.c" "$top_srcdir/gen/cli.h" |
		sed 's/{ "\([^"]*\)".*/\1/' | sort -u)
	[ -n "$opts" ] && ok || fail "$name: no options found in gen/$name.c"
	for o in $opts; do
		if grep -q -- "--$o\b" "$TMP/help"; then ok; else fail "$name: --$o missing from --help"; fi
		# roff writes hyphens as \-
		pat=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
		if grep -q -- "\\\\-\\\\-$pat" "$man"; then ok; else fail "$name: --$o missing from $(basename "$man")"; fi
	done
	if command -v man >/dev/null 2>&1; then
		MANWIDTH=80 man -l "$man" >/dev/null 2>"$TMP/manerr"
		expect_empty "$(basename "$man") renders cleanly" "$TMP/manerr"
	fi
}

check_prog "$top_builddir/gen/spfgen" "$top_srcdir/doc/spfgen.1"
check_prog "$top_builddir/gen/dmarcgen" "$top_srcdir/doc/dmarcgen.1"
check_prog "$top_builddir/gen/dkimgen" "$top_srcdir/doc/dkimgen.1"

finish
