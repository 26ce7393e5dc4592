# bench/lib.sh - what the benchmark scripts share; sourced from the
# repository's root after `set -euo pipefail`.
#
#   note CMD...      record a command that matters (printed in the report)
#   bench_bin NAME   set bin: $TUKIVERKKO_BIN, or a release build in $BUILD
#                    (build-release by default); NAME prefixes the error
#   free_port        print a free TCP port on 127.0.0.1
#   wait_http URL    wait up to 10 s for URL to answer 200
#   cpu_s PID        CPU seconds (user + system) process PID has used

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
