#!/bin/sh
# SPDX-License-Identifier: MIT
# rules-man.sh - the generated dnsauth-rules(7) page: doc/mkrulesman runs,
# its output is deterministic, man(1) renders it without a warning, and
# every rule id of lib/rules.def has an entry in it.
#
# Run by automake with top_srcdir and top_builddir in the environment.
# Exit status: 0 pass, 1 fail, 77 skip.

set -u

here=$(dirname "$0")
top_srcdir=${top_srcdir:-$here/../..}
top_builddir=${top_builddir:-$top_srcdir}

gen=$top_builddir/doc/mkrulesman
def=$top_srcdir/lib/rules.def

fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rules-man.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

if [ ! -r "$def" ]; then
	echo "FAIL: cannot read $def" >&2
	exit 1
fi
if [ ! -x "$gen" ]; then
	echo "FAIL: $gen is not built" >&2
	exit 1
fi

# 1. The generator runs, says nothing on stderr, and is deterministic.
"$gen" >"$tmp/rules.7" 2>"$tmp/gen.err"
rc=$?
[ "$rc" -eq 0 ] || fail "mkrulesman exited with status $rc"
[ -s "$tmp/gen.err" ] && fail "mkrulesman wrote to stderr: $(cat "$tmp/gen.err")"
[ -s "$tmp/rules.7" ] || fail "mkrulesman printed nothing"
"$gen" >"$tmp/again.7" 2>/dev/null
cmp -s "$tmp/rules.7" "$tmp/again.7" || fail "mkrulesman output differs between runs"
grep -q '^\.TH DNSAUTH\\-RULES 7 ' "$tmp/rules.7" || fail "no .TH DNSAUTH-RULES 7 line"
for sect in NAME DESCRIPTION RULES 'SEE ALSO'; do
	grep -q "^\\.SH $sect\$" "$tmp/rules.7" || fail "no $sect section"
done

# 2. man(1) renders it without a warning (skipped without man and nroff).
if command -v man >/dev/null 2>&1 &&
   { command -v nroff >/dev/null 2>&1 || command -v groff >/dev/null 2>&1; }; then
	MANWIDTH=80 man -l "$tmp/rules.7" >"$tmp/rules.txt" 2>"$tmp/man.err"
	rc=$?
	[ "$rc" -eq 0 ] || fail "man -l exited with status $rc"
	if [ -s "$tmp/man.err" ]; then
		fail "man -l wrote warnings:"
		sed 's/^/  /' "$tmp/man.err" >&2
	fi
else
	echo "SKIP: man or nroff not installed; render check skipped" >&2
fi

# 3. Every id of rules.def has an entry, with '-' written as '\-'.
sed -n 's/^DNSAUTH_RULE([A-Z0-9_]*, *"\([a-z0-9-]*\)".*/\1/p' "$def" >"$tmp/ids"
nids=$(wc -l <"$tmp/ids")
nids=$((nids + 0))
[ "$nids" -gt 0 ] || fail "no rule ids found in $def"
ndef=$(grep -c '^DNSAUTH_RULE(' "$def")
[ "$nids" -eq "$ndef" ] || fail "parsed $nids ids from $ndef entries of $def"
while read -r id; do
	esc=$(printf '%s\n' "$id" | sed 's/-/\\-/g')
	grep -F -x -q -e "\\fB$esc\\fR" "$tmp/rules.7" ||
		fail "rule $id has no entry in the man page"
done <"$tmp/ids"
nentries=$(grep -c '^\\fB[a-z0-9\\-]*\\fR$' "$tmp/rules.7")
[ "$nentries" -eq "$nids" ] ||
	fail "man page has $nentries rule entries, rules.def has $nids rules"

if [ "$fails" -ne 0 ]; then
	echo "rules-man: $fails check(s) failed" >&2
	exit 1
fi
echo "rules-man: $nids rules documented"
exit 0
