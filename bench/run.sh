#!/bin/bash
# Throughput and latency of tukiverkko's public pages, side by side with
# nginx serving the same front-page bytes as a static file.
#
#   bench/run.sh                       /fi/ and /healthz, plus the nginx copy
#   bench/run.sh /fi/municipalities    other paths (the nginx copy is always /fi/)
#
# env: DURATION (default 10s), CONNS (64), THREADS (2), WARMUP (2s),
#      BUILD (build-release), TUKIVERKKO_BIN (skip the build, use this binary),
#      SERVE_ARGS (more `serve` options, e.g. "--page-cache-ms 0" to measure
#      every request rendered from the database)
#
# Builds a release binary, loads the demo data into a temp DB, starts the
# server and nginx on free loopback ports, runs wrk against each URL, prints
# a markdown table and the exact commands, and tears everything down. wrk
# and the servers share this machine's cores, so the figures are a lower
# bound for a dedicated server. Raw wrk output is kept in build/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
repo=$(pwd)

DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-2s}
BUILD=${BUILD:-build-release}
PATHS=("$@")
[ ${#PATHS[@]} -gt 0 ] || PATHS=(/fi/ /healthz)

for tool in wrk nginx curl node; do
	command -v "$tool" > /dev/null || { echo "bench: $tool not found (scripts/deps.sh test)" >&2; exit 1; }
done

bench_bin bench

tmp=$(mktemp -d /tmp/tukiverkko-bench.XXXXXX)
out=build/bench
mkdir -p "$out"
tv_pid="" ng_pid=""
cleanup() {
	set +e
	if [ -n "$tv_pid" ] && kill -0 "$tv_pid" 2> /dev/null; then
		kill -TERM "$tv_pid"; wait "$tv_pid" 2> /dev/null
	fi
	if [ -n "$ng_pid" ] && kill -0 "$ng_pid" 2> /dev/null; then
		kill -QUIT "$ng_pid"; wait "$ng_pid" 2> /dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# alive: stop with the server's log when tukiverkko or nginx has died.
alive() {
	if [ -n "$tv_pid" ] && ! kill -0 "$tv_pid" 2> /dev/null; then
		wait "$tv_pid"
		echo "bench: tukiverkko died (exit status $?); log in $out/serve.log:" >&2
		tail -n 30 "$out/serve.log" >&2
		exit 1
	fi
	if [ -n "$ng_pid" ] && ! kill -0 "$ng_pid" 2> /dev/null; then
		echo "bench: nginx died:" >&2
		cat "$tmp/nginx-error.log" >&2
		exit 1
	fi
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# --- tukiverkko -------------------------------------------------------------
note "$bin" demo --db "$tmp/bench.db"
"$bin" demo --db "$tmp/bench.db" > "$tmp/demo.log" 2>&1 ||
	{ cat "$tmp/demo.log" >&2; exit 1; }

tv_port=$(free_port)
# wrk's connections all come from 127.0.0.1: no per-address limit.
serve_args=(serve --listen "127.0.0.1:$tv_port" --db "$tmp/bench.db" --static static
	--connections-per-address 0)
# shellcheck disable=SC2206
[ -n "${SERVE_ARGS:-}" ] && serve_args+=($SERVE_ARGS)
if "$bin" serve --help 2>&1 | grep -q -- '--access-log'; then
	serve_args+=(--access-log off)
fi
note "$bin" "${serve_args[@]}"
t0=$(date +%s%N)
"$bin" "${serve_args[@]}" > "$out/serve.log" 2>&1 &
tv_pid=$!
wait_http "http://127.0.0.1:$tv_port/healthz" ||
	{ echo "bench: tukiverkko did not come up" >&2; tail -n 20 "$out/serve.log" >&2; exit 1; }
cold_ms=$((($(date +%s%N) - t0) / 1000000))
rss_idle=$(rss_kb "$tv_pid")

# --- nginx with the same front page as a static file ------------------------
mkdir -p "$tmp/www/fi"
curl -sf -o "$tmp/www/fi/index.html" "http://127.0.0.1:$tv_port/fi/"
page_bytes=$(stat -c %s "$tmp/www/fi/index.html")
chmod -R a+rX "$tmp"   # nginx workers run as an unprivileged user
ng_port=$(free_port)
sed -e "s|@TMP@|$tmp|g" -e "s|@PORT@|$ng_port|g" bench/nginx.conf > "$tmp/nginx.conf"
note nginx -c "$tmp/nginx.conf" -p "$tmp"   "# bench/nginx.conf with @TMP@=$tmp @PORT@=$ng_port"
nginx -c "$tmp/nginx.conf" -p "$tmp" 2> "$tmp/nginx-start.log" &
ng_pid=$!
wait_http "http://127.0.0.1:$ng_port/fi/" ||
	{ echo "bench: nginx did not come up" >&2; cat "$tmp/nginx-start.log" "$tmp/nginx-error.log" >&2 2> /dev/null; exit 1; }
cmp -s "$tmp/www/fi/index.html" <(curl -s "http://127.0.0.1:$ng_port/fi/") ||
	{ echo "bench: nginx does not serve the same bytes" >&2; exit 1; }

# --- load -------------------------------------------------------------------
targets=()
for p in "${PATHS[@]}"; do targets+=("tukiverkko $p|http://127.0.0.1:$tv_port$p"); done
targets+=("nginx static copy of /fi/|http://127.0.0.1:$ng_port/fi/")

# to_ms VALUE: wrk's "812.00us" / "1.23ms" / "1.01s" in milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
		printf "%.2f", n }'
}

rows=()
i=0
for t in "${targets[@]}"; do
	name=${t%%|*} url=${t#*|}
	i=$((i + 1))
	alive
	wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$url" > /dev/null
	note wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url"
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url" > "$out/wrk-$i.txt"
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$out/wrk-$i.txt")
	xfer=$(awk '/^Transfer\/sec:/ {print $2}' "$out/wrk-$i.txt")
	p50=$(awk '$1 == "50%" {print $2}' "$out/wrk-$i.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$out/wrk-$i.txt")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out/wrk-$i.txt")
	sockerr=$(sed -n 's/^ *Socket errors: *//p' "$out/wrk-$i.txt")
	alive
	bytes=$(curl -s -o /dev/null -w '%{size_download}' "$url")
	errs=${non2xx:+$non2xx non-2xx}
	[ -n "$sockerr" ] && errs="${errs:+$errs; }socket $sockerr"
	rows+=("| $name | $bytes | ${rps%.*} | $(to_ms "$p50") | $(to_ms "$p99") | $xfer | ${errs:-0} |")
done
alive
rss_after=$(rss_kb "$tv_pid")

# --- report -----------------------------------------------------------------
echo
echo "## tukiverkko vs nginx — wrk -t$THREADS -c$CONNS -d$DURATION ($(date -u +%Y-%m-%dT%H:%MZ))"
echo
echo "Machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1);" \
	"$(free -g | awk '/^Mem:/ {print $2}') GiB RAM; wrk, tukiverkko and nginx on the same cores."
echo "tukiverkko $("$bin" --version 2>/dev/null | head -n 1 || true) ($bin, $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'));" \
	"$(nginx -v 2>&1 | sed 's/^nginx version: //'); $(wrk -v 2>&1 | head -n 1 | awk '{print $1, $2}')."
echo
echo "| target | body bytes | req/s | p50 ms | p99 ms | transfer/s | errors |"
echo "|---|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Front page /fi/: $page_bytes bytes. tukiverkko cold start to first healthy /healthz:" \
	"${cold_ms} ms (demo data); RSS idle $((rss_idle / 1024)) MB, after the load $((rss_after / 1024)) MB."
echo
echo "Commands:"
echo '```'
printf '%s\n' "${cmds[@]}"
echo '```'
echo "Raw wrk output: $out/wrk-*.txt; server log: $out/serve.log"
