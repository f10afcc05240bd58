#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden-output tests of dmarcgen: every format, with and without external
# report receivers, templates, both standards. Expected files live in
# tests/data/dmarcgen/expected/.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

D="$DATA/dmarcgen"
DMARCGEN="$top_builddir/gen/dmarcgen"
export DNSAUTH_TEMPLATE_DIR="$top_srcdir/templates"
export DNSAUTH_PSL="$DATA/psl/public_suffix_list.dat"

golden() {
	name=$1 want=$2
	shift 2
	"$DMARCGEN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	expect_rc "$name" "$want" $?
	expect_file "$name (stdout)" "$D/expected/$name.out" "$TMP/$name.out"
	expect_file "$name (stderr)" "$D/expected/$name.err" "$TMP/$name.err"
}

golden internal-value 0 "$D/internal.yaml"
golden internal-zone 0 --format zone "$D/internal.yaml"
golden internal-json 0 --format json "$D/internal.yaml"
golden external-value 0 "$D/external.yaml"
golden external-zone 0 -f zone --ttl 300 "$D/external.yaml"
golden external-json 0 -f json "$D/external.yaml"
golden template-value 0 "$D/template.yaml"
golden rfc7489-value 0 --standard rfc7489 "$D/rfc7489.yaml"
golden rfc7489-json 0 --standard rfc7489 -f json "$D/rfc7489.yaml"
golden monitor-value 0 "$D/monitor.yaml"
golden cli-parked 0 --domain parked.example --template parked --format zone
golden list-templates 0 --list-templates
golden list-templates-json 0 --list-templates -f json

# Every template yields a record that parses back without errors.
for f in "$top_srcdir"/templates/dmarc/*.yaml; do
	t=$(basename "$f" .yaml)
	"$DMARCGEN" -q -d example.com -t "$t" >"$TMP/t.out" 2>"$TMP/t.err"
	expect_rc "template $t" 0 $?
	expect_empty "template $t (no errors)" "$TMP/t.err"
	grep -q "templates/dmarc/$t.yaml" "$top_srcdir/Makefile.am" && ok ||
		fail "template $t is not listed in Makefile.am"
done

# One authorization per host; the same URI twice is listed once, and a URI
# that is a prefix of another is a different URI.
printf 'domain: example.com\npolicy: none\nreports:\n  aggregate: [r@x.vendor.example, "mailto:r@x.vendor.example", rr@x.vendor.example]\n  failure: ["mailto:r@x.vendor.example"]\n' >"$TMP/dup.yaml"
"$DMARCGEN" -q -f zone "$TMP/dup.yaml" >"$TMP/dup.out" 2>&1
expect_rc "duplicate uris" 0 $?
expect_grep "duplicate uris" "; x.vendor.example must publish this, for mailto:r@x.vendor.example,mailto:rr@x.vendor.example:" "$TMP/dup.out"
[ "$(grep -c '_report._dmarc' "$TMP/dup.out")" -eq 1 ] && ok || fail "duplicate uris: not one authorization record"

# The JSON output is valid JSON.
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$D/expected/external-json.out"
	expect_rc "external json is valid" 0 $?
fi

finish
