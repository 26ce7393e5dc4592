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
#   PG=private bench/statistics/run.sh          on a private cluster made
#                                               for the run, durable as in
#                                               production (fsync=on,
#                                               synchronous_commit=on,
#                                               full_page_writes=on), as
#                                               bench/rush/pg.sh's
#
# The logging figure is evidence of durable throughput only on a durable
# database: SQLite here always is (synchronous=FULL); a PostgreSQL server
# given by URL is as durable as its settings, which the report prints.
#
# env: SIZES (encounters of `tukiverkko demo --encounters N` on top of the
#      demo's year), DURATION (10s), WARMUP (2s), LOG_CONNS (16, the
#      logging clients), PAGE_CONNS (1), THREADS (1), PG (a server URL
#      without a database: PostgreSQL instead of SQLite), BUILD
#      (build-release), TUKIVERKKO_BIN (skip the build)
#
# For each size a fresh database and a server with --page-cache-ms 0.
# The pages first, signed in as a coordinator (wrk --latency, PAGE_CONNS
# at a time: the p50 and p99 of one request, not the throughput of many),
# then the logging run of a supporter of one point, which adds encounters
# (wrk with bench/statistics/log.lua, LOG_CONNS at a time); the
# encounters counted in the database afterwards must be wrk's answered
# requests plus at most the LOG_CONNS still in flight when it stopped.
# Beside each figure the server's CPU time per request (user + system,
# from /proc), which a busy machine does not inflate as it does the
# latency.  Prints markdown tables, the load average before and after and
# the exact commands.  wrk and tukiverkko share the machine's cores: the
# latencies are indicative, more so on a shared box.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
repo=$(pwd)

SIZES=${SIZES:-1000000}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
LOG_CONNS=${LOG_CONNS:-16}
PAGE_CONNS=${PAGE_CONNS:-1}
THREADS=${THREADS:-1}
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
PG_BIN=/usr/lib/postgresql/15/bin
PG_AS=()
[ "$(id -u)" = 0 ] && PG_AS=(runuser -u postgres --)
cleanup() {
	set +e
	if [ -n "$tv_pid" ] && kill -0 "$tv_pid" 2> /dev/null; then
		kill -TERM "$tv_pid"; wait "$tv_pid" 2> /dev/null
	fi
	[ -d "$tmp/pg" ] && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$tmp/pg" -m fast -w stop > /dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$PG" = private ]; then
	chmod 755 "$tmp"
	[ "$(id -u)" = 0 ] && chown postgres "$tmp"
	pg_port=$(free_port)
	note initdb -D PGDIR -A trust -U tv -E UTF8 --locale=C.UTF-8
	"${PG_AS[@]}" "$PG_BIN/initdb" -D "$tmp/pg" -A trust -U tv -E UTF8 --locale=C.UTF-8 > "$tmp/initdb.log"
	note pg_ctl start -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c fsync=on -c synchronous_commit=on -c full_page_writes=on"
	"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w -o "-c listen_addresses=127.0.0.1 \
		-c port=$pg_port -c unix_socket_directories=$tmp -c max_connections=200 \
		-c fsync=on -c synchronous_commit=on -c full_page_writes=on" start > /dev/null
	PG=postgresql://tv@127.0.0.1:$pg_port
fi

# count DB: the encounters in the database.
count() {
	if [ -n "$PG" ]; then
		psql -X -q -A -t "$1" -c 'SELECT count(*) FROM encounter'
	else
		sqlite3 "$1" 'SELECT count(*) FROM encounter'
	fi
}

# cpu_ms_per N BEFORE: the server's CPU ms per request over N requests
# since BEFORE (cpu_s of the server then).
cpu_ms_per() { awk -v a="$2" -v b="$(cpu_s "$tv_pid")" -v n="$1" 'BEGIN {printf "%.1f", n ? (b - a) * 1000 / n : 0}'; }

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

declare -A p50s p99s rps cpus gen logged
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
	if [ -n "$PG" ]; then
		point=$(psql -X -q -A -t "$db" -c "SELECT min(id) FROM service_point WHERE status = 'active'")
	else
		point=$(sqlite3 "$db" "SELECT min(id) FROM service_point WHERE status = 'active'")
	fi
	pw=bench-$RANDOM-password-long
	note "$bin" user add coordinator.bench@example.fi --role coordinator --password-stdin --db "$db"
	printf '%s\n' "$pw" | "$bin" user add coordinator.bench@example.fi --role coordinator \
		--password-stdin --db "$db" --password-cost interactive > /dev/null
	note "$bin" user add supporter.bench@example.fi --role supporter --scope "$point" --password-stdin --db "$db"
	printf '%s\n' "$pw" | "$bin" user add supporter.bench@example.fi --role supporter --scope "$point" \
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
		note wrk -t"$THREADS" -c"$PAGE_CONNS" -d"$DURATION" --timeout 30s --latency -H "'Cookie: ...'" "$url"
		wrk -t"$THREADS" -c"$PAGE_CONNS" -d"$WARMUP" --timeout 30s -H "Cookie: $cookie" "$url" > /dev/null
		c0=$(cpu_s "$tv_pid")
		wrk -t"$THREADS" -c"$PAGE_CONNS" -d"$DURATION" --timeout 30s --latency -H "Cookie: $cookie" "$url" > "$f"
		grep -q 'Non-2xx' "$f" && { echo "bench: $page did not answer 200" >&2; cat "$f" >&2; exit 1; }
		p50s[$page|$n]=$(pct 50 "$f")
		p99s[$page|$n]=$(pct 99 "$f")
		rps[$page|$n]=$(awk '/^Requests\/sec:/ {printf "%.1f", $2}' "$f")
		cpus[$page|$n]=$(cpu_ms_per "$(awk '/requests in/ {print $1}' "$f")" "$c0")
	done
	# Logging: the supporter, one encounter a request, at their point.
	signin "http://127.0.0.1:$port" supporter.bench@example.fi "$pw"
	before=$(count "$db")
	c0=$(cpu_s "$tv_pid")
	f=$out/wrk-$n-log.txt
	note wrk -t"$THREADS" -c"$LOG_CONNS" -d"$DURATION" --timeout 30s --latency -s bench/statistics/log.lua "http://127.0.0.1:$port/fi/staff/encounters"
	TV_COOKIE=$cookie TV_BODY="point=$point&topic=banking&topic=kela&support_form=drop-in&duration=10-30&age=75-plus&language=fi&outcome=resolved&people=&csrf=$csrf" \
		wrk -t"$THREADS" -c"$LOG_CONNS" -d"$DURATION" --timeout 30s --latency -s bench/statistics/log.lua \
		"http://127.0.0.1:$port/fi/staff/encounters" > "$f"
	grep -q 'Non-2xx' "$f" && { echo "bench: the log did not answer 303" >&2; cat "$f" >&2; exit 1; }
	done_n=$(awk '/requests in/ {print $1}' "$f")
	cpu=$(cpu_ms_per "$done_n" "$c0")
	added=$(( $(count "$db") - before ))
	[ "$added" -ge "$done_n" ] && [ "$added" -le $(( done_n + LOG_CONNS )) ] ||
		{ echo "bench: $done_n requests answered but $added encounters stored" >&2; exit 1; }
	logged[$n]="$added $(awk '/^Requests\/sec:/ {printf "%d", $2}' "$f") $(pct 50 "$f") $(pct 99 "$f") $cpu"
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
[ -z "$PG" ] || echo "PostgreSQL: $(psql -X -q -A -t "$PG/postgres" -c "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")."
echo
echo "| encounters | page | p50 | p99 | req/s (wrk -c$PAGE_CONNS) | server CPU per request |"
echo "|---:|---|---:|---:|---:|---:|"
for n in $SIZES; do
	for page in "${PAGES[@]}"; do
		echo "| $n | $page | ${p50s[$page|$n]} ms | ${p99s[$page|$n]} ms | ${rps[$page|$n]} | ${cpus[$page|$n]} ms |"
	done
done
echo
echo "| encounters | generated in | logged through the form (wrk -c$LOG_CONNS, $DURATION) | encounters/s | p50 | p99 | server CPU per encounter |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
	read -r added r p50 p99 cpu <<< "${logged[$n]}"
	echo "| $n | ${gen[$n]} s | $added | $r | $p50 ms | $p99 ms | $cpu ms |"
done
print_commands
echo "Raw wrk output: $out/"
