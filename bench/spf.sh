#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/spf.sh - SPF evaluations per second and DNS queries per evaluation
# of "dnsauth spf --batch", against spfquery (libspf2) and pyspf, for 200
# generated domains with include chains of depth 3 and 4.
#
# bench/spfzone.sh writes the zone spfbench.test: 200 domains, each with
# an include chain of its own (9 DNS-querying terms, no name shared
# between domains), whose client address matches only the last term of
# the deepest include; every evaluation must give pass. NSD serves it on
# loopback; bench/delayproxy stands in front of it on 127.0.0.1 port 53
# (no delay unless BENCH_DELAY_MS says) and logs every query.
#
# spfquery and pyspf ask the system resolver, so the measurement runs in
# new mount and network namespaces (unshare --mount --net): loopback is
# brought up, a resolv.conf with "nameserver 127.0.0.1" is bind-mounted
# over /etc/resolv.conf (visible in these namespaces only: the mounts are
# private), and the proxy listens on port 53 there. Nothing
# outside the namespaces is touched; hence root.
#
# Each tool evaluates the 200 (IP, domain) pairs in one process:
#   dnsauth   verify/dnsauth spf --server 127.0.0.1 --port 53 --batch FILE
#   spfquery  spfquery -file FILE  (lines "IP postmaster@DOMAIN DOMAIN")
#   pyspf     one python3 calling spf.check2(i=IP, s='postmaster@DOMAIN',
#             h=DOMAIN) for each pair; timed inside Python, around the
#             loop (interpreter start and imports excluded)
# One warm-up round (every tool once, not counted), then BENCH_RUNS rounds
# (default 5), the tools in turn. evals/s = 200 / median time, the time
# being the wall time of the process for dnsauth and spfquery (start-up
# included) and the in-Python time for pyspf; the wall time of every
# process is reported too. queries/eval = the proxy log lines of one run
# / 200 (median run). Every run's results are checked: all three tools
# must give pass for every domain.
#
# Targets: dnsauth's evals/s above both others', and dnsauth's
# queries/eval not above pyspf's (nor for any single domain).
#
# Usage: make bench-spf, or make && make bench/delayproxy && bench/spf.sh
# (as root). Environment: top_builddir (default: the source tree),
# BENCH_RUNS, BENCH_DELAY_MS (the proxy's delay per query, default 0),
# BENCH_KEEP=1 (keep the temporary directory: zone, inputs, outputs, proxy
# log), PYTHON (a python3 that can import spf; default the first of
# python3 and /usr/bin/python3 that can).
# Exit status: 0 both targets met, 1 a target missed, 2 setup error (tree
# not built, NSD or the proxy did not start, a tool failed or gave a
# result other than pass), 77 not root, or unshare, ip, NSD, spfquery or
# pyspf missing.

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
: "${top_builddir:=$top_srcdir}"
export top_srcdir top_builddir

BENCH="$top_srcdir/bench"
DNSAUTH="$top_builddir/verify/dnsauth"
PROXY="$top_builddir/bench/delayproxy"
COUNT=200
RUNS=${BENCH_RUNS:-5}
DELAY=${BENCH_DELAY_MS:-0}
PROXY_PID=

die() {
	echo "spf.sh: error: $*" >&2
	exit 2
}

skip() {
	echo "spf.sh: SKIP: $*"
	exit 77
}

case $RUNS in
'' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive number" ;;
esac
case $DELAY in
'' | *[!0-9]*) die "BENCH_DELAY_MS must be a number of milliseconds" ;;
esac

# ------------------------------------------------------------- outside
# Check what can be checked here, then run this script again in new
# mount and network namespaces.
if [ "${DNSAUTH_BENCH_SPF_NS:-}" != 1 ]; then
	[ "$(id -u)" = 0 ] || skip "run as root (unshare --mount --net, a resolv.conf bind mount, port 53)"
	for p in unshare ip mount; do
		command -v "$p" >/dev/null 2>&1 || skip "$p not found (util-linux, iproute2)"
	done
	NSD=$(command -v nsd 2>/dev/null || echo /usr/sbin/nsd)
	[ -x "$NSD" ] || skip "nsd not found (Debian package nsd)"
	command -v spfquery >/dev/null 2>&1 || skip "spfquery not found (Debian package spfquery)"
	if [ -z "${PYTHON:-}" ]; then
		for p in python3 /usr/bin/python3; do
			if "$p" -c 'import spf' >/dev/null 2>&1; then
				PYTHON=$(command -v "$p")
				break
			fi
		done
	fi
	if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import spf' >/dev/null 2>&1; then
		skip "no python3 can import spf (Debian package python3-spf)"
	fi
	[ -x "$DNSAUTH" ] || die "$DNSAUTH is not built; run make first"
	"$DNSAUTH" spf --help 2>/dev/null | grep -q -- --batch ||
		die "$DNSAUTH spf has no --batch; rebuild it (make)"
	unshare --mount --net --propagation private true 2>/dev/null ||
		skip "unshare --mount --net is not permitted here"
	# the namespaces this runs in, so that the inside can tell it is not
	DNSAUTH_BENCH_SPF_NS=1
	DNSAUTH_BENCH_SPF_OUTER="$(readlink /proc/self/ns/mnt) $(readlink /proc/self/ns/net)"
	export PYTHON DNSAUTH_BENCH_SPF_NS DNSAUTH_BENCH_SPF_OUTER
	exec unshare --mount --net --propagation private /bin/sh "$BENCH/spf.sh" "$@"
fi
# never bind-mount over the real /etc/resolv.conf: both namespaces must
# differ from the ones the outside ran in
outer_mnt=${DNSAUTH_BENCH_SPF_OUTER%% *}
outer_net=${DNSAUTH_BENCH_SPF_OUTER##* }
if [ -z "$outer_mnt" ] || [ -z "$outer_net" ] ||
	[ "$(readlink /proc/self/ns/mnt)" = "$outer_mnt" ] ||
	[ "$(readlink /proc/self/ns/net)" = "$outer_net" ]; then
	die "not in new mount and network namespaces (run bench/spf.sh itself)"
fi

# ------------------------------------------------------------- inside
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/lib.sh"

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

if [ ! -x "$PROXY" ]; then
	# make bench/delayproxy builds it; else one file, no dependencies
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

# ------------------------------------------------------------- setup
ip link set lo up || die "cannot bring up lo in the new network namespace"
[ -e /etc/resolv.conf ] || die "/etc/resolv.conf does not exist: nothing to bind-mount over"
printf 'nameserver 127.0.0.1\n' >"$TMP/resolv.conf"
mount --bind "$TMP/resolv.conf" /etc/resolv.conf ||
	die "cannot bind-mount a resolv.conf over /etc/resolv.conf"

mkdir "$TMP/zones" || die "cannot create $TMP/zones"
"$BENCH/spfzone.sh" "$COUNT" "$TMP/zones" || die "bench/spfzone.sh failed"
EVALS="$TMP/zones/evals.txt"
mv "$EVALS" "$TMP/evals.txt" || die "no evals.txt"
EVALS="$TMP/evals.txt"
awk '{ print "pass", $1, $2 }' "$EVALS" >"$TMP/expected"
awk '{ print $1, "postmaster@" $2, $2 }' "$EVALS" >"$TMP/spfquery.in"

# NSD as nsd_start (tests/integration/lib.sh) runs it, but at a fixed port
# (nothing else listens in this network namespace) and without response
# rate limiting: its default (rrl-ratelimit 200 per second and /24)
# counts every NXDOMAIN of the zone in one bucket, and the 200 exists
# targets are NXDOMAIN, so a fast evaluator would see dropped and
# truncated answers (timeouts, retries, TCP).
NSD_PORT=5300
NSD_DIR="$TMP/nsd"
mkdir "$NSD_DIR" || die "cannot create $NSD_DIR"
cat >"$NSD_DIR/nsd.conf" <<EOF
server:
	ip-address: 127.0.0.1
	port: $NSD_PORT
	do-ip6: no
	username: ""
	chroot: ""
	zonesdir: "$NSD_DIR"
	pidfile: "$NSD_DIR/nsd.pid"
	xfrdfile: "$NSD_DIR/xfrd.state"
	zonelistfile: "$NSD_DIR/zone.list"
	xfrdir: "$NSD_DIR"
	database: ""
	logfile: "$NSD_DIR/nsd.log"
	server-count: 1
	verbosity: 1
	rrl-ratelimit: 0
	rrl-whitelist-ratelimit: 0
remote-control:
	control-enable: no
zone:
	name: "spfbench.test"
	zonefile: "$TMP/zones/spfbench.test.zone"
EOF
"$NSD" -c "$NSD_DIR/nsd.conf" -d >"$NSD_DIR/nsd.out" 2>&1 &
# shellcheck disable=SC2034 # nsd_stop (tests/integration/lib.sh) stops it
NSD_PID=$!
wait_answer "$NSD_PORT" spfbench.test ||
	die "NSD did not start: $(tail -n 5 "$NSD_DIR/nsd.log" "$NSD_DIR/nsd.out" 2>/dev/null)"
"$PROXY" --upstream-port "$NSD_PORT" --listen-port 53 --port-file "$TMP/proxy.port" \
	--delay-ms "$DELAY" --log "$TMP/proxy.log" --lifetime 3600 2>>"$TMP/proxy.err" &
PROXY_PID=$!
i=0
while [ ! -s "$TMP/proxy.port" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s "$TMP/proxy.port" ] || die "delayproxy did not start: $(cat "$TMP/proxy.err")"
wait_answer 53 spfbench.test || die "no answer through the proxy on 127.0.0.1 port 53"

echo "== SPF: $COUNT evaluations with dnsauth, spfquery (libspf2) and pyspf"
echo
echo "dnsauth:  $("$DNSAUTH" --version 2>&1 | head -n 1)"
echo "spfquery: libspf2 $(spfquery -version 2>&1 | sed -n 's/^Running with SPF library version: *//p')"
echo "pyspf:    $("$PYTHON" -c 'import spf, sys; print(spf.__version__, "(Python %d.%d)" % sys.version_info[:2])' 2>&1)"
echo "NSD:      $("$NSD" -v 2>&1 | head -n 1)"
echo "zone:     spfbench.test from bench/spfzone.sh: $COUNT domains, include chains of"
echo "          depth 3 (odd) and 4 (even), 9 DNS-querying terms each; the client"
echo "          matches the last term of the deepest include (expected: pass)"
echo "proxy:    bench/delayproxy on 127.0.0.1 port 53, delay $DELAY ms per query"
echo

# ------------------------------------------------------------- runs
# The pyspf driver: argv[1] the evaluations, argv[2] where the in-Python
# time (ns) goes; prints "RESULT IP DOMAIN" per evaluation.
PYSPF='import sys, time, spf
evals = [l.split() for l in open(sys.argv[1]) if l.strip()]
t0 = time.perf_counter_ns()
res = [spf.check2(i=ip, s="postmaster@" + d, h=d)[0] for ip, d in evals]
t1 = time.perf_counter_ns()
for (ip, d), r in zip(evals, res):
    print(r, ip, d)
with open(sys.argv[2], "w") as f:
    print(t1 - t0, file=f)'

# run_tool TOOL OUT: one process of TOOL over the evaluations; its
# results, "RESULT IP DOMAIN" per line, in OUT; sets T_WALL and T_EVAL
# (microseconds: the process, and the evaluations alone where the tool
# can tell them apart). Dies unless the process ran to the end.
run_tool() {
	case $1 in
	dnsauth)
		t0=$(now_ns)
		"$DNSAUTH" spf --server 127.0.0.1 --port 53 --batch "$EVALS" \
			>"$TMP/raw" 2>"$TMP/err"
		rc=$?
		t1=$(now_ns)
		# exit 0 all pass, 1 another result (caught by the comparison)
		[ $rc -le 1 ] || die "dnsauth spf --batch exited $rc: $(cat "$TMP/err")"
		# "RESULT IP DOMAIN: reason"
		awk '{ sub(/:$/, "", $3); print $1, $2, $3 }' "$TMP/raw" >"$2"
		;;
	spfquery)
		t0=$(now_ns)
		spfquery -file "$TMP/spfquery.in" >"$TMP/raw" 2>"$TMP/err"
		rc=$?
		t1=$(now_ns)
		# the exit status is libspf2's result code of the last line
		# (pass = 2): the output is what counts
		[ $rc -le 7 ] || die "spfquery exited $rc: $(cat "$TMP/err")"
		sed -n 's/^Received-SPF: \([a-z]*\) .*client-ip=\([^;]*\); envelope-from=postmaster@\([^;]*\);.*/\1 \2 \3/p' \
			"$TMP/raw" >"$2"
		;;
	pyspf)
		t0=$(now_ns)
		"$PYTHON" -c "$PYSPF" "$EVALS" "$TMP/pyspf.ns" >"$2" 2>"$TMP/err"
		rc=$?
		t1=$(now_ns)
		[ $rc -eq 0 ] || die "pyspf exited $rc: $(tail -n 5 "$TMP/err")"
		;;
	esac
	T_WALL=$(((t1 - t0) / 1000))
	T_EVAL=$T_WALL
	[ "$1" = pyspf ] && T_EVAL=$(($(cat "$TMP/pyspf.ns") / 1000))
	:
}

# one_run TOOL N: run TOOL, check its results, cut its part of the proxy
# log; unless N = 0 (warm-up) append "wall_us eval_us queries tcp dups"
# to TOOL.rows and "DOMAIN QUERIES" lines to TOOL.perdomain.
one_run() {
	before=$(wc -l <"$TMP/proxy.log")
	run_tool "$1" "$TMP/$1.$2.out"
	# the proxy writes a line when a query arrives: all are in by now
	after=$(wc -l <"$TMP/proxy.log")
	if ! cmp -s "$TMP/expected" "$TMP/$1.$2.out"; then
		echo "spf.sh: $1 (run $2) does not give pass for every domain:" >&2
		diff "$TMP/expected" "$TMP/$1.$2.out" | head -n 20 >&2
		die "the tools disagree: no comparison"
	fi
	[ "$2" = 0 ] && return 0
	sed -n "$((before + 1)),${after}p" "$TMP/proxy.log" >"$TMP/$1.$2.log"
	logged=$((after - before))
	distinct=$(awk '{ print $1, $2, $3 }' "$TMP/$1.$2.log" | sort -u | wc -l)
	tcp=$(awk '$3 == "tcp"' "$TMP/$1.$2.log" | wc -l)
	# from the first query to the last one (the proxy's ms)
	span=$(awk 'NR == 1 { a = $4 } { b = $4 } END { printf "%d", (b - a) * 1000 }' \
		"$TMP/$1.$2.log")
	echo "$T_WALL $T_EVAL $logged $tcp $((logged - distinct)) $span" >>"$TMP/$1.rows"
	# the domain a name belongs to: the dNNN label before spfbench.test
	awk '{ d = "(other)"; if (match($1, /(^|\.)d[0-9]+\.spfbench\.test$/)) {
			d = substr($1, RSTART, RLENGTH); sub(/^\./, "", d) }
		n[d]++ } END { for (d in n) print d, n[d] }' "$TMP/$1.$2.log" >>"$TMP/$1.perdomain"
}

TOOLS="dnsauth spfquery pyspf"
for t in $TOOLS; do
	: >"$TMP/$t.rows"
	: >"$TMP/$t.perdomain"
done
n=0
while [ $n -le "$RUNS" ]; do
	for t in $TOOLS; do
		one_run "$t" $n
	done
	n=$((n + 1))
done
proxy_stop

# ------------------------------------------------------------- report
# col FILE N: column N of the rows, sorted; med_of FILE N: its median
# (the lower one of two); range FILE N: "v" when every run gives v, else
# "lo-hi"
col() {
	awk -v c="$2" '{ print $c }' "$1" | sort -n
}
med_of() {
	col "$1" "$2" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
range() {
	col "$1" "$2" | awk 'NR == 1 { lo = $1 } { hi = $1 }
		END { print lo == hi ? lo : lo "-" hi }'
}
# summary TOOL: "TOOL RUNS EVAL_US WALL_US QUERIES QUERIES_MAX TCP DUPS
# SPAN_US": medians of the times and of the queries, the most queries of a
# run, the ranges of tcp and dups over the runs
summary() {
	r="$TMP/$1.rows"
	echo "$1 $(wc -l <"$r") $(med_of "$r" 2) $(med_of "$r" 1) $(med_of "$r" 3)" \
		"$(col "$r" 3 | tail -n 1) $(range "$r" 4) $(range "$r" 5) $(med_of "$r" 6)"
}
: >"$TMP/summary"
for t in $TOOLS; do
	summary "$t" >>"$TMP/summary"
done

awk -v n="$COUNT" '
BEGIN {
	f = "%-9s %4s %9s %8s %6s %9s %8s %6s %9s %8s %6s %4s %4s\n"
	printf f, "tool", "runs", "time ms", "evals/s", "ratio", "wall ms", "evals/s", "ratio",
		"DNS span", "queries", "ratio", "tcp", "dups"
	printf f, "", "", "(median)", "", "", "(median)", "(wall)", "(wall)", "ms (med)",
		"/eval", "", "", ""
}
{
	eps = n * 1e6 / $3; weps = n * 1e6 / $4; q = $5
	if (NR == 1) { reps = eps; rweps = weps; rq = q }
	qpe = sprintf("%.2f", q / n)
	if ($6 != q)
		qpe = qpe "-" sprintf("%.2f", $6 / n)
	printf f, $1, $2, sprintf("%.1f", $3 / 1000), sprintf("%.1f", eps),
		sprintf("%.2f", eps / reps), sprintf("%.1f", $4 / 1000), sprintf("%.1f", weps),
		sprintf("%.2f", weps / rweps), sprintf("%.1f", $9 / 1000), qpe,
		sprintf("%.2f", q / rq), $7, $8
}' "$TMP/summary"

echo
echo "Queries by type, per evaluation (first counted run):"
for t in $TOOLS; do
	printf '  %-9s ' "$t"
	awk -v n="$COUNT" '{ c[$2]++ } END { for (k in c) printf "%s %.2f\n", k, c[k] / n }' \
		"$TMP/$t.1.log" | sort | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }
		END { print "" }'
done
cat <<EOF

time: the wall time of the process for dnsauth and spfquery (start-up
included), the time inside Python around the evaluation loop for pyspf
(interpreter start and imports excluded); evals/s = $COUNT / median time.
wall: the wall time of every process, start-up included. DNS span: from
the first query of a run to its last, as the proxy saw them (start-up and
exit excluded, for every tool). ratio: to dnsauth (evals/s: above 1 is
faster than dnsauth; queries: above 1 asks more). queries: lines of the
proxy log during the run (every query received, UDP or TCP) / $COUNT,
median run (and the most of a run when they differ). tcp: queries over
TCP per run; dups: repeated (name, type, transport) per run (no name is
shared between domains, so any repeat is a duplicate or a retry). Every
run of every tool gave pass for all $COUNT domains.

EOF

# ------------------------------------------------------------- targets
# field TOOL N: field N of TOOL's summary line
field() {
	awk -v t="$1" -v c="$2" '$1 == t { print $c }' "$TMP/summary"
}
eps() {
	awk -v n="$COUNT" -v u="$(field "$1" 3)" 'BEGIN { printf "%.1f", n * 1e6 / u }'
}
qpe() {
	awk -v n="$COUNT" -v q="$(field "$1" 5)" 'BEGIN { printf "%.2f", q / n }'
}
met=1
echo "Target 1: dnsauth evals/s above both others: dnsauth $(eps dnsauth)," \
	"spfquery $(eps spfquery), pyspf $(eps pyspf)"
# fewer microseconds = more evaluations per second
if ! awk -v d="$(field dnsauth 3)" -v s="$(field spfquery 3)" -v p="$(field pyspf 3)" \
	'BEGIN { exit !(d < s && d < p) }'; then
	met=0
fi
# per domain: the most dnsauth asked in any run against the fewest pyspf did
worse=$(awk 'FNR == 1 { f++ }
	f == 1 && (!($1 in d) || $2 > d[$1]) { d[$1] = $2 }
	f == 2 && (!($1 in p) || $2 < p[$1]) { p[$1] = $2 }
	END { n = 0; for (k in d) if (k != "(other)" && d[k] > p[k] + 0) n++; print n }' \
	"$TMP/dnsauth.perdomain" "$TMP/pyspf.perdomain")
echo "Target 2: dnsauth queries/eval not above pyspf's: dnsauth $(qpe dnsauth)," \
	"pyspf $(qpe pyspf); domains where dnsauth asked more (in any run): $worse of $COUNT"
if [ "$worse" -ne 0 ] ||
	! awk -v d="$(field dnsauth 6)" -v p="$(field pyspf 5)" 'BEGIN { exit !(d <= p) }'; then
	met=0
fi
if [ $met -eq 1 ]; then
	echo "Both targets met."
	exit 0
fi
echo "A target was missed."
exit 1
