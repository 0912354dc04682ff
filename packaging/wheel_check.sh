#!/usr/bin/env bash
# The installed program, not the checkout: build the sdist and the wheel (the wheel is
# built from the sdist, so both must be complete), install the wheel into a fresh
# virtual environment in a temporary folder outside the checkout, and run it from there.
#
#   bash packaging/wheel_check.sh [PYTHON]     (`make test` runs it; PYTHON: .venv/bin/python)
#
# Checks: the wheel holds the package data (policies, fonts, icons, style sheet,
# migrations, LICENSE); then, from the installed program, packaging/smoke.sh (version,
# expiry, the board offscreen on a new and on the default database, the settings files)
# and `demo`, `print record`, `print copy`, `report quarterly`, `export tracking` and
# `audit verify` against a database the installed program creates, each signed in as a
# demo person with the role that may (`export tracking` also refused without --user and
# for the records clerk).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${1:-.venv/bin/python}
LIMIT=${SMOKE_TIMEOUT:-600}  # a hang, not a speed target: demo takes 2 min on a busy 2-core machine

fail() { echo "wheel: FAIL: $*" >&2; exit 1; }
step() { printf 'wheel: %-58s' "$1"; }
ok() { echo "ok${1:+ ($1)}"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step "sdist and wheel built (python -m build)"
started=$(date +%s)
"$PYTHON" -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 \
  || { tail -n 30 "$work/build.log" >&2; fail "python -m build failed"; }
wheel=$(ls "$work"/dist/*.whl)
ok "$(basename "$wheel"), $(( $(du -k "$wheel" | cut -f1) / 1024 )) MB, $(( $(date +%s) - started )) s"

step "wheel holds the package data"
listing=$("$PYTHON" -m zipfile -l "$wheel")
for path in desk_app/resources/policies/pittsfield-413.toml desk_app/resources/policies/trust-act.toml \
            desk_app/resources/policies/layers/massachusetts.toml \
            desk_app/resources/fonts/DejaVuSans.ttf desk_app/resources/style/desk.qss \
            desk_app/resources/icons/detainer-desk.png desk_app/migrations/env.py \
            desk_app/migrations/script.py.mako desk_app/migrations/versions/0001_initial_schema.py \
            licenses/LICENSE; do
  grep -q "$path" <<<"$listing" || fail "$path is not in $(basename "$wheel")"
done
ok "$(grep -c 'desk_app/' <<<"$listing") files"

step "installed into a fresh virtual environment"
started=$(date +%s)
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel" \
  >"$work/install.log" 2>&1 || { tail -n 30 "$work/install.log" >&2; fail "pip install failed"; }
ok "$(( $(date +%s) - started )) s"

bash packaging/smoke.sh "$work/venv/bin/desk-app"

# The headless commands, from another folder, on a database the installed program makes.
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" \
       XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_DIRS="$work/site"
export QT_QPA_PLATFORM=offscreen
unset DESK_DB_URL
mkdir -p "$HOME" "$work/out"
cd "$work/out"
app() { timeout "$LIMIT" "$work/venv/bin/desk-app" --db "sqlite:///$work/out/demo.sqlite3" "$@"; }
# Each command signs in as a demo person (the demo's documented password on stdin).
signed() { local who=$1; shift; echo "demo-desk-2026" | app --user "$who" "$@"; }

step "demo"
summary=$(app demo 2>&1) || fail "demo: $summary"
ok "$summary"

step "print record and print copy"
number=$("$work/venv/bin/python" - "$work/out/demo.sqlite3" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT detainer_number FROM detainers WHERE outcome IS NULL ORDER BY detainer_number LIMIT 1").fetchone()
print(row[0])
PY
) || fail "no active detainer in the demo database"
out=$(signed dube print record "$number" --out record.pdf 2>&1) || fail "print record: $out"
out=$(signed dube print copy "$number" --out copy.pdf 2>&1) || fail "print copy: $out"
for pdf in record.pdf copy.pdf; do
  [ "$(head -c 5 "$pdf")" = "%PDF-" ] || fail "$pdf is not a PDF"
done
ok "$number: record.pdf $(du -k record.pdf | cut -f1) kB, copy.pdf $(du -k copy.pdf | cut -f1) kB"

step "report quarterly"
out=$(signed lopez report quarterly --year 2026 --quarter 3 --out q3.pdf 2>&1) || fail "report: $out"
[ "$(head -c 5 q3.pdf)" = "%PDF-" ] || fail "q3.pdf is not a PDF"
ok "q3.pdf $(du -k q3.pdf | cut -f1) kB"

step "export tracking: no --user, a records clerk, the analyst"
status=0
out=$(app export tracking --out sheet.csv 2>&1 </dev/null) || status=$?
[ "$status" -eq 2 ] && [ ! -e sheet.csv ] && [ "$(wc -l <<<"$out")" -eq 1 ] \
  || fail "export without --user gave exit $status: $out"
status=0
out=$(signed dube export tracking --out sheet.csv 2>&1) || status=$?
[ "$status" -eq 2 ] && [ ! -e sheet.csv ] && [[ "$out" == *"Not allowed"* ]] \
  || fail "export as the records clerk gave exit $status: $out"
out=$(signed lopez export tracking --out sheet.csv 2>&1) || fail "export: $out"
rows=$(( $(wc -l < sheet.csv) - 1 ))
[ "$rows" -gt 300 ] || fail "sheet.csv has $rows rows"
ok "$rows rows"

step "audit verify"
out=$(signed kim audit verify 2>&1) || fail "audit verify: $out"
[[ "$out" == *"chain intact"* ]] || fail "audit verify said: $out"
ok "$out"

echo "wheel: all checks passed"
