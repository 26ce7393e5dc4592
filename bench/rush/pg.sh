#!/bin/bash
# The registration rush on PostgreSQL (issue 14), side by side with SQLite
# in the same run: the same client (bench/rush/rush.c) and event as
# bench/rush/run.sh, against
#   1. one server on a SQLite file,
#   2. one server on PostgreSQL,
#   3. two servers on the same PostgreSQL database behind nginx, which sends
#      an event's requests to one server (the hash of its id, as
#      docs/deploy.md does; LB=rr: round robin), and, when asked
#      (pg-one-lb), one server behind the same nginx.
# After each run the database is checked by the same verifier: exactly 300
# confirmed, the rest waiting in one unbroken queue, no duplicates, every
# acknowledged registration there.  A PostgreSQL database is first copied
# into a SQLite file with `tukiverkko copy-db` (which verifies every table
# itself), and the verifier reads the copy.
#
# The PostgreSQL cluster is private to the run (initdb in a temporary
# directory, 127.0.0.1, a free port) and durable as in production:
# fsync=on, synchronous_commit=on, full_page_writes=on.
#
#   bench/rush/pg.sh
#
# Besides the servers' CPU per registration, the PostgreSQL cluster's
# (the postmaster and every backend, read from /proc like the servers'):
# the two figures the other processes on a shared box do not inflate.
#
# With STATEMENTS=1 also the statements PostgreSQL ran per registration
# (pg_stat_statements: every statement of the run's database, BEGIN and
# COMMIT included, counted by calls), a figure the load of a shared box
# does not change at all, and the costliest statements with their calls
# and execution time per registration (planning not counted); the
# extension costs each statement a little, so compare runs made alike.
# Also the WAL written per registration (pg_stat_wal, the whole cluster's:
# the rush is all that writes).
#
# With EXPLAIN=1 the cluster logs every statement's plan with what it did
# (auto_explain: log_analyze, log_nested_statements, log_triggers), the
# foreign keys' checks included, into build/bench/rush-pg-explain.log: a
# diagnosis, slow, no figure of it to compare.
#
# With PERF=1 `perf record -g` samples the cluster's processes (those
# running a second into each PostgreSQL rush) into
# build/bench/rush-pg-NAME.perf, and the servers into
# build/bench/rush-servers-NAME.perf; `perf report -i FILE` reads them.
#
# env: CLIENTS (5000), CONC (256), THREADS (0: the server's default),
#      BUILD (build-release), TUKIVERKKO_BIN (skip the build),
#      ONLY (run only these of sqlite, pg-one, pg-one-lb, pg-two; default
#      sqlite pg-one pg-two),
#      STATEMENTS (0; 1: count statements), EXPLAIN (0), PERF (0),
#      LB (event: an event's requests to one server; rr: round robin)
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

CLIENTS=${CLIENTS:-5000}
CONC=${CONC:-256}
THREADS=${THREADS:-0}
BUILD=${BUILD:-build-release}
STATEMENTS=${STATEMENTS:-0}
EXPLAIN=${EXPLAIN:-0}
PERF=${PERF:-0}
LB=${LB:-event}
CAPACITY=300
EVENT=2
PG_BIN=/usr/lib/postgresql/15/bin

for tool in cc curl psql nginx node "$PG_BIN/initdb"; do
	command -v "$tool" > /dev/null || { echo "rush-pg: $tool not found" >&2; exit 1; }
done

bench_bin rush-pg
out=build/bench
mkdir -p "$out"
rush=$out/rush
cc -O2 -Wall -Wextra -o "$rush" bench/rush/rush.c -lcurl -lsqlite3 -lsodium

tmp=$(mktemp -d /tmp/tukiverkko-rushpg.XXXXXX)
chmod 755 "$tmp"
pids=()
PG_AS=()
[ "$(id -u)" = 0 ] && PG_AS=(runuser -u postgres --) && chown postgres "$tmp"
cleanup() {
	set +e
	for p in "${pids[@]}"; do kill -TERM "$p" 2> /dev/null; wait "$p" 2> /dev/null; done
	[ -f "$tmp/nginx.pid" ] && kill -QUIT "$(cat "$tmp/nginx.pid")" 2> /dev/null
	[ "$EXPLAIN" = 1 ] && cp "$tmp/pg.log" "$out/rush-pg-explain.log"
	[ -d "$tmp/pg" ] && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$tmp/pg" -m fast -w stop > /dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_port=$(free_port)
pg_opts=
preload=()
[ "$STATEMENTS" = 1 ] && preload+=(pg_stat_statements) && pg_opts="-c pg_stat_statements.max=1000"
[ "$EXPLAIN" = 1 ] && preload+=(auto_explain) && pg_opts="$pg_opts -c auto_explain.log_min_duration=0 \
	-c auto_explain.log_analyze=on -c auto_explain.log_nested_statements=on -c auto_explain.log_triggers=on"
[ ${#preload[@]} -gt 0 ] && pg_opts="$pg_opts -c shared_preload_libraries=$(IFS=,; echo "${preload[*]}")"
"${PG_AS[@]}" "$PG_BIN/initdb" -D "$tmp/pg" -A trust -U tv -E UTF8 --locale=C.UTF-8 > "$tmp/initdb.log"
"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w -o "-c listen_addresses=127.0.0.1 \
	-c port=$pg_port -c unix_socket_directories=$tmp -c max_connections=200 -c fsync=on \
	-c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB $pg_opts" start > /dev/null
PG="postgresql://tv@127.0.0.1:$pg_port"
[ "$STATEMENTS" = 1 ] && psql -X -q "$PG/postgres" -c "CREATE EXTENSION pg_stat_statements"

# fresh NAME: the demo with event 2 open, 300 seats, nobody registered;
# prints the target.
fresh() {
	local target=$tmp/$1.db
	if [ "$2" = pg ]; then
		psql -X -q "$PG/postgres" -c "CREATE DATABASE $1"
		target=$PG/$1
	fi
	TUKIVERKKO_FILES_DIR=$tmp/files "$bin" demo --db "$target" > "$tmp/demo-$1.log" 2>&1
	local sql="DELETE FROM registration WHERE event_id = $EVENT;
		UPDATE event SET capacity = $CAPACITY, status = 'published',
		registration_opens = $(($(date +%s) - 3600)), registration_closes = NULL WHERE id = $EVENT;"
	if [ "$2" = pg ]; then psql -X -q "$target" -c "$sql"; else sqlite3 "$target" "$sql"; fi
	echo "$target"
}

# serve TARGET: a server; sets port, records its pid.  Each database has
# a spool of its own: a message is a file, and a folder that an earlier
# run filled with thousands makes every new file dearer to create (ext4's
# inode search): the last run paid for the others'.
serve() {
	port=$(free_port)
	TUKIVERKKO_FILES_DIR=$tmp/files "$bin" serve --listen "127.0.0.1:$port" --db "$1" --static static \
		--mail-spool "$tmp/spool-${1##*/}" --threads "$THREADS" --access-log off \
		--connections-per-address 0 --registrations-per-address 0 >> "$out/rush-pg-serve.log" 2>&1 &
	pids+=($!)
	wait_http "http://127.0.0.1:$port/healthz" || { echo "rush-pg: a server did not come up" >&2; tail "$out/rush-pg-serve.log" >&2; exit 1; }
}

# nginx_front PORT UPSTREAM...: nginx on PORT, round robin over the
# servers on the UPSTREAM ports.
nginx_front() {
	local port=$1 up="" p route=""
	shift
	for p in "$@"; do up="$up server 127.0.0.1:$p;"; done
	[ "$LB" = event ] && route=" hash \$tv_route consistent;"
	# The nginx of an earlier configuration in this run goes first.
	if [ -f "$tmp/nginx.pid" ]; then
		kill -QUIT "$(cat "$tmp/nginx.pid")" 2> /dev/null
		while [ -f "$tmp/nginx.pid" ]; do sleep 0.05; done
	fi
	cat > "$tmp/nginx.conf" <<EOF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx-body;
  proxy_temp_path $tmp/nginx-proxy;
  fastcgi_temp_path $tmp/nginx-fastcgi;
  uwsgi_temp_path $tmp/nginx-uwsgi;
  scgi_temp_path $tmp/nginx-scgi;
  # LB=event (docs/deploy.md): an event's pages and registrations to one
  # server, chosen by the event's id; LB=rr: round robin.
  map \$uri \$tv_route {
    "~^/[a-z][a-z]/events/(?<ev>[0-9]+)" \$ev;
    default \$request_uri;
  }
  upstream tv {$route$up keepalive 64; }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://tv;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
}
EOF
	nginx -c "$tmp/nginx.conf" -p "$tmp"
	wait_http "http://127.0.0.1:$port/healthz"
}

fields=(--field q-1=yes --field consent=1 --field group_size=1)

# pg_cpu: the CPU seconds of the cluster's processes (postmaster and
# children); 0 before the cluster runs.
pg_cpu() {
	local pm t=0 p
	[ -f "$tmp/pg/postmaster.pid" ] || { echo 0; return; }
	pm=$(head -n 1 "$tmp/pg/postmaster.pid")
	for p in $pm $(pgrep -P "$pm"); do
		[ -r "/proc/$p/stat" ] && t=$(awk -v a="$t" -v b="$(cpu_s "$p" 2> /dev/null || echo 0)" 'BEGIN{print a+b}')
	done
	echo "$t"
}

# rush NAME URL TARGET SERVER-PIDS...: the rush, the CPU the servers (and
# PostgreSQL) used, the check.
run_rush() {
	local name=$1 url=$2 target=$3 check
	shift 3
	local load load1 cpu0=0 cpu1=0 p pg0 pg1
	load=$(cut -d' ' -f1 /proc/loadavg)
	pg0=$(pg_cpu)
	[[ $STATEMENTS == 1 && $target == postgresql://* ]] && psql -X -q -A -t "$PG/postgres" -c "SELECT pg_stat_statements_reset(), pg_stat_reset_shared('wal')" > /dev/null
	for p in "$@"; do cpu0=$(awk -v a="$cpu0" -v b="$(cpu_s "$p")" 'BEGIN{print a+b}'); done
	if [[ $PERF == 1 && $target == postgresql://* ]]; then
		(sleep 1; pm=$(head -n 1 "$tmp/pg/postmaster.pid")
		exec perf record -q -g -o "$out/rush-pg-$name.perf" -p "$(pgrep -d, -P "$pm")" > /dev/null 2>&1) &
		perf_pid=$!
		(sleep 1; exec perf record -q -g -o "$out/rush-servers-$name.perf" -p "$(IFS=,; echo "$*")" > /dev/null 2>&1) &
		perf_tv_pid=$!
	fi
	"$rush" --url "$url" --event $EVENT --clients "$CLIENTS" --concurrency "$CONC" "${fields[@]}" \
		--acked "$tmp/$name-acked.txt" | tee "$out/rush-$name.txt"
	for p in "$@"; do cpu1=$(awk -v a="$cpu1" -v b="$(cpu_s "$p")" 'BEGIN{print a+b}'); done
	pg1=$(pg_cpu)
	if [ -n "${perf_pid:-}" ]; then
		kill -INT "$perf_pid" "$perf_tv_pid" 2> /dev/null
		wait "$perf_pid" "$perf_tv_pid" 2> /dev/null || true
		perf_pid= perf_tv_pid=
	fi
	load1=$(cut -d' ' -f1 /proc/loadavg)
	{
		echo "load average before: $load, after: $load1"
		awk -v a="$cpu0" -v b="$cpu1" -v n="$CLIENTS" 'BEGIN {printf "servers CPU %.2f s: %.0f us per registration\n", b - a, (b - a) * 1e6 / n}'
		if [[ $target == postgresql://* ]]; then
			awk -v a="$pg0" -v b="$pg1" -v n="$CLIENTS" 'BEGIN {printf "PostgreSQL CPU %.2f s: %.0f us per registration\n", b - a, (b - a) * 1e6 / n}'
			if [ "$STATEMENTS" = 1 ]; then
				psql -X -q -A -t -F ' ' "$PG/postgres" -c "SELECT sum(calls), sum(rows) FROM pg_stat_statements
					WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '${target##*/}')" |
					awk -v n="$CLIENTS" '{printf "PostgreSQL statements %d: %.2f per registration (%d rows)\n", $1, $1 / n, $2}'
				# Transactions: the COMMITs (utility statements are
				# counted, pg_stat_statements.track_utility).
				psql -X -q -A -t "$PG/postgres" -c "SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements
					WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '${target##*/}') AND query ILIKE 'COMMIT%'" |
					awk -v n="$CLIENTS" '{printf "PostgreSQL transactions %d: %.3f per registration\n", $1, $1 / n}'
				psql -X -q -A -t -F ' ' "$PG/postgres" -c "SELECT wal_records, wal_fpi, wal_bytes, wal_sync FROM pg_stat_wal" |
					awk -v n="$CLIENTS" '{printf "PostgreSQL WAL %.1f records, %.2f full pages, %.0f bytes per registration; %d syncs\n", $1 / n, $2 / n, $3 / n, $4}'
				psql -X -q -A -t -F '|' "$PG/postgres" -c "SELECT calls, total_exec_time, left(regexp_replace(query, '\s+', ' ', 'g'), 80)
					FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '${target##*/}')
					ORDER BY total_exec_time DESC LIMIT 14" |
					awk -F '|' -v n="$CLIENTS" '{printf "  %6.2f %5.0f us  %s\n", $1 / n, $2 * 1000 / n, $3}'
			fi
		fi
	} | tee -a "$out/rush-$name.txt"
	stop_servers
	check=$target
	if [[ $target == postgresql://* ]]; then
		check=$tmp/$name-copy.db
		"$bin" copy-db "$target" "$check" > "$tmp/copy-$name.log" 2>&1 || { cat "$tmp/copy-$name.log" >&2; exit 1; }
		echo "copy-db: $(tail -n 1 "$tmp/copy-$name.log")" | tee -a "$out/rush-$name.txt"
	fi
	"$rush" --verify --db "$check" --event $EVENT --capacity $CAPACITY --acked "$tmp/$name-acked.txt" | tee -a "$out/rush-$name.txt"
}

stop_servers() {
	local p
	for p in "${pids[@]}"; do kill -TERM "$p" 2> /dev/null; wait "$p" 2> /dev/null || true; done
	pids=()
}

echo "== rush: $CLIENTS clients, $CONC at a time, $CAPACITY seats ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
ONLY=${ONLY:-sqlite pg-one pg-two}
ran=()

if [[ " $ONLY " == *" sqlite "* ]]; then
	echo
	echo "-- 1. SQLite, one server"
	t=$(fresh sqlite sqlite)
	serve "$t"
	run_rush sqlite "http://127.0.0.1:$port" "$t" "${pids[@]}"
	ran+=(sqlite)
fi

if [[ " $ONLY " == *" pg-one "* ]]; then
	echo
	echo "-- 2. PostgreSQL, one server"
	t=$(fresh one pg)
	serve "$t"
	run_rush pg-one "http://127.0.0.1:$port" "$t" "${pids[@]}"
	ran+=(pg-one)
fi

# One server behind the same nginx: what the two servers are measured
# against, the proxy's work on the same two cores being in both.
if [[ " $ONLY " == *" pg-one-lb "* ]]; then
	echo
	echo "-- 2b. PostgreSQL, one server behind nginx"
	t=$(fresh onelb pg)
	serve "$t"
	lb=$(free_port)
	nginx_front "$lb" "$port"
	run_rush pg-one-lb "http://127.0.0.1:$lb" "$t" "${pids[@]}"
	ran+=(pg-one-lb)
fi

if [[ " $ONLY " == *" pg-two "* ]]; then
	echo
	echo "-- 3. PostgreSQL, two servers behind nginx"
	t=$(fresh two pg)
	serve "$t"
	a=$port
	serve "$t"
	b=$port
	lb=$(free_port)
	nginx_front "$lb" "$a" "$b"
	run_rush pg-two "http://127.0.0.1:$lb" "$t" "${pids[@]}"
	ran+=(pg-two)
fi
for name in "${ran[@]}"; do
	grep -q "CHECK PASSED" "$out/rush-$name.txt"
done
