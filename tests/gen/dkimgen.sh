#!/bin/sh
# SPDX-License-Identifier: MIT
# dkimgen: key files (mode 0600, never replaced without --force), the
# printed public key equals the one derived from the written private key
# (checked with the openssl command), zone strings of at most 255 octets,
# JSON, and usage errors (exit 2, nothing written).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

DKIMGEN="$top_builddir/gen/dkimgen"
OWNER="sel._domainkey.example.com"

if ! command -v openssl >/dev/null 2>&1; then
	echo "openssl command not found: skipped"
	exit 77
fi

# p= value of a record line "v=DKIM1; k=...; p=..." (up to ';' or the end)
p_of() {
	sed -n 's/.*; p=\([^;]*\).*/\1/p' "$1" | head -1
}

# base64 of the public key derived from a private key file
rsa_pub() {
	openssl pkey -in "$1" -pubout -outform DER | base64 -w0
}
ed_pub() {
	openssl pkey -in "$1" -pubout -outform DER | tail -c 32 | base64 -w0
}

# expect_same NAME WANT GOT
expect_same() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then
		ok
	else
		fail "$1: '$3' is not '$2'"
	fi
}

# expect_mode NAME MODE FILE
expect_mode() {
	m=$(stat -c %a "$3" 2>/dev/null)
	if [ "$m" = "$2" ]; then ok; else fail "$1: mode of $(basename "$3") is '$m', expected $2"; fi
}

# expect_absent NAME FILE
expect_absent() {
	if [ -e "$2" ]; then fail "$1: $(basename "$2") was created"; else ok; fi
}

# ---------------------------------------------------------------- RSA
"$DKIMGEN" --domain example.com --selector sel --key-out "$TMP/rsa.pem" \
	>"$TMP/out" 2>"$TMP/err"
expect_rc rsa 0 $?
expect_empty "rsa (stderr)" "$TMP/err"
expect_mode rsa 600 "$TMP/rsa.pem"
expect_grep "rsa key" "-----BEGIN PRIVATE KEY-----" "$TMP/rsa.pem"
expect_grep "rsa record" "v=DKIM1; k=rsa; p=MIIBIjAN" "$TMP/out"
if grep -q "PRIVATE" "$TMP/out"; then fail "rsa: private key on stdout"; else ok; fi
[ "$(wc -l <"$TMP/out")" -eq 1 ] && ok || fail "rsa: more than one line"
expect_same "rsa key equals record" "$(rsa_pub "$TMP/rsa.pem")" "$(p_of "$TMP/out")"
openssl pkey -in "$TMP/rsa.pem" -text -noout 2>/dev/null | grep -q "2048 bit" &&
	ok || fail "rsa: not a 2048-bit key"

# A second run without --force refuses and leaves the key alone.
cp "$TMP/rsa.pem" "$TMP/rsa.orig"
"$DKIMGEN" -d example.com -s sel --key-out "$TMP/rsa.pem" >"$TMP/out2" 2>"$TMP/err"
expect_rc "no overwrite" 2 $?
expect_grep "no overwrite" "dkimgen: error: '$TMP/rsa.pem' exists: refusing to replace a private key (--force replaces it)" "$TMP/err"
expect_empty "no overwrite (stdout)" "$TMP/out2"
expect_file "no overwrite: key unchanged" "$TMP/rsa.orig" "$TMP/rsa.pem"
"$DKIMGEN" -q -d example.com -s sel --key-out "$TMP/rsa.pem" >"$TMP/out2" 2>"$TMP/err"
expect_rc "no overwrite -q" 2 $?
expect_grep "no overwrite -q" "exists" "$TMP/err"

# --force replaces it with a new key, still 0600, matching its record.
"$DKIMGEN" -d example.com -s sel --key-out "$TMP/rsa.pem" --force >"$TMP/out3" 2>"$TMP/err"
expect_rc force 0 $?
if cmp -s "$TMP/rsa.orig" "$TMP/rsa.pem"; then fail "force: key not replaced"; else ok; fi
expect_mode force 600 "$TMP/rsa.pem"
expect_same "force: key equals record" "$(rsa_pub "$TMP/rsa.pem")" "$(p_of "$TMP/out3")"
if cmp -s "$TMP/out" "$TMP/out3"; then fail "force: same record as before"; else ok; fi

# The mode does not depend on the umask.
(umask 000 && "$DKIMGEN" -d example.com -s sel --key-out "$TMP/umask.pem" >/dev/null 2>&1)
expect_rc umask 0 $?
expect_mode umask 600 "$TMP/umask.pem"

# 1024 bits: allowed, with a dkim-key-weak warning (none with -q).
"$DKIMGEN" -d example.com -s sel --bits 1024 --key-out "$TMP/r1024.pem" >"$TMP/out" 2>"$TMP/err"
expect_rc bits-1024 0 $?
expect_grep bits-1024 "warning: dkim-key-weak: $OWNER: RSA key of 1024 bits" "$TMP/err"
expect_same "bits-1024 key equals record" "$(rsa_pub "$TMP/r1024.pem")" "$(p_of "$TMP/out")"
openssl pkey -in "$TMP/r1024.pem" -text -noout 2>/dev/null | grep -q "1024 bit" &&
	ok || fail "bits-1024: not a 1024-bit key"
"$DKIMGEN" -q -d example.com -s sel --bits 1024 --key-out "$TMP/r1024q.pem" >"$TMP/out" 2>"$TMP/err"
expect_rc bits-1024-quiet 0 $?
expect_empty "bits-1024-quiet (stderr)" "$TMP/err"

# ------------------------------------------------------------ Ed25519
"$DKIMGEN" -d example.com -s sel --type ed25519 --key-out "$TMP/ed.pem" >"$TMP/out" 2>"$TMP/err"
expect_rc ed25519 0 $?
expect_mode ed25519 600 "$TMP/ed.pem"
expect_grep ed25519 "v=DKIM1; k=ed25519; p=" "$TMP/out"
expect_grep "ed25519 note" "info: dkim-key-unusable: $OWNER: Ed25519 key: not all verifiers support Ed25519" "$TMP/err"
expect_same "ed25519 key equals record" "$(ed_pub "$TMP/ed.pem")" "$(p_of "$TMP/out")"
[ "$(p_of "$TMP/out" | wc -c)" -eq 45 ] && ok || fail "ed25519: p= is not 44 characters"
"$DKIMGEN" -q -d example.com -s sel --type ed25519 --key-out "$TMP/edq.pem" >"$TMP/out" 2>"$TMP/err"
expect_rc ed25519-quiet 0 $?
expect_empty "ed25519-quiet (stderr)" "$TMP/err"

# ---------------------------------------------------------- zone lines
# zone_check NAME FILE KEY KIND STRINGS: strings <= 255 octets, joined
# they are the record of KEY
zone_check() {
	awk -F'"' '{ for (i = 2; i <= NF; i += 2) print $i }' "$2" >"$TMP/strings"
	n=$(wc -l <"$TMP/strings")
	[ "$n" -eq "$5" ] && ok || fail "$1: $n strings, expected $5"
	long=$(awk 'length($0) > 255' "$TMP/strings" | wc -l)
	[ "$long" -eq 0 ] && ok || fail "$1: a string is longer than 255 octets"
	joined=$(tr -d '\n' <"$TMP/strings")
	if [ "$4" = rsa ]; then
		want="v=DKIM1; k=rsa; p=$(rsa_pub "$3")"
	else
		want="v=DKIM1; k=ed25519; p=$(ed_pub "$3")"
	fi
	expect_same "$1: joined strings are the record" "$want" "$joined"
}

"$DKIMGEN" -d example.com -s sel -f zone --key-out "$TMP/z2048.pem" >"$TMP/out" 2>"$TMP/err"
expect_rc zone-2048 0 $?
expect_grep zone-2048 "$OWNER. 3600 IN TXT \"v=DKIM1; k=rsa; p=" "$TMP/out"
zone_check zone-2048 "$TMP/out" "$TMP/z2048.pem" rsa 2

"$DKIMGEN" -d example.com. -s sel.sub --format zone --ttl 600 --bits 4096 \
	--key-out "$TMP/z4096.pem" >"$TMP/out" 2>"$TMP/err"
expect_rc zone-4096 0 $?
expect_grep zone-4096 "sel.sub._domainkey.example.com. 600 IN TXT \"" "$TMP/out"
zone_check zone-4096 "$TMP/out" "$TMP/z4096.pem" rsa 3

"$DKIMGEN" -d example.com -s sel -f zone --type ed25519 --key-out "$TMP/zed.pem" >"$TMP/out" 2>/dev/null
expect_rc zone-ed25519 0 $?
zone_check zone-ed25519 "$TMP/out" "$TMP/zed.pem" ed25519 1

# ---------------------------------------------------------------- JSON
"$DKIMGEN" -d Example.COM -s sel -f json --key-out "$TMP/j.pem" >"$TMP/out" 2>"$TMP/err"
expect_rc json 0 $?
expect_grep json '"name": "sel._domainkey.Example.COM."' "$TMP/out"
expect_grep json '"type": "TXT"' "$TMP/out"
expect_grep json '"ttl": 3600' "$TMP/out"
expect_grep json '"type": "rsa"' "$TMP/out"
expect_grep json '"bits": 2048' "$TMP/out"
expect_grep json "\"private_key_file\": \"$TMP/j.pem\"" "$TMP/out"
expect_grep json '"findings": []' "$TMP/out"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$TMP/out" "$(rsa_pub "$TMP/j.pem")" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["value"] == "v=DKIM1; k=rsa; p=" + sys.argv[2], "value"
assert "".join(d["strings"]) == d["value"], "strings"
assert all(len(s) <= 255 for s in d["strings"]) and len(d["strings"]) == 2
assert d["key"] == {"type": "rsa", "bits": 2048}, d["key"]
assert d["domain"] == "Example.COM" and d["selector"] == "sel"
EOF
	expect_rc "json (python check)" 0 $?
fi
"$DKIMGEN" -d example.com -s sel -f json --type ed25519 --key-out "$TMP/jed.pem" >"$TMP/out" 2>/dev/null
expect_rc json-ed25519 0 $?
expect_grep json-ed25519 '"type": "ed25519"' "$TMP/out"
expect_grep json-ed25519 '"bits": 256' "$TMP/out"
expect_grep json-ed25519 '"rule": "dkim-key-unusable"' "$TMP/out"

# ------------------------------------------------- -o and --key-out -
"$DKIMGEN" -d example.com -s sel --key-out "$TMP/o.pem" -o "$TMP/record.txt" >"$TMP/out" 2>"$TMP/err"
expect_rc output-file 0 $?
expect_empty "output-file (stdout)" "$TMP/out"
expect_same "output-file: key equals record" "$(rsa_pub "$TMP/o.pem")" "$(p_of "$TMP/record.txt")"

"$DKIMGEN" -d example.com -s sel --key-out - -o "$TMP/record2.txt" >"$TMP/key-stdout.pem" 2>"$TMP/err"
expect_rc key-stdout 0 $?
expect_grep key-stdout "-----BEGIN PRIVATE KEY-----" "$TMP/key-stdout.pem"
expect_same "key-stdout: key equals record" "$(rsa_pub "$TMP/key-stdout.pem")" "$(p_of "$TMP/record2.txt")"

"$DKIMGEN" -d example.com -s sel --key-out - >"$TMP/out" 2>"$TMP/err"
expect_rc key-stdout-needs-o 2 $?
expect_grep key-stdout-needs-o "write the record to a file with -o FILE" "$TMP/err"
expect_empty "key-stdout-needs-o (stdout)" "$TMP/out"

"$DKIMGEN" -d example.com -s sel --key-out "$TMP/same" -o "$TMP/same" >"$TMP/out" 2>"$TMP/err"
expect_rc same-file 2 $?
expect_grep same-file "--key-out and --output name the same file" "$TMP/err"
expect_absent same-file "$TMP/same"

# -o naming the new key file through a symlink: refused, key kept
ln -s o3.pem "$TMP/o3-link.pem"
"$DKIMGEN" -d example.com -s sel --key-out "$TMP/o3.pem" -o "$TMP/o3-link.pem" >"$TMP/out" 2>"$TMP/err"
expect_rc output-is-key 2 $?
expect_grep output-is-key "refusing to overwrite an input file" "$TMP/err"
expect_grep output-is-key "the private key was written to '$TMP/o3.pem'" "$TMP/err"
expect_grep "output-is-key: key kept" "-----BEGIN PRIVATE KEY-----" "$TMP/o3.pem"

# A key file in a missing directory: error, nothing printed.
"$DKIMGEN" -d example.com -s sel --key-out "$TMP/no/such/dir/k.pem" >"$TMP/out" 2>"$TMP/err"
expect_rc missing-dir 2 $?
expect_empty "missing-dir (stdout)" "$TMP/out"

# ------------------------------------------------------- usage errors
# bad NAME PATTERN ARGS...: exit 2, message on stderr, no stdout, no key
bad() {
	name=$1 pattern=$2
	shift 2
	rm -f "$TMP/bad.pem"
	"$DKIMGEN" "$@" >"$TMP/out" 2>"$TMP/err"
	expect_rc "$name" 2 $?
	expect_grep "$name" "$pattern" "$TMP/err"
	expect_empty "$name (stdout)" "$TMP/out"
	expect_absent "$name" "$TMP/bad.pem"
}

K="--key-out $TMP/bad.pem"
bad no-key-out "--key-out FILE is required" -d example.com -s sel
bad no-domain "--domain and --selector are required" -s sel $K
bad no-selector "--domain and --selector are required" -d example.com $K
bad domain-space "dkimgen: error: --domain 'bad domain.com' is not a valid domain name: character not allowed in a host name" \
	-d 'bad domain.com' -s sel $K
bad domain-single-label "--domain 'localhost' is not a valid domain name: not a fully qualified domain name" \
	-d localhost -s sel $K
bad domain-empty "--domain '' is not a valid domain name" -d '' -s sel $K
bad domain-dots "--domain 'example..com' is not a valid domain name: empty label" -d example..com -s sel $K
bad selector-empty "--selector '' is not a valid selector: empty selector" -d example.com -s '' $K
bad selector-dots "--selector 'a..b' is not a valid selector: empty label" -d example.com -s a..b $K
bad selector-domainkey "--selector 'sel._domainkey' is not a valid selector: write the selector without '._domainkey'" \
	-d example.com -s sel._domainkey $K
bad selector-slash "--selector 'a/b' is not a valid selector" -d example.com -s a/b $K
L63=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
bad selector-label-64 "label longer than 63 characters" -d example.com -s "${L63}a" $K
bad name-too-long "longer than 253 characters" -d "$L63.example.com" -s "$L63.$L63.$L63" $K
bad bits-512 "--bits '512' is not a key size from 1024 to 4096" -d example.com -s sel --bits 512 $K
bad bits-8192 "--bits '8192' is not a key size from 1024 to 4096" -d example.com -s sel --bits 8192 $K
bad bits-text "--bits 'big' is not a key size" -d example.com -s sel --bits big $K
bad bits-junk "--bits '2048x' is not a key size" -d example.com -s sel --bits 2048x $K
bad bits-negative "--bits '-2048' is not a key size" -d example.com -s sel --bits -2048 $K
bad bits-ed25519 "--bits applies to RSA keys only" -d example.com -s sel --type ed25519 --bits 2048 $K
bad type-dsa "unknown key type 'dsa' (rsa or ed25519)" -d example.com -s sel --type dsa $K
bad type-case "unknown key type 'RSA'" -d example.com -s sel --type RSA $K
bad format "unknown format 'yaml' (value, zone or json)" -d example.com -s sel -f yaml $K
bad ttl "--ttl must be a number of seconds" -d example.com -s sel --ttl -1 $K
bad extra-arg "unexpected argument 'extra'" -d example.com -s sel $K extra
bad bad-option "Usage: dkimgen" --bogus

# Hostile arguments are escaped in messages.
"$DKIMGEN" -d example.com -s "$(printf 'a\033[31mb')" --key-out "$TMP/bad.pem" >"$TMP/out" 2>"$TMP/err"
expect_rc escape 2 $?
if grep -q "$(printf '\033')" "$TMP/err"; then fail "escape: raw ESC on stderr"; else ok; fi
expect_grep escape '\x1B[31mb' "$TMP/err"

# ------------------------------------------------------ help, version
"$DKIMGEN" --help >"$TMP/help" 2>"$TMP/err"
expect_rc help 0 $?
expect_grep help "Usage: dkimgen" "$TMP/help"
expect_empty "help (stderr)" "$TMP/err"
"$DKIMGEN" -h >"$TMP/out" 2>/dev/null
expect_rc help-short 0 $?
expect_file "-h equals --help" "$TMP/help" "$TMP/out"
"$DKIMGEN" --version >"$TMP/out" 2>"$TMP/err"
expect_rc version 0 $?
expect_grep version "dkimgen (dnsauth)" "$TMP/out"
"$DKIMGEN" -V >"$TMP/out" 2>/dev/null
expect_rc version-short 0 $?

# Every long option is in --help and in the man page.
man="$top_srcdir/doc/dkimgen.1"
opts=$(grep -o '{ "[a-z][a-z0-9-]*", \(no\|required\|optional\)_argument' \
	"$top_srcdir/gen/dkimgen.c" | sed 's/{ "\([^"]*\)".*/\1/' | sort -u)
[ -n "$opts" ] && ok || fail "no options found in gen/dkimgen.c"
for o in $opts; do
	if grep -q -- "--$o\b" "$TMP/help"; then ok; else fail "--$o missing from --help"; fi
	pat=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
	if grep -q -- "\\\\-\\\\-$pat" "$man"; then ok; else fail "--$o missing from dkimgen.1"; fi
done

# No temporary files left behind by the atomic writes.
leftovers=$(find "$TMP" -name '.*.??????' | wc -l)
[ "$leftovers" -eq 0 ] && ok || fail "temporary files left: $leftovers"

finish
