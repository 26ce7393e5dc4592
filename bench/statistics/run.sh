#!/bin/bash
# Support-encounter statistics (issue 16) at 1M encounters and more:
# logging throughput through the real HTTP form (encounters/s, each one
# committed durably before its 303: SQLite WAL with synchronous=FULL,
# PostgreSQL's own WAL) and the response times, uncached, of the
# coordinator's dashboard, the public statistics page (its disclosure
# control computed for each request) and the period report.
#
#   bench/statistics/run.sh                     1M encounters on SQLite
#   SIZES="1000000 10000000" bench/statistics/run.sh
#   PG=postgresql://tv@127.0.0.1:5432 bench/statistics/run.sh
#                                               the same on PostgreSQL (a
#                                               database tv_bench_N is made)
#
# env: SIZES (encounters of `tukiverkko demo --encounters N` on top of the
#      demo's year), DURATION (10s), WARMUP (2s), LOG_CONNS (16, the
#      logging clients), PAGE_CONNS (4), THREADS (2), PG (a server URL
#      without a database: PostgreSQL instead of SQLite), BUILD
#      (build-release), TUKIVERKKO_BIN (skip the build)
#
# For each size a fresh database and a server with --page-cache-ms 0.
# The pages first (wrk --latency, PAGE_CONNS at a time: the p50 and p99
# of one request, not the throughput of many), then the logging run,
# which adds encounters (wrk with bench/statistics/log.lua, LOG_CONNS at a
# time); the encounters counted in the database before and after must
# equal wrk's requests.  Prints a markdown table, the load average before
# and after and the exact commands.  wrk and tukiverkko share the
# machine's cores: the figures are indicative, more so on a shared box.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
repo=$(pwd)

SIZES=${SIZES:-1000000}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
LOG_CONNS=${LOG_CONNS:-16}
PAGE_CONNS=${PAGE_CONNS:-4}
THREADS=${THREADS:-2}
PG=${PG:-}
PAGES=(/fi/staff/statistics /fi/statistics /fi/staff/statistics/report)

for tool in wrk curl node; do
	command -v "$tool" > /dev/null || { echo "bench: $tool not found (scripts/deps.sh test)" >&2; exit 1; }
done
[ -z "$PG" ] || command -v psql > /dev/null || { echo "bench: psql not found" >&2; exit 1; }

bench_bin bench

tmp=$(mktemp -d /tmp/tukiverkko-statsbench.XXXXXX)
out=build/bench/statistics
mkdir -p "$out"
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

# count DB: the encounters in the database.
count() {
	if [ -n "$PG" ]; then
		psql -X -q -A -t "$1" -c 'SELECT count(*) FROM encounter'
	else
		sqlite3 "$1" 'SELECT count(*) FROM encounter'
	fi
}

# signin URL EMAIL PASSWORD: sets cookie and csrf (the session's token).
signin() {
	local jar=$tmp/jar form
	rm -f "$jar"
	form=$(curl -sf -c "$jar" "$1/fi/signin")
	csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<< "$form" | head -n 1)
	curl -sf -o /dev/null -b "$jar" -c "$jar" --data-urlencode "email=$2" \
		--data-urlencode "password=$3" --data-urlencode "csrf=$csrf" "$1/fi/signin"
	form=$(curl -sf -b "$jar" "$1/fi/staff/encounters")
	csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<< "$form" | head -n 1)
	cookie=$(awk -F'\t' 'NF == 7 && $6 != "" {printf "%s%s=%s", sep, $6, $7; sep = "; "}' "$jar")
	[ -n "$csrf" ] && [[ $cookie == *tv_session=* ]] ||
		{ echo "bench: signing in failed" >&2; exit 1; }
}

declare -A p50s p99s rps gen logged
load_before=$(load)
for n in $SIZES; do
	if [ -n "$PG" ]; then
		db=$PG/tv_bench_$n
		psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS tv_bench_$n" -c "CREATE DATABASE tv_bench_$n"
	else
		db=$tmp/encounters-$n.db
	fi
	note "$bin" demo --db "$db"
	TUKIVERKKO_FILES_DIR=$tmp/files "$bin" demo --db "$db" > "$tmp/demo.log" 2>&1 ||
		{ cat "$tmp/demo.log" >&2; exit 1; }
	note "$bin" demo --db "$db" --encounters "$n"
	t0=$(date +%s%N)
	"$bin" demo --db "$db" --encounters "$n" > "$tmp/demo.log" 2>&1 ||
		{ cat "$tmp/demo.log" >&2; exit 1; }
	gen[$n]=$(( ($(date +%s%N) - t0) / 1000000000 ))
	pw=bench-$RANDOM-password-long
	note "$bin" user add coordinator.bench@example.fi --role coordinator --password-stdin --db "$db"
	printf '%s\n' "$pw" | "$bin" user add coordinator.bench@example.fi --role coordinator \
		--password-stdin --db "$db" --password-cost interactive > /dev/null
	port=$(free_port)
	args=(serve --listen "127.0.0.1:$port" --db "$db" --static static
		--connections-per-address 0 --page-cache-ms 0 --access-log off
		--password-cost interactive)
	note "$bin" "${args[@]}"
	"$bin" "${args[@]}" > "$out/serve-$n.log" 2>&1 &
	tv_pid=$!
	wait_http "http://127.0.0.1:$port/healthz" ||
		{ echo "bench: tukiverkko did not come up" >&2; tail "$out/serve-$n.log" >&2; exit 1; }
	signin "http://127.0.0.1:$port" coordinator.bench@example.fi "$pw"
	for page in "${PAGES[@]}"; do
		url="http://127.0.0.1:$port$page"
		f=$out/wrk-$n-$(echo "$page" | tr / _).txt
		note wrk -t"$THREADS" -c"$PAGE_CONNS" -d"$DURATION" --latency -H "'Cookie: ...'" "$url"
		wrk -t"$THREADS" -c"$PAGE_CONNS" -d"$WARMUP" -H "Cookie: $cookie" "$url" > /dev/null
		wrk -t"$THREADS" -c"$PAGE_CONNS" -d"$DURATION" --latency -H "Cookie: $cookie" "$url" > "$f"
		grep -q 'Non-2xx' "$f" && { echo "bench: $page did not answer 200" >&2; cat "$f" >&2; exit 1; }
		p50s[$page|$n]=$(pct 50 "$f")
		p99s[$page|$n]=$(pct 99 "$f")
		rps[$page|$n]=$(awk '/^Requests\/sec:/ {printf "%d", $2}' "$f")
	done
	# Logging: one encounter a request, at the first active point.
	if [ -n "$PG" ]; then
		point=$(psql -X -q -A -t "$db" -c "SELECT min(id) FROM service_point WHERE status = 'active'")
	else
		point=$(sqlite3 "$db" "SELECT min(id) FROM service_point WHERE status = 'active'")
	fi
	before=$(count "$db")
	f=$out/wrk-$n-log.txt
	note wrk -t"$THREADS" -c"$LOG_CONNS" -d"$DURATION" -s bench/statistics/log.lua "http://127.0.0.1:$port/fi/staff/encounters"
	TV_COOKIE=$cookie TV_BODY="point=$point&topic=banking&topic=kela&support_form=drop-in&duration=10-30&age=75-plus&language=fi&outcome=resolved&people=&csrf=$csrf" \
		wrk -t"$THREADS" -c"$LOG_CONNS" -d"$DURATION" -s bench/statistics/log.lua \
		"http://127.0.0.1:$port/fi/staff/encounters" > "$f"
	grep -q 'Non-2xx' "$f" && { echo "bench: the log did not answer 303" >&2; cat "$f" >&2; exit 1; }
	done_n=$(awk '/requests in/ {print $1}' "$f")
	added=$(( $(count "$db") - before ))
	[ "$added" = "$done_n" ] || { echo "bench: $done_n requests but $added encounters" >&2; exit 1; }
	logged[$n]="$added $(awk '/^Requests\/sec:/ {printf "%d", $2}' "$f") $(pct 50 "$f") $(pct 99 "$f")"
	kill -TERM "$tv_pid"; wait "$tv_pid" || true; tv_pid=""
	[ -n "$PG" ] && psql -X -q "$PG/postgres" -c "DROP DATABASE tv_bench_$n"
done
load_after=$(load)

echo
echo "## Support-encounter statistics, uncached - $([ -n "$PG" ] && echo PostgreSQL || echo SQLite) ($(date -u +%Y-%m-%dT%H:%MZ))"
echo
echo "Machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1);" \
	"wrk and tukiverkko on the same cores. Load average before: $load_before; after: $load_after."
echo "tukiverkko $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?') ($bin)."
echo
echo "| encounters | page | p50 | p99 | req/s (wrk -c$PAGE_CONNS) |"
echo "|---:|---|---:|---:|---:|"
for n in $SIZES; do
	for page in "${PAGES[@]}"; do
		echo "| $n | $page | ${p50s[$page|$n]} ms | ${p99s[$page|$n]} ms | ${rps[$page|$n]} |"
	done
done
echo
echo "| encounters | generated in | logged through the form (wrk -c$LOG_CONNS, $DURATION) | encounters/s | p50 | p99 |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
	read -r added r p50 p99 <<< "${logged[$n]}"
	echo "| $n | ${gen[$n]} s | $added | $r | $p50 ms | $p99 ms |"
done
echo
echo "Commands:"
echo '```'
printf '%s\n' "${cmds[@]}"
echo '```'
echo "Raw wrk output: $out/"
