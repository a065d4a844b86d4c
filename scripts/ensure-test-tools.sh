#!/usr/bin/env bash
# The tests read PDFs back as a reader would: pdftotext, pdffonts and pdfdetach (Debian's
# poppler-utils), and check their structure with qpdf. Installs them with apt-get when they are
# missing; nothing else is fetched.
set -euo pipefail
tools=(pdftotext pdffonts pdfdetach qpdf)
missing() {
  for t in "${tools[@]}"; do command -v "$t" >/dev/null 2>&1 || return 0; done
  return 1
}
if ! missing; then
  echo "test tools: $(command -v pdftotext), $(command -v pdffonts), $(command -v pdfdetach), $(command -v qpdf)"
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "test tools missing: installing poppler-utils and qpdf with apt-get (needs root or sudo)…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends poppler-utils qpdf >/dev/null
  missing || exit 0
fi
echo "The tests need ${tools[*]}: apt-get install poppler-utils qpdf, or brew install poppler qpdf." >&2
exit 1
