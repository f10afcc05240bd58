#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/lint.sh - dnsauth-lint against named-checkzone (BIND), kzonecheck
# (Knot DNS) and validns, on one big zone and on 200 small zone files.
#
# bench/lintzone.sh writes the inputs (see its header):
#   - lintbench.test, a complete zone of about 500000 records (mail
#     domains with A/AAAA, MX, SPF, DMARC, DKIM, TLS-RPT, some CNAME, TLSA,
#     CAA, MTA-STS), valid for all four tools;
#   - 200 small complete zones d001.example.zone ... (5 to 20 records
#     each), the shape of a pre-commit run over a repository of zones.
#
# Big zone: each tool checks the file in one process, BENCH_RUNS times
# (default 3), the tools in turn in each round:
#   dnsauth-lint     lint/dnsauth-lint --no-config --documentation-addresses-ok FILE
#                    (offline; exit 0 or 1 = findings, both fine)
#   named-checkzone  named-checkzone lintbench.test FILE
#   kzonecheck       kzonecheck -o lintbench.test FILE
#   validns          validns -p all -z lintbench.test FILE
# records/s = records / median wall time; ratio = a tool's records/s over
# dnsauth-lint's. CPU (user + system) and peak RSS from /usr/bin/time.
#
# Snippets: dnsauth-lint takes all 200 file names in ONE process, as
# pre-commit calls a hook; named-checkzone, kzonecheck and validns check
# one zone per process, so they run 200 processes (a shell loop, timed as
# a whole). Every tool must accept every file (exit 0; dnsauth-lint 0 or
# 1), or the script stops with status 2.
#
# Targets: dnsauth-lint's records/s on the big zone at least
# kzonecheck's, and the 200 snippets in under 1 s of wall time (median).
#
# Other work on the machine skews the times: the load average (uptime)
# is printed before and after. BENCH_MAX_LOAD=X waits (up to
# BENCH_LOAD_WAIT seconds, default 600) until the 1-minute load average is
# below X before measuring.
#
# Usage: make bench-lint, or make && bench/lint.sh
# Environment: top_builddir (default: the source tree), BENCH_RUNS,
# BENCH_RECORDS (default 500000), BENCH_MAX_LOAD, BENCH_LOAD_WAIT,
# BENCH_KEEP=1 (keep the temporary directory: inputs and outputs).
# Exit status: 0 both targets met, 1 a target missed, 2 setup error (tree
# not built, a tool failed or rejected an input), 77 a tool is missing
# (apt-get install -y bind9-utils knot-dnssecutils validns).

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
: "${top_builddir:=$top_srcdir}"
export LC_ALL=C NO_COLOR=1

BENCH="$top_srcdir/bench"
LINT="$top_builddir/lint/dnsauth-lint"
ZONE=lintbench.test
RUNS=${BENCH_RUNS:-3}
RECORDS=${BENCH_RECORDS:-500000}
SNIPPETS=200
TOOLS="dnsauth-lint named-checkzone kzonecheck validns"
TIME=/usr/bin/time

die() {
	echo "lint.sh: error: $*" >&2
	exit 2
}

skip() {
	echo "lint.sh: SKIP: $*"
	exit 77
}

case $RUNS in
'' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive number" ;;
esac
case $RECORDS in
'' | *[!0-9]*) die "BENCH_RECORDS must be a number" ;;
esac

missing=
for p in named-checkzone:bind9-utils kzonecheck:knot-dnssecutils validns:validns; do
	command -v "${p%%:*}" >/dev/null 2>&1 || missing="$missing ${p%%:*} (Debian package ${p#*:})"
done
[ -z "$missing" ] ||
	skip "not found:$missing; apt-get install -y bind9-utils knot-dnssecutils validns"
[ -x "$LINT" ] || die "$LINT is not built; run make first"
# CPU time and peak RSS need GNU time; without it those columns are "-"
if ! "$TIME" -f '%U' -o /dev/null true 2>/dev/null; then
	TIME=
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dnsauth-bench-lint.XXXXXX") || die "mktemp failed"
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "kept: $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP

# Nanoseconds since the epoch (date +%N: GNU coreutils, busybox).
now_ns() {
	date +%s%N
}
case $(now_ns) in
*[!0-9]*) die "date +%s%N gives no nanoseconds here" ;;
esac

load1() {
	cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?"
}

# ------------------------------------------------------------- inputs
mkdir "$TMP/zones" || die "cannot create $TMP/zones"
gen=$("$BENCH/lintzone.sh" "$RECORDS" "$SNIPPETS" "$TMP/zones") || die "bench/lintzone.sh failed"
# "records N domains M snippets S snippet_records R"
# shellcheck disable=SC2086 # split into words on purpose
set -- $gen
NREC=$2 NDOM=$4 NSREC=$8
BIG="$TMP/zones/$ZONE.zone"
SNIPDIR="$TMP/zones/snippets"
ls "$SNIPDIR"/*.zone >"$TMP/snippets.list" || die "no snippets written"
[ "$(wc -l <"$TMP/snippets.list")" -eq "$SNIPPETS" ] || die "expected $SNIPPETS snippets"

echo "== dnsauth-lint against named-checkzone, kzonecheck and validns"
echo
echo "dnsauth-lint:    $("$LINT" --version 2>&1 | head -n 1)"
echo "named-checkzone: BIND $(named-checkzone -v 2>&1 | head -n 1)"
echo "kzonecheck:      $(kzonecheck -V 2>&1 | head -n 1)"
echo "validns:         $(dpkg-query -W -f '${Version}' validns 2>/dev/null || echo '?') (Debian package version)"
echo "machine:         $(nproc 2>/dev/null || echo '?') cores, $(uname -m)"
echo "big zone:        $ZONE, $NREC records, $NDOM mail domains, $(wc -c <"$BIG") bytes"
echo "snippets:        $SNIPPETS complete zones dNNN.example, $NSREC records in all"
echo "runs:            $RUNS per tool (median and best shown)"
echo

if [ -n "${BENCH_MAX_LOAD:-}" ]; then
	waited=0
	while ! awk -v l="$(load1)" -v m="$BENCH_MAX_LOAD" 'BEGIN { exit !(l + 0 < m + 0) }'; do
		[ "$waited" -ge "${BENCH_LOAD_WAIT:-600}" ] && break
		sleep 10
		waited=$((waited + 10))
	done
	echo "waited ${waited} s for the 1-minute load average to fall below $BENCH_MAX_LOAD"
fi
echo "load before: $(uptime)"
echo

# ------------------------------------------------------------- running
# timed OUT CMD...: run CMD with stdout and stderr to OUT; sets RC, T_WALL
# (microseconds), T_CPU (user + system, seconds, or -) and T_RSS (peak
# resident set, KB, or -).
timed() {
	out=$1
	shift
	if [ -n "$TIME" ]; then
		t0=$(now_ns)
		"$TIME" -f '%U %S %M' -o "$TMP/time" "$@" >"$out" 2>&1
		RC=$?
		t1=$(now_ns)
		# GNU time puts "Command exited with non-zero status N" first
		# shellcheck disable=SC2046 # "USER SYS RSS" into $1 $2 $3
		set -- $(tail -n 1 "$TMP/time")
		T_CPU=$(awk -v u="$1" -v s="$2" 'BEGIN { printf "%.2f", u + s }')
		T_RSS=$3
	else
		t0=$(now_ns)
		"$@" >"$out" 2>&1
		RC=$?
		t1=$(now_ns)
		T_CPU=-
		T_RSS=-
	fi
	T_WALL=$(((t1 - t0) / 1000))
}

# big TOOL OUT: one check of the big zone
big() {
	case $1 in
	dnsauth-lint)
		timed "$2" "$LINT" --no-config --documentation-addresses-ok "$BIG"
		[ "$RC" -le 1 ] || die "dnsauth-lint exited $RC on $ZONE: $(tail -n 5 "$2")"
		;;
	named-checkzone)
		timed "$2" named-checkzone "$ZONE" "$BIG"
		[ "$RC" -eq 0 ] || die "named-checkzone rejected $ZONE ($RC): $(tail -n 5 "$2")"
		;;
	kzonecheck)
		timed "$2" kzonecheck -o "$ZONE" "$BIG"
		[ "$RC" -eq 0 ] || die "kzonecheck rejected $ZONE ($RC): $(tail -n 5 "$2")"
		;;
	validns)
		timed "$2" validns -p all -z "$ZONE" "$BIG"
		[ "$RC" -eq 0 ] || die "validns rejected $ZONE ($RC): $(tail -n 5 "$2")"
		;;
	esac
}

# The other tools over the snippets: one process per file (sh -c, so that
# GNU time counts the CPU of every process). Prints "FILE: status" for
# each file a tool rejected.
# shellcheck disable=SC2016 # expanded by that sh -c
PERFILE='tool=$1
shift
for f in "$@"; do
	z=${f##*/}
	z=${z%.zone}
	case $tool in
	named-checkzone) named-checkzone "$z" "$f" ;;
	kzonecheck) kzonecheck -o "$z" "$f" ;;
	validns) validns -p all -z "$z" "$f" ;;
	esac >/dev/null 2>&1 || echo "$f: exit status $?"
done'

# snippets TOOL OUT
snippets() {
	# shellcheck disable=SC2046 # file names without blanks (mktemp, generator)
	case $1 in
	dnsauth-lint)
		timed "$2" "$LINT" --no-config --documentation-addresses-ok $(cat "$TMP/snippets.list")
		[ "$RC" -le 1 ] || die "dnsauth-lint exited $RC on the snippets: $(tail -n 5 "$2")"
		;;
	*)
		timed "$2" sh -c "$PERFILE" sh "$1" $(cat "$TMP/snippets.list")
		if [ "$RC" -ne 0 ] || [ -s "$2" ]; then
			die "$1 rejected snippets: $(head -n 5 "$2")"
		fi
		;;
	esac
}

for t in $TOOLS; do
	: >"$TMP/$t.big"
	: >"$TMP/$t.snip"
done
n=1
while [ $n -le "$RUNS" ]; do
	for t in $TOOLS; do
		big "$t" "$TMP/$t.big.$n.out"
		echo "$T_WALL $T_CPU $T_RSS" >>"$TMP/$t.big"
	done
	for t in $TOOLS; do
		snippets "$t" "$TMP/$t.snip.$n.out"
		echo "$T_WALL $T_CPU $T_RSS" >>"$TMP/$t.snip"
	done
	n=$((n + 1))
done
echo "load after:  $(uptime)"
echo

# ------------------------------------------------------------- report
# summary FILE: "MEDIAN_US BEST_US CPU RSS", CPU and RSS of the median run
# (the lower one of two)
summary() {
	sort -n "$1" | awk '{ w[NR] = $1; c[NR] = $2; r[NR] = $3 }
		END { m = int((NR + 1) / 2); print w[m], w[1], c[m], r[m] }'
}
for t in $TOOLS; do
	echo "$t $(summary "$TMP/$t.big")" >>"$TMP/big.summary"
	echo "$t $(summary "$TMP/$t.snip")" >>"$TMP/snip.summary"
done

echo "Big zone: $NREC records in one file, one process per check"
awk -v n="$NREC" '
BEGIN {
	f = "%-16s %9s %9s %9s %12s %10s %8s\n"
	printf f, "tool", "wall s", "best s", "CPU s", "records/s", "ratio", "RSS MB"
	printf f, "", "(median)", "", "(median)", "(median)", "(records/s)", ""
}
{
	rps = n * 1e6 / $2
	if (NR == 1) ref = rps
	printf f, $1, sprintf("%.2f", $2 / 1e6), sprintf("%.2f", $3 / 1e6), $4,
		sprintf("%.0f", rps), sprintf("%.2f", rps / ref),
		$5 == "-" ? "-" : sprintf("%.0f", $5 / 1024)
}' "$TMP/big.summary"
echo
echo "Snippets: $SNIPPETS files, $NSREC records; dnsauth-lint in 1 process,"
echo "the others in $SNIPPETS (named-checkzone and kzonecheck check one zone per"
echo "process; validns one file per process)"
awk -v n="$SNIPPETS" '
BEGIN {
	f = "%-16s %9s %9s %9s %9s %10s %9s\n"
	printf f, "tool", "processes", "wall ms", "best ms", "CPU s", "files/s", "ratio"
	printf f, "", "", "(median)", "", "(median)", "(median)", "(files/s)"
}
{
	fps = n * 1e6 / $2
	if (NR == 1) ref = fps
	printf f, $1, ($1 == "dnsauth-lint" ? 1 : n), sprintf("%.1f", $2 / 1e3),
		sprintf("%.1f", $3 / 1e3), $4, sprintf("%.0f", fps), sprintf("%.2f", fps / ref)
}' "$TMP/snip.summary"
echo

# what dnsauth-lint found (the last run; every run reports the same)
last="$TMP/dnsauth-lint.big.$RUNS.out"
echo "dnsauth-lint on $ZONE: $(tail -n 1 "$last")"
sed -n 's/.*\[\([a-z0-9-]*\)\]$/\1/p' "$last" | sort | uniq -c |
	awk '{ printf "  %-34s %6d\n", $2, $1 }'
grep -F "only the first" "$last" | sed "s|^$TMP/zones/|  |"
grep -F "error:" "$last" | head -n 3 | sed "s|^$TMP/zones/|  |"
sed -n 's/^\(not checked offline: [0-9]* names\{0,1\} outside the files\).*/  \1/p' "$last"
echo "dnsauth-lint on the snippets: $(tail -n 1 "$TMP/dnsauth-lint.snip.$RUNS.out")"
echo

cat <<EOF
wall: around the process (for the snippets of the other tools, around
the shell loop that runs them); CPU: user + system of the process and
its children (GNU time); RSS: peak resident set. ratio: a tool's rate
over dnsauth-lint's (above 1: faster than dnsauth-lint). dnsauth-lint
runs offline, without a configuration file, with the documentation
address ranges taken as public (the generated zones use them).

EOF

# ------------------------------------------------------------- targets
field() {
	awk -v t="$1" -v c="$2" '$1 == t { print $c }' "$3"
}
met=1
d_us=$(field dnsauth-lint 2 "$TMP/big.summary")
k_us=$(field kzonecheck 2 "$TMP/big.summary")
s_us=$(field dnsauth-lint 2 "$TMP/snip.summary")
rate() {
	awk -v n="$NREC" -v u="$1" 'BEGIN { printf "%.0f", n * 1e6 / u }'
}
echo "Target 1: dnsauth-lint records/s at least kzonecheck's: dnsauth-lint" \
	"$(rate "$d_us"), kzonecheck $(rate "$k_us")" \
	"($(awk -v d="$d_us" -v k="$k_us" 'BEGIN { printf "%.2f", k / d }') of it)"
[ "$d_us" -le "$k_us" ] || met=0
echo "Target 2: $SNIPPETS snippets under 1 s of wall time: dnsauth-lint" \
	"$(awk -v u="$s_us" 'BEGIN { printf "%.3f", u / 1e6 }') s"
[ "$s_us" -lt 1000000 ] || met=0
if [ $met -eq 1 ]; then
	echo "Both targets met."
	exit 0
fi
echo "A target was missed."
exit 1
