#!/bin/sh
# SPDX-License-Identifier: MIT
# spfgen --resolve and --flatten through the live resolver: NSD on
# loopback serves the provider zones of tests/data/spfgen/dns, and every
# run gives the same output, messages and exit status as with --zone over
# the same files. A failed lookup (NSD refuses a name outside its zones;
# faultd answers SERVFAIL) is exit status 2, with nothing printed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/integration/lib.sh"

D="$DATA/spfgen"
Z="$D/dns"
export DNSAUTH_TEMPLATE_DIR="$D/templates"

nsd_start "$Z" || { fail "NSD did not start"; finish; exit 1; }
LIVE="--server 127.0.0.1 --port $NSD_PORT --timeout 1000"

# same NAME ARGS...: --zone and live give the same stdout, stderr and status
same() {
	name=$1
	shift
	"$SPFGEN" --zone "$Z" "$@" >"$TMP/zone.out" 2>"$TMP/zone.err"
	zrc=$?
	# shellcheck disable=SC2086
	"$SPFGEN" $LIVE "$@" >"$TMP/live.out" 2>"$TMP/live.err"
	expect_rc "$name: live exit status" "$zrc" $?
	expect_file "$name: live stdout" "$TMP/zone.out" "$TMP/live.out"
	expect_file "$name: live stderr" "$TMP/zone.err" "$TMP/live.err"
}

same "resolve" --resolve "$D/resolve-basic.yaml"
same "auto" --flatten auto "$D/resolve-basic.yaml"
same "always zone" --flatten always -f zone "$D/resolve-basic.yaml"
same "always json" --flatten always -f json "$D/resolve-basic.yaml"
same "auto2 json" --flatten auto -f json "$D/resolve-auto2.yaml"
same "small" --flatten always "$D/resolve-small.yaml"
same "refusals" --flatten always -f json "$D/resolve-refuse.yaml"
same "stuck" --flatten auto "$D/resolve-stuck.yaml"
same "invalid target" --flatten always "$D/resolve-invalid.yaml"
same "clash" --flatten always "$D/resolve-clash.yaml"
# and the golden files of the zone runs hold for the live ones
# shellcheck disable=SC2086
"$SPFGEN" $LIVE --flatten always -f zone "$D/resolve-basic.yaml" >"$TMP/g.out" 2>/dev/null
expect_file "live output is the golden one" "$D/expected/resolve-basic-always-zone.out" "$TMP/g.out"

# A name NSD does not serve: REFUSED, exit 2, nothing on standard output.
# shellcheck disable=SC2086
"$SPFGEN" $LIVE --flatten auto "$D/resolve-outside.yaml" >"$TMP/o.out" 2>"$TMP/o.err"
expect_rc "refused: exit status" 2 $?
expect_empty "refused: stdout" "$TMP/o.out"
expect_grep "refused: message" \
	"spfgen: error: DNS lookup of _spf.unknown.example TXT failed: refused" "$TMP/o.err"
expect_grep "refused: no partial answer" "nothing is counted or flattened from a partial answer" \
	"$TMP/o.err"

# SERVFAIL from a broken server.
if faultd_start "$TMP/faultd.port"; then
	FPORT=$(cat "$TMP/faultd.port")
	printf 'domain: brand.example\nsenders:\n  - include: servfail.fault.example\npolicy: fail\n' \
		>"$TMP/servfail.yaml"
	"$SPFGEN" --server 127.0.0.1 --port "$FPORT" --timeout 500 --resolve "$TMP/servfail.yaml" \
		>"$TMP/s.out" 2>"$TMP/s.err"
	expect_rc "servfail: exit status" 2 $?
	expect_empty "servfail: stdout" "$TMP/s.out"
	expect_grep "servfail: message" \
		"spfgen: error: DNS lookup of servfail.fault.example TXT failed: servfail" "$TMP/s.err"
else
	fail "faultd did not start"
fi

finish
