#!/usr/bin/env bash
# Renders the comparison report of the CompareExample in real headless Chromium and saves a screenshot.
#   scripts/render-report.sh [screenshot.png]      (default: docs/images/comparison-report.png)
# Needs Debian's `chromium` package (apt-get install -y chromium). The report is a self-contained HTML file;
# Chromium runs with networking features off, so anything the page tried to fetch would be missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/images/comparison-report.png}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  echo "chromium not found: install Debian's package with 'apt-get install -y chromium'" >&2
  exit 1
fi
./mvnw -q -pl examples -am verify -DskipTests -Dquickstart -Dexample=dev.mvm.examples.CompareExample >/dev/null
report="$PWD/examples/target/quickstart/comparison.html"
test -s "$report"
mkdir -p "$(dirname "$out")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --hide-scrollbars \
  --screenshot="$PWD/$out" --window-size=1200,1600 "file://$report" 2>/dev/null
test -s "$out"
echo "report:     $report"
echo "screenshot: $out"
