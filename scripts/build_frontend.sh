#!/usr/bin/env bash
# Rebuild the GOV.UK Frontend stylesheet and script that Clearsight serves.
# The output is committed (clearsight/core/static/govuk/), so `make run` needs no Node.
# Run this only when upgrading govuk-frontend. Councils are not GOV.UK, so the Design
# System's guidance applies: no GDS Transport font and no crown; Arial is used instead.
set -euo pipefail
version="${GOVUK_FRONTEND_VERSION:-6.6.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "govuk-frontend@$version" sass@1 >/dev/null
cat > clearsight.scss <<'SCSS'
$govuk-font-family: arial, sans-serif;
$govuk-include-default-font-face: false;
$govuk-assets-path: "/static/govuk/assets/";
@import "node_modules/govuk-frontend/dist/govuk/index";
SCSS
npx sass --quiet --no-source-map --style=compressed --load-path=. clearsight.scss govuk-frontend.min.css
out="$here/clearsight/core/static/govuk"
rm -rf "$out" && mkdir -p "$out/assets/images"
cp govuk-frontend.min.css "$out/"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/"
cp node_modules/govuk-frontend/dist/govuk/assets/images/favicon.ico "$out/assets/images/"
cp node_modules/govuk-frontend/dist/govuk/assets/images/favicon.svg "$out/assets/images/"
echo "govuk-frontend $version" > "$out/VERSION"
echo "Built GOV.UK Frontend $version into $out"
