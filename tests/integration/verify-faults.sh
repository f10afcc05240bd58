#!/bin/sh
# SPDX-License-Identifier: MIT
# dnsauth verify against a broken DNS server: a lookup that fails
# (SERVFAIL, timeout) is reported as dns-resolution-failure, never as the
# record being missing; with no answers at all verify exits 3.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/integration/lib.sh"

DNSAUTH="$top_builddir/verify/dnsauth"
need_prog "$FAULTD" python3
faultd_start "$TMP/port" || { fail "faultd does not start"; finish; exit 1; }
PORT=$(cat "$TMP/port")

# rules DOMAIN: the sorted finding ids of one domain (exit status in $TMP/rc)
rules() {
	timeout 60 "$DNSAUTH" verify --server 127.0.0.1 --port "$PORT" --timeout 300 \
		--retries 0 --no-selector-probe --format json "$1" >"$TMP/out.json" 2>"$TMP/err"
	echo $? >"$TMP/rc"
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["domains"][0]
print(" ".join(sorted({f["rule"] for f in d["findings"]})))
' "$TMP/out.json"
}

# has NAME RULES RULE: RULES (a line of ids) contains RULE
has() {
	case " $2 " in *" $3 "*) ok ;; *) fail "$1: no $3 in: $2" ;; esac
}
lacks() {
	case " $2 " in *" $3 "*) fail "$1: $3 reported although the lookup failed: $2" ;; *) ok ;; esac
}

# The apex TXT and MX lookups fail (faultd answers by the first label).
for fault in servfail timeout refused; do
	r=$(rules "$fault.example")
	has "$fault" "$r" dns-resolution-failure
	lacks "$fault" "$r" spf-missing
	lacks "$fault" "$r" mx-missing
	expect_grep "$fault names the failure" "$fault" "$TMP/out.json"
done

# A failed lookup is reported under the area of the record it was for:
# the apex TXT under SPF, the MX lookup under MX.
rules servfail.example >/dev/null
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["domains"][0]
areas = sorted({f["area"] for f in d["findings"] if f["rule"] == "dns-resolution-failure"
                and f["name"] == "servfail.example"})
sys.exit(0 if areas == ["mx", "spf"] else 1)
' "$TMP/out.json"
expect_rc "failures reported under their areas" 0 $?

# A deadline shorter than one timeout, at a server that never answers:
# questions in flight and questions never sent (more than 64 at once) are
# failures when the deadline passes, never missing records.
faultd_start "$TMP/port3" --blackhole || { fail "third faultd does not start"; finish; exit 1; }
SLOWPORT=$(cat "$TMP/port3")
timeout 60 "$DNSAUTH" verify --server 127.0.0.1 --port "$SLOWPORT" --timeout 5000 \
	--deadline 1 --format json slow.example >"$TMP/slow.json" 2>"$TMP/err"
expect_rc "deadline: no answers at all" 3 $?
r=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["domains"][0]
print(" ".join(sorted({f["rule"] for f in d["findings"]})))
' "$TMP/slow.json")
has deadline "$r" dns-resolution-failure
for id in $r; do
	case $id in *-missing) fail "deadline: $id reported" ;; *) ok ;; esac
done

# A domain outside the zone data: exit 3, and the report says it was not
# checked rather than "no problems found".
"$DNSAUTH" verify --zone "$DATA/zones" unrelated.example >"$TMP/out.txt" 2>&1
expect_rc "outside the zones" 3 $?
expect_grep "outside the zones" "Not checked: no DNS answer for any of its names (the zone files do not cover this domain)" "$TMP/out.txt"
if grep -q "no problems found" "$TMP/out.txt"; then fail "outside the zones: says no problems found"; else ok; fi

# A dead server: not one answer, exit status 3, no *-missing at all.
faultd_start "$TMP/port2" --blackhole || { fail "second faultd does not start"; finish; exit 1; }
PORT=$(cat "$TMP/port2")
r=$(rules dead.example)
expect_rc "no answers at all" 3 "$(cat "$TMP/rc")"
has dead "$r" dns-resolution-failure
for id in $r; do
	case $id in *-missing) fail "dead server: $id reported" ;; *) ok ;; esac
done

finish
