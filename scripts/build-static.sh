#!/bin/sh
# Prepares static/ for serving:
#  1. copies the Helsinki Design System CSS we use from node_modules/hds-core/lib
#     into static/vendor/hds/ (base, components, icons, utils; minified files
#     only, no source maps, and never lib/fonts/, whose fonts.css loads a font
#     from a CDN: we use a system font stack instead);
#  2. bundles the parts the templates use into static/vendor/hds.css;
#  3. writes a gzip -9 sibling (file.css.gz) for every .css/.js/.svg under
#     static/, which the server sends when the client accepts gzip.
# Idempotent and cheap when up to date: files are copied or compressed only
# when the source is newer; stale copies and orphan .gz files are removed.
#
# usage: scripts/build-static.sh        (run from anywhere)
set -eu
cd "$(dirname "$0")/.."

src=node_modules/hds-core
dst=static/vendor/hds

if [ ! -f "$src/package.json" ]; then
	echo "build-static: $src is missing; run 'npm ci' (or scripts/deps.sh run) first" >&2
	exit 1
fi

# A new hds-core version: start from an empty vendor dir so no file of the old
# version lingers.
ver=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$src/package.json" | head -n 1)
if [ "$(cat "$dst/VERSION" 2>/dev/null || true)" != "$ver" ]; then
	rm -rf "$dst"
fi
mkdir -p "$dst"

changed=0
# copy SRC DEST: copy when DEST is missing or older, keeping SRC's mtime so
# that validators derived from it stay stable across rebuilds.
copy() {
	if [ ! -f "$2" ] || [ "$1" -nt "$2" ]; then
		mkdir -p "$(dirname "$2")"
		cp -p "$1" "$2"
		changed=$((changed + 1))
	fi
}

copy "$src/LICENSE" "$dst/LICENSE"
copy "$src/lib/base.min.css" "$dst/base.min.css"
for dir in components icons utils; do
	# Only minified CSS; the components dir also holds .scss/.ts/.js sources.
	for f in "$src/lib/$dir"/*.min.css "$src/lib/$dir"/*/*.min.css; do
		[ -f "$f" ] || continue
		copy "$f" "$dst/${f#"$src/lib/"}"
	done
done
printf '%s\n' "$ver" > "$dst/VERSION.tmp"
if cmp -s "$dst/VERSION.tmp" "$dst/VERSION"; then
	rm -f "$dst/VERSION.tmp"
else
	mv "$dst/VERSION.tmp" "$dst/VERSION"
fi

# Guard: nothing we serve may pull a font (or anything else) from elsewhere.
if grep -rlE '@import|url\((["'\'']?)(https?:)?//' "$dst" --include='*.css' >/dev/null 2>&1; then
	echo "build-static: external @import/url() found in vendored CSS:" >&2
	grep -rlE '@import|url\((["'\'']?)(https?:)?//' "$dst" --include='*.css' >&2
	exit 1
fi

# Leaflet and its marker clustering for the directory's map (issue #15):
# their dist files, served from static/vendor/leaflet/ like the rest of
# our files (never from a CDN).  Only the search page links them, and
# only when a tile host is configured (map_tiles).
for pkg in leaflet leaflet.markercluster; do
	if [ ! -f "node_modules/$pkg/package.json" ]; then
		echo "build-static: node_modules/$pkg is missing; run 'npm ci' first" >&2
		exit 1
	fi
done
ll=static/vendor/leaflet
copy node_modules/leaflet/LICENSE "$ll/LICENSE"
copy node_modules/leaflet/dist/leaflet.js "$ll/leaflet.js"
copy node_modules/leaflet/dist/leaflet.css "$ll/leaflet.css"
for f in node_modules/leaflet/dist/images/*.png; do
	copy "$f" "$ll/images/${f##*/}"
done
mc=node_modules/leaflet.markercluster
copy "$mc/MIT-LICENCE.txt" "$ll/markercluster-LICENSE"
copy "$mc/dist/leaflet.markercluster.js" "$ll/leaflet.markercluster.js"
copy "$mc/dist/MarkerCluster.css" "$ll/MarkerCluster.css"
copy "$mc/dist/MarkerCluster.Default.css" "$ll/MarkerCluster.Default.css"
if grep -rlE '@import|url\((["'\'']?)(https?:)?//' "$ll" --include='*.css' >/dev/null 2>&1; then
	echo "build-static: external @import/url() found in $ll" >&2
	exit 1
fi

# One stylesheet for the pages: the base and the components the templates
# use, so an old phone makes one request for the design system, not six.
bundle=static/vendor/hds.css
parts="$dst/base.min.css $dst/components/breadcrumb/breadcrumb.min.css
$dst/components/table/table.min.css $dst/components/card/card.min.css"
stale=0
[ -f "$bundle" ] || stale=1
for p in $parts; do
	[ -f "$p" ] || { echo "build-static: $p is missing" >&2; exit 1; }
	[ "$p" -nt "$bundle" ] && stale=1
done
if [ $stale = 1 ]; then
	# shellcheck disable=SC2086
	cat $parts > "$bundle.tmp" && mv "$bundle.tmp" "$bundle"
	changed=$((changed + 1))
fi

# gzip siblings. -n leaves name and mtime out of the header so the bytes are
# reproducible; -k keeps the original; touch -r gives the .gz its source's mtime.
gz=0
find static -type f \( -name '*.css' -o -name '*.js' -o -name '*.svg' \) |
while IFS= read -r f; do
	if [ ! -f "$f.gz" ] || [ "$f" -nt "$f.gz" ] || [ "$f.gz" -nt "$f" ]; then
		gzip -9 -k -n -f "$f"
		touch -r "$f" "$f.gz"
		echo x
	fi
done > "${TMPDIR:-/tmp}/build-static.$$"
gz=$(wc -l < "${TMPDIR:-/tmp}/build-static.$$")
rm -f "${TMPDIR:-/tmp}/build-static.$$"

# Orphans: a .gz whose source is gone (e.g. a deleted stylesheet).
find static -type f -name '*.gz' | while IFS= read -r g; do
	[ -f "${g%.gz}" ] || rm -f "$g"
done

echo "build-static: hds-core $ver, $changed file(s) copied, $gz gzipped"
