# Tukiverkko — the commands a developer types. The real build is meson/ninja;
# this file only strings the steps together.
#
#   make run     install deps, build, load demo data once, serve on 127.0.0.1:8080
#   make test    install test deps, build, run every test suite (tests/run-all.sh)
#   make build   compile build/tukiverkko and prepare static/
#   make release compile build-release/tukiverkko (what make run serves)
#   make bench   throughput/latency benchmark against nginx (bench/run.sh)
#   make tour    the README's screenshots (docs/tour/) on a fresh demo
#   make fuzz    run the libFuzzer targets, 7 x FUZZ_SECONDS in all
#   make valgrind  the unit tests under valgrind (memcheck, definite leaks)
#   make clean   remove build directories and generated static files

LISTEN       ?= 127.0.0.1:8080
DB           ?= var/tukiverkko.db
FUZZ_SECONDS ?= 60

.PHONY: run test build release static bench fuzz valgrind clean tour

# make run serves a release build (build-release/, -O3, no debug
# assertions), as a deployment would; make test builds build/ with
# debugging information for the tests and sanitizers.
run:
	scripts/deps.sh run
	$(MAKE) --no-print-directory release
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then \
		echo "loading demo data into $(DB)"; \
		build-release/tukiverkko demo --db $(DB); \
	fi
	exec build-release/tukiverkko serve --listen $(LISTEN) --db $(DB) --static static

# The suites build their own sanitizer builds; of build/ they run only
# the server (tests/run-all.sh says why).
test:
	scripts/deps.sh test
	$(MAKE) --no-print-directory build BUILD_TARGETS=tukiverkko
	tests/run-all.sh

build: static
	@[ -f build/build.ninja ] || meson setup build
	ninja -C build $(BUILD_TARGETS)

release: static
	@[ -f build-release/build.ninja ] || meson setup build-release --buildtype=release -Dtests=false
	ninja -C build-release

static:
	scripts/build-static.sh

bench:
	bench/run.sh

tour: build
	node scripts/tour.mjs

fuzz:
	tests/fuzz/run.sh $(FUZZ_SECONDS)

# Not part of make test: memcheck makes the unit tests some twenty times
# slower, and ASan+UBSan in make test find the same kinds of fault faster.
# The PostgreSQL unit tests need the cluster tests/run-all.sh starts.
valgrind: build
	meson test -C build --no-suite pg --timeout-multiplier 20 --wrapper \
	    "valgrind --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite -q \
	    --suppressions=$(CURDIR)/tests/valgrind.supp"

clean:
	rm -rf build build-asan build-release build-fuzz static/vendor
	find static -name '*.gz' -type f -delete 2>/dev/null || true
