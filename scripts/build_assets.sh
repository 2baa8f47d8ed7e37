#!/usr/bin/env bash
# Build the committed front-end assets: static/css/app.css (Tailwind) and the vendored
# JavaScript in static/vendor/. The outputs are committed so running OBCMS needs no Node;
# re-run this after changing assets/css/app.css, package.json or any template (Tailwind
# scans templates for the classes it emits).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Exact versions from package-lock.json; nothing is fetched beyond the npm registry.
npm ci --no-audit --no-fund

mkdir -p static/css static/vendor

npx --no-install @tailwindcss/cli -i assets/css/app.css -o static/css/app.css --minify

cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
# Charts and the map of the OCM dashboard (ocm_dashboard); Leaflet's CSS and its images
# are served from our own static files too, so the map needs nothing from another host.
# Source maps go along: production's manifest storage resolves every sourceMappingURL.
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map static/vendor/
mkdir -p static/vendor/leaflet/images
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css \
  static/vendor/leaflet/
cp node_modules/leaflet/dist/images/*.png static/vendor/leaflet/images/
# The map's offline base: the Philippine coastline from Natural Earth (public domain) as
# world-atlas redistributes it, simplified into a small GeoJSON.
python3 scripts/build_coastline.py node_modules/world-atlas/countries-10m.json static/vendor/ph-coastline.json

package_version() {
  node -p "require('./node_modules/$1/package.json').version"
}

{
  echo "# Vendored and build-tool versions, written by scripts/build_assets.sh."
  echo "# Do not edit by hand: change package.json, run npm install, then this script."
  echo "htmx.org $(package_version htmx.org) -> static/vendor/htmx.min.js"
  echo "chart.js $(package_version chart.js) -> static/vendor/chart.umd.min.js"
  echo "leaflet $(package_version leaflet) -> static/vendor/leaflet/ (leaflet.js, leaflet.css, images/)"
  echo "world-atlas $(package_version world-atlas) (Natural Earth 4.1.0 1:10m Admin 0, public domain; world-atlas ISC) -> static/vendor/ph-coastline.json (scripts/build_coastline.py: the Philippines, simplified)"
  echo "tailwindcss $(package_version tailwindcss) (@tailwindcss/cli $(package_version @tailwindcss/cli)) -> static/css/app.css"
} > static/vendor/VERSIONS.txt

echo "Built static/css/app.css ($(wc -c < static/css/app.css) bytes) and static/vendor/ (htmx, Chart.js, Leaflet, the coastline)"
