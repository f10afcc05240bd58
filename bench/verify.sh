#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/verify.sh - how long "dnsauth verify" takes for a typical domain
# when every DNS query costs a fixed latency, against the minimum the
# domain's records allow.
#
# NSD serves bench/zones on loopback; bench/delayproxy stands in front of
# it and delays every query by 20 ms (then 50 ms, then 0 ms for the CPU
# cost). dnsauth verify runs against the proxy, BENCH_RUNS times (default
# 5, after one warm-up run that is not counted) per delay, plus one run
# with the default selector probe at 20 ms. Reported: wall time (measured
# here, and stats.elapsed_ms), queries (stats.queries and the proxy's
# log), duplicate (name, type) queries in the log (a retry over TCP after
# a truncated answer is not one), round trips, passes, the batches the
# proxy saw, and the depth of the longest chain of dependent lookups,
# derived from the zone files by bench/depth.awk.
#
# Targets: median wall time <= 1.5 x depth x latency at 20 ms and 50 ms,
# and no duplicate query in any run.
#
# Usage: make && bench/verify.sh
# Environment: top_builddir (default: the source tree), BENCH_RUNS,
# BENCH_KEEP=1 (keep the temporary directory: proxy logs, JSON reports).
# Exit status: 0 both targets met, 1 a target missed, 2 setup error
# (tree not built, NSD or the proxy did not start, verify failed), 77 NSD
# is not installed.

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
: "${top_builddir:=$top_srcdir}"
export top_srcdir top_builddir
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/lib.sh"

BENCH="$top_srcdir/bench"
DNSAUTH="$top_builddir/verify/dnsauth"
PROXY="$top_builddir/bench/delayproxy"
DOMAIN=bench.test
SELECTORS="s1 s2 s3"
RUNS=${BENCH_RUNS:-5}
TARGET=1.5
PROXY_PID=

proxy_stop() {
	if [ -n "$PROXY_PID" ]; then
		kill "$PROXY_PID" 2>/dev/null
		wait "$PROXY_PID" 2>/dev/null
		PROXY_PID=
	fi
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	proxy_stop
	nsd_stop
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "kept: $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP

die() {
	echo "verify.sh: error: $*" >&2
	exit 2
}

case $RUNS in
'' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive number" ;;
esac
need_prog "$NSD"
[ -x "$DNSAUTH" ] || die "$DNSAUTH is not built; run make first"
if [ ! -x "$PROXY" ]; then
	# not in Makefile.am (yet): one file, no dependencies
	PROXY="$TMP/delayproxy"
	${CC:-cc} -std=c11 -O2 -o "$PROXY" "$BENCH/delayproxy.c" ||
		die "cannot compile bench/delayproxy.c"
fi

# Nanoseconds since the epoch (date +%N: GNU coreutils, busybox).
now_ns() {
	date +%s%N
}
case $(now_ns) in
*[!0-9]*) die "date +%s%N gives no nanoseconds here" ;;
esac

# ------------------------------------------------------------- depth
awk -v domain="$DOMAIN" -v selectors="$SELECTORS" -f "$BENCH/depth.awk" \
	"$BENCH"/zones/*.zone >"$TMP/depth.txt" || die "bench/depth.awk failed"
DEPTH=$(sed -n 's/^depth //p' "$TMP/depth.txt")
MINQ=$(sed -n 's/^questions //p' "$TMP/depth.txt")
case $DEPTH in
'' | *[!0-9]* | 0) die "bench/depth.awk derived no depth" ;;
esac

echo "== dnsauth verify $DOMAIN: latency benchmark"
echo
echo "Dependency depth, derived from bench/zones by bench/depth.awk (the"
echo "questions each check can name only after an earlier answer):"
sed -n 's/^chain \([0-9]*\): /\1 /p' "$TMP/depth.txt" | sort -k1,1nr -k2 | cut -d' ' -f2- |
	sed 's/^/  /'
sed -n 's/^level \([0-9]*\): \(.*\)/  batch \1: \2/p' "$TMP/depth.txt"
sed -n 's/^note: /  note: /p' "$TMP/depth.txt"
cat <<EOF
  The PTR names are the MX hosts themselves, so the forward confirmation
  (A/AAAA of the PTR name) is answered from batch 2: the MX chain stops at
  3. The SPF chain (3 includes, then the a: term of the last one) is the
  longest: depth $DEPTH, so at least $DEPTH round trips and $MINQ distinct
  questions; the checks then run once more with everything cached
  (passes = $((DEPTH + 1))). Fewer queries than questions: NSD adds the
  MX hosts' A/AAAA records to the MX answer, and the live source takes
  them from its additional section instead of asking.

EOF

# ------------------------------------------------------------- runs
nsd_start "$BENCH/zones" || die "NSD did not start"

# proxy_start DELAY_MS LABEL: sets PROXY_PORT, logs to $TMP/LABEL.log
proxy_start() {
	rm -f "$TMP/$2.port"
	"$PROXY" --upstream-port "$NSD_PORT" --port-file "$TMP/$2.port" --delay-ms "$1" \
		--log "$TMP/$2.log" --lifetime 600 2>>"$TMP/proxy.err" &
	PROXY_PID=$!
	i=0
	while [ ! -s "$TMP/$2.port" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$TMP/$2.port" ] || die "delayproxy did not start: $(cat "$TMP/proxy.err")"
	PROXY_PORT=$(cat "$TMP/$2.port")
}

# json_int KEY FILE: the last integer value of "KEY" in a JSON report
json_int() {
	sed -n "s/.*\"$1\": *\([0-9][0-9]*\).*/\1/p" "$2" | tail -n 1
}

# one_run DELAY_MS LABEL N PROBE: appends a row to $TMP/LABEL.rows:
# wall_us elapsed_ms queries logged dups tcp round_trips passes batches
one_run() {
	log="$TMP/$2.log"
	out="$TMP/$2.$3.json"
	probe=--no-selector-probe
	[ "$4" = probe ] && probe=
	before=$(wc -l <"$log")
	t0=$(now_ns)
	# shellcheck disable=SC2086
	"$DNSAUTH" verify --server 127.0.0.1 --port "$PROXY_PORT" \
		--selector s1 --selector s2 --selector s3 $probe \
		--documentation-addresses-ok --format json "$DOMAIN" >"$out" 2>"$TMP/verify.err"
	rc=$?
	t1=$(now_ns)
	[ $rc -eq 0 ] || die "dnsauth verify exited $rc (expected 0: bench.test is clean):
$(cat "$TMP/verify.err")"
	# the proxy writes a line when a query arrives: all are in by now
	after=$(wc -l <"$log")
	sed -n "$((before + 1)),${after}p" "$log" >"$TMP/run.log"
	[ "$3" = 0 ] && return 0 # the warm-up run
	logged=$((after - before))
	distinct=$(awk '{ print $1, $2, $3 }' "$TMP/run.log" | sort -u | wc -l)
	tcp=$(awk '$3 == "tcp"' "$TMP/run.log" | wc -l)
	# batches: queries arriving within half a latency of the previous one
	batches=$(awk -v gap="$1" 'NR == 1 || $4 - prev > gap / 2 { n++ } { prev = $4 }
		END { print n + 0 }' "$TMP/run.log")
	[ "$1" -eq 0 ] && batches=-
	echo "$(((t1 - t0) / 1000)) $(json_int elapsed_ms "$out") $(json_int queries "$out")" \
		"$logged $((logged - distinct)) $tcp $(json_int round_trips "$out")" \
		"$(json_int passes "$out") $batches" >>"$TMP/$2.rows"
}

# series DELAY_MS LABEL RUNS [probe]
series() {
	proxy_start "$1" "$2"
	: >"$TMP/$2.rows"
	n=0
	while [ $n -le "$3" ]; do
		one_run "$1" "$2" $n "$4"
		n=$((n + 1))
	done
	proxy_stop
}

series 20 d20 "$RUNS"
series 20 probe 1 probe
series 50 d50 "$RUNS"
series 0 d0 "$RUNS"

# ------------------------------------------------------------- report
# col FILE N: column N of the rows; min/med of a numeric column
col() {
	awk -v c="$2" '{ print $c }' "$1"
}
min_of() {
	col "$1" "$2" | sort -n | head -n 1
}
med_of() {
	col "$1" "$2" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
# ms MICROSECONDS: milliseconds, one decimal
ms() {
	awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'
}
# range FILE N: "v" when every run gives v, else "lo-hi"
range() {
	lo=$(col "$1" "$2" | sort -n | head -n 1)
	hi=$(col "$1" "$2" | sort -n | tail -n 1)
	if [ "$lo" = "$hi" ]; then echo "$lo"; else echo "$lo-$hi"; fi
}

met=1
dups_total=0
printf '%-12s %4s %15s %15s %9s %5s %4s %6s %6s %7s %5s %11s\n' \
	"latency" "runs" "wall ms" "elapsed_ms" "queries" "proxy" "dups" "tcp" \
	"round" "passes" "depth" "wall/"
printf '%-12s %4s %15s %15s %9s %5s %4s %6s %6s %7s %5s %11s\n' \
	"" "" "min / median" "min / median" "(stats)" "log" "" "" "trips" \
	"(batches)" "" "(depth x L)"
for s in d20:20 probe:20 d50:50 d0:0; do
	label=${s%%:*}
	delay=${s#*:}
	rows="$TMP/$label.rows"
	runs=$(wc -l <"$rows")
	wmin=$(ms "$(min_of "$rows" 1)")
	wmed=$(ms "$(med_of "$rows" 1)")
	emin=$(min_of "$rows" 2)
	emed=$(med_of "$rows" 2)
	dups=$(col "$rows" 5 | awk '{ s += $1 } END { print s + 0 }')
	dups_total=$((dups_total + dups))
	name="$delay ms"
	[ "$label" = probe ] && name="$delay ms probe"
	[ "$label" = d0 ] && name="0 ms (CPU)"
	if [ "$delay" -gt 0 ]; then
		ratio=$(awk -v w="$wmed" -v d="$DEPTH" -v l="$delay" \
			'BEGIN { printf "%.2f", w / (d * l) }')
		eratio=$(awk -v w="$emed" -v d="$DEPTH" -v l="$delay" \
			'BEGIN { printf "%.2f", w / (d * l) }')
		if [ "$label" != probe ] &&
			! awk -v r="$ratio" -v t="$TARGET" 'BEGIN { exit !(r <= t) }'; then
			met=0
		fi
		limit=$(awk -v d="$DEPTH" -v t="$TARGET" -v l="$delay" \
			'BEGIN { print t * d * l }')
		case $label in
		d20) r20=$ratio e20=$eratio w20=$wmed l20=$limit ;;
		d50) r50=$ratio e50=$eratio w50=$wmed l50=$limit ;;
		probe) rprobe=$ratio ;;
		esac
	else
		ratio=-
	fi
	printf '%-12s %4s %15s %15s %9s %5s %4s %6s %6s %7s %5s %11s\n' \
		"$name" "$runs" "$wmin / $wmed" "$emin / $emed" "$(range "$rows" 3)" \
		"$(range "$rows" 4)" "$dups" "$(range "$rows" 6)" "$(range "$rows" 7)" \
		"$(range "$rows" 8) ($(range "$rows" 9))" "$DEPTH" "$ratio"
done
echo
cat <<EOF
wall: measured around the dnsauth process (start-up and PSL loading
included); elapsed_ms: the audit itself, from the JSON report. Each run
is a new process (empty cache); the proxy log is cut per run. "dups" are
extra (name, type, transport) lines in one run's log; "tcp" counts the
retries over TCP after a truncated answer (not duplicates). "batches" are
the bursts the proxy saw (a gap of more than half the latency starts one).
The model: $MINQ distinct questions in $DEPTH round trips (the addresses of
MX hosts that come in the MX answer's additional section cost no query).

Target 1: median wall <= $TARGET x depth x latency:
  20 ms: $w20 ms, limit $l20 ms: ratio $r20 (elapsed_ms: $e20)
  50 ms: $w50 ms, limit $l50 ms: ratio $r50 (elapsed_ms: $e50)
  (with the selector probe, one run: ratio $rprobe; not part of the target)
Target 2: no duplicate query: $dups_total duplicates in all runs
EOF
[ "$dups_total" -eq 0 ] || met=0
if [ $met -eq 1 ]; then
	echo "Both targets met."
	exit 0
fi
echo "A target was missed."
exit 1
