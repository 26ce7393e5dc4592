#!/bin/bash
# Runs every test suite in order, going on after a failing one, and sums up.
#
#   tests/run-all.sh              all suites: boundary unit-asan+fuzz
#                                 http-asan+unit-pg http-pg browser browser-pg
#                                 (unit, the unit tests of the plain build,
#                                 and http run only when named)
#   tests/run-all.sh http browser only these; a+b runs a and b side by side
#
# The -pg suites run the same test files against PostgreSQL: a private
# cluster (initdb in a temporary directory, 127.0.0.1 on a free port, the
# Debian postgresql-15 binaries) started before the first of them and
# stopped and removed at the end, also on failure or interrupt.  One demo
# database is built in it as the template every test server copies.
# env: TUKIVERKKO_BIN (binary for http/browser, default build/tukiverkko),
#      FUZZ_SECONDS (the fuzz suite runs 7 x FUZZ_SECONDS in all, split
#      among its targets: tests/fuzz/run.sh; default 15),
#      TUKIVERKKO_SCREENS=1 (the browser tests' screenshots, into
#      build/test-logs/screens/; none otherwise)
#
# Per suite it prints "== NAME: N passed, N failed[, N skipped]" and, when the
# suite failed, the tail of its log (build/test-logs/NAME.log). The very last
# line is the total, "N passed, N failed[, N skipped]". Exit status 1 when
# anything failed or nothing ran at all.
#
# A suite that is missing, that cannot be built, whose output cannot be
# parsed, or that ran no test counts as one failure: nothing passes silently.
set -u
cd "$(dirname "$0")/.."

LOGS=build/test-logs
mkdir -p "$LOGS"
: > "$LOGS/digest.txt"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Lets the tests' servers and CLI runs use password_cost test (libsodium's
# minimum argon2id cost; src/auth/password.h), as tests/lib/server.mjs does.
export TUKIVERKKO_TEST_SUITE=1
SAN_ENV=(ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1)
FUZZ_SECONDS=${FUZZ_SECONDS:-15}
# The binary for the http and browser suites (http-asan always uses build-asan/).
BIN=${TUKIVERKKO_BIN:-build/tukiverkko}
TAIL_LINES=${TAIL_LINES:-40}

# The HTTP and browser suites keep both cores busy on their own: beside
# each other (tried in every pairing) each took twice as long or more, and
# tests missed their own time limits (a sign-in in 10 s).  The fuzzers run
# beside the sanitizer build and its unit tests, and the few unit tests of
# the PostgreSQL backend (5 s of CPU) beside http-asan, which starts the
# cluster for them and the -pg suites after them.
# The unit and HTTP tests run once on SQLite, against the ASan+UBSan build
# (unit-asan, http-asan): the plain build's runs (suites unit and http, by
# hand) check nothing those do not, and the plain build is what http-pg
# and the browser suites run, so make test builds only its binary.
ALL_SUITES=(boundary unit-asan+fuzz http-asan+unit-pg http-pg browser browser-pg)
if [ $# -gt 0 ]; then SUITES=("$@"); else SUITES=("${ALL_SUITES[@]}"); fi

total_pass=0 total_fail=0 total_skip=0
# Set by each suite function: counts, and a note when something went wrong
# beyond failing tests.
pass=0 fail=0 skip=0 note=""

# log NAME: the suite's log file.
log() { echo "$LOGS/$1.log"; }

# run_logged LOG SECONDS CMD...: runs CMD with output appended to LOG, killed
# after SECONDS; returns its exit status (124 on timeout).
run_logged() {
	local logf=$1 secs=$2
	shift 2
	echo "\$ $*" >> "$logf"
	timeout -k 10 "$secs" "$@" >> "$logf" 2>&1 < /dev/null
	local rc=$?
	[ $rc = 124 ] && echo "run-all: TIMEOUT after ${secs}s: $*" >> "$logf"
	return $rc
}

# meson_counts LOG BUILDDIR: pass/fail/skip per test case (cmocka cases
# counted one by one, see tests/lib/meson-counts.mjs), after checking that
# meson printed its summary at all.
meson_counts() {
	local logf=$1 dir=$2 counts
	if ! grep -q '^Ok: ' "$logf"; then
		if grep -q 'No tests defined' "$logf"; then note="meson: no tests defined"
		else note="no meson test summary in the log"; fi
		return 1
	fi
	counts=$(node tests/lib/meson-counts.mjs "$dir") || { note="cannot read $dir/meson-logs/testlog.json"; return 1; }
	read -r pass fail skip <<< "$counts"
}

# tap_counts LOG: pass/fail/skip from the "# pass N" lines of node's TAP reporter.
tap_counts() {
	local logf=$1 p f c s t
	num() { sed -n "s/^# $1 \([0-9][0-9]*\)$/\1/p" "$logf" | tail -n 1; }
	p=$(num pass) f=$(num fail) c=$(num cancelled) s=$(num skipped) t=$(num todo)
	if [ -z "$p" ] || [ -z "$f" ]; then
		note="no TAP summary in the log"
		return 1
	fi
	pass=$p fail=$((f + ${c:-0})) skip=$((${s:-0} + ${t:-0}))
}

# meson_suite NAME BUILDDIR [SETUP-ARGS...]: configure if needed, build, test
# the meson suites MESON_TEST_ARGS selects (default: all but the live
# PostgreSQL one, which unit-pg runs).
MESON_TEST_ARGS=(--no-suite pg)
meson_suite() {
	local name=$1 dir=$2 logf
	shift 2
	logf=$(log "$name")
	if [ ! -f "$dir/build.ninja" ]; then
		run_logged "$logf" 300 meson setup "$dir" "$@" || { note="meson setup $dir failed"; return 1; }
	fi
	run_logged "$logf" 900 ninja -C "$dir" || { note="build in $dir failed"; return 1; }
	run_logged "$logf" 600 env "${SAN_ENV[@]}" meson test -C "$dir" --print-errorlogs "${MESON_TEST_ARGS[@]}"
	local rc=$?
	meson_counts "$logf" "$dir" || return 1
	[ $rc = 0 ] || [ "$fail" -gt 0 ] || note="meson test exited $rc"
	[ $rc = 0 ]
}

# The longest files of each node suite, longest first: node --test starts
# files in the order given, so these go first and the suite does not end
# with one long file running alone (longest-processing-time-first).  The
# rest follow in name order.  From build/test-logs/NAME.times, which each
# run writes (tests/lib/file-times.mjs); a file missing here is only
# started later.
SLOW_FIRST_tests_http=(authz.test.mjs authz-2.test.mjs authz-3.test.mjs cli.test.mjs
	security.test.mjs event-feedback.test.mjs signin-queue.test.mjs materials.test.mjs mail.test.mjs
	encounters.test.mjs deadlines.test.mjs admin.test.mjs directory-export.test.mjs
	directory-index.test.mjs copy-db.test.mjs)
SLOW_FIRST_tests_browser=(pages.test.mjs overflow.test.mjs sparring.test.mjs news.test.mjs
	learning-journey.test.mjs badges.test.mjs dashboard.test.mjs registration.test.mjs encounters.test.mjs)

# suite_files DIR: DIR's test files, the slow ones first.
suite_files() {
	local dir=$1 f slow=() var
	var="SLOW_FIRST_${dir//\//_}[@]"
	for f in "${!var}"; do [ -f "$dir/$f" ] && slow+=("$dir/$f"); done
	printf '%s\n' "${slow[@]}"
	for f in "$dir"/*.test.mjs; do
		[[ " ${slow[*]} " == *" $f "* ]] || printf '%s\n' "$f"
	done
}

# The SQLite suites run with the cluster's address emptied: once a -pg
# suite has started the cluster its address is in the environment, and
# tests/lib/server.mjs would put every server of a later SQLite suite on it.
ON_SQLITE=(TUKIVERKKO_TEST_PG=)

# demo_template LOG BIN: the demo database the SQLite test servers of BIN
# copy (tests/lib/server.mjs), made once before the suite: its first test
# files start together and would each make one.
demo_template() {
	run_logged "$1" 300 env "${SAN_ENV[@]}" node tests/lib/prepare-demo.mjs "$2" ||
		{ note="the demo template of $2 could not be made"; return 1; }
}

# node_suite NAME DIR SECONDS [ENV...]: node --test on DIR with TAP output,
# each file's wall time into $LOGS/NAME.times.
node_suite() {
	local name=$1 dir=$2 secs=$3 logf files
	shift 3
	logf=$(log "$name")
	if ! ls "$dir"/*.test.mjs > /dev/null 2>&1; then
		note="no $dir/*.test.mjs"
		return 1
	fi
	mapfile -t files < <(suite_files "$dir")
	# Test files start their own servers on free ports with their own
	# databases, so several run side by side: much of their time is spent
	# waiting (argon2id, fsync, job ticks, offers expiring), not on the CPU.
	run_logged "$logf" "$secs" env "$@" node --test --test-timeout=300000 \
		--test-reporter=tap --test-reporter-destination=stdout \
		--test-reporter=./tests/lib/file-times.mjs --test-reporter-destination="$LOGS/$name.times" \
		--test-concurrency="${NODE_CONCURRENCY:-4}" "${files[@]}"
	local rc=$?
	tap_counts "$logf" || { [ $rc = 124 ] && note="timed out after ${secs}s"; return 1; }
	[ $rc = 0 ] || [ "$fail" -gt 0 ] || note="node --test exited $rc"
	[ $rc = 0 ]
}

# last_line_counts LOG: pass/fail/skip from a last line "N passed, N failed
# [, N skipped]" (tests/fuzz/run.sh, tests/boundary/run.py).
last_line_counts() {
	local logf=$1 last
	last=$(grep -v '^[[:space:]]*$' "$logf" | tail -n 1)
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)?$ ]]; then
		pass=${BASH_REMATCH[1]} fail=${BASH_REMATCH[2]} skip=${BASH_REMATCH[4]:-0}
	else
		note="last line is not 'N passed, N failed': $last"
		return 1
	fi
}

# Module boundaries (tools/boundary-check.py): one test per rule on the
# tree, then the checker's own fixtures (tests/boundary/).  Runs first: it
# needs no build and takes a second.
suite_boundary() {
	local logf rc
	logf=$(log boundary)
	run_logged "$logf" 120 python3 tests/boundary/run.py
	rc=$?
	last_line_counts "$logf" || return 1
	[ $rc = 0 ] || [ "$fail" -gt 0 ] || note="tests/boundary/run.py exited $rc"
	[ $rc = 0 ]
}

suite_unit() { meson_suite unit build; }

# -g1: line tables and function names, all a sanitizer's report shows;
# full debugging information made the build a fifth slower (106 s against
# 86 s on the quiet box) on the path to every other suite.
ASAN_SETUP=(-Db_sanitize=address,undefined -Db_lundef=false -Ddebug=false -Dc_args=-g1)
suite_unit-asan() { meson_suite unit-asan build-asan "${ASAN_SETUP[@]}"; }

suite_http() {
	[ -x "$BIN" ] || { note="$BIN missing"; return 1; }
	demo_template "$(log http)" "$BIN" || return 1
	node_suite http tests/http 420 TUKIVERKKO_BIN="$BIN" "${ON_SQLITE[@]}"
}

suite_http-asan() {
	local logf
	logf=$(log http-asan)
	if [ ! -x build-asan/tukiverkko ]; then
		if [ -f build-asan/build.ninja ]; then
			run_logged "$logf" 900 ninja -C build-asan || { note="build in build-asan failed"; return 1; }
		else
			note="build-asan/tukiverkko missing (run the unit-asan suite first)"
			return 1
		fi
	fi
	demo_template "$logf" build-asan/tukiverkko || return 1
	node_suite http-asan tests/http 600 TUKIVERKKO_BIN=build-asan/tukiverkko "${SAN_ENV[@]}" "${ON_SQLITE[@]}"
}

suite_browser() {
	[ -x "$BIN" ] || { note="$BIN missing"; return 1; }
	[ -d node_modules/playwright-core ] || { note="node_modules missing: run npm ci"; return 1; }
	# Two at a time: Chromium's layout and axe keep the two cores busy
	# (its renderers are reaped by Chromium's zygote, so the suite's CPU
	# line shows only part of it); three at a time took 272 s, two 278 s.
	demo_template "$(log browser)" "$BIN" || return 1
	NODE_CONCURRENCY=2 node_suite browser tests/browser 600 TUKIVERKKO_BIN="$BIN" "${ON_SQLITE[@]}"
}

PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR=""
# The tests run psql and pg_dump thousands of times: Debian's /usr/bin/psql
# is pg_wrapper, a Perl script that picks a version and then runs the real
# one, which more than doubles the cost of each run.  Ours is version 15.
[ -d "$PG_BIN" ] && export PATH="$PG_BIN:$PATH"

# The private cluster's commands run as the postgres user when we are root
# (the server refuses to run as root).
PG_AS=()
[ "$(id -u)" = 0 ] && PG_AS=(runuser -u postgres --)

pg_stop() {
	[ -n "$PG_DIR" ] || return 0
	"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop > /dev/null 2>&1
	rm -rf "$PG_DIR"
	PG_DIR=""
}
# A test file killed by its timeout cannot stop the servers it started:
# whatever of this tree's binaries still serves at the end is stopped here
# (started by absolute path, so `make run`'s build/tukiverkko is not).
stop_strays() {
	pkill -KILL -f "^$PWD/build[^ ]*/tukiverkko serve " 2> /dev/null || true
	# The demo databases tests/lib/server.mjs made for this run's binaries.
	rm -rf "${TMPDIR:-/tmp}"/tukiverkko-demo-*
}
trap 'pg_stop; stop_strays' EXIT
trap 'pg_stop; stop_strays; exit 130' INT TERM

# pg_start LOG: the cluster and the demo template, once per run.  fsync is
# off: the tests kill app servers, never the database server, so a commit
# the server acknowledged is in its memory and its WAL either way.
pg_start() {
	local logf=$1 port
	[ -n "$PG_DIR" ] && return 0
	# A suite running beside another in a group only uses the cluster its
	# parent started: one it started itself would outlive the run.
	[ -n "${PG_NO_START:-}" ] && { note="the PostgreSQL cluster did not start"; return 1; }
	[ -x "$PG_BIN/initdb" ] || { note="$PG_BIN/initdb missing (scripts/deps.sh test installs postgresql-15)"; return 1; }
	PG_DIR=$(mktemp -d /tmp/tukiverkko-pg.XXXXXX)
	chmod 755 "$PG_DIR"
	[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	run_logged "$logf" 120 "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U tv -E UTF8 \
		--locale=C.UTF-8 --no-sync || { note="initdb failed"; return 1; }
	run_logged "$logf" 60 "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_DIR -c max_connections=400 -c fsync=off -c full_page_writes=off" \
		start || { note="PostgreSQL did not start (see $PG_DIR/server.log)"; return 1; }
	export TUKIVERKKO_TEST_PG="postgresql://tv@127.0.0.1:$port"
	export TUKIVERKKO_TEST_PG_TEMPLATE=tv_demo
	export TUKIVERKKO_TEST_PG_FILES="$PG_DIR/demo-files"
	run_logged "$logf" 60 psql -X -q "$TUKIVERKKO_TEST_PG/postgres" -c "CREATE DATABASE tv_demo" &&
	run_logged "$logf" 120 env TUKIVERKKO_FILES_DIR="$TUKIVERKKO_TEST_PG_FILES" "$BIN" demo \
		--db "$TUKIVERKKO_TEST_PG/tv_demo" --password-cost test ||
		{ note="building the demo template on PostgreSQL failed"; return 1; }
}

# The backend against the live cluster (tests/unit/db/test_pg_live.c),
# from the sanitizer build unit-asan has built.
suite_unit-pg() {
	pg_start "$(log unit-pg)" || return 1
	local MESON_TEST_ARGS=(--suite pg)
	meson_suite unit-pg build-asan "${ASAN_SETUP[@]}"
}

suite_http-pg() {
	[ -x "$BIN" ] || { note="$BIN missing"; return 1; }
	pg_start "$(log http-pg)" || return 1
	node_suite http-pg tests/http 900 TUKIVERKKO_BIN="$BIN"
}

suite_browser-pg() {
	[ -x "$BIN" ] || { note="$BIN missing"; return 1; }
	[ -d node_modules/playwright-core ] || { note="node_modules missing: run npm ci"; return 1; }
	pg_start "$(log browser-pg)" || return 1
	NODE_CONCURRENCY=2 node_suite browser-pg tests/browser 600 TUKIVERKKO_BIN="$BIN"
}

suite_fuzz() {
	local logf rc
	logf=$(log fuzz)
	[ -x tests/fuzz/run.sh ] || { note="tests/fuzz/run.sh missing or not executable"; return 1; }
	run_logged "$logf" 600 tests/fuzz/run.sh "$FUZZ_SECONDS"
	rc=$?
	last_line_counts "$logf" || return 1
	[ $rc = 0 ] || [ "$fail" -gt 0 ] || note="tests/fuzz/run.sh exited $rc"
	[ $rc = 0 ]
}

# The design-system CSS the HTTP and browser suites fetch; cheap when current.
if ! scripts/build-static.sh > "$LOGS/static.log" 2>&1; then
	echo "run-all: scripts/build-static.sh failed (see $LOGS/static.log)"
	tail -n 5 "$LOGS/static.log"
fi

# children_cpu VAR: VAR = the CPU seconds (user + system) of this shell's
# finished children so far, from bash's `times` (its second line).  Not
# in $(...): a command substitution is a subshell with children of its own.
children_cpu() {
	local f="$LOGS/.times.$BASHPID"
	times > "$f"
	printf -v "$1" '%s' "$(awk 'NR == 2 {
		s = 0
		for (i = 1; i <= 2; i++) { split($i, ms, /[ms]/); s += ms[1] * 60 + ms[2] }
		printf "%d", s }' "$f")"
	rm -f "$f"
}

# run_suite NAME: runs one suite, its counts and a verdict into
# $LOGS/NAME.result ("ok pass fail skip secs cpu note").  cpu is the CPU
# time of the suite's own processes (servers, Chromium, node, builds; not
# the PostgreSQL cluster's), which with secs says how busy it kept the
# cores: the figure to look at before running suites side by side.
run_suite() {
	local name=$1 logf ok t0 c0 c1
	logf=$(log "$name")
	: > "$logf"
	pass=0 fail=0 skip=0 note=""
	t0=$(date +%s)
	children_cpu c0
	"suite_$name"
	ok=$?
	children_cpu c1
	echo "$ok $pass $fail $skip $(($(date +%s) - t0)) $((c1 - c0)) $note" > "$LOGS/$name.result"
}

# failure_digest NAME LOG: a line per failed test of a TAP log, with the
# first line of its error, and a line per cancelled group.  Printed again
# just above the totals: CI shows only the end of the output, and the
# tail of a long log is the summary, not what failed.
failure_digest() {
	awk -v suite="$1" '
		function flush(err) {
			file = where; sub(/:[0-9]+$/, "", file)
			if (err ~ /cancelled|Promise resolution is still pending/) cancelled[file]++
			else if (err !~ /subtests? failed/)
				printf "%s: %s%s — %s\n", suite, where == "" ? "" : where ": ", pending, substr(err, 1, 160)
			pending = ""; block = 0
		}
		/^ *not ok / {
			pending = $0; sub(/^ *not ok [0-9]+ - /, "", pending)
			if (pending ~ /# SKIP/) pending = ""
			where = ""; block = 0; next
		}
		pending == "" { next }
		block { line = $0; sub(/^ */, "", line); if (line != "") flush(line); next }
		/^ *location: / { where = $0; sub(/^ *location: .*\//, "", where); sub(/:[0-9]+'"'"'$/, "", where); next }
		/^ *error: / {
			err = $0; sub(/^ *error: /, "", err)
			if (err ~ /^[|>]-?$/) block = 1; else flush(err)
			next
		}
		/^ *(ok|not ok) / { pending = "" }
		END { for (w in cancelled) printf "%s: %s%d cancelled\n", suite, w == "" ? "" : w ": ", cancelled[w] }
	' "$2" | head -n 12
}

# report NAME: prints the suite's line (and what failed), adds its counts.
report() {
	local name=$1 ok secs cpu logf line
	logf=$(log "$name")
	read -r ok pass fail skip secs cpu note < "$LOGS/$name.result"
	# The suite failed without a failing test to show for it (build broken,
	# timeout, crash, nothing ran): count that as one failure.
	if [ "$ok" != 0 ] && [ "$fail" = 0 ]; then fail=1; fi
	if [ "$ok" = 0 ] && [ $((pass + fail)) = 0 ]; then
		fail=1 note="${note:-no test ran}"
	fi
	line="== $name: $pass passed, $fail failed"
	[ "$skip" -gt 0 ] && line="$line, $skip skipped"
	echo "$line  (${secs}s, CPU ${cpu}s${note:+; $note})"
	if [ "$fail" -gt 0 ]; then
		# Which tests failed (TAP "not ok", meson "FAIL"/"TIMEOUT", fuzz "FAIL"),
		# then the end of the log.
		grep -E '^ *not ok |^ *[0-9]+/[0-9]+ .*(FAIL|TIMEOUT|ERROR) |^FAIL ' "$logf" |
			grep -v '# SKIP' | head -n 20 | sed 's/^ */   failed: /'
		grep -hE 'runtime error:|ERROR: [A-Za-z]+Sanitizer' "$logf" |
			sed -E 's/.*sanitizer report: //; s/; stderr:$//; s/^[ |]*//; s/^==[0-9]+==//' |
			sort | uniq -c | sort -rn | head -n 5 |
			awk '{ c = $1; $1 = ""; printf "   sanitizer (%d lines):%s\n", c, $0 }'
		echo "   log: $logf — last $TAIL_LINES lines:"
		tail -n "$TAIL_LINES" "$logf" | sed 's/^/   | /'
		failure_digest "$name" "$logf" >> "$LOGS/digest.txt"
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
}

# A suite name may be a group, "a+b": its suites run side by side (the
# node suites spend most of their time waiting on servers, not on the CPU).
start_all=$(date +%s)
for group in "${SUITES[@]}"; do
	IFS=+ read -r -a members <<< "$group"
	known=()
	for name in "${members[@]}"; do
		if ! declare -F "suite_$name" > /dev/null; then
			echo "run-all: unknown suite '$name' (known: ${ALL_SUITES[*]})"
			total_fail=$((total_fail + 1))
		else
			known+=("$name")
		fi
	done
	[ ${#known[@]} -gt 0 ] || continue
	echo "-- ${known[*]} ..."
	if [ ${#known[@]} = 1 ]; then
		run_suite "${known[0]}"
	else
		# The cluster first, here: the suites inherit its environment.
		case "$group" in *-pg*) pg_start "$(log pg)" || true ;; esac
		bg=()
		for name in "${known[@]}"; do PG_NO_START=1 run_suite "$name" & bg+=($!); done
		for p in "${bg[@]}"; do wait "$p"; done
	fi
	for name in "${known[@]}"; do report "$name"; done
done

if [ -s "$LOGS/digest.txt" ]; then
	echo "run-all: what failed"
	sed 's/^/   /' "$LOGS/digest.txt"
fi
echo "run-all: $(( $(date +%s) - start_all ))s, logs in $LOGS/"
line="$total_pass passed, $total_fail failed"
[ "$total_skip" -gt 0 ] && line="$line, $total_skip skipped"
echo "$line"
[ "$total_fail" = 0 ] && [ $((total_pass + total_fail)) -gt 0 ]
