#!/usr/bin/env bash
# The browser for the admin's end-to-end test: Debian's Chromium, driven by
# Playwright through its executable path (no browser download). A no-op when
# it is already there.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian's chromium for the browser test" >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >/dev/null \
    || { $sudo apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >/dev/null; }
