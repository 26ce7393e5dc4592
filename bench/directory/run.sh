#!/bin/bash
# The directory (issue 15) at 10,000 and 100,000 service points: a typical
# search page (text, two filters, open now) and the HSDS list endpoint,
# uncached, side by side with nginx serving the same bytes as a file.
#
#   bench/directory/run.sh                       10,000 and 100,000 points
#   POINTS="10000" ROUNDS=1 bench/directory/run.sh
#   PG=postgresql://tv@127.0.0.1:5432 bench/directory/run.sh
#
# env: POINTS (synthetic points on top of the demo's, `tukiverkko demo
#      --service-points N`), ROUNDS (3), DURATION (4s), WARMUP (1s), CONNS
#      (64), THREADS (2), BUILD (build-release), TUKIVERKKO_BIN (skip the
#      build), PG (a PostgreSQL server URL: databases tv_dirbench_N there
#      instead of SQLite files), REUSE (1: keep each size's database
#      between runs - build/bench/directory/points-N.db, or tv_dirbench_N
#      - and use it again when it is there; generating 100,000 points
#      takes minutes)
#
# For each size a fresh database and a server with --page-cache-ms 0,
# all running at once; each request's answer saved and served by nginx
# (bench/nginx.conf) as a static file.  Then ROUNDS rounds of wrk against
# each request at every size back to back and against nginx's copy; the
# median is reported with p99, the server's CPU time per request (user and
# system from /proc, which the load of other processes does not inflate
# as it does the rates), the load average before and after, the cold
# start (serve to the first 200 of /healthz), the in-memory search
# index's size and build time (waited for before measuring; with
# TUKIVERKKO_DIRECTORY_INDEX=off the statements answer every search) and
# the exact commands.  wrk,
# tukiverkko and nginx share the cores: the rates are indicative.
#
# "Open now" depends on the hour the run happens (at night few points are
# open, and the search has little to rank), so the typical search is also
# asked "open at" next Monday 12:15, when most are.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
repo=$(pwd)

POINTS=${POINTS:-10000 100000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-4s}
WARMUP=${WARMUP:-1s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
PG=${PG:-}
REUSE=${REUSE:-}
# Text, two filters and open now (and open at a weekday noon); the HSDS
# list's first page.
monday=$(date -d "next monday" +%Y-%m-%d)
REQUESTS=("/fi/directory?q=pankkitunnukset&language=fi&topic=banking&open=now"
	"/fi/directory?q=pankkitunnukset&language=fi&topic=banking&open=at&date=$monday&time=12:15"
	"/api/hsds/services?per_page=50")

for tool in wrk nginx curl node; do
	command -v "$tool" > /dev/null || { echo "bench: $tool not found (scripts/deps.sh test)" >&2; exit 1; }
done
[ -z "$PG" ] || command -v psql > /dev/null || { echo "bench: psql not found" >&2; exit 1; }

bench_bin bench

tmp=$(mktemp -d /tmp/tukiverkko-dirbench.XXXXXX)
out=build/bench/directory
mkdir -p "$out"
tv_pids=() ng_pid=""
cleanup() {
	set +e
	for pid in "${tv_pids[@]}"; do
		kill -TERM "$pid" 2> /dev/null && wait "$pid" 2> /dev/null
	done
	if [ -n "$ng_pid" ] && kill -0 "$ng_pid" 2> /dev/null; then
		kill -QUIT "$ng_pid"; wait "$ng_pid" 2> /dev/null
	fi
	if [ -n "$PG" ] && [ -z "$REUSE" ]; then
		for n in $POINTS; do
			psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS tv_dirbench_$n"
		done
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A request's copy for nginx: one file name per request.
copy_name() { echo "$1" | tr -c 'A-Za-z0-9\n' _; }

mkdir -p "$tmp/www"
ng_port=$(free_port)
sed -e "s|@TMP@|$tmp|g" -e "s|@PORT@|$ng_port|g" bench/nginx.conf > "$tmp/nginx.conf"
note nginx -c "$tmp/nginx.conf" -p "$tmp" "# bench/nginx.conf with @TMP@=$tmp @PORT@=$ng_port"
nginx -c "$tmp/nginx.conf" -p "$tmp" 2> "$tmp/nginx-start.log" &
ng_pid=$!

# have_db DB: whether a database DB is there to use again.
have_db() {
	if [ -n "$PG" ]; then
		[ "$(psql -X -q -A -t "$PG/postgres" -c "SELECT count(*) FROM pg_database WHERE datname = '${1##*/}'")" = 1 ]
	else
		[ -s "$1" ]
	fi
}

# pg_cpu: CPU seconds the PostgreSQL cluster's processes (the postmaster
# and its children: the server's connections' backends) have used, when
# its data directory is on this machine; else nothing.
pg_cpu() {
	local dir pm
	dir=$(psql -X -q -A -t "$PG/postgres" -c 'SHOW data_directory' 2> /dev/null) || return 0
	pm=$(head -n 1 "$dir/postmaster.pid" 2> /dev/null) || return 0
	# A backend may end between pgrep and its read (psql's own above).
	for p in "$pm" $(pgrep -P "$pm"); do { cpu_s "$p" && echo; } 2> /dev/null || true; done |
		awk '{s += $1} END {printf "%.2f", s}'
}

declare -A port pid rps ngrps p99s cpus pgcpus cold coldpage bytes index
load_before=$(load)
for n in $POINTS; do
	if [ -n "$PG" ]; then
		db=$PG/tv_dirbench_$n
	elif [ -n "$REUSE" ]; then
		db=$out/points-$n.db
	else
		db=$tmp/points-$n.db
	fi
	if [ -n "$REUSE" ] && have_db "$db"; then
		note "# $db again (REUSE=1), made earlier by:"
	else
		if [ -n "$PG" ]; then
			psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS tv_dirbench_$n" \
				-c "CREATE DATABASE tv_dirbench_$n"
		else
			rm -f "$db"
		fi
		TUKIVERKKO_FILES_DIR=$tmp/files "$bin" demo --db "$db" --service-points "$n" \
			> "$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; exit 1; }
	fi
	note "$bin" demo --db "$db" --service-points "$n"
	port[$n]=$(free_port)
	args=(serve --listen "127.0.0.1:${port[$n]}" --db "$db" --static static
		--connections-per-address 0 --page-cache-ms 0 --access-log off)
	note "$bin" "${args[@]}"
	t0=$(date +%s%N)
	"$bin" "${args[@]}" > "$out/serve-$n.log" 2>&1 &
	tv_pids+=($!)
	pid[$n]=$!
	wait_http "http://127.0.0.1:${port[$n]}/healthz" ||
		{ echo "bench: tukiverkko did not come up" >&2; tail "$out/serve-$n.log" >&2; exit 1; }
	cold[$n]=$(( ($(date +%s%N) - t0) / 1000000 ))
	# The cold start's first search page (the statements answer it while
	# the index is being built).
	curl -sf -o /dev/null "http://127.0.0.1:${port[$n]}${REQUESTS[0]}" ||
		{ echo "bench: the first search did not answer 200" >&2; exit 1; }
	coldpage[$n]=$(( ($(date +%s%N) - t0) / 1000000 ))
	# The search index (src/directory/search_index.c) is built in a thread
	# of its own from the start (the directory's job begins it); the
	# statements answer until then.  Measured once it is in (unless
	# TUKIVERKKO_DIRECTORY_INDEX=off).
	if [ "${TUKIVERKKO_DIRECTORY_INDEX:-}" != off ]; then
		for _ in $(seq 3000); do
			grep -q 'search index built\|search index was not built' "$out/serve-$n.log" && break
			sleep 0.1
		done
		index[$n]=$(sed -n 's/.*directory: search index built: \([^"]*\)".*/\1/p' "$out/serve-$n.log" | tail -n 1)
		[ -n "${index[$n]}" ] || { echo "bench: no search index at $n points" >&2; tail "$out/serve-$n.log" >&2; exit 1; }
	fi
	for req in "${REQUESTS[@]}"; do
		f=$tmp/www/p$n-$(copy_name "$req").html
		curl -sf -o "$f" "http://127.0.0.1:${port[$n]}$req" ||
			{ echo "bench: $req did not answer 200" >&2; exit 1; }
		bytes[$req|$n]=$(stat -c %s "$f")
	done
done
chmod -R a+rX "$tmp"
last=${POINTS##* }
wait_http "http://127.0.0.1:$ng_port/p$last-$(copy_name "${REQUESTS[0]}").html" ||
	{ echo "bench: nginx did not come up" >&2; cat "$tmp/nginx-start.log" >&2; exit 1; }
for round in $(seq "$ROUNDS"); do
	for req in "${REQUESTS[@]}"; do
		f=$out/wrk-$round-$(copy_name "$req")
		for n in $POINTS; do
			url="http://127.0.0.1:${port[$n]}$req"
			[ "$round" = 1 ] && note wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "'$url'"
			wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$url" > /dev/null
			c0=$(cpu_s "${pid[$n]}")
			[ -n "$PG" ] && g0=$(pg_cpu)
			wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url" > "$f-$n.txt"
			[ -n "$PG" ] && pgcpus[$req|$n]+=" $(awk -v a="${g0:-0}" -v b="$(pg_cpu)" \
				'/ requests in / {printf "%d", ($1 && a > 0) ? (b - a) * 1e6 / $1 : 0}' "$f-$n.txt")"
			rps[$req|$n]+=" $(awk '/^Requests\/sec:/ {printf "%d", $2}' "$f-$n.txt")"
			p99s[$req|$n]+=" $(p99 "$f-$n.txt")"
			cpus[$req|$n]+=" $(awk -v a="$c0" -v b="$(cpu_s "${pid[$n]}")" \
				'/ requests in / {printf "%d", $1 ? (b - a) * 1e6 / $1 : 0}' "$f-$n.txt")"
		done
		ngrps[$req]+=" $(wrk_rps "http://127.0.0.1:$ng_port/p$last-$(copy_name "$req").html" "$f-nginx.txt")"
	done
done
load_after=$(load)

echo
echo "## The directory by size, uncached - wrk -t$THREADS -c$CONNS -d$DURATION ($(date -u +%Y-%m-%dT%H:%MZ))"
echo
echo "Machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1);" \
	"wrk, tukiverkko and nginx on the same cores. Load average before: $load_before; after: $load_after."
echo "tukiverkko $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?') ($bin)," \
	"$([ -n "$PG" ] && echo "PostgreSQL $(psql -X -q -A -t "$PG/postgres" -c 'SHOW server_version')" || echo SQLite);" \
	"$(nginx -v 2>&1 | sed 's/^nginx version: //')."
echo
pgcol=; [ -n "$PG" ] && pgcol=" PostgreSQL's CPU per request (median) |"
echo "| request | service points | body bytes | req/s (median of $ROUNDS) | p99 (median) | server CPU per request (median) |$pgcol nginx, same bytes, req/s |"
echo "|---|---:|---:|---:|---:|---:|$([ -n "$PG" ] && echo -n ---:\|)---:|"
for req in "${REQUESTS[@]}"; do
	for n in $POINTS; do
		echo "| \`$req\` | $n | ${bytes[$req|$n]} | $(echo "${rps[$req|$n]}" | median) |" \
			"$(echo "${p99s[$req|$n]}" | median) ms | $(echo "${cpus[$req|$n]}" | median) µs |" \
			"$([ -n "$PG" ] && echo "$(echo "${pgcpus[$req|$n]}" | median) µs |")" \
			"$( [ "$n" = "$last" ] && echo "${ngrps[$req]}" | median) |"
	done
done
echo
for n in $POINTS; do echo "Cold start with $n synthetic points (serve to the first 200 of /healthz): ${cold[$n]} ms; to the first search page after it: ${coldpage[$n]} ms."; done
for n in $POINTS; do [ -z "${index[$n]:-}" ] || echo "Search index with $n synthetic points (built from the start, in a thread of its own): ${index[$n]}."; done
print_commands
echo "Raw wrk output: $out/"
