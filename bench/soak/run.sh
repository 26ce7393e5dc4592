#!/bin/bash
# The soak (#11): /healthz latency while 300 slow clients, 12 concurrent
# sign-ins and an anonymous upload flood run, on loopback only and for a
# bounded time (bench/soak/soak.mjs says what each does).  The server runs
# with its defaults (connections_per_address 64, timeout 30 s,
# password_cost moderate, the default pool) on a fresh demo database.
#
#   bench/soak/run.sh
#
# env: SECONDS_LOAD (30 s of load), PROBE_BEFORE (5 s of /healthz alone
#      first), SLOW (300), SIGNINS (12), UPLOADERS (16),
#      BUILD (build-release), TUKIVERKKO_BIN (skip the build),
#      SERVE_ARGS (more `serve` options)
#
# Output: the figures as JSON, the server's peak memory and CPU time, the
# load average before and after, and the commands; the server's log in
# build/bench/soak-serve.log.  Everything runs on this machine: the
# load generator (one node process) shares the cores with the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

BUILD=${BUILD:-build-release}
for tool in curl node; do
	command -v "$tool" > /dev/null || { echo "soak: $tool not found" >&2; exit 1; }
done

bench_bin soak

out=build/bench
mkdir -p "$out"
tmp=$(mktemp -d /tmp/tukiverkko-soak.XXXXXX)
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

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
url="http://127.0.0.1:$port"
email=soak@example.fi	# soak0@example.fi ... one account per sign-in worker
password="soak password $RANDOM$RANDOM"

note "$bin" demo --db "$tmp/soak.db"
"$bin" demo --db "$tmp/soak.db" > "$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; exit 1; }
for i in $(seq 0 $(( ${SIGNINS:-12} - 1 ))); do
	printf '%s\n' "$password" | "$bin" user add "${email/@/$i@}" --role supporter \
		--name "Soak $i" --password-stdin --db "$tmp/soak.db" > /dev/null
done

args=(serve --listen "127.0.0.1:$port" --db "$tmp/soak.db" --static static
	--mail-spool "$tmp/spool" --files-dir "$tmp/files" --access-log off)
# shellcheck disable=SC2206
[ -n "${SERVE_ARGS:-}" ] && args+=($SERVE_ARGS)
note "$bin" "${args[@]}"
"$bin" "${args[@]}" > "$out/soak-serve.log" 2>&1 &
tv_pid=$!
for _ in $(seq 500); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz" || true)" = 200 ] && break
	sleep 0.02
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
note PORT="$port" EMAIL="$email" PASSWORD=... node bench/soak/soak.mjs
PORT=$port EMAIL=$email PASSWORD=$password node bench/soak/soak.mjs > "$tmp/result.json"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
hwm=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/$tv_pid/status")
cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$tv_pid/stat")

cat "$tmp/result.json"
echo "server: peak RSS $hwm, CPU ${cpu} s in all"
echo "load average (1, 5, 15 min): before $load_before, after $load_after; $(nproc) CPUs"
echo "commands:"
printf '  %s\n' "${cmds[@]}"
