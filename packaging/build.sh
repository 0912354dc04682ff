#!/usr/bin/env bash
# Build the one-folder bundle (dist/detainer-desk) and smoke-test it: `make package`.
#
# Prints the build time and the bundle's size, then runs packaging/smoke.sh, which exits
# non-zero if the built program does not answer, count, or show the board.
set -euo pipefail
cd "$(dirname "$0")/.."
PYINSTALLER=${PYINSTALLER:-.venv/bin/pyinstaller}

started=$(date +%s)
rm -rf dist/detainer-desk
"$PYINSTALLER" --noconfirm --clean --log-level ERROR \
  --distpath dist --workpath build/pyinstaller packaging/detainer-desk.spec
elapsed=$(( $(date +%s) - started ))
size=$(du -sm dist/detainer-desk | cut -f1)
files=$(find dist/detainer-desk -type f | wc -l)
echo "package: dist/detainer-desk built in ${elapsed} s: ${size} MB in ${files} files"
bash packaging/smoke.sh dist/detainer-desk
