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
# Runs with options: --ip and --helo (PTR checks of sending IPs) and a
# subdomain (DMARC tree walk); each must report its rule, live as offline.
while IFS='|' read -r label want args; do
	[ -n "$label" ] || continue
	# shellcheck disable=SC2086
	for src in "--zone $Z" "--server 127.0.0.1 --port $NSD_PORT --timeout 1000"; do
		"$DNSAUTH" verify --format json --psl "$PSL" --documentation-addresses-ok \
			$src $args >"$TMP/opt.json"
		python3 -c '
import json, sys
print(" ".join(sorted({f["rule"] for f in json.load(open(sys.argv[1]))["domains"][0]["findings"]})))
' "$TMP/opt.json" >>"$TMP/opt-$label"
	done
	if [ "$(sed -n 1p "$TMP/opt-$label")" = "$(sed -n 2p "$TMP/opt-$label")" ]; then ok; else
		fail "$label: live and zone findings differ"; cat "$TMP/opt-$label"; fi
	case " $(sed -n 1p "$TMP/opt-$label") " in
	*" $want "*) ok ;;
	*) fail "$label: $want not reported: $(sed -n 1p "$TMP/opt-$label")" ;;
	esac
done <<EOT
nofcrdns|ptr-not-fcrdns|--ip 192.0.2.70 --ip 192.0.2.72 ptr-nofcrdns.test
generic|ptr-generic|--ip 192.0.2.80 --ip 192.0.2.82 ptr-generic.test
helo|ptr-helo-mismatch|--ip 192.0.2.10 --helo mail.elsewhere.test mx-ok.test
ipv6|ptr-ipv6-missing|--ip 2001:db8::60 ptr-ipv6.test
divergence|dmarc-orgdomain-divergence|mail.dmarc-psdn.test
EOT
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
