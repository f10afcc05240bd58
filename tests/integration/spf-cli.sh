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

# --batch: every line evaluated, one line of output each, in order
printf '# sending hosts\n192.0.2.25 clean.example\n\n198.51.100.7   clean.example\n192.0.2.26\n' >"$TMP/batch"
"$DNSAUTH" spf --zone "$D" --sender a@clean.example --batch "$TMP/batch" >"$TMP/out" 2>"$TMP/err"
expect_rc batch-some-fail 1 $?
printf '%s\n' "pass 192.0.2.25 clean.example: mx matched in the SPF record of clean.example" \
	"fail 198.51.100.7 clean.example: -all matched in the SPF record of clean.example" \
	"pass 192.0.2.26 clean.example: mx matched in the SPF record of clean.example" >"$TMP/want"
expect_file batch-lines "$TMP/want" "$TMP/out"
printf '192.0.2.25 clean.example\n192.0.2.33 clean.example\n' |
	"$DNSAUTH" spf --zone "$D" --batch - >"$TMP/out" 2>&1
expect_rc batch-all-pass 0 $?
printf '192.0.2.25 clean.example\n192.0.2 clean.example\n' >"$TMP/batch"
"$DNSAUTH" spf --zone "$D" --batch "$TMP/batch" >"$TMP/out" 2>"$TMP/err"
expect_rc batch-bad-line 2 $?
expect_grep batch-bad-line "batch:2: '192.0.2' is not an IPv4 or IPv6 address" "$TMP/err"
if [ -s "$TMP/out" ]; then fail "batch-bad-line: output before the error"; else ok; fi
printf '192.0.2.25\n' >"$TMP/batch"
"$DNSAUTH" spf --zone "$D" --batch "$TMP/batch" >"$TMP/out" 2>"$TMP/err"
expect_rc batch-no-domain 2 $?
expect_grep batch-no-domain "batch:1: no domain" "$TMP/err"
"$DNSAUTH" spf --zone "$D" --batch "$TMP/nonexistent" >"$TMP/out" 2>"$TMP/err"
expect_rc batch-unreadable 2 $?
"$DNSAUTH" spf --zone "$D" --batch "$TMP/batch" 192.0.2.1 >"$TMP/out" 2>"$TMP/err"
expect_rc batch-and-args 2 $?
printf '192.0.2.25 clean.example\n203.0.113.9 broken.example\n' >"$TMP/batch"
"$DNSAUTH" spf --zone "$D" --format json --batch "$TMP/batch" >"$TMP/j" 2>&1
expect_rc batch-json 1 $?
if command -v python3 >/dev/null 2>&1; then
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["result"] for x in d] == ["pass", "permerror"], d
assert d[1]["domain"] == "broken.example" and "stats" not in d[0], d
' "$TMP/j"
	expect_rc "batch json content" 0 $?
fi

# verify --ip: whether SPF authorizes each sending IP
"$DNSAUTH" verify --zone "$D" --documentation-addresses-ok --ip 192.0.2.25 clean.example >"$TMP/out" 2>&1
expect_rc verify-ip-pass 0 $?
expect_grep verify-ip-pass "SPF for 192.0.2.25: pass (mx matched in the SPF record of clean.example)" "$TMP/out"
"$DNSAUTH" verify --zone "$D" --documentation-addresses-ok --ip 192.0.2.25 --ip 198.51.100.7 clean.example >"$TMP/out" 2>&1
expect_rc verify-ip-fail 1 $?
expect_grep verify-ip-fail "SPF for 198.51.100.7: fail (-all matched" "$TMP/out"
expect_grep verify-ip-fail "error: spf-missing: clean.example: the SPF policy of clean.example does not authorize the sending IP 198.51.100.7: result fail" "$TMP/out"
"$DNSAUTH" verify --zone "$D" --documentation-addresses-ok --format json --ip 198.51.100.7 clean.example >"$TMP/j" 2>&1
if command -v python3 >/dev/null 2>&1; then
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["domains"][0]
assert d["spf"]["sending_ips"] == [{"ip": "198.51.100.7", "result": "fail",
    "reason": "-all matched in the SPF record of clean.example", "lookups": 2}], d["spf"]
assert any(f["rule"] == "spf-missing" and "198.51.100.7" in f["message"] for f in d["findings"])
' "$TMP/j"
	expect_rc "verify --ip json" 0 $?
fi

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
