#!/usr/bin/env bash
# Re-create static/vendor/ and vendor/world-atlas/ from the npm registry (pinned versions),
# keeping each package's folder structure and licence, then rewrite the checksum list.
# Run by hand when upgrading an asset; CI only checks static/vendor/SHA256SUMS.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() {  # fetch NAME VERSION -> $tmp/NAME-VERSION/package
  (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1-$2" && tar xzf "$1-$2.tgz" -C "$1-$2")
}
fetch leaflet 1.9.4
fetch leaflet-simple-map-screenshoter 0.5.0
fetch world-atlas 2.0.2
fetch supercluster 8.0.1
rm -rf static/vendor && mkdir -p static/vendor
d=static/vendor/leaflet-1.9.4; mkdir -p $d/dist
cp -r "$tmp"/leaflet-1.9.4/package/dist/{leaflet.js,leaflet.css,images} $d/dist/ && cp "$tmp"/leaflet-1.9.4/package/LICENSE $d/
d=static/vendor/leaflet-simple-map-screenshoter-0.5.0; mkdir -p $d/dist
cp "$tmp"/leaflet-simple-map-screenshoter-0.5.0/package/dist/leaflet-simple-map-screenshoter.js $d/dist/
cp "$tmp"/leaflet-simple-map-screenshoter-0.5.0/package/LICENSE $d/
d=static/vendor/supercluster-8.0.1; mkdir -p $d/dist
cp "$tmp"/supercluster-8.0.1/package/dist/supercluster.min.js $d/dist/ && cp "$tmp"/supercluster-8.0.1/package/LICENSE $d/
mkdir -p vendor/world-atlas
cp "$tmp"/world-atlas-2.0.2/package/{countries-50m.json,countries-110m.json,LICENSE,package.json} vendor/world-atlas/
git checkout -- static/vendor/README.md 2>/dev/null || true
mkdir -p static/basemap
(cd static && find vendor -type f | LC_ALL=C sort | xargs sha256sum) > static/SHA256SUMS
echo "vendored; now run: python scripts/build_basemap.py"
