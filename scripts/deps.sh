#!/bin/sh
# Installs what building, running and testing Tukiverkko needs, from Debian
# packages and npm only. Idempotent: packages already present are skipped, and
# `apt-get update` runs at most once, only when something is missing.
#
# usage: scripts/deps.sh [run|test]
#   run   what `make run` needs (build toolchain, libraries, npm CSS)
#   test  also the test tools (cmocka, clang for fuzzing, Chromium's
#         headless shell, nginx, wrk)
set -eu

want=${1:-run}
cd "$(dirname "$0")/.."

RUN_PKGS="gcc make meson ninja-build pkg-config tzdata ca-certificates gzip
libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libcmark-dev
zlib1g-dev sqlite3 libcurl4-openssl-dev libqrencode-dev poppler-utils libpq-dev
libvoikko-dev voikko-fi libstemmer-dev libproj-dev libpng-dev"
TEST_PKGS="libcmocka-dev libglpk-dev clang-14 libclang-rt-14-dev chromium-headless-shell fonts-dejavu-core
valgrind curl wrk nginx-light python3-aiosmtpd python3-vobject
postgresql-15 postgresql-client-15 proj-bin"

pkgs=$RUN_PKGS
[ "$want" = test ] && pkgs="$pkgs $TEST_PKGS"
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps: missing Debian packages:$missing (run as root to install)" >&2
		exit 1
	fi
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	# The tests run a private PostgreSQL cluster of their own (initdb in a
	# temporary directory); Debian's package would otherwise create and
	# start a system-wide "main" cluster on port 5432.
	if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
		mkdir -p /etc/postgresql-common
		echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
	fi
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi

# npm: the design-system CSS and Leaflet (the directory's map) for run;
# playwright-core and axe-core for tests.
# package-lock.json pins versions; `npm ci` only when node_modules is stale.
if [ ! -f node_modules/.package-lock.json ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
