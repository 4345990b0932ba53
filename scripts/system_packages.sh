#!/usr/bin/env bash
# Debian packages the portal needs beyond Python: fonts for Arabic PDFs, gettext for the
# translations, Chromium for the browser tests, poppler for looking at PDFs, wrk for the
# benchmarks. Installs only what is missing, so it costs nothing on a prepared machine.
set -euo pipefail
wanted=(gettext fonts-hosny-amiri fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b
        chromium poppler-utils wrk)
missing=()
for package in "${wanted[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "[system] installing from Debian's packages: ${missing[*]}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
