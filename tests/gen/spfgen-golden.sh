#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden-output tests of spfgen: every format, templates, splitting of long
# records, the lookup budget. Expected files live in tests/data/spfgen/.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

D="$DATA/spfgen"
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

golden basic-value 0 "$D/basic.yaml"
golden basic-zone 0 --format zone "$D/basic.yaml"
golden basic-json 0 --format json "$D/basic.yaml"
golden templates-value 0 "$D/templates.yaml"
golden templates-zone 0 -f zone --ttl 600 "$D/templates.yaml"
golden templates-json 0 -f json "$D/templates.yaml"
golden redirect-value 0 "$D/redirect.yaml"
golden long-value 0 "$D/long.yaml"
golden long-zone 0 --format zone "$D/long.yaml"
golden long-json 0 --format json "$D/long.yaml"
golden nine-value 0 "$D/nine.yaml"
golden over-refused 2 "$D/over.yaml"
golden over-forced 1 --force "$D/over.yaml"
golden over-forced-json 1 --force -f json "$D/over.yaml"
golden cli-templates 0 -d example.org -t mail-a -t mail-b -p softfail
golden cli-zone 0 --domain example.org --template heavy --format zone
golden list-templates 0 --list-templates
golden list-templates-json 0 --list-templates --format json

# Every zone string is at most 255 octets and the strings join to the value.
"$SPFGEN" "$D/long.yaml" >"$TMP/v" 2>/dev/null
"$SPFGEN" -f zone "$D/long.yaml" >"$TMP/z" 2>/dev/null
sed 's/^[^"]*//' "$TMP/z" | tr -d '\n' | sed 's/" "/\n/g; s/^"//; s/"$//' >"$TMP/strings"
awk 'length($0) > 255 { bad = 1 } END { exit bad }' "$TMP/strings"
expect_rc "strings <= 255 octets" 0 $?
[ "$(wc -l <"$TMP/strings")" -ge 2 ] && ok || fail "long record was not split"
tr -d '\n' <"$TMP/strings" >"$TMP/joined"
printf '%s' "$(cat "$TMP/v")" >"$TMP/value"
expect_file "joined strings equal the value" "$TMP/value" "$TMP/joined"

# The JSON output is valid JSON and holds the same value.
if command -v python3 >/dev/null 2>&1; then
	"$SPFGEN" -f json "$D/long.yaml" 2>/dev/null |
		python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if "".join(d["strings"])==d["value"] else 1)'
	expect_rc "json strings join to value" 0 $?
fi

finish
