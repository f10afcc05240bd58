#!/bin/sh
# SPDX-License-Identifier: MIT
# dnsauth-lint's interface: the compiler-style text lines, exit statuses
# (--fail-on), every file checked, standard input, unreadable files,
# origin inference, ignore comments, .dnsauth.yaml, JSON and SARIF, and
# "dnsauth lint" finding dnsauth-lint.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

LINT="$top_builddir/lint/dnsauth-lint"
export DNSAUTH_PSL="$DATA/psl/public_suffix_list.dat"
cd "$TMP" || exit 1

# lint ARGS...: run in $TMP without a configuration unless told
lint() {
	"$LINT" --documentation-addresses-ok "$@" >"$TMP/out" 2>"$TMP/err"
}

cat >broken.example.zone <<'Z'
$TTL 3600
@        IN MX  10 mail.broken.example
mail     IN A   192.0.2.25
@        IN TXT "v=spf1 mx ?all"
_dmarc   IN TXT "v=DMARC1; p=reject"
Z
lint --no-config broken.example.zone
expect_rc "errors: exit 1" 1 $?
expect_grep "trailing dot at its column" \
	"broken.example.zone:2:20: error: MX name 'mail.broken.example' has no trailing dot" "$TMP/out"
expect_grep "rule id in brackets" "[zone-missing-trailing-dot]" "$TMP/out"
expect_grep "static SPF rule at the term" \
	"broken.example.zone:4:28: warning: '?all' asserts nothing" "$TMP/out"
expect_grep "summary" "1 file, 4 records:" "$TMP/out"

cat >clean.example.zone <<'Z'
$ORIGIN clean.example.
@        3600 IN MX  10 mail.clean.example.
mail     3600 IN A   192.0.2.25
@        3600 IN TXT "v=spf1 mx -all"
_dmarc   3600 IN TXT "v=DMARC1; p=reject; rua=mailto:d@clean.example"
Z
lint --no-config clean.example.zone
expect_rc "clean: exit 0" 0 $?
lint --no-config --fail-on warning broken.example.zone clean.example.zone
expect_rc "two files" 1 $?
expect_grep "second file read" "2 files, 8 records" "$TMP/out"

# warnings only: exit 0 unless --fail-on warning
printf '$ORIGIN w.example.\n@ 3600 IN TXT "v=spf1 ip4:192.0.2.1 ?all"\n' >w.zone
lint --no-config w.zone
expect_rc "warning below fail-on" 0 $?
lint --no-config --fail-on warning w.zone
expect_rc "warning at fail-on" 1 $?

# parse errors are findings with positions; linting goes on
printf '$ORIGIN p.example.\n@ 3600 IN TXT "v=spf1 -all\n@ 3600 IN MX 10 mx.p.example.\nx 3600 IN A 300.1.1.1\n' >p.zone
lint --no-config p.zone
expect_rc "syntax: exit 1" 1 $?
expect_grep "unterminated string" "p.zone:2:15: error: unterminated quoted string [zone-syntax]" "$TMP/out"
expect_grep "bad address" "p.zone:4:" "$TMP/out"
expect_grep "records read" "3 records" "$TMP/out"

# origin inference, and relative names without one
printf '@ 3600 IN TXT "v=spf1 -all"\n' >db.infer.example
lint --no-config --format json db.infer.example
expect_rc "inferred origin" 0 $?
printf '@ 3600 IN TXT "v=spf1 -all"\n' >snippet.txt
lint --no-config snippet.txt
expect_rc "no origin" 1 $?
expect_grep "no origin" "snippet.txt:1:1: error:" "$TMP/out"
lint --no-config --origin o.example snippet.txt
expect_rc "--origin" 0 $?

# an SPF record at an underscore name is an include target, not a mail
# domain: only its SPF findings count (no mx-missing, dmarc-missing)
cat >inc.example.zone <<'Z'
$ORIGIN inc.example.
$TTL 3600
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
@ IN NS ns1
ns1 IN A 192.0.2.53
@ IN MX 10 mx
mx IN A 192.0.2.25
@ IN TXT "v=spf1 include:_spf.inc.example -all"
_spf IN TXT "v=spf1 ip4:192.0.2.0/24 ?all"
_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@inc.example"
Z
lint --no-config inc.example.zone
expect_rc "include target" 0 $?
expect_grep "include target: its SPF is checked" "inc.example.zone:9:38: warning:" "$TMP/out"
if grep -q "_spf.inc.example has no MX\|no DMARC record for _spf" "$TMP/out"; then
	fail "include target audited as a mail domain"
else
	ok
fi
# in a snippet, nothing is asked below the include target (no _dmarc or
# _mta-sts of it): only its SPF is checked
cat >incsnip.example.zone <<'Z'
$ORIGIN incsnip.example.
@ IN TXT "v=spf1 include:_spf.incsnip.example -all"
_spf IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
Z
lint --no-config incsnip.example.zone
expect_grep "snippet: names not checked listed" "not checked offline:" "$TMP/out"
if grep "not checked offline" "$TMP/out" | grep -q "[a-z0-9_-]\._spf\.incsnip"; then
	fail "questions about the include target beyond its SPF: $(grep 'not checked' "$TMP/out")"
else
	ok
fi

# standard input, unreadable files
printf '$ORIGIN s.example.\n@ 3600 IN TXT "v=spf1 +all"\n' | "$LINT" --no-config - >"$TMP/out" 2>&1
expect_rc stdin 1 $?
expect_grep stdin "-:2:" "$TMP/out"
lint --no-config clean.example.zone missing.zone
expect_rc unreadable 2 $?
expect_grep unreadable "missing.zone" "$TMP/err"
lint --no-config
expect_rc "no file" 2 $?
lint --no-config --format xml clean.example.zone
expect_rc "bad format" 2 $?

# ignore comments
cat >ign.example.zone <<'Z'
$ORIGIN ign.example.
@ 3600 IN TXT "v=spf1 ip4:192.0.2.1 ?all" ; dnsauth: ignore spf-permissive
Z
lint --no-config --fail-on warning ign.example.zone
expect_rc "ignored" 0 $?
expect_grep "counted" "(1 suppressed)" "$TMP/out"

# one finding per cause: DMARC at the apex is dmarc-wrong-owner (a warning
# here: the record at _dmarc applies), not also zone-record-wrong-owner;
# an ignore comment for the rule that owns it silences it
cat >apex.example.zone <<'Z'
$ORIGIN apex.example.
@      3600 IN TXT "v=DMARC1; p=reject"
@      3600 IN TXT "v=spf1 -all"
_dmarc 3600 IN TXT "v=DMARC1; p=reject; rua=mailto:d@apex.example"
Z
lint --no-config apex.example.zone
expect_grep "one rule per cause" "apex.example.zone:2:1: warning: a DMARC record is published at apex.example itself" "$TMP/out"
expect_grep "one rule per cause" "0 errors, 1 warning, 0 notes" "$TMP/out"
sed -i '2s/$/ ; dnsauth: ignore dmarc-wrong-owner/' apex.example.zone
lint --no-config --fail-on warning apex.example.zone
expect_rc "owner rule ignored" 0 $?
expect_grep "owner rule ignored" "(1 suppressed)" "$TMP/out"
if grep -q "wrong-owner" "$TMP/out"; then
	fail "owner rule ignored: a wrong-owner finding is left:"
	sed 's/^/    /' "$TMP/out"
else
	ok
fi

# text output: a backslash once (a name in presentation form, a zone-file
# escape quoted by a message of an audit, a zone rule or the scanner),
# control characters escaped; JSON escapes for JSON only
printf '%s\n' '$ORIGIN esc.example.' \
	'a\.b 3600 IN TXT "v=spf1 a:h\\1.esc.example -all"' \
	'_dmarc.a\.b 3600 IN TXT "v=DMARC1; p=rej\001ect"' \
	'b 3600 IN TXT "v=spf1 ip4:192.0.2.1" "a:m\\1.esc.example -all"' \
	'c 3600 IN TX\T "x"' >esc.example.zone
lint --no-config esc.example.zone
expect_grep "backslash once in a message" \
	"esc.example.zone:2:26: warning: 'h\\1.esc.example' is not a valid host name" "$TMP/out"
expect_grep "control character escaped" "p value 'rej\\x01ect' is not" "$TMP/out"
expect_grep "backslash once in a name" " _smtp._tls.a\\.b.esc.example" "$TMP/out"
expect_grep "backslash once in a zone rule's message" \
	"receivers read 'ip4:192.0.2.1a:m\\1.esc.example' as one term" "$TMP/out"
expect_grep "backslash once in a scanner message" \
	"esc.example.zone:5:11: error: unknown record type 'TX\\T' [zone-syntax]" "$TMP/out"
if grep -qF '\\' "$TMP/out"; then
	fail "a doubled backslash in the text output:"
	sed 's/^/    /' "$TMP/out"
else
	ok
fi
lint --no-config --format json esc.example.zone
expect_grep "JSON escapes once" "'h\\\\1.esc.example'" "$TMP/out"
expect_grep "JSON escapes once: zone rule" "'ip4:192.0.2.1a:m\\\\1.esc.example'" "$TMP/out"
expect_grep "JSON escapes once: scanner" "unknown record type 'TX\\\\T'" "$TMP/out"

# .dnsauth.yaml, found in the repository root
mkdir -p repo/.git repo/zones
cp w.zone repo/zones/
printf 'fail-on: warning\nrules:\n  spf-permissive: error\n' >repo/.dnsauth.yaml
(cd repo/zones && "$LINT" --documentation-addresses-ok w.zone >"$TMP/out" 2>&1)
expect_rc "config raises severity" 1 $?
expect_grep "config raises severity" "w.zone:2:37: error:" "$TMP/out"
printf 'rules:\n  spf-permissive: ignore\n' >repo/.dnsauth.yaml
(cd repo/zones && "$LINT" --documentation-addresses-ok --fail-on warning w.zone >"$TMP/out" 2>&1)
expect_rc "config ignores" 0 $?
printf 'rules:\n  spf-permisive: ignore\n' >repo/.dnsauth.yaml
(cd repo/zones && "$LINT" --documentation-addresses-ok w.zone >"$TMP/out" 2>&1)
expect_rc "config error" 2 $?
expect_grep "config error" ".dnsauth.yaml:2:3: unknown rule id 'spf-permisive' (did you mean 'spf-permissive'?)" "$TMP/out"
(cd repo/zones && "$LINT" --documentation-addresses-ok --no-config w.zone >"$TMP/out" 2>&1)
expect_rc "--no-config" 0 $?

# JSON and SARIF
lint --no-config --format json -o out.json broken.example.zone
expect_rc json 1 $?
lint --no-config --format sarif -o out.sarif broken.example.zone
expect_rc sarif 1 $?
if command -v python3 >/dev/null 2>&1; then
	python3 - "$TMP/out.sarif" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
# SARIF 2.1.0: the required properties of sarifLog, run, tool, toolComponent,
# reportingDescriptor, result, message, location, artifactLocation, region
assert d["version"] == "2.1.0" and isinstance(d["runs"], list) and len(d["runs"]) == 1
run = d["runs"][0]
drv = run["tool"]["driver"]
assert isinstance(drv["name"], str) and drv["name"] == "dnsauth-lint"
ids = [r["id"] for r in drv["rules"]]
assert len(ids) == len(set(ids)) and "zone-missing-trailing-dot" in ids
for r in drv["rules"]:
    assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
assert run["results"], "no results"
for res in run["results"]:
    assert isinstance(res["message"]["text"], str) and res["message"]["text"]
    assert res["level"] in ("error", "warning", "note", "none")
    assert ids[res["ruleIndex"]] == res["ruleId"]
    for loc in res.get("locations", []):
        pl = loc["physicalLocation"]
        assert pl["artifactLocation"]["uri"] == "broken.example.zone"
        reg = pl.get("region")
        if reg is not None:
            assert reg["startLine"] >= 1 and reg.get("startColumn", 1) >= 1
assert any(r["ruleId"] == "zone-missing-trailing-dot" and
           r["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 20}
           for r in run["results"])
PY
	expect_rc "sarif content" 0 $?
	python3 - "$TMP/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["findings"] if x["rule"] == "zone-missing-trailing-dot"]
assert f and f[0]["file"] == "broken.example.zone" and f[0]["line"] == 2 and f[0]["column"] == 20, f
assert d["files"] == 1 and d["records"] == 4 and d["summary"]["errors"] >= 1
PY
	expect_rc "json content" 0 $?
fi

# dnsauth lint runs dnsauth-lint (beside dnsauth, or on PATH)
PATH="$top_builddir/lint:$PATH" "$top_builddir/verify/dnsauth" lint --no-config broken.example.zone >"$TMP/out" 2>&1
expect_rc "dnsauth lint" 1 $?
expect_grep "dnsauth lint" "broken.example.zone:2:20: error:" "$TMP/out"

finish
