#!/usr/bin/env bash
# Install newsdigest and everything it needs into .venv, then summarize the built-in example.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
# The real-browser test (tests/test_browser.py) drives Debian's Chromium; Playwright's own browser
# download is never used. wrk is the load generator of benchmarks/load_serve.py. Skipped when both
# are there already or apt is not available (the browser test then skips with a message; the load
# benchmark falls back to its slower Python client).
if { [ ! -x /usr/bin/chromium ] || ! command -v wrk >/dev/null 2>&1; } && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo -n"
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium wrk >/dev/null; } \
    || echo "setup.sh: could not install chromium and wrk; tests/test_browser.py will skip" >&2
fi
.venv/bin/newsdigest demo --format md
