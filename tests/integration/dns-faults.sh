#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/integration/dns-faults.sh - the live source against a broken
# responder (tests/integration/faultd.c) on 127.0.0.1: every fault ends
# in the right status (a failure is never "missing"), in bounded time;
# TC=1 goes to TCP; garbage, wrong IDs and wrong questions are ignored;
# retries rotate servers; the deadline bounds a batch; identical
# questions are sent once.

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

need_prog "$DNSQ" "$FAULTD"

faultd_start "$TMP/port" || { fail "faultd does not start"; finish; exit 1; }
PORT=$(cat "$TMP/port")

# dnsq_f OUT ARGS...: ask faultd, bounded by 20 s
dnsq_f() {
	out=$1
	shift
	timeout 20 "$DNSQ" --server 127.0.0.1 --port "$PORT" "$@" > "$out" 2> "$out.err"
	rc=$?
	if [ $rc -eq 124 ]; then
		fail "dnsq $*: did not finish within 20 s"
	else
		expect_rc "dnsq $*" 0 $rc
	fi
}

# ------------------------------------------------------------ statuses
start=$(date +%s)
dnsq_f "$TMP/all" --timeout 300 --retries 1 --stats \
	servfail.t TXT refused.t TXT notimp.t TXT nxdomain.t TXT nodata.t TXT \
	timeout.t TXT truncated.t TXT tcbig.t TXT truncated-broken.t TXT \
	truncated-silent.t TXT malformed.t TXT badcount.t TXT empty.t TXT noqr.t TXT \
	wrongid.t TXT wrongid-then-right.t TXT wrongname.t TXT formerr-noq.t TXT \
	slow100.t TXT big.t TXT chain.t TXT cnameloop.t TXT referral.t TXT \
	other.t TXT A
end=$(date +%s)
# everything runs at once: about two timeouts (0.6 s), not the sum
if [ $((end - start)) -le 3 ]; then ok; else fail "batch took $((end - start)) s"; fi

A="$TMP/all"
expect_grep servfail "servfail.t TXT servfail error: SERVFAIL" "$A"
expect_grep refused "refused.t TXT refused error: REFUSED" "$A"
expect_grep "other RCODE" "notimp.t TXT error error: NOTIMPL" "$A"
expect_grep nxdomain "nxdomain.t TXT nxdomain" "$A"
expect_grep nodata "nodata.t TXT nodata" "$A"
expect_grep timeout "timeout.t TXT timeout" "$A"
expect_grep "TC=1 then TCP" "truncated.t TXT data data: \"via tcp\" tcp" "$A"
expect_grep "TC=1 then a big TCP answer" "tcbig.t TXT data data: \"0x" "$A"
n=$(grep '^tcbig.t ' "$A" | tr ';' '\n' | wc -l)
expect_rc "tcbig records" 200 "$n"
expect_grep "TC=1, TCP closed" "truncated-broken.t TXT error error: TCP to 127.0.0.1#$PORT" "$A"
expect_grep "TC=1, TCP silent" "truncated-silent.t TXT timeout" "$A"
expect_grep malformed "malformed.t TXT error error: malformed response" "$A"
expect_grep "wrong counts" "badcount.t TXT error error: malformed response" "$A"
expect_grep "empty datagram" "empty.t TXT error error: malformed response" "$A"
expect_grep "no QR" "noqr.t TXT error error: malformed response" "$A"
expect_grep "wrong ID" "wrongid.t TXT error error: response with a wrong ID" "$A"
expect_grep "wrong ID, then the right one" "wrongid-then-right.t TXT data data: \"right id\"" "$A"
expect_grep "wrong question" "wrongname.t TXT error error: response to another question" "$A"
expect_grep "FORMERR without a question" "formerr-noq.t TXT error error: FORMERR" "$A"
expect_grep "slow within the timeout" "slow100.t TXT data data: \"slow\"" "$A"
n=$(grep '^big.t ' "$A" | tr ';' '\n' | wc -l)
expect_rc "big UDP answer records" 40 "$n"
expect_grep "CNAME chased" "chain.t TXT data cnames: end.t data: \"ok\"" "$A"
expect_grep "CNAME loop" "cnameloop.t TXT error error: CNAME loop" "$A"
expect_grep "referral" "referral.t TXT error error: referral" "$A"
expect_grep "normal TXT" "other.t TXT data data: \"ok\"" "$A"
expect_grep "normal A" "other.t A data data: 192.0.2.1" "$A"
# no failure is ever reported as missing
if grep -E '^(servfail|refused|timeout|truncated-|malformed|badcount|empty|noqr|wrongid |wrongname)' "$A" |
	grep -qE ' (nodata|nxdomain|data) '; then
	fail "a failure looks like an answer"
else
	ok
fi
expect_grep "stats: TCP retries" "tcp_retries=4" "$A.err"
expect_grep "stats: one round trip" "round_trips=1" "$A.err"

# --------------------------------------------------- slow: late answers
# answered after 500 ms: with 300 ms attempts, the answer to the first
# attempt arrives during the second and is taken (same socket)
dnsq_f "$TMP/slow" --timeout 300 --retries 1 slow500.t TXT
expect_grep "late answer to an earlier attempt" "slow500.t TXT data" "$TMP/slow"
# answered after 2 s: 2 x 200 ms is too short
dnsq_f "$TMP/slow2" --timeout 200 --retries 1 --stats slow2000.t TXT
expect_grep "too slow" "slow2000.t TXT timeout" "$TMP/slow2"
expect_grep "stats: timeouts" "timeouts=2" "$TMP/slow2.err"

# ------------------------------------------------------------ deadline
start=$(date +%s)
dnsq_f "$TMP/dl" --timeout 2000 --retries 2 --deadline 400 timeout.t TXT
end=$(date +%s)
expect_grep "deadline: timeout" "timeout.t TXT timeout error: deadline passed" "$TMP/dl"
if [ $((end - start)) -le 2 ]; then ok; else fail "deadline: took $((end - start)) s"; fi
# 70 questions, 64 in flight: the 6 never sent time out too (a failure)
qs=
i=0
while [ $i -lt 70 ]; do
	qs="$qs timeout.n$i.t TXT"
	i=$((i + 1))
done
# shellcheck disable=SC2086
dnsq_f "$TMP/dl70" --timeout 2000 --deadline 300 $qs
n=$(grep -c ' timeout error: deadline passed$' "$TMP/dl70")
expect_rc "deadline: in flight" 64 "$n"
n=$(grep -c ' timeout error: deadline passed before sending$' "$TMP/dl70")
expect_rc "deadline: never sent" 6 "$n"

# ---------------------------------------------------- merged questions
dnsq_f "$TMP/merge" --stats other.t TXT OTHER.T. TXT other.t A
expect_grep "merged: queries" "queries=2 " "$TMP/merge.err"

# a CNAME target already answered is taken from the cache, not asked
dnsq_f "$TMP/chase" --one-by-one --stats end.t TXT chain.t TXT
expect_grep "chase from the cache" "chain.t TXT data cnames: end.t data: \"ok\"" "$TMP/chase"
expect_grep "chase from the cache: queries" "queries=2 cache_hits=1 " "$TMP/chase.err"
# the same one level deeper
dnsq_f "$TMP/chase2" --one-by-one --stats end.chain.t TXT chain.chain.t TXT
expect_grep "chase from the cache, deeper" \
	"chain.chain.t TXT data cnames: end.chain.t data: \"ok\"" "$TMP/chase2"

# --------------------------------------------------------- rotation
# a dead server first (no answer): the retry goes to the next server,
# and the next question starts with the server that answered
faultd_start "$TMP/port2" --address 127.0.0.2 --port "$PORT" --blackhole ||
	{ fail "second faultd does not start"; finish; exit 1; }
timeout 20 "$DNSQ" --server 127.0.0.2 --server 127.0.0.1 --port "$PORT" --timeout 300 \
	--retries 1 --one-by-one --stats other.t TXT next.t TXT > "$TMP/rot" 2> "$TMP/rot.err"
expect_rc "rotation" 0 $?
expect_grep "rotation: answered" "other.t TXT data data: \"ok\"" "$TMP/rot"
expect_grep "rotation: second question" "next.t TXT data data: \"ok\"" "$TMP/rot"
expect_grep "rotation: one timeout" "timeouts=1 " "$TMP/rot.err"
# nothing listens on 127.0.0.3: refused at once, the next server answers
timeout 20 "$DNSQ" --server 127.0.0.3 --server 127.0.0.1 --port "$PORT" --timeout 5000 \
	--retries 1 other.t TXT > "$TMP/rot3" 2>&1
expect_grep "rotation after ICMP" "other.t TXT data" "$TMP/rot3"
# no server answers at all
timeout 20 "$DNSQ" --server 127.0.0.3 --port "$PORT" --timeout 300 --retries 2 \
	other.t TXT > "$TMP/rot4" 2>&1
expect_grep "nothing listens" "other.t TXT error error: 127.0.0.3#$PORT: Connection refused" "$TMP/rot4"

# ------------------------------------------------------ bad settings
"$DNSQ" --server not-an-address other.t TXT > "$TMP/bad" 2>&1
expect_rc "bad server address" 2 $?
expect_grep "bad server address: message" "invalid server address 'not-an-address'" "$TMP/bad"

faultd_stop
finish
