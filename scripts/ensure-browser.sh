#!/usr/bin/env bash
# Makes sure a Chromium-family browser is available to print PDFs, installing Debian's or
# Ubuntu's chromium with apt-get when none is found. Looks where supplement looks. Debian's
# headless shell (chromium-headless-shell, built from the same source) is installed with it, or
# beside a chromium that apt installed: supplement prints with it, with less CPU and memory.
set -euo pipefail

found() { echo "browser: $1"; exit 0; }

if [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ]; then
  [ -x "$PUPPETEER_EXECUTABLE_PATH" ] && found "$PUPPETEER_EXECUTABLE_PATH"
  echo "PUPPETEER_EXECUTABLE_PATH=$PUPPETEER_EXECUTABLE_PATH is not an executable file" >&2
  exit 1
fi
cache="${PUPPETEER_CACHE_DIR:-$HOME/.cache/puppeteer}"
for exe in "$cache"/chrome-headless-shell/*/*/chrome-headless-shell "$cache"/chrome/*/*/chrome; do
  [ -x "$exe" ] && found "$exe"
done
# Debian's chromium installed from apt, without its headless shell: the shell is added (same source
# package; prints the same PDFs with less CPU and memory), when apt-get can run without a prompt.
if [ -x /usr/bin/chromium ] && [ ! -x /usr/lib/chromium/chromium-headless-shell ] &&
  command -v apt-get >/dev/null 2>&1 && dpkg -s chromium >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
  echo "Adding Debian's chromium-headless-shell beside chromium (apt-get)…"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    chromium-headless-shell >/dev/null 2>&1 || echo "  not added (no package or no permission): chromium prints instead"
fi
for exe in /usr/lib/chromium/chromium-headless-shell /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome-stable /usr/bin/google-chrome \
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
  [ -x "$exe" ] && found "$exe"
done
for name in chromium chromium-browser google-chrome-stable google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then found "$(command -v "$name")"; fi
done

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "No browser found: installing chromium with apt-get (needs root or sudo)…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
  # The headless shell is optional (Ubuntu and older Debian releases have no such package).
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    chromium-headless-shell >/dev/null 2>&1 || true
  [ -x /usr/lib/chromium/chromium-headless-shell ] && found /usr/lib/chromium/chromium-headless-shell
  [ -x /usr/bin/chromium ] && found /usr/bin/chromium
fi

cat >&2 <<'MSG'
No Chromium or Chrome browser was found, and none could be installed here.
  Debian/Ubuntu:  sudo apt-get install chromium   (Ubuntu: chromium-browser)
  macOS:          brew install --cask google-chrome
  Any system:     export PUPPETEER_EXECUTABLE_PATH=/path/to/chrome
MSG
exit 1
