#!/usr/bin/env bash
# The tests read PDFs back as a reader would: pdftotext and pdffonts (Debian's poppler-utils).
# Installs them with apt-get when they are missing; nothing else is fetched.
set -euo pipefail
if command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1; then
  echo "test tools: $(command -v pdftotext), $(command -v pdffonts)"
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "pdftotext not found: installing poppler-utils with apt-get (needs root or sudo)…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
  command -v pdftotext >/dev/null 2>&1 && exit 0
fi
echo "The tests need pdftotext and pdffonts (poppler): apt-get install poppler-utils, or brew install poppler." >&2
exit 1
