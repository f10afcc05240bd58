#!/bin/sh
# SPDX-License-Identifier: MIT
# dnsauth spf: the result word first, exit 0 for pass and 1 otherwise,
# the domain taken from --sender or --helo, JSON output, usage errors; and
# the same answers through NSD on loopback as from the zone files.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/integration/lib.sh"

DNSAUTH="$top_builddir/verify/dnsauth"
D="$top_srcdir/demo/zones"
Z="$DATA/zones"

# first NAME WANT-RC WANT-FIRST-LINE ARGS...
first() {
	name=$1 want_rc=$2 want=$3
	shift 3
	"$DNSAUTH" spf "$@" >"$TMP/out" 2>"$TMP/err"
	expect_rc "$name" "$want_rc" $?
	if [ "$(head -1 "$TMP/out")" = "$want" ]; then ok; else
		fail "$name: first line '$(head -1 "$TMP/out")', want '$want'"; fi
}

first pass 0 pass --zone "$D" 192.0.2.25 clean.example
first include-pass 0 pass --zone "$D" 192.0.2.33 clean.example
first fail 1 fail --zone "$D" 198.51.100.7 clean.example
first permerror 1 permerror --zone "$D" 203.0.113.9 broken.example
first sender-domain 0 pass --zone "$D" --sender someone@clean.example 192.0.2.26
first helo-domain 0 pass --zone "$D" --helo clean.example 192.0.2.25
first none 1 none --zone "$Z" 192.0.2.1 spf-missing.test
"$DNSAUTH" spf --zone "$D" 192.0.2.25 clean.example >"$TMP/out" 2>&1
expect_grep "trace shows the matching term" "clean.example: mx (cost 1)" "$TMP/out"
expect_grep "lookups" "lookups: 1 of 10" "$TMP/out"

"$DNSAUTH" spf --zone "$D" --format json --sender a@broken.example 203.0.113.9 >"$TMP/j" 2>&1
expect_rc json 1 $?
if command -v python3 >/dev/null 2>&1; then
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["result"] == "permerror" and d["domain"] == "broken.example", d
assert d["lookups"] == 11 and d["trace"][0]["term"] == "(record)", d
' "$TMP/j"
	expect_rc "json content" 0 $?
fi

# usage errors
"$DNSAUTH" spf >"$TMP/out" 2>&1
expect_rc no-args 2 $?
"$DNSAUTH" spf --zone "$D" 999.1.1.1 clean.example >"$TMP/out" 2>&1
expect_rc bad-ip 2 $?
expect_grep bad-ip "'999.1.1.1' is not an IPv4 or IPv6 address" "$TMP/out"
"$DNSAUTH" spf --zone "$D" 192.0.2.1 >"$TMP/out" 2>&1
expect_rc no-domain 2 $?

# The live path gives the same answers: a sample of evaluations through
# NSD serving the same zones.
nsd_start "$Z" || { fail "NSD did not start"; finish; exit 1; }
for q in "192.0.2.201 clean-a.test" "192.0.2.209 clean-a.test" "192.0.2.209 clean-b.test" \
	"2001:db8:b::1 clean-b.test" "198.51.100.1 spf-many.test" "192.0.2.10 spf-loop.test" \
	"192.0.2.10 spf-void.test" "192.0.2.10 spf-clean.test" "192.0.2.10 spf-missing.test"; do
	# shellcheck disable=SC2086
	"$DNSAUTH" spf --zone "$Z" --format json $q 2>/dev/null |
		sed '/"stats"/,$d' >"$TMP/zone.json"
	# shellcheck disable=SC2086
	"$DNSAUTH" spf --server 127.0.0.1 --port "$NSD_PORT" --timeout 1000 --format json $q 2>/dev/null |
		sed '/"stats"/,$d' >"$TMP/live.json"
	expect_file "live = zone: $q" "$TMP/zone.json" "$TMP/live.json"
done

finish
