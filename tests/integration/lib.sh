# SPDX-License-Identifier: MIT
# tests/integration/lib.sh - helpers for the tests that need a real DNS
# server (sourced after tests/lib.sh).
#
#   nsd_start ZONEDIR...  serve every *.zone file of the directories (the
#                         origin is the file name without .zone) with NSD
#                         on 127.0.0.1 at a free high port; sets NSD_PORT
#   nsd_stop              stop it (also done on exit, whatever happens)
#   need_prog PROG...     skip the test (exit 77) unless every PROG runs
#   rand_port             a random port in 20000-59999
#   wait_answer PORT NAME wait (about 5 s at most) until NAME SOA is
#                         answered on 127.0.0.1 PORT
#   faultd_start FILE [ARGS...]  start the broken responder; its port in FILE
#   faultd_stop           stop every faultd (also done on exit)
#
# NSD runs in the foreground (-d) as the current user (username: ""),
# with everything it writes (pid, log, xfrd state, zone list) in its own
# temporary directory and no remote control. A port that is taken makes
# NSD exit at once: another random port is tried (10 times).

DNSQ="$top_builddir/tests/integration/dnsq"
NSD_PID=
NSD_PORT=
NSD_DIR=
NSD=$(command -v nsd 2>/dev/null || echo /usr/sbin/nsd)

nsd_stop() {
	if [ -n "$NSD_PID" ]; then
		kill "$NSD_PID" 2>/dev/null
		i=0
		while kill -0 "$NSD_PID" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -9 "$NSD_PID" 2>/dev/null
		wait "$NSD_PID" 2>/dev/null
		NSD_PID=
	fi
}

# The broken responder (tests/integration/faultd.c).
FAULTD="$top_builddir/tests/integration/faultd"
FAULTD_PIDS=
faultd_stop() {
	for p in $FAULTD_PIDS; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	FAULTD_PIDS=
}

# faultd_start FILE [ARGS...]: start one faultd, its port in FILE
faultd_start() {
	f=$1
	shift
	"$FAULTD" --port-file "$f" --lifetime 120 "$@" &
	FAULTD_PIDS="$FAULTD_PIDS $!"
	i=0
	while [ ! -s "$f" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$f" ]
}

trap 'faultd_stop; nsd_stop; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

need_prog() {
	for p in "$@"; do
		if ! command -v "$p" >/dev/null 2>&1 && [ ! -x "$p" ]; then
			echo "SKIP: $p not available"
			exit 77
		fi
	done
}

rand_port() {
	n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((20000 + n % 40000))
}

# wait_answer PORT NAME
wait_answer() {
	i=0
	while [ $i -lt 50 ]; do
		if [ -x "$DNSQ" ]; then
			if "$DNSQ" --server 127.0.0.1 --port "$1" --timeout 100 --retries 0 \
				"$2" SOA 2>/dev/null | grep -q " SOA data"; then
				return 0
			fi
		elif drill -p "$1" @127.0.0.1 "$2" SOA 2>/dev/null | grep -q "rcode: NOERROR"; then
			return 0
		fi
		# the server is gone (e.g. the port was taken)
		if [ -n "$NSD_PID" ] && ! kill -0 "$NSD_PID" 2>/dev/null; then
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# nsd_start ZONEDIR...
nsd_start() {
	need_prog "$NSD"
	NSD_DIR="$TMP/nsd"
	mkdir -p "$NSD_DIR" || return 1
	first=
	zones=
	for dir in "$@"; do
		for f in "$dir"/*.zone; do
			[ -f "$f" ] || continue
			case $f in
			/*) abs=$f ;;
			*) abs="$(pwd)/$f" ;;
			esac
			origin=$(basename "$f" .zone)
			: "${first:=$origin}"
			zones="${zones}zone:
	name: \"$origin\"
	zonefile: \"$abs\"
"
		done
	done
	if [ -z "$first" ]; then
		echo "nsd_start: no *.zone files in $*"
		return 1
	fi
	tries=0
	while [ $tries -lt 10 ]; do
		tries=$((tries + 1))
		NSD_PORT=$(rand_port)
		cat > "$NSD_DIR/nsd.conf" <<EOF
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
remote-control:
	control-enable: no
$zones
EOF
		"$NSD" -c "$NSD_DIR/nsd.conf" -d >"$NSD_DIR/nsd.out" 2>&1 &
		NSD_PID=$!
		if wait_answer "$NSD_PORT" "$first"; then
			return 0
		fi
		nsd_stop
	done
	echo "nsd_start: NSD did not come up:"
	sed 's/^/    /' "$NSD_DIR/nsd.log" "$NSD_DIR/nsd.out" 2>/dev/null | tail -20
	return 1
}
