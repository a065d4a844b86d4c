#!/usr/bin/env bash
# The tests read PDFs back as a reader would: pdftotext, pdffonts and pdfdetach (Debian's
# poppler-utils), check their structure with qpdf, and trust signatures with an NSS database (certutil, from
# libnss3-tools), read QR codes (zbarimg, zbar-tools) and make PKCS#12 files (openssl). Installs them with apt-get when they are
# missing; nothing else is fetched.
set -euo pipefail
tools=(pdftotext pdffonts pdfdetach pdfsig pdftoppm qpdf certutil zbarimg openssl)
missing() {
  for t in "${tools[@]}"; do command -v "$t" >/dev/null 2>&1 || return 0; done
  return 1
}
if ! missing; then
  echo "test tools: ${tools[*]}"
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "test tools missing: installing poppler-utils, qpdf, libnss3-tools and zbar-tools with apt-get (needs root or sudo)…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends poppler-utils qpdf libnss3-tools zbar-tools openssl >/dev/null
  missing || exit 0
fi
echo "The tests need ${tools[*]}: apt-get install poppler-utils qpdf libnss3-tools zbar-tools, or brew install poppler qpdf nss zbar." >&2
exit 1
