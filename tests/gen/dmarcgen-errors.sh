#!/bin/sh
# SPDX-License-Identifier: MIT
# dmarcgen on bad input: exact messages with file:line:col, exit status 2,
# nothing on standard output; refusals.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

DMARCGEN="$top_builddir/gen/dmarcgen"
export DNSAUTH_TEMPLATE_DIR="$top_srcdir/templates"
export DNSAUTH_PSL="$DATA/psl/public_suffix_list.dat"

# bad NAME EXPECTED-FIRST-STDERR-LINE YAML [OPTIONS...]
bad() {
	name=$1 want=$2 yaml=$3
	shift 3
	printf '%s\n' "$yaml" >"$TMP/$name.yaml"
	(cd "$TMP" && "$DMARCGEN" "$@" "$name.yaml") >"$TMP/out" 2>"$TMP/err"
	expect_rc "$name" 2 $?
	expect_empty "$name (stdout)" "$TMP/out"
	if grep -qxF -- "$want" "$TMP/err"; then
		ok
	else
		fail "$name: stderr is"
		sed 's/^/    /' "$TMP/err"
		echo "  expected a line: $want"
	fi
}

bad unknown-key "dmarcgen: error: unknown-key.yaml:2:1: unknown key 'polciy' in the description (did you mean 'policy'?)" \
'domain: example.com
polciy: reject'
bad no-policy "dmarcgen: error: no-policy.yaml:1:1: missing required key 'policy' (none, quarantine or reject)" \
'domain: example.com'
bad bad-policy "dmarcgen: error: bad-policy.yaml:2:9: 'policy' must be none, quarantine or reject, not 'rejct' (did you mean 'reject'?)" \
'domain: example.com
policy: rejct'
bad percent-9989 "dmarcgen: error: percent-9989.yaml:3:1: 'percent' (pct) was removed by RFC 9989; use 'testing: true', or --standard rfc7489" \
'domain: example.com
policy: reject
percent: 50'
bad np-7489 "dmarcgen: error: np-7489.yaml:3:1: 'nonexistent_subdomain_policy' (np) is defined by RFC 9989; with --standard rfc7489 receivers ignore it" \
'domain: example.com
policy: reject
nonexistent_subdomain_policy: reject' --standard rfc7489
bad bad-alignment "dmarcgen: error: bad-alignment.yaml:4:9: 'dkim' must be relaxed or strict, not 'strong'" \
'domain: example.com
policy: reject
alignment:
  dkim: strong'
bad bad-address "dmarcgen: error: bad-address.yaml:5:7: 'mailto:nobody' is not a valid report address (mailto:user@domain or https://host/path)" \
'domain: example.com
policy: none
reports:
  aggregate:
    - mailto:nobody'
bad fo-both "dmarcgen: error: fo-both.yaml:5:20: 'failure_options' 0 and 1 exclude each other (RFC 9989 §4.7)" \
'domain: example.com
policy: none
reports:
  failure: [ruf@example.com]
  failure_options: [0, 1]'
bad unknown-template "dmarcgen: error: unknown-template.yaml:2:11: unknown template 'rollout-3-rejct' (did you mean 'rollout-3-reject'?); 'dmarcgen --list-templates' lists them" \
'domain: example.com
template: rollout-3-rejct'
bad testing-string "dmarcgen: error: testing-string.yaml:3:10: 'testing' must be true or false, not 'maybe'" \
'domain: example.com
policy: reject
testing: maybe'

# p=reject without DKIM is refused (RFC 9989 §7.4) unless --force.
printf 'domain: example.com\npolicy: reject\ndkim_signing: false\n' >"$TMP/nodkim.yaml"
"$DMARCGEN" "$TMP/nodkim.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc no-dkim-refused 2 $?
expect_empty "no-dkim-refused (stdout)" "$TMP/out"
expect_grep no-dkim-refused "dmarc-reject-spf-only" "$TMP/err"
expect_grep no-dkim-refused "refusing to print a DMARC record for example.com" "$TMP/err"
"$DMARCGEN" --force "$TMP/nodkim.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc no-dkim-forced 1 $?
expect_grep no-dkim-forced "v=DMARC1; p=reject" "$TMP/out"
# quarantine without DKIM is fine
printf 'domain: example.com\npolicy: quarantine\ndkim_signing: false\n' >"$TMP/q.yaml"
"$DMARCGEN" -q "$TMP/q.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc quarantine-no-dkim 0 $?

# Usage errors and a missing Public Suffix List.
"$DMARCGEN" >"$TMP/out" 2>"$TMP/err"
expect_rc no-args 2 $?
"$DMARCGEN" --standard rfc1234 -d example.com -t parked >"$TMP/out" 2>"$TMP/err"
expect_rc bad-standard 2 $?
expect_grep bad-standard "unknown standard 'rfc1234'" "$TMP/err"
"$DMARCGEN" -d 'bad domain' -t parked >"$TMP/out" 2>"$TMP/err"
expect_rc cli-bad-domain 2 $?
"$DMARCGEN" --psl "$TMP/none.dat" -d example.com -t rollout-1-monitor >"$TMP/out" 2>"$TMP/err"
expect_rc missing-psl 2 $?
expect_grep missing-psl "publicsuffix" "$TMP/err"
"$DMARCGEN" --help >"$TMP/out" 2>&1
expect_rc help 0 $?
"$DMARCGEN" --version >"$TMP/out" 2>&1
expect_rc version 0 $?

# -o never overwrites the input.
cp "$DATA/dmarcgen/internal.yaml" "$TMP/in.yaml"
"$DMARCGEN" -o "$TMP/in.yaml" "$TMP/in.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc output-is-input 2 $?
expect_file "input untouched" "$DATA/dmarcgen/internal.yaml" "$TMP/in.yaml"

finish
