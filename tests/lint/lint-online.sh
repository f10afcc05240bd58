#!/bin/sh
# SPDX-License-Identifier: MIT
# dnsauth-lint --online: names outside the snippet are looked up through
# the live source (NSD on loopback), so an include's lookups count; offline
# they are listed as not checked.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/integration/lib.sh"

LINT="$top_builddir/lint/dnsauth-lint"
export DNSAUTH_PSL="$DATA/psl/public_suffix_list.dat"
cd "$TMP" || exit 1

# the snippet adds an SPF record to a zone NSD serves (spf-missing.test):
# online, the rest of the zone and the includes come from NSD
cat >heavy.example.zone <<'Z'
$ORIGIN spf-missing.test.
@ 3600 IN TXT "v=spf1 include:spf-many.test include:spf-clean.test -all"
Z

"$LINT" --no-config heavy.example.zone >"$TMP/out" 2>&1
expect_rc "offline: nothing to fail" 0 $?
expect_grep "offline: not checked" "not checked offline: " "$TMP/out"
"$LINT" --no-config --format json heavy.example.zone >"$TMP/j" 2>&1
if command -v python3 >/dev/null 2>&1; then
	python3 - "$TMP/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert "spf-many.test" in d["not_checked"] and "spf-clean.test" in d["not_checked"], d["not_checked"]
assert d["findings"] == [], d["findings"]
PY
	expect_rc "offline json: the includes are not checked" 0 $?
fi

nsd_start "$DATA/zones" || { fail "NSD did not start"; finish; exit 1; }
"$LINT" --no-config --online --server 127.0.0.1 --port "$NSD_PORT" --timeout 1000 \
	heavy.example.zone >"$TMP/out" 2>&1
expect_rc "online: the lookups count" 1 $?
expect_grep "online: too many lookups at the record" \
	"heavy.example.zone:2:1: error:" "$TMP/out"
expect_grep "online: rule" "[spf-too-many-lookups]" "$TMP/out"
if grep -q "not checked offline" "$TMP/out"; then
	fail "online: names reported as not checked"
else
	ok
fi
"$LINT" --no-config --online --server 127.0.0.1 --port "$NSD_PORT" --format json \
	heavy.example.zone >"$TMP/j" 2>&1
if command -v python3 >/dev/null 2>&1; then
	python3 - "$TMP/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["not_checked"] == [], d["not_checked"]
errors = sorted(f["rule"] for f in d["findings"] if f["severity"] == "error")
# the live zone has no DMARC and no MX: those are real findings of the
# zone as published; the SPF of the snippet costs 14 lookups
assert errors == ["dmarc-missing", "mx-missing", "spf-too-many-lookups"], errors
assert not any(f["rule"] == "dns-resolution-failure" for f in d["findings"])
PY
	expect_rc "online json" 0 $?
fi
nsd_stop
"$LINT" --no-config --server 127.0.0.1 heavy.example.zone >"$TMP/out" 2>&1
expect_rc "--server without --online" 2 $?

finish
