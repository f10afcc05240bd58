#!/bin/sh
# SPDX-License-Identifier: MIT
# dnsauth-lint's findings, fixture by fixture: each tests/data/lint/NAME.zone
# gives exactly the finding lines of NAME.expected (FILE:LINE:COL: SEVERITY:
# MESSAGE [RULE-ID]) and the exit status they imply; a fixture is named
# after a rule, alone or with a suffix (zone-syntax-nul for a zone-syntax
# class), and holds a finding of it; every rule of "dnsauth rules" is
# covered by some fixture or listed in NOT-COVERED.txt with the reason, so
# a new rule needs one or the other; and the origin inferred from file
# names. Fixtures in KNOWN-BUGS.txt hold the output the linter should give
# and are expected to differ until it is fixed.
# DNSAUTH_REGEN=1 rewrites the expected files (review the diff!), except
# those of KNOWN-BUGS.txt.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

LINT="$top_builddir/lint/dnsauth-lint"
DNSAUTH="$top_builddir/verify/dnsauth"
D="$DATA/lint"
export DNSAUTH_PSL="$DATA/psl/public_suffix_list.dat"

"$DNSAUTH" rules >"$TMP/rules.txt" 2>"$TMP/err"
expect_rc "dnsauth rules" 0 $?
awk 'NF { print $1 }' "$TMP/rules.txt" | sort -u >"$TMP/rules"
[ -s "$TMP/rules" ] && ok || fail "dnsauth rules listed no rules"
sed -n 's/^\([a-z0-9-][a-z0-9-]*\):.*/\1/p' "$D/KNOWN-BUGS.txt" >"$TMP/known"

# ------------------------------------------------------------ fixtures
# Run from inside $D with a relative name, so the file names in the
# findings are stable; keep the finding lines only (those that start with
# the file name), not the "not checked offline" list and the summary.
nfix=0
nknown=0
for z in "$D"/*.zone; do
	f=$(basename "$z")
	name=${f%.zone}
	nfix=$((nfix + 1))
	(cd "$D" && "$LINT" --no-config --documentation-addresses-ok "$f") \
		>"$TMP/out" 2>"$TMP/err"
	rc=$?
	awk -v p="$f:" 'index($0, p) == 1' "$TMP/out" >"$TMP/$name.found"
	expect_empty "$name: stderr" "$TMP/err"
	if grep -qx -- "$name" "$TMP/known"; then
		nknown=$((nknown + 1))
		if cmp -s "$D/$name.expected" "$TMP/$name.found"; then
			fail "$name: the output is right now: delete it from KNOWN-BUGS.txt"
		else
			ok
			echo "XFAIL: $name (KNOWN-BUGS.txt):"
			diff -u "$D/$name.expected" "$TMP/$name.found" | sed -n 's/^\([-+][^-+]\)/    \1/p'
		fi
	else
		expect_file "$name" "$D/$name.expected" "$TMP/$name.found"
		if grep -q '^[^ ]*: error: ' "$TMP/$name.found"; then want=1; else want=0; fi
		expect_rc "$name: exit status" "$want" "$rc"
	fi
	# its rule: the longest rule id that is the name or starts it, before '-'
	rule=$(awk -v n="$name" 'n == $0 || index(n, $0 "-") == 1 {
		if (length($0) > length(r)) r = $0 } END { print r }' "$TMP/rules")
	if [ -z "$rule" ]; then
		fail "$name: the name starts with no rule id"
	else
		expect_grep "$name: a finding of $rule" "[$rule]" "$D/$name.expected"
	fi
done
[ "$nfix" -gt 0 ] && ok || fail "no fixtures in $D"
while read -r name; do
	[ -f "$D/$name.zone" ] && ok || fail "KNOWN-BUGS.txt names '$name', which is no fixture"
done <"$TMP/known"

# ------------------------------------------------------------ coverage
# Every rule: in some expected file, or in NOT-COVERED.txt ("rule-id:
# reason" lines; '#' comments) - never both, and no unknown ids there.
sed -n 's/^\([a-z0-9-][a-z0-9-]*\):.*/\1/p' "$D/NOT-COVERED.txt" | sort >"$TMP/notcov"
sed -n 's/.* \[\([a-z0-9-]*\)\]$/\1/p' "$D"/*.expected | sort -u >"$TMP/covered"
while read -r rule; do
	if grep -qx -- "$rule" "$TMP/covered"; then
		if grep -qx -- "$rule" "$TMP/notcov"; then
			fail "$rule is covered by a fixture: remove it from NOT-COVERED.txt"
		else
			ok
		fi
	elif grep -qx -- "$rule" "$TMP/notcov"; then
		ok
	else
		fail "$rule: no fixture in tests/data/lint and not in NOT-COVERED.txt"
	fi
done <"$TMP/rules"
while read -r rule; do
	grep -qx -- "$rule" "$TMP/rules" && ok ||
		fail "NOT-COVERED.txt names '$rule', which is not a rule"
done <"$TMP/notcov"
[ "$(uniq -d "$TMP/notcov")" = "" ] && ok || fail "NOT-COVERED.txt lists a rule twice"
echo "$nfix fixtures ($nknown known bugs); $(wc -l <"$TMP/covered") rules covered, $(wc -l <"$TMP/notcov") not covered"

# ------------------------------------------------------------ origin inference
# FILE ORIGIN: '@' of the record lints clean under the origin the file name
# implies (asked for at _dmarc.ORIGIN), or ORIGIN "-": no origin, and '@' is
# a zone-syntax error at 1:1.
mkdir "$TMP/origin" || exit 1
n=0
while read -r file origin; do
	n=$((n + 1))
	dir="$TMP/origin/$n"
	mkdir -p "$dir/$(dirname "$file")"
	printf '@ 3600 IN TXT "v=spf1 -all"\n' >"$dir/$file"
	(cd "$dir" && "$LINT" --no-config --documentation-addresses-ok "$file") \
		>"$TMP/out" 2>&1
	rc=$?
	if [ "$origin" = "-" ]; then
		expect_rc "$file: no origin" 1 "$rc"
		expect_grep "$file: no origin" \
			"$file:1:1: error: relative owner name '@' and no origin known: give --origin or \$ORIGIN [zone-syntax]" \
			"$TMP/out"
	else
		expect_rc "$file: origin $origin" 0 "$rc"
		sed -n 's/^not checked offline: [^:]*: //p' "$TMP/out" | tr ' ' '\n' >"$TMP/names"
		if grep -qx "_dmarc.$origin" "$TMP/names"; then
			ok
		else
			fail "$file: origin not $origin:"
			sed 's/^/    /' "$TMP/out"
		fi
		expect_grep "$file: no findings" "0 errors, 0 warnings, 0 notes" "$TMP/out"
	fi
done <<'T'
example.com.zone example.com
example.com.db example.com
db.example.com example.com
example.com example.com
zones/example.org.zone example.org
EXAMPLE.NET.ZONE example.net
db.mail.example.co.uk mail.example.co.uk
2.0.192.in-addr.arpa.zone 2.0.192.in-addr.arpa
zone -
example.com/zone -
db -
db.zone -
localhost.zone -
hosts.txt -
README.md -
notes.yaml -
example.com.txt -
example.com.zone.bak -
example.com.zone.signed -
db.example.com.orig -
192.0.2.zone -
T

finish
