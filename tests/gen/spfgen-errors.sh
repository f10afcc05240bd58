#!/bin/sh
# SPDX-License-Identifier: MIT
# spfgen on bad input: exact messages with file:line:col, exit status 2,
# nothing on standard output.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

export DNSAUTH_TEMPLATE_DIR="$DATA/spfgen/templates"

# bad NAME EXPECTED-STDERR-LINE YAML  (the description is written to NAME.yaml)
bad() {
	printf '%s\n' "$3" >"$TMP/$1.yaml"
	(cd "$TMP" && "$SPFGEN" "$1.yaml") >"$TMP/out" 2>"$TMP/err"
	expect_rc "$1" 2 $?
	expect_empty "$1 (stdout)" "$TMP/out"
	if [ "$(head -1 "$TMP/err")" = "$2" ]; then
		ok
	else
		fail "$1: stderr is"
		sed 's/^/    /' "$TMP/err"
		echo "  expected: $2"
	fi
}

bad unknown-key "spfgen: error: unknown-key.yaml:2:1: unknown key 'polcy' in the description (did you mean 'policy'?)" \
'domain: example.com
polcy: fail'
bad missing-domain "spfgen: error: missing-domain.yaml:1:1: missing required key 'domain'" \
'policy: fail'
bad bad-domain "spfgen: error: bad-domain.yaml:1:9: 'domain' value 'exa mple.com' is not a valid domain name: character not allowed in a host name" \
'domain: exa mple.com
policy: fail'
bad pass-policy "spfgen: error: pass-policy.yaml:2:9: policy 'pass' would let every host on the Internet pass SPF for example.com; refused (use fail, softfail or neutral)" \
'domain: example.com
policy: pass'
bad dash-all "spfgen: error: dash-all.yaml:2:9: 'policy' must be fail, softfail or neutral, not '-all' (did you mean 'fail'?)" \
'domain: example.com
policy: "-all"'
bad no-policy "spfgen: error: no-policy.yaml:1:1: missing required key 'policy' (fail, softfail or neutral), or 'redirect'" \
'domain: example.com'
bad both "spfgen: error: both.yaml:3:9: 'policy' and 'redirect' exclude each other: with an 'all' term receivers ignore the redirect (RFC 7208 §6.1)" \
'domain: example.com
redirect: _spf.example.net
policy: fail'
bad bad-ip4 "spfgen: error: bad-ip4.yaml:3:10: 'ip4' value '192.0.2.300' is not an IPv4 address with an optional /0-32 prefix length" \
'domain: example.com
senders:
  - ip4: 192.0.2.300
policy: fail'
bad bad-cidr "spfgen: error: bad-cidr.yaml:3:10: 'ip4' value '192.0.2.0/33' is not an IPv4 address with an optional /0-32 prefix length" \
'domain: example.com
senders:
  - ip4: 192.0.2.0/33
policy: fail'
bad ptr "spfgen: error: ptr.yaml:3:10: 'ptr' is not generated: RFC 7208 §5.5 says it SHOULD NOT be published; list the addresses or hosts instead" \
'domain: example.com
senders:
  - ptr: example.com
policy: fail'
bad unknown-template "spfgen: error: unknown-template.yaml:3:15: unknown template 'mail-c' (did you mean 'mail-a'?); 'spfgen --list-templates' lists them" \
'domain: example.com
senders:
  - template: mail-c
policy: fail'
bad sender-typo "spfgen: error: sender-typo.yaml:3:5: unknown key 'incldue' in a sender (did you mean 'include'?)" \
'domain: example.com
senders:
  - incldue: _spf.example.net
policy: fail'
bad two-keys "spfgen: error: two-keys.yaml:4:5: a sender has both 'ip4' and 'include'; write one per list item" \
'domain: example.com
senders:
  - ip4: 192.0.2.1
    include: _spf.example.net
policy: fail'
bad ttl-type "spfgen: error: ttl-type.yaml:3:6: 'ttl' must be an integer between 0 and 2147483647, not 'soon'" \
'domain: example.com
policy: fail
ttl: soon'
bad yaml-syntax "spfgen: error: yaml-syntax.yaml:2:13: mapping values are not allowed in this context" \
'domain: example.com
policy: fail: x'
bad include-no-dot "spfgen: error: include-no-dot.yaml:3:14: 'include' value 'example' is not a valid domain: domain must end in a macro or in '.' and a valid top-level label" \
'domain: example.com
senders:
  - include: example
policy: fail'

# A missing file and a missing template directory.
"$SPFGEN" "$TMP/nope.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc missing-file 2 $?
expect_grep missing-file "$TMP/nope.yaml: No such file or directory" "$TMP/err"
DNSAUTH_TEMPLATE_DIR="$TMP/none" "$SPFGEN" -d example.com -t mail-a >"$TMP/out" 2>"$TMP/err"
expect_rc missing-template-dir 2 $?
expect_grep missing-template-dir "template directory '$TMP/none/spf' not found" "$TMP/err"

# Usage errors.
"$SPFGEN" >"$TMP/out" 2>"$TMP/err"
expect_rc no-args 2 $?
"$SPFGEN" --format yaml "$DATA/spfgen/basic.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc bad-format 2 $?
expect_grep bad-format "unknown format 'yaml'" "$TMP/err"
"$SPFGEN" --bogus >"$TMP/out" 2>"$TMP/err"
expect_rc bad-option 2 $?
"$SPFGEN" -d 'bad domain' -t mail-a >"$TMP/out" 2>"$TMP/err"
expect_rc cli-bad-domain 2 $?
expect_grep cli-bad-domain "--domain 'bad domain' is not a valid domain name" "$TMP/err"
"$SPFGEN" -d example.com -t ../../etc/passwd >"$TMP/out" 2>"$TMP/err"
expect_rc cli-bad-template 2 $?
"$SPFGEN" -d example.com -p pass >"$TMP/out" 2>"$TMP/err"
expect_rc cli-pass 2 $?
expect_grep cli-pass "policy 'pass' would let every host" "$TMP/err"
"$SPFGEN" --help >"$TMP/out" 2>"$TMP/err"
expect_rc help 0 $?
expect_grep help "Usage: spfgen" "$TMP/out"
"$SPFGEN" --version >"$TMP/out" 2>"$TMP/err"
expect_rc version 0 $?
expect_grep version "spfgen (dnsauth)" "$TMP/out"

# Hostile input: control characters from the description are escaped.
printf 'domain: example.com\npolicy: "\\e[31mred"\n' >"$TMP/esc.yaml"
"$SPFGEN" "$TMP/esc.yaml" >"$TMP/out" 2>"$TMP/err"
expect_rc escape 2 $?
if grep -q "$(printf '\033')" "$TMP/err"; then fail "escape: raw ESC on stderr"; else ok; fi
expect_grep escape '\x1B[31mred' "$TMP/err"

finish
