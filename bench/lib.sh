# bench/lib.sh - what the benchmark scripts share; sourced from the
# repository's root after `set -euo pipefail`.
#
#   note CMD...      record a command that matters (printed in the report)
#   bench_bin NAME   set bin: $TUKIVERKKO_BIN, or a release build in $BUILD
#                    (build-release by default); NAME prefixes the error
#   free_port        print a free TCP port on 127.0.0.1
#   wait_http URL    wait up to 10 s for URL to answer 200
#   cpu_s PID        CPU seconds (user + system) process PID has used
#   load             the load average over 1, 5 and 15 minutes
#   wrk_rps URL FILE wrk against URL for $WARMUP, then for $DURATION with
#                    --latency ($THREADS threads, $CONNS connections), its
#                    output in FILE: print the requests a second
#   pct N FILE       the N-th percentile (50, 75, 90, 99) of wrk --latency's
#                    output in FILE, in ms ("812.00us", "1.23ms", "1.01s")
#   p99 FILE         pct 99 FILE
#   median           the median of the numbers on stdin (spaces or lines)
#   print_commands   the commands noted, as a fenced block after a blank line

cmds=()
note() { cmds+=("$*"); }

bench_bin() {
	local build=${BUILD:-build-release}
	if [ -n "${TUKIVERKKO_BIN:-}" ]; then
		bin=$TUKIVERKKO_BIN
	else
		if [ ! -f "$build/build.ninja" ]; then
			note meson setup "$build" --buildtype=release -Dtests=false
			meson setup "$build" --buildtype=release -Dtests=false > /dev/null
		fi
		note ninja -C "$build"
		ninja -C "$build" > /dev/null
		bin=$build/tukiverkko
	fi
	[ -x "$bin" ] || { echo "$1: $bin not found" >&2; exit 1; }
}

free_port() {
	node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

wait_http() {
	for _ in $(seq 500); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
		sleep 0.02
	done
	return 1
}

cpu_s() {
	awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

wrk_rps() {
	wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$1" > /dev/null
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$1" > "$2"
	awk '/^Requests\/sec:/ {printf "%d", $2}' "$2"
}

pct() {
	awk -v p="$1%" '$1 == p { v = $2; n = v + 0
		if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000
		printf "%.2f", n }' "$2"
}

p99() { pct 99 "$1"; }

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

print_commands() {
	echo
	echo "Commands:"
	echo '```'
	printf '%s\n' "${cmds[@]}"
	echo '```'
}
