#!/usr/bin/env bash
# Smoke test of a built program: run it the way a workstation will.
#
#   bash packaging/smoke.sh [BUNDLE | PROGRAM]
#
# BUNDLE is a PyInstaller folder (default: dist/detainer-desk; `make package` runs it);
# PROGRAM is an installed `desk-app` script (packaging/wheel_check.sh passes the one of a
# fresh virtual environment the wheel was installed into).
# 1. the package data is there: policies, fonts, style, icons and migrations;
# 2. `desk-app --version`;
# 3. `desk-app expiry 2026-11-25T14:00` gives the Thanksgiving answer;
# 4. the board, offscreen, against a new database given with --db: migrations run, the
#    board is shown, the program quits (--quit-after-paint);
# 5. the board against the default database in the user data folder, with a settings
#    file in the user config folder naming the municipality;
# 6. the settings files: the system-wide one (database, profile) under the user's
#    (municipality), and a wrong one refused with the file and key named; on that new
#    database the first administrator is made, `settings` without --user is refused, and
#    signed in (the password on standard input) it lists the settings.
# Nothing outside a temporary folder is touched: HOME and the XDG folders point into it.
set -euo pipefail

TARGET=${1:-dist/detainer-desk}
LIMIT=${SMOKE_TIMEOUT:-300}  # seconds for each run: a hang, not a speed target (bench/)

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
step() { printf 'smoke: %-58s' "$1"; }
ok() { echo "ok${1:+ ($1)}"; }

# SMOKE_WINDOWS=1 (the Windows workflow): the launcher is desk-app.exe, and the per-user
# folders come from the Windows shell, not from XDG variables, so the checks of the
# default database and the settings files (5, 6) are left to the workflow's install step.
WINDOWS=${SMOKE_WINDOWS:-}
if [ -d "$TARGET" ]; then  # a bundle: the package's files sit under _internal/desk_app
  EXE="$TARGET/desk-app${WINDOWS:+.exe}"
  PACKAGE="$TARGET/_internal/desk_app"
  [ -x "$EXE" ] || fail "$EXE is missing; build with 'make package' first"
else  # an installed script: ask its own Python where the package is
  EXE="$TARGET"
  [ -x "$EXE" ] || fail "$EXE is not a program"
  # pipx links the script into its bin folder: the Python is beside the real script.
  PYTHON="$(dirname "$(readlink -f "$EXE")")/python"
  PACKAGE=$(cd / && "$PYTHON" -c 'import desk_app, os; print(os.path.dirname(desk_app.__file__))') \
    || fail "$PYTHON cannot import desk_app"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" \
       XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_DIRS="$work/site"
export QT_QPA_PLATFORM=offscreen
unset DESK_DB_URL
mkdir -p "$HOME"

step "package data: resources and migrations"
for path in resources/policies/pittsfield-413.toml resources/policies/layers/massachusetts.toml \
            resources/fonts/DejaVuSans.ttf \
            resources/fonts/DroidSansFallback.ttf resources/style/desk.qss \
            resources/icons/detainer-desk.svg resources/icons/detainer-desk.png \
            migrations/env.py migrations/script.py.mako; do
  [ -f "$PACKAGE/$path" ] || fail "$path is not in $PACKAGE"
done
policies=$(find "$PACKAGE/resources/policies" -name '*.toml' | wc -l)
migrations=$(find "$PACKAGE/migrations/versions" -name '*.py' | wc -l)
[ "$policies" -ge 5 ] || fail "only $policies policy profiles in $PACKAGE"
[ "$migrations" -ge 4 ] || fail "only $migrations migrations in $PACKAGE"
ok "$policies profiles, $migrations migrations"

step "--version"
version=$(timeout "$LIMIT" "$EXE" --version) || fail "--version exited $?"
[[ "$version" =~ ^desk-app\ [0-9]+\.[0-9]+ ]] || fail "--version printed '$version'"
ok "$version"

step "expiry 2026-11-25T14:00"
expiry=$(timeout "$LIMIT" "$EXE" expiry 2026-11-25T14:00) || fail "expiry exited $?"
[ "$expiry" = "2026-11-30T14:00:00-05:00" ] \
  || fail "expiry printed '$expiry', expected 2026-11-30T14:00:00-05:00 (Thanksgiving, weekend)"
ok "$expiry"

run_board() {  # run the board until it is shown; print its output
  local out status=0
  out=$(timeout "$LIMIT" "$EXE" "$@" --quit-after-paint 2>"$work/stderr") || status=$?
  if [ "$status" -ne 0 ]; then
    cat "$work/stderr" >&2
    # A crash shows a (modal) dialog and waits: the log says what happened.
    find "$XDG_STATE_HOME" -name desk.log -exec tail -n 25 {} + >&2 2>/dev/null || true
    fail "the board ($*) exited $status$([ "$status" -eq 124 ] && echo ': timed out')"
  fi
  [[ "$out" =~ board\ shown\ after\ [0-9.]+\ s ]] \
    || { cat "$work/stderr" >&2; fail "the board ($*) printed '$out'"; }
  echo "$out"
}

step "board offscreen, new database (--db)"
db="$work/new.sqlite3"
shown=$(run_board --db "sqlite:///$db")
[ -s "$db" ] || fail "the board did not create $db"
ok "$shown"

if [ -n "$WINDOWS" ]; then
  echo "smoke: all checks passed (Windows: default folders checked by the install step)"
  exit 0
fi

step "board offscreen, default database, user settings file"
mkdir -p "$XDG_CONFIG_HOME/detainer-desk"
printf 'municipality = "Smoke Test Town"\n' > "$XDG_CONFIG_HOME/detainer-desk/desk.toml"
shown=$(run_board)
[ -s "$XDG_DATA_HOME/detainer-desk/detainers.sqlite3" ] \
  || fail "no database in the user data folder ($XDG_DATA_HOME/detainer-desk)"
ok "$shown"

step "settings files: department's, then the user's"
mkdir -p "$XDG_CONFIG_DIRS/detainer-desk"
printf 'database_url = "sqlite:///%s"\nprofile = "haverhill"\n' "$work/dept.sqlite3" \
  > "$XDG_CONFIG_DIRS/detainer-desk/desk.toml"
# A new database: its first administrator (no sign-in yet), then the settings, signed in.
password="smoke-test-password"
made=$(printf '%s\n%s\n' "$password" "$password" \
  | timeout "$LIMIT" "$EXE" user add admin --role administrator 2>&1) \
  || fail "desk-app user add (the first administrator) exited $?: $made"
status=0
refused=$(timeout "$LIMIT" "$EXE" settings 2>&1 </dev/null) || status=$?
[ "$status" -eq 2 ] && [[ "$refused" == *"--user NAME"* ]] \
  || fail "desk-app settings without --user gave exit $status: $refused"
listed=$(echo "$password" | timeout "$LIMIT" "$EXE" --user admin settings 2>&1) \
  || fail "desk-app settings exited $?: $listed"
if ! grep -qx "municipality = Smoke Test Town" <<<"$listed" \
    || ! grep -qx "profile_id = haverhill" <<<"$listed" || [ ! -s "$work/dept.sqlite3" ]; then
  fail "the settings files were not used (database_url, profile from the system-wide file,
       municipality from the user's); is desk_app.settings_file read at start-up?
$listed"
fi
printf 'municipality = 413\n' > "$XDG_CONFIG_HOME/detainer-desk/desk.toml"
status=0
refused=$(echo "$password" | timeout "$LIMIT" "$EXE" --user admin settings 2>&1) || status=$?
[ "$status" -eq 2 ] && [[ "$refused" == *"desk.toml: key 'municipality'"* ]] \
  || fail "a wrong settings file gave exit $status: $refused"
ok "read signed in, refused without --user, a wrong one refused"

step "log file written"
[ -n "$(find "$XDG_STATE_HOME" -name 'desk.log' 2>/dev/null)" ] || fail "no desk.log under $XDG_STATE_HOME"
ok

# 7. a bundle reads a fax with its own OCR models, ONNX Runtime and PDFium: a generated
#    I-247A (bench/fax_forms.py, with the checkout's Python) as TIFF and as PDF.
CHECKOUT_PYTHON=${SMOKE_PYTHON:-.venv/bin/python}
if [ -d "$TARGET" ] && [ -x "$CHECKOUT_PYTHON" ]; then
  step "intake read: a generated fax, TIFF and PDF"
  "$CHECKOUT_PYTHON" - "$work" <<'PY' || fail "the fax could not be generated"
import random, sys
from pathlib import Path
from bench.fax_forms import FINE, make_fax, make_values
rng = random.Random(11)
values = make_values(rng)
for suffix in (".tif", ".pdf"):
    make_fax(values, FINE, random.Random(11), Path(sys.argv[1]) / f"fax{suffix}")
(Path(sys.argv[1]) / "expected").write_text(f"{values.file_number} {values.subject_id}\n")
PY
  read -r number subject < "$work/expected"
  for fax in "$work/fax.tif" "$work/fax.pdf"; do
    read=$(timeout "$LIMIT" "$EXE" intake read "$fax" --json 2>&1) \
      || fail "intake read $fax exited $?: $read"
    [[ "$read" == *'"form": "I-247A"'* && "$read" == *"\"$number\""* \
       && "$read" == *"\"$subject\""* ]] \
      || fail "intake read $fax did not read the form, $number and $subject: $read"
  done
  ok "I-247A, $number"
fi

echo "smoke: all checks passed"
