#!/bin/sh
# SPDX-License-Identifier: MIT
# spfgen --resolve and --flatten against the zone source: exact counts
# through DNS, auto and always flattening, chained records, refusals to
# flatten (exists, ptr, macros, qualifiers other than pass, +all), DNS
# failures (exit 2), usage errors. Golden files live in
# tests/data/spfgen/expected/resolve-*; the provider zones in
# tests/data/spfgen/dns. The same runs against NSD are in
# tests/integration/spfgen-live.sh.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

D="$DATA/spfgen"
Z="$D/dns"
export DNSAUTH_TEMPLATE_DIR="$D/templates"

# golden NAME WANT_RC ARGS...: stdout -> NAME.out, stderr -> NAME.err
golden() {
	name=$1 want=$2
	shift 2
	"$SPFGEN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	expect_rc "$name" "$want" $?
	expect_file "$name (stdout)" "$D/expected/$name.out" "$TMP/$name.out"
	expect_file "$name (stderr)" "$D/expected/$name.err" "$TMP/$name.err"
}

# Exact counts: the templates document 12 lookups, DNS counts 13.
golden resolve-basic-documented 2 "$D/resolve-basic.yaml"
golden resolve-basic-resolve 2 --zone "$Z" --resolve "$D/resolve-basic.yaml"
golden resolve-basic-forced-json 1 --zone "$Z" --resolve --force -f json "$D/resolve-basic.yaml"
# auto: the costliest include only; always: every include; chained records
golden resolve-basic-auto 0 --zone "$Z" --flatten auto "$D/resolve-basic.yaml"
golden resolve-basic-always 0 --zone "$Z" --flatten always "$D/resolve-basic.yaml"
golden resolve-basic-always-zone 0 --zone "$Z" --flatten always -f zone "$D/resolve-basic.yaml"
golden resolve-basic-always-json 0 --zone "$Z" --flatten always -f json "$D/resolve-basic.yaml"
golden resolve-auto2-zone 0 --zone "$Z" --flatten auto -f zone --ttl 600 "$D/resolve-auto2.yaml"
golden resolve-auto2-json 0 --zone "$Z" --flatten auto -f json "$D/resolve-auto2.yaml"
# under the budget: auto changes nothing; always flattens inline
golden resolve-small-resolve-json 0 --zone "$Z" --resolve -f json "$D/resolve-small.yaml"
golden resolve-small-auto 0 --zone "$Z" --flatten auto "$D/resolve-small.yaml"
golden resolve-small-always-zone 0 --zone "$Z" --flatten always -f zone "$D/resolve-small.yaml"
# refusals: exists, ptr, macros, -ip4 and ~mx in includes, +all
golden resolve-refuse-always 0 --zone "$Z" --flatten always "$D/resolve-refuse.yaml"
golden resolve-refuse-always-json 0 --zone "$Z" --flatten always -f json "$D/resolve-refuse.yaml"
golden resolve-stuck-auto 2 --zone "$Z" --flatten auto "$D/resolve-stuck.yaml"
golden resolve-invalid-always 2 --zone "$Z" --flatten always "$D/resolve-invalid.yaml"
# failures: nothing printed, exit 2
golden resolve-outside 2 --zone "$Z" --flatten auto "$D/resolve-outside.yaml"
golden resolve-clash 2 --zone "$Z" --flatten always "$D/resolve-clash.yaml"
# without a description file
golden resolve-cli 0 --zone "$Z" -d brand.example -t heavy -t mail-a -t mail-b \
	--flatten auto -f zone -q

# Usage errors.
usage() {
	name=$1 msg=$2
	shift 2
	"$SPFGEN" "$@" >"$TMP/u.out" 2>"$TMP/u.err"
	expect_rc "$name" 2 $?
	expect_empty "$name (stdout)" "$TMP/u.out"
	expect_grep "$name" "$msg" "$TMP/u.err"
}
usage "bad mode" "unknown --flatten mode 'sometimes' (auto or always)" \
	--flatten sometimes "$D/resolve-basic.yaml"
usage "zone without resolve" "are for --resolve or --flatten" --zone "$Z" "$D/resolve-basic.yaml"
usage "zone and server" "--zone and --server exclude each other" \
	--resolve --zone "$Z" --server 127.0.0.1 "$D/resolve-basic.yaml"
usage "bad port" "--port must be a number from 1 to 65535" --resolve --port 0 "$D/resolve-basic.yaml"
usage "bad timeout" "--timeout must be a number from 1 to 60000" \
	--resolve --timeout x "$D/resolve-basic.yaml"
usage "bad server" "spfgen: error:" --resolve --server not-an-address "$D/resolve-basic.yaml"
usage "list and resolve" "--resolve and --flatten are for building a record" \
	--list-templates --resolve
usage "missing zone" "spfgen: error:" --resolve --zone "$TMP/nonexistent" "$D/resolve-basic.yaml"

# Every record printed is at most 512 octets, the zone strings at most
# 255 and they join to the values; the JSON records are the same.
for f in resolve-basic resolve-auto2 resolve-small; do
	for m in auto always; do
		"$SPFGEN" --zone "$Z" --flatten $m "$D/$f.yaml" >"$TMP/v" 2>/dev/null
		"$SPFGEN" --zone "$Z" --flatten $m -f zone "$D/$f.yaml" >"$TMP/z" 2>/dev/null
		awk '{ sub(/^[^ ]* /, ""); if (length($0) > 512) bad = 1 } END { exit bad }' "$TMP/v"
		expect_rc "$f $m: values <= 512 octets" 0 $?
		grep -v '^;' "$TMP/z" | sed 's/^[^"]*"//; s/"$//; s/" "/\n/g' |
			awk 'length($0) > 255 { bad = 1 } END { exit bad }'
		expect_rc "$f $m: zone strings <= 255 octets" 0 $?
		grep -v '^;' "$TMP/z" | sed 's/^\([^ ]*\) [0-9]* IN TXT "\(.*\)"$/\1 \2/; s/" "//g' >"$TMP/joined"
		expect_file "$f $m: zone strings join to the values" "$TMP/v" "$TMP/joined"
		if command -v python3 >/dev/null 2>&1; then
			"$SPFGEN" --zone "$Z" --flatten $m -f json "$D/$f.yaml" 2>/dev/null |
				python3 -c '
import json, sys
d = json.load(sys.stdin)
for r in d["records"]:
    assert "".join(r["strings"]) == r["value"]
    assert all(len(s) <= 255 for s in r["strings"])
    print(r["name"], r["value"])
' >"$TMP/jv"
			expect_file "$f $m: json records" "$TMP/v" "$TMP/jv"
		fi
	done
done

# Faithfulness: published, the chain passes exactly the networks of the
# includes it replaces. Serve brand.example as generated, then flatten
# "include:_spf1.brand.example" and the three providers' includes again
# for another domain: the same networks, and the chain costs 2 lookups.
mkdir -p "$TMP/pub"
for f in "$Z"/*.zone; do
	case $f in */brand.example.zone) ;; *) cp "$f" "$TMP/pub/" ;; esac
done
{
	printf '$ORIGIN brand.example.\n$TTL 300\n'
	printf '@ SOA ns1.brand.example. hostmaster.brand.example. 1 3600 600 86400 300\n'
	printf '@ NS ns1.brand.example.\n'
	"$SPFGEN" --zone "$Z" --flatten always -f zone "$D/resolve-basic.yaml" 2>/dev/null
} >"$TMP/pub/brand.example.zone"
printf 'domain: check.example\nsenders:\n  - include: _spf1.brand.example\npolicy: fail\n' \
	>"$TMP/pub.yaml"
printf 'domain: check.example\nsenders:\n  - include: _spf.heavy.example\n  - include: _spf.mail-a.example\n  - include: spf.mail-b.example\npolicy: fail\n' \
	>"$TMP/orig.yaml"
"$SPFGEN" --zone "$TMP/pub" --flatten always -f json "$TMP/pub.yaml" >"$TMP/pub.json" 2>"$TMP/pub.err"
expect_rc "published chain flattens" 0 $?
"$SPFGEN" --zone "$Z" --flatten always -f json "$TMP/orig.yaml" >"$TMP/orig.json" 2>/dev/null
expect_rc "providers flatten" 0 $?
if command -v python3 >/dev/null 2>&1; then
	nets() {
		python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["flatten"]["lookups_before"])
for r in d["records"][1:]:
    for t in r["value"].split()[1:]:
        if t.startswith(("ip4:", "ip6:")):
            print(t)
' "$1"
	}
	nets "$TMP/pub.json" >"$TMP/pub.nets"
	# line 1: the lookups before flattening, for the published chain the
	# 2 the generated record said it costs
	nets "$TMP/orig.json" | sed '1s/.*/2/' >"$TMP/orig.nets"
	expect_file "the chain passes the same networks" "$TMP/orig.nets" "$TMP/pub.nets"
fi

finish
