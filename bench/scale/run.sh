#!/bin/bash
# Every public page at growing data sizes, uncached, side by side with
# nginx serving the same bytes (issue 13: a page's cost follows what it
# shows, not the size of the tables).
#
#   bench/scale/run.sh                  scales 0 (the demo), 10 and 100
#   SCALES="0 1 10 100" bench/scale/run.sh
#   PAGES="/fi/ /fi/news" bench/scale/run.sh     only these pages
#   PG=postgresql://tv@127.0.0.1:5432 bench/scale/run.sh   on PostgreSQL
#
# env: SCALES (units of `tukiverkko demo --scale N`, 0 = the demo alone),
#      ROUNDS (default 3), DURATION (default 4s), WARMUP (1s), CONNS (64),
#      THREADS (2), BUILD (build-release), TUKIVERKKO_BIN (skip the build),
#      PG (a PostgreSQL server URL: each scale in a database tv_scale_N
#      made afresh there and dropped at the end; SQLite files otherwise)
#
# For each scale a fresh database (`demo`, then `demo --scale N`) and a
# server with --page-cache-ms 0 (every request rendered from the
# database), all running at once; each page saved and served by nginx
# (bench/nginx.conf) as a static file.  Then ROUNDS rounds: for each page,
# wrk against it at every scale back to back and against nginx's copy, so
# that a change in the machine's load touches every scale alike; the
# median of the rounds is reported.  Prints a markdown table with each
# page's throughput as a fraction of its figure at the first scale (the
# target: at least 0.5 at 100), the server's CPU per request (user + system
# time from /proc/PID/stat over the measured run, which the machine's
# other load does not inflate as it does req/s), the load average before
# and after, and the exact commands.  On PostgreSQL the CPU is
# tukiverkko's alone: the database server's work for the page is not in
# it.  wrk, tukiverkko and nginx share the machine's cores: the figures
# are indicative, more so on a shared box.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
repo=$(pwd)

SCALES=${SCALES:-0 10 100}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-4s}
WARMUP=${WARMUP:-1s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
BUILD=${BUILD:-build-release}
# shellcheck disable=SC2206
PG=${PG:-}
# shellcheck disable=SC2206
# Every public page and feed a visitor reaches that reads tables growing
# with use, at ids every scale has (the demo's first post, material and
# service point).  Not here: a badge earner's page (the demo has no earner
# who agreed to one) and the pages of one registration (a secret link).
PAGES=(${PAGES:-/fi/ /fi/events /fi/events/archive /fi/events/2
	/fi/municipalities /fi/municipalities/091 /fi/news /fi/news/1
	/fi/materials /fi/materials/1 /fi/directory /fi/directory/1
	/fi/statistics /fi/statistics/091 /fi/events.ics /fi/news/feed.atom
	/fi/news/feed.rss /badges/revocations /api/hsds/services})

for tool in wrk nginx curl node; do
	command -v "$tool" > /dev/null || { echo "bench: $tool not found (scripts/deps.sh test)" >&2; exit 1; }
done
[ -z "$PG" ] || command -v psql > /dev/null || { echo "bench: psql not found" >&2; exit 1; }

bench_bin bench

tmp=$(mktemp -d /tmp/tukiverkko-scale.XXXXXX)
out=build/bench/scale${PG:+-pg}
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
	if [ -n "$PG" ]; then
		for scale in $SCALES; do
			psql -X -q "$PG/postgres" -c "DROP DATABASE IF EXISTS tv_scale_$scale" 2> /dev/null
		done
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# nginx serves every scale's copies: /s<scale><page>/index.html.
mkdir -p "$tmp/www"
ng_port=$(free_port)
sed -e "s|@TMP@|$tmp|g" -e "s|@PORT@|$ng_port|g" bench/nginx.conf > "$tmp/nginx.conf"
note nginx -c "$tmp/nginx.conf" -p "$tmp" "# bench/nginx.conf with @TMP@=$tmp @PORT@=$ng_port"
nginx -c "$tmp/nginx.conf" -p "$tmp" 2> "$tmp/nginx-start.log" &
ng_pid=$!

declare -A port pid rps ngrps p99s cpus
load_before=$(load)
for scale in $SCALES; do
	if [ -n "$PG" ]; then
		db=$PG/tv_scale_$scale
		note psql "$PG/postgres" -c "CREATE DATABASE tv_scale_$scale"
		PGOPTIONS='-c client_min_messages=warning' psql -X -q "$PG/postgres" \
			-c "DROP DATABASE IF EXISTS tv_scale_$scale" -c "CREATE DATABASE tv_scale_$scale"
	else
		db=$tmp/scale-$scale.db
	fi
	# The files of the demo's materials beside the database (PostgreSQL
	# has no directory of its own for them).
	export TUKIVERKKO_FILES_DIR=$tmp/files-$scale
	# The reminders and thanks the generated events are due are spooled
	# once, not retried every minute into a folder that is not there.
	export TUKIVERKKO_MAIL_SPOOL=$tmp/mail
	note "$bin" demo --db "$db"
	"$bin" demo --db "$db" > "$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; exit 1; }
	if [ "$scale" != 0 ]; then
		note "$bin" demo --db "$db" --scale "$scale"
		"$bin" demo --db "$db" --scale "$scale" > "$tmp/demo.log" 2>&1 ||
			{ cat "$tmp/demo.log" >&2; exit 1; }
	fi
	port[$scale]=$(free_port)
	args=(serve --listen "127.0.0.1:${port[$scale]}" --db "$db" --static static
		--connections-per-address 0 --page-cache-ms 0 --access-log off)
	note "$bin" "${args[@]}"
	"$bin" "${args[@]}" > "$out/serve-$scale.log" 2>&1 &
	tv_pids+=($!)
	pid[$scale]=$!
	wait_http "http://127.0.0.1:${port[$scale]}/healthz" ||
		{ echo "bench: tukiverkko did not come up" >&2; tail "$out/serve-$scale.log" >&2; exit 1; }
	for page in "${PAGES[@]}"; do
		copy=$tmp/www/s$scale${page%/}
		mkdir -p "$copy"
		curl -sf -o "$copy/index.html" "http://127.0.0.1:${port[$scale]}$page"
	done
done
chmod -R a+rX "$tmp"
wait_http "http://127.0.0.1:$ng_port/s${SCALES%% *}${PAGES[0]%/}/" ||
	{ echo "bench: nginx did not come up" >&2; cat "$tmp/nginx-start.log" >&2; exit 1; }
last=${SCALES##* }
for round in $(seq "$ROUNDS"); do
	for page in "${PAGES[@]}"; do
		f=$out/wrk-$round-$(echo "$page" | tr / _)
		for scale in $SCALES; do
			url="http://127.0.0.1:${port[$scale]}$page"
			[ "$round" = 1 ] && note wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url"
			wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$url" > /dev/null
			c0=$(cpu_s "${pid[$scale]}")
			wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url" > "$f-$scale.txt"
			rps[$page|$scale]+=" $(awk '/^Requests\/sec:/ {printf "%d", $2}' "$f-$scale.txt")"
			cpus[$page|$scale]+=" $(awk -v a="$c0" -v b="$(cpu_s "${pid[$scale]}")" \
				-v n="$(awk '/requests in/ {print $1}' "$f-$scale.txt")" \
				'BEGIN {printf "%d", n ? (b - a) * 1e6 / n : 0}')"
			p99s[$page|$scale]+=" $(p99 "$f-$scale.txt")"
		done
		# nginx with the bytes of the largest scale's page.
		ngrps[$page]+=" $(wrk_rps "http://127.0.0.1:$ng_port/s$last${page%/}/" "$f-nginx.txt")"
	done
done
load_after=$(load)

echo
echo "## Public pages by data size, uncached, $([ -n "$PG" ] && echo PostgreSQL || echo SQLite) - wrk -t$THREADS -c$CONNS -d$DURATION ($(date -u +%Y-%m-%dT%H:%MZ))"
echo
echo "Machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1);" \
	"wrk, tukiverkko and nginx on the same cores. Load average before: $load_before; after: $load_after."
echo "tukiverkko $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?') ($bin);" \
	"$(nginx -v 2>&1 | sed 's/^nginx version: //'). A scale unit: 100 events, 100 materials, 20 news posts, 200 audit records, 100 service points (tukiverkko --help)."
echo
echo "| page | scale | body bytes | req/s (median of $ROUNDS) | p99 (median) | server CPU µs/request (median) | vs. scale ${SCALES%% *} | nginx, same bytes, req/s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
first=${SCALES%% *}
for page in "${PAGES[@]}"; do
	base=$(echo "${rps[$page|$first]}" | median)
	for scale in $SCALES; do
		m=$(echo "${rps[$page|$scale]}" | median)
		echo "| $page | $scale | $(stat -c %s "$tmp/www/s$scale${page%/}/index.html") | $m |" \
			"$(echo "${p99s[$page|$scale]}" | median) ms |" \
			"$(echo "${cpus[$page|$scale]}" | median) |" \
			"$(awk -v a="$m" -v b="$base" 'BEGIN {printf "%.2f", b ? a / b : 0}') |" \
			"$( [ "$scale" = "$last" ] && echo "${ngrps[$page]}" | median) |"
	done
done
print_commands
echo "Raw wrk output: $out/"
