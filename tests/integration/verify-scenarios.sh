#!/bin/sh
# SPDX-License-Identifier: MIT
# dnsauth verify against a real DNS server: NSD on loopback serves the
# scenario zones of tests/data/zones; for every scenario domain the exact
# set of finding ids must match tests/data/zones/expected-findings.txt,
# the live answers must give the same findings as --zone, and the clean
# domains must have no error or warning.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/integration/lib.sh"

DNSAUTH="$top_builddir/verify/dnsauth"
Z="$DATA/zones"
EXPECTED="$Z/expected-findings.txt"
PSL="$DATA/psl/public_suffix_list.dat"
need_prog python3

# Every zone that is a mail domain (not the reverse or parent zones).
domains=$(cd "$Z" && ls *.zone | sed 's/\.zone$//' | grep -v 'arpa$' | grep -vx test | sort)

# ids DNSAUTH-ARGS...: "domain: id id id" per domain, sorted
ids() {
	# shellcheck disable=SC2086
	"$DNSAUTH" verify --format json --psl "$PSL" --documentation-addresses-ok "$@" $domains |
		python3 -c '
import json, sys
for d in json.load(sys.stdin)["domains"]:
    ids = sorted({f["rule"] for f in d["findings"]})
    print(d["domain"] + ":", " ".join(ids))
'
}

ids --zone "$Z" >"$TMP/zone.txt"
expect_rc "verify --zone ran" 0 $?
expect_file "findings from zone files" "$EXPECTED" "$TMP/zone.txt"

nsd_start "$Z" || { fail "NSD did not start"; finish; exit 1; }
ids --server 127.0.0.1 --port "$NSD_PORT" --timeout 1000 >"$TMP/live.txt"
expect_rc "verify --server ran" 0 $?
nsd_stop
# names outside the served zones: REFUSED live, not checked offline
grep -v 'outside' "$TMP/zone.txt" >"$TMP/zone-in.txt"
grep -v 'outside' "$TMP/live.txt" >"$TMP/live-in.txt"
expect_file "live answers give the same findings as zone files" "$TMP/zone-in.txt" "$TMP/live-in.txt"

# Clean domains: no error and no warning.
for d in $(echo "$domains" | tr ' ' '\n' | grep '^clean-'); do
	"$DNSAUTH" verify --zone "$Z" --psl "$PSL" --documentation-addresses-ok \
		--format json "$d" >"$TMP/c.json"
	python3 - "$TMP/c.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["domains"][0]
bad = [f["rule"] + ":" + f["severity"] for f in d["findings"] if f["severity"] != "info"]
if bad:
    print("FAIL: clean domain %s has %s" % (d["domain"], " ".join(bad)))
    sys.exit(1)
PY
	expect_rc "clean $d" 0 $?
done

finish
