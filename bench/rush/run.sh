#!/bin/bash
# The registration rush, end to end: N clients register for one event of
# 300 seats through the real form (GET the form with its CSRF cookie,
# token and one-time submission id, then POST it), C at a time; then the
# SQLite file is checked (exactly 300 confirmed, the rest waiting in one
# unbroken queue, no duplicates, every acknowledged registration there).
# Second run: the server is killed with SIGKILL in the middle of the rush,
# restarted on the same file, and every registration acknowledged before
# the kill must be there (in the file and through its link).
#
#   bench/rush/run.sh
#
# env: CLIENTS (5000), CONC (256 clients at a time), THREADS (0: the
#      server's default pool, two per CPU and at least four; a
#      registration waiting for its group commit is a suspended
#      connection, not a worker, so the pool need not be large),
#      KILL_AFTER (1500 acknowledged, then SIGKILL),
#      BUILD (build-release), TUKIVERKKO_BIN (skip the build),
#      SERVE_ARGS (more `serve` options)
#
# The client (bench/rush/rush.c, libcurl multi on one thread) and the
# server share this machine's cores.  Output: the figures, the checks and
# the commands; logs in build/bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

CLIENTS=${CLIENTS:-5000}
CONC=${CONC:-256}
THREADS=${THREADS:-0}
KILL_AFTER=${KILL_AFTER:-1500}
BUILD=${BUILD:-build-release}
CAPACITY=300
EVENT=2		# the demo's upcoming webinar

for tool in cc curl sqlite3 node; do
	command -v "$tool" > /dev/null || { echo "rush: $tool not found" >&2; exit 1; }
done

bench_bin rush

out=build/bench
mkdir -p "$out"
rush=$out/rush
note cc -O2 -o "$rush" bench/rush/rush.c -lcurl -lsqlite3 -lsodium
cc -O2 -Wall -Wextra -o "$rush" bench/rush/rush.c -lcurl -lsqlite3 -lsodium

tmp=$(mktemp -d /tmp/tukiverkko-rush.XXXXXX)
tv_pid=""
cleanup() {
	set +e
	if [ -n "$tv_pid" ] && kill -0 "$tv_pid" 2> /dev/null; then
		kill -TERM "$tv_pid"; wait "$tv_pid" 2> /dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# fresh_db NAME: the demo data with event 2 open for registration, 300
# seats, nobody registered yet.
fresh_db() {
	"$bin" demo --db "$tmp/$1.db" > "$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; exit 1; }
	sqlite3 "$tmp/$1.db" "DELETE FROM registration WHERE event_id = $EVENT;
		UPDATE event SET capacity = $CAPACITY, status = 'published',
		registration_opens = strftime('%s', 'now') - 3600,
		registration_closes = NULL WHERE id = $EVENT;"
}

# serve NAME LOG: starts the server on $tmp/NAME.db; sets tv_pid, url.
serve() {
	local port
	port=$(free_port)
	url="http://127.0.0.1:$port"
	local args=(serve --listen "127.0.0.1:$port" --db "$tmp/$1.db" --static static
		--mail-spool "$tmp/spool-$1" --threads "$THREADS" --access-log off
		--connections-per-address 0	# every client is 127.0.0.1
		--registrations-per-address 0)
	# shellcheck disable=SC2206
	[ -n "${SERVE_ARGS:-}" ] && args+=($SERVE_ARGS)
	note "$bin" "${args[@]}"
	"$bin" "${args[@]}" >> "$out/$2" 2>&1 &
	tv_pid=$!
	wait_http "$url/healthz" || { echo "rush: the server did not come up" >&2; tail -n 20 "$out/$2" >&2; exit 1; }
}

# The demo event's own questions: "Do you give digital support?" (required)
# and the consent box.
fields=(--field q-1=yes --field consent=1 --field group_size=1)

echo "== rush: $CLIENTS clients, $CONC at a time, $CAPACITY seats, server threads ${THREADS/#0/default}"
fresh_db rush
: > "$out/rush-serve.log"
serve rush rush-serve.log
note "$rush" --url "$url" --event $EVENT --clients "$CLIENTS" --concurrency "$CONC" "${fields[@]}" --acked "$out/rush-acked.txt"
load=$(cut -d' ' -f1 /proc/loadavg)
cpu0=$(cpu_s "$tv_pid")
/usr/bin/time -f "client CPU %U s user + %S s system" -o "$tmp/client-cpu" \
	"$rush" --url "$url" --event $EVENT --clients "$CLIENTS" --concurrency "$CONC" "${fields[@]}" --acked "$out/rush-acked.txt" | tee "$out/rush.txt"
cpu1=$(cpu_s "$tv_pid")
# The machine is shared (other processes, and the client itself): the
# server's own CPU time per registration is the figure that does not
# depend on the neighbours.
{
	echo "load average before the rush: $load"
	cat "$tmp/client-cpu"
	awk -v a="$cpu0" -v b="$cpu1" -v n="$CLIENTS" 'BEGIN {printf "server CPU %.2f s: %.0f us per registration (form and POST)\n", b - a, (b - a) * 1e6 / n}'
} | tee -a "$out/rush.txt"
kill -TERM "$tv_pid"; wait "$tv_pid" || true; tv_pid=""
note "$rush" --verify --db "$tmp/rush.db" --event $EVENT --capacity $CAPACITY --acked "$out/rush-acked.txt"
"$rush" --verify --db "$tmp/rush.db" --event $EVENT --capacity $CAPACITY --acked "$out/rush-acked.txt" | tee -a "$out/rush.txt"

echo
echo "== kill -9 after $KILL_AFTER acknowledged registrations, restart, check"
fresh_db kill
: > "$out/kill-serve.log"
serve kill kill-serve.log
killed=$tv_pid
note "$rush" --url "$url" --event $EVENT --clients "$CLIENTS" --concurrency "$CONC" "${fields[@]}" --acked "$out/kill-acked.txt" --kill-pid "$killed" --kill-after "$KILL_AFTER"
"$rush" --url "$url" --event $EVENT --clients "$CLIENTS" --concurrency "$CONC" "${fields[@]}" --acked "$out/kill-acked.txt" --kill-pid "$killed" --kill-after "$KILL_AFTER" | tee "$out/kill.txt"
wait "$killed" 2> /dev/null || true
tv_pid=""
serve kill kill-serve.log
note "$rush" --verify --db "$tmp/kill.db" --event $EVENT --capacity $CAPACITY --acked "$out/kill-acked.txt" --url "$url"
"$rush" --verify --db "$tmp/kill.db" --event $EVENT --capacity $CAPACITY --acked "$out/kill-acked.txt" --url "$url" | tee -a "$out/kill.txt"
kill -TERM "$tv_pid"; wait "$tv_pid" || true; tv_pid=""

echo
echo "== commands"
for c in "${cmds[@]}"; do echo "  $c"; done
grep -q "CHECK PASSED" "$out/rush.txt" && grep -q "CHECK PASSED" "$out/kill.txt"
