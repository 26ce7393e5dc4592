#!/bin/sh
# run.sh [SECONDS] - builds the libFuzzer targets in build-fuzz (configuring
# it with clang-14 if needed) and runs them on a temporary copy of each
# one's seed corpus, so the repository stays clean.  SECONDS (default 20)
# is the time a target had when there were seven: the run is held at
# 7 x SECONDS in all, split evenly, so that a new target does not lengthen
# the fuzz suite beside unit-asan in `make test` (eight targets: 13 s each
# for 15).
# Prints "PASS target" or "FAIL target" per target, then "N passed, N failed";
# exits non-zero on any failure.  Logs and crash inputs are kept in the
# temporary directory named on stderr when something fails.
set -u

secs=${1:-20}
case $secs in
''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build-fuzz
targets="fuzz_form fuzz_headers fuzz_multipart fuzz_directory_csv fuzz_directory_query fuzz_directory_ptv fuzz_badge_image fuzz_training_answers"
ntargets=$(echo $targets | wc -w)
each=$((secs * 7 / ntargets))
[ "$each" -ge 1 ] || each=1
work=$(mktemp -d "${TMPDIR:-/tmp}/tv-fuzz.XXXXXX")
passed=0
failed=0
built=1

if [ ! -f "$build/build.ninja" ]; then
	CC=clang-14 meson setup "$build" "$root" -Dfuzz=true -Dtests=false \
	    -Db_sanitize=address,undefined >"$work/setup.log" 2>&1 || built=0
fi
if [ $built = 1 ]; then
	(cd "$build" && ninja $(for t in $targets; do printf 'tests/fuzz/%s ' "$t"; done)) \
	    >"$work/build.log" 2>&1 || built=0
fi
[ $built = 1 ] || echo "fuzz build failed, see $work/*.log" >&2

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for t in $targets; do
	ok=0
	if [ $built = 1 ]; then
		mkdir -p "$work/$t/corpus"
		cp "$here/seeds/$t/"* "$work/$t/corpus/" 2>/dev/null
		dict=
		[ -f "$here/$t.dict" ] && dict="-dict=$here/$t.dict"
		if (cd "$work/$t" && "$build/tests/fuzz/$t" $dict \
		    -max_total_time="$each" -rss_limit_mb=1024 -timeout=10 \
		    -print_final_stats=1 corpus) >"$work/$t.log" 2>&1; then
			ok=1
		else
			echo "$t failed, see $work/$t.log and $work/$t/" >&2
		fi
	fi
	if [ $ok = 1 ]; then
		echo "PASS $t"
		passed=$((passed + 1))
	else
		echo "FAIL $t"
		failed=$((failed + 1))
	fi
done
[ $failed = 0 ] && rm -rf "$work"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
