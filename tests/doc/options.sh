#!/bin/sh
# SPDX-License-Identifier: MIT
# Every long option a program accepts appears in its --help and its man
# page, and the man page renders without warnings.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# check_prog PROGRAM MANPAGE SOURCE...
check_prog() {
	prog=$1 man=$2
	name=$(basename "$prog")
	shift 2
	: >"$TMP/help"
	for sub in ${HELP_CMDS:-""}; do
		# shellcheck disable=SC2086
		"$prog" $sub --help >>"$TMP/help" 2>&1
		expect_rc "$name $sub --help" 0 $?
	done
	# long options from the option tables of the sources given
	opts=$(grep -ho '{ "[a-z][a-z0-9-]*", \(no\|required\|optional\)_argument' \
		"$@" |
		sed 's/{ "\([^"]*\)".*/\1/' | sort -u)
	[ -n "$opts" ] && ok || fail "$name: no options found in $*"
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

G="$top_srcdir/gen"
check_prog "$top_builddir/gen/spfgen" "$top_srcdir/doc/spfgen.1" "$G/spfgen.c" "$G/cli.h"
check_prog "$top_builddir/gen/dmarcgen" "$top_srcdir/doc/dmarcgen.1" "$G/dmarcgen.c" "$G/cli.h"
check_prog "$top_builddir/gen/dkimgen" "$top_srcdir/doc/dkimgen.1" "$G/dkimgen.c" "$G/cli.h"
check_prog "$top_builddir/lint/dnsauth-lint" "$top_srcdir/doc/dnsauth-lint.1" \
	"$top_srcdir/lint/dnsauth-lint.c"
HELP_CMDS="verify spf" check_prog "$top_builddir/verify/dnsauth" "$top_srcdir/doc/dnsauth.1" \
	"$top_srcdir/verify/cmd_verify.c" "$top_srcdir/verify/cmd_spf.c"

# The common DKIM selectors verify probes are the ones its man page lists.
sels=$(sed -n '/^static const char \*const common_selectors\[\] = {/,/NULL/p' \
	"$top_srcdir/lib/audit.c" | grep -o '"[^"]*"' | tr -d '"' | tr '\n' ' ' |
	sed 's/ $//; s/ /, /g; s/-/\\-/g')
[ -n "$sels" ] && ok || fail "no common selectors found in lib/audit.c"
if tr '\n' ' ' <"$top_srcdir/doc/dnsauth.1" | grep -qF -- "$sels."; then ok; else
	fail "doc/dnsauth.1 does not list the common selectors of lib/audit.c"; fi

finish
