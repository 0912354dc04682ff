#!/usr/bin/env bash
# Build the one-folder bundle (dist/detainer-desk) and smoke-test it: `make package`.
#
# Prints the build time and the bundle's size, then runs packaging/smoke.sh, which exits
# non-zero if the built program does not answer, count, or show the board.
set -euo pipefail
cd "$(dirname "$0")/.."
PYINSTALLER=${PYINSTALLER:-.venv/bin/pyinstaller}
# Where the bundle and PyInstaller's work files go (a folder outside the checkout, e.g.
# DIST=/tmp/bundle/dist WORK=/tmp/bundle/build, keeps the checkout clean).
DIST=${DIST:-dist}
WORK=${WORK:-build/pyinstaller}

started=$(date +%s)
rm -rf "$DIST/detainer-desk"
"$PYINSTALLER" --noconfirm --clean --log-level ERROR \
  --distpath "$DIST" --workpath "$WORK" packaging/detainer-desk.spec
elapsed=$(( $(date +%s) - started ))
size=$(du -sm "$DIST/detainer-desk" | cut -f1)
files=$(find "$DIST/detainer-desk" -type f | wc -l)
echo "package: $DIST/detainer-desk built in ${elapsed} s: ${size} MB in ${files} files"
bash packaging/smoke.sh "$DIST/detainer-desk"
