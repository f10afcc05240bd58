#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/lintzone.sh - the inputs of bench/lint.sh: one big complete zone,
# lintbench.test, of about RECORDS records (default 500000), and SNIPPETS
# (default 200) small zone files d001.example.zone ... as a pre-commit
# hook passes them.
#
# Usage: bench/lintzone.sh [RECORDS [SNIPPETS]] DIR
#
# Writes DIR/lintbench.test.zone and DIR/snippets/dNNN.example.zone, and
# prints "records N domains M snippets S snippet_records R".
# Everything is valid for named-checkzone, kzonecheck and validns (-p all)
# and should be clean for dnsauth-lint with --documentation-addresses-ok:
# every address is in a documentation range, every MX and NS host is in
# the zone with its addresses, every DKIM key is a real 2048-bit RSA key
# (the three of bench/zones/bench.test.zone; the private keys were not
# kept) or an Ed25519 key (made with gen/dkimgen), every SPF include is
# _spf.lintbench.test, every DMARC report address is at lintbench.test.
#
# lintbench.test: the apex (SOA, two NS with A/AAAA, A/AAAA, two MX hosts
# with A/AAAA and two TLSA each, SPF, _spf, DMARC, a DKIM key, TLS-RPT,
# CAA) and mail domains dNNNNNN (d000001 ...), each with, relative to
# dNNNNNN:
#
#   @                A, AAAA (documentation ranges)
#   @                TXT SPF, one of three forms; every third is split
#                    into two strings at a space ("v=spf1 ... " "include:...")
#   _dmarc           TXT DMARC p=reject (two forms), rua at lintbench.test
#   sel1._domainkey  TXT DKIM, a 2048-bit RSA key as two strings (255 +
#                    155 octets, split inside p= as DNS providers do)
#   _smtp._tls       TXT TLS-RPT, rua at lintbench.test
#   even N: its own MX host: @ MX 10 mx, MX 20 mx2.lintbench.test. (the
#           shared backup), mx A/AAAA; every 4th N also two TLSA 3 1 1
#           at _25._tcp.mx (the key in use and the next one)
#   odd N:  the shared hosts: @ MX 10 mx1.lintbench.test., MX 20 mx2...
#   every 3rd N:    www CNAME @
#   every 5th N:    @ CAA 0 issue "letsencrypt.org", written in the
#                   generic form of RFC 3597 (TYPE257 \# 22 0005...),
#                   since validns 0.8 does not know CAA
#   every 10th N:   _mta-sts TXT, mta-sts A
#   every 1000th N: a second selector, ed1._domainkey, an Ed25519 key
#
# About 10.2 records per domain: 500000 records are 48854 domains.
#
# Snippet N (1 to 999) is the small complete zone dNNN.example: the first
# 5 + (N - 1) % 16 records (5 to 20; 12.5 on average) of
#   SOA, NS ns1, NS ns2, ns1 A, ns2 A, @ MX 10 ns1, @ MX 20 ns2,
#   @ TXT SPF, _dmarc TXT, _smtp._tls TXT, s1._domainkey TXT (RSA, two
#   strings), @ A, @ AAAA, ns1 AAAA, ns2 AAAA, www CNAME @, @ CAA,
#   _mta-sts TXT, mta-sts A, ed1._domainkey TXT (Ed25519)
# with $ORIGIN dNNN.example. and $TTL. They are complete zones (SOA, two
# NS with addresses) because named-checkzone, kzonecheck and validns
# accept nothing less; for dnsauth-lint that makes them complete zones
# too, so the smallest ones (no MX, SPF or DMARC record yet) get findings,
# as a repository would while a domain is being set up.

set -eu

usage() {
	echo "usage: $0 [RECORDS [SNIPPETS]] DIR" >&2
	exit 2
}

case $# in
1) records=500000 snippets=200 dir=$1 ;;
2) records=$1 snippets=200 dir=$2 ;;
3) records=$1 snippets=$2 dir=$3 ;;
*) usage ;;
esac
case $records$snippets in
'' | *[!0-9]*) usage ;;
esac
if [ "$records" -lt 100 ] || [ "$snippets" -gt 999 ]; then
	usage
fi
[ -d "$dir" ] || {
	echo "$0: $dir is not a directory" >&2
	exit 2
}
mkdir -p "$dir/snippets"

awk -v target="$records" -v nsnip="$snippets" -v zone="$dir/lintbench.test.zone" \
	-v sdir="$dir/snippets" '
function out(s) {
	print s >zone
	nrec++
}
# 64 hex digits (a SHA-256 for TLSA), from a 32-bit LCG (exact in doubles)
function hex64(   s, k) {
	s = ""
	for (k = 0; k < 8; k++) {
		seed = (seed * 69069 + 1) % 4294967296
		s = s sprintf("%08x", seed)
	}
	return s
}
# a DKIM RSA record as two quoted strings of 255 and 155 octets
function dkim(k,   v) {
	v = "v=DKIM1; k=rsa; p=" key[k]
	return "( \"" substr(v, 1, 255) "\"\n\t\t\t\"" substr(v, 256) "\" )"
}
function addr4(i) {
	return net4[i % 3] "." (i % 254 + 1)
}
function addr6(i, last) {
	return sprintf("2001:db8:%x:%x::%s", int(i / 65536), i % 65536, last)
}
BEGIN {
	seed = 20261123
	key[0] = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtMOTji0zQM8Vg3OlrgVO9Y59rEQLbIBkHk+r8IhG92Wyg2sijx0yoO3djjzkqgGKjo67dt2/avDqraXpEhAK2wPBYfebZd5NrQg2EOQY4Vmn7nOk2czSQoivAEH5QB8ufgjR+RWKzsem8RlofuqS9sMHiBM9SvMzaNEViq0ZYdDBpzZKe/l1sDJItG0WktdQZonSbjL4lwN8yYb91IeGfXHQw8JJ4nr5EeunVslox7EQoTvKXLt4TAcftmPBjJj3pAAWMmMW0XRdlYb1I/gcwVBWHgK1TDQeT7uZh/YzE9VyDojugKyA5gf/XQfl1acKZfBNT67XqpzEoO/d84Ei6QIDAQAB"
	key[1] = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqn3Rt3+5dcaJVrhBvsG6DN5fd1rRcvmE4ayBrV4KV2+2LN1vVurbaF9SiSCf9MFXSxcYbSb+PkUhmTMADbam5W0h2N3/L7In2apLqfK/ERY+2rJf5oCzzFa1Fw31htlYvxUfU0X43x4w0B6zUNNMyEcNrspCJcv38Q/Nlmb5DUDmUxXIzA+k5d+isjeo2kH2kj2P3U6NIX7yOyVF00XQJgMOha39ise8KJdgU4gyE9/Q5STJZ4Hzz7S4woYCFtncZ1xcZB0s6Z5T9gpUah/IvppLEEI63+W34ew+P/i4fi14VVBReG4b2lUIn8kqqBFVxN1gF1MLtPJ49XO91WjidQIDAQAB"
	key[2] = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq8yecrh1uQA8mkdavfRwxbyLA7Te26v506eQuoXcV7v6BTJe8+QcOAcEeYhNr2MHqbbYKhwM2Tn2EbtI9UL9KctY7WACE/Vq8rjuMVqhHl9mqynqGjy/mWnTmoT2QW7cK/mwB2AdCB134gVNYH/XbWCA1g3eq79AeYqR4t+02rwIMEAstJQOAKnab+ZbOejAEQrTwZFAMGI+Rj3qRgoXsoLpKeDbGT/XJC/J5ehhNiv+Njw5qDRzo1oDRE7IjReARjZ5jnAPhYI8XfbnROdlOdn7jKW/zPPoLKvxyGpMY512jf0sgHc9k4084PKiCIcwHSRiTnKDBvPhZTddy7cpzQIDAQAB"
	ed = "v=DKIM1; k=ed25519; p=vHs4cT3ANss22b/9LcVs9bObeKgAhnOJezD+IjIPpJg="
	net4[0] = "192.0.2"
	net4[1] = "198.51.100"
	net4[2] = "203.0.113"
	rua = "rua=mailto:dmarc@lintbench.test"
	tlsrpt = "rua=mailto:tlsrpt@lintbench.test"
	# CAA 0 issue "letsencrypt.org" in the generic form of RFC 3597:
	# validns 0.8 does not know CAA
	caa = "TYPE257\t\\# 22 000569737375656c657473656e63727970742e6f7267"

	# ------------------------------------------------- lintbench.test
	print "; lintbench.test: generated by bench/lintzone.sh" >zone
	print "$ORIGIN lintbench.test." >zone
	print "$TTL 3600" >zone
	out("@\tSOA\tns1 hostmaster 2026112301 3600 900 1209600 300")
	out("@\tNS\tns1")
	out("@\tNS\tns2")
	out("ns1\tA\t192.0.2.53")
	out("ns1\tAAAA\t2001:db8::53")
	out("ns2\tA\t198.51.100.53")
	out("ns2\tAAAA\t2001:db8:1::53")
	out("@\tA\t192.0.2.80")
	out("@\tAAAA\t2001:db8::80")
	out("@\tMX\t10 mx1")
	out("@\tMX\t20 mx2")
	out("mx1\tA\t192.0.2.25")
	out("mx1\tAAAA\t2001:db8::25")
	out("mx2\tA\t198.51.100.25")
	out("mx2\tAAAA\t2001:db8:1::25")
	out("_25._tcp.mx1\tTLSA\t3 1 1 " hex64())
	out("_25._tcp.mx1\tTLSA\t3 1 1 " hex64())
	out("_25._tcp.mx2\tTLSA\t3 1 1 " hex64())
	out("_25._tcp.mx2\tTLSA\t3 1 1 " hex64())
	out("@\tTXT\t\"v=spf1 mx include:_spf.lintbench.test -all\"")
	out("_spf\tTXT\t\"v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/24 ip6:2001:db8::/32 -all\"")
	out("_dmarc\tTXT\t\"v=DMARC1; p=reject; sp=reject; adkim=s; " rua "\"")
	out("sel1._domainkey\tTXT\t" dkim(0))
	out("_smtp._tls\tTXT\t\"v=TLSRPTv1; " tlsrpt "\"")
	out("@\t" caa)

	# ------------------------------------------------- mail domains
	for (i = 1; nrec < target; i++) {
		d = sprintf("d%06d", i)
		print "" >zone
		out(d "\tA\t" addr4(i))
		out(d "\tAAAA\t" addr6(i, 1))
		if (i % 3 == 0)
			out(d "\tTXT\t\"v=spf1 mx -all\"")
		else if (i % 3 == 1)
			out(d "\tTXT\t\"v=spf1 mx a include:_spf.lintbench.test -all\"")
		else
			out(d "\tTXT\t( \"v=spf1 mx ip4:" net4[i % 3] ".0/24 ip6:2001:db8::/32 \"\n\t\t\t\"include:_spf.lintbench.test ~all\" )")
		if (i % 2)
			out("_dmarc." d "\tTXT\t\"v=DMARC1; p=reject; " rua "\"")
		else
			out("_dmarc." d "\tTXT\t\"v=DMARC1; p=reject; adkim=s; aspf=s; " rua "\"")
		out("sel1._domainkey." d "\tTXT\t" dkim(i % 3))
		out("_smtp._tls." d "\tTXT\t\"v=TLSRPTv1; " tlsrpt "\"")
		if (i % 2 == 0) {
			out(d "\tMX\t10 mx." d)
			out(d "\tMX\t20 mx2.lintbench.test.")
			out("mx." d "\tA\t" addr4(i + 1))
			out("mx." d "\tAAAA\t" addr6(i, 25))
			if (i % 4 == 0) {
				out("_25._tcp.mx." d "\tTLSA\t3 1 1 " hex64())
				out("_25._tcp.mx." d "\tTLSA\t3 1 1 " hex64())
			}
		} else {
			out(d "\tMX\t10 mx1.lintbench.test.")
			out(d "\tMX\t20 mx2.lintbench.test.")
		}
		if (i % 3 == 0)
			out("www." d "\tCNAME\t" d)
		if (i % 5 == 0)
			out(d "\t" caa)
		if (i % 1000 == 0)
			out("ed1._domainkey." d "\tTXT\t\"" ed "\"")
		if (i % 10 == 0) {
			out("_mta-sts." d "\tTXT\t\"v=STSv1; id=2026112301\"")
			out("mta-sts." d "\tA\t" addr4(i + 2))
		}
	}
	ndom = i - 1
	close(zone)

	# ------------------------------------------------- snippets
	srec = 0
	for (n = 1; n <= nsnip; n++) {
		s = sprintf("d%03d", n)
		f = sdir "/" s ".example.zone"
		k = 5 + (n - 1) % 16
		r[1] = "@\tSOA\tns1 hostmaster 2026112301 3600 900 1209600 300"
		r[2] = "@\tNS\tns1"
		r[3] = "@\tNS\tns2"
		r[4] = "ns1\tA\t" addr4(n)
		r[5] = "ns2\tA\t" addr4(n + 1)
		r[6] = "@\tMX\t10 ns1"
		r[7] = "@\tMX\t20 ns2"
		r[8] = "@\tTXT\t\"v=spf1 mx -all\""
		r[9] = "_dmarc\tTXT\t\"v=DMARC1; p=reject; rua=mailto:dmarc@" s ".example\""
		r[10] = "_smtp._tls\tTXT\t\"v=TLSRPTv1; rua=mailto:tlsrpt@" s ".example\""
		r[11] = "s1._domainkey\tTXT\t" dkim(n % 3)
		r[12] = "@\tA\t" addr4(n + 2)
		r[13] = "@\tAAAA\t" addr6(n, 80)
		r[14] = "ns1\tAAAA\t" addr6(n, 53)
		r[15] = "ns2\tAAAA\t" addr6(n, 54)
		r[16] = "www\tCNAME\t@"
		r[17] = "@\t" caa
		r[18] = "_mta-sts\tTXT\t\"v=STSv1; id=2026112301\""
		r[19] = "mta-sts\tA\t" addr4(n + 3)
		r[20] = "ed1._domainkey\tTXT\t\"" ed "\""
		print "; " s ".example: generated by bench/lintzone.sh (" k " records)" >f
		print "$ORIGIN " s ".example." >f
		print "$TTL 3600" >f
		for (j = 1; j <= k; j++)
			print r[j] >f
		close(f)
		srec += k
	}
	print "records " nrec " domains " ndom " snippets " nsnip " snippet_records " srec
}'
