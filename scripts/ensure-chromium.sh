#!/usr/bin/env sh
# Installs Debian's Chromium for the browser tests (playwright-core launches /usr/bin/chromium).
# Idempotent: does nothing when it is already there.
set -eu

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
else
  SUDO=""
fi

echo "ensure-chromium: /usr/bin/chromium not found; installing Debian's chromium package…" >&2
if ! $SUDO apt-get update || ! $SUDO apt-get install -y chromium; then
  echo "ensure-chromium: could not install chromium with apt-get." >&2
  echo "ensure-chromium: install it yourself (Debian/Ubuntu: apt-get install -y chromium) so /usr/bin/chromium exists, then re-run the browser tests." >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "ensure-chromium: apt-get finished but /usr/bin/chromium is still missing." >&2
  exit 1
fi
echo "ensure-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)" >&2
