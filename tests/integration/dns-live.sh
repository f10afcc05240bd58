#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/integration/dns-live.sh - the live source against NSD serving the
# fixture zones gives the same answers as the zone source over the same
# files, for questions covering every status the zone source can give
# except OUTSIDE (DATA, NODATA, NXDOMAIN, CNAME chains within and across
# zones, dangling and looping CNAMEs, wildcards, a loaded child zone),
# in one prefetch batch and one by one.

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

need_prog "$DNSQ"
ZONES="$DATA/dns"

Q="example.com TXT MX A SOA NS AAAA
mail.example.com A AAAA TXT
_dmarc.example.com TXT MX
sel._domainkey.example.com TXT
multi.example.com TXT
nul.example.com TXT
nope.example.com A TXT
x.mail.example.com A
nope.example.net TXT
c.example.com TXT
b.c.example.com TXT A
a.b.c.example.com TXT
x.b.c.example.com TXT
_domainkey.example.com TXT
other._domainkey.example.com TXT
alias.example.com A TXT CNAME
www.example.com A TXT CNAME
WWW.Example.COM. MX
hop.example.net A MX
back.example.net A
dangling.example.com A TXT
loop1.example.com A
self.example.com TXT
long1.example.com A
long2.example.com A
foo.wild.example.com TXT MX A
a.b.foo.wild.example.com TXT
*.wild.example.com TXT
wild.example.com TXT
exists.wild.example.com TXT A
y.wild.example.com TXT
z.y.wild.example.com TXT
x.y.wild.example.com TXT
sub.exists.wild.example.com TXT
any.wc.example.com A TXT CNAME
wc.example.com A
child.example.com TXT NS
deep.child.example.com TXT
nope.child.example.com TXT
host.example.net A TXT
_spf.example.net TXT"

nsd_start "$ZONES" || { fail "NSD does not start"; finish; exit 1; }

# shellcheck disable=SC2086
"$DNSQ" --zone "$ZONES" $Q > "$TMP/zone.out" 2> "$TMP/zone.err"
expect_rc "dnsq --zone" 0 $?
expect_empty "dnsq --zone stderr" "$TMP/zone.err"

# every status the zone source gives is in the list
for st in data nodata nxdomain error; do
	expect_grep "zone answers: $st" " $st" "$TMP/zone.out"
done
expect_grep "zone answers: wildcard" "foo.wild.example.com TXT data data: \"wildcard\"" "$TMP/zone.out"
expect_grep "zone answers: CNAME across zones" \
	"www.example.com A data cnames: web.example.com,host.example.net data: 192.0.2.80" \
	"$TMP/zone.out"
expect_grep "zone answers: CNAME to NXDOMAIN" \
	"dangling.example.com A nxdomain cnames: nothere.example.com" "$TMP/zone.out"
if grep -q " outside" "$TMP/zone.out"; then
	fail "a question of the list is outside the zones"
else
	ok
fi

# shellcheck disable=SC2086
timeout 60 "$DNSQ" --server 127.0.0.1 --port "$NSD_PORT" --timeout 1000 --stats $Q \
	> "$TMP/live.out" 2> "$TMP/live.err"
expect_rc "dnsq --server (batch)" 0 $?
expect_file "live (batch) = zone" "$TMP/zone.out" "$TMP/live.out"
# one batch: one round trip
expect_grep "one round trip" "round_trips=1" "$TMP/live.err"
expect_grep "no timeouts" "timeouts=0" "$TMP/live.err"

# shellcheck disable=SC2086
timeout 60 "$DNSQ" --server 127.0.0.1 --port "$NSD_PORT" --timeout 1000 --one-by-one $Q \
	> "$TMP/live1.out" 2> "$TMP/live1.err"
expect_rc "dnsq --server (one by one)" 0 $?
expect_file "live (one by one) = zone" "$TMP/zone.out" "$TMP/live1.out"

# a CNAME to a zone NSD does not serve: the live source asks the target
# itself and gets REFUSED, the zone source says outside
timeout 20 "$DNSQ" --server 127.0.0.1 --port "$NSD_PORT" --timeout 1000 \
	outside.example.com A > "$TMP/out.out" 2>&1
expect_grep "chased CNAME target" \
	"outside.example.com A refused cnames: www.example.org" "$TMP/out.out"
"$DNSQ" --zone "$ZONES" outside.example.com A > "$TMP/out2.out" 2>&1
expect_grep "zone: CNAME target outside" \
	"outside.example.com A outside cnames: www.example.org" "$TMP/out2.out"

# a delegation: NSD refers, which is not an answer
timeout 20 "$DNSQ" --server 127.0.0.1 --port "$NSD_PORT" --timeout 1000 \
	x.sub.example.com TXT > "$TMP/ref.out" 2>&1
expect_grep "referral is an error" "x.sub.example.com TXT error" "$TMP/ref.out"

nsd_stop
finish
