#!/usr/bin/env sh
# Installs Debian's Chromium for the browser tests (playwright-core launches /usr/bin/chromium),
# and Debian's colour-emoji font: without it the sandbox page shows every emoji (🟢 🟡 🔴 ▶)
# as an empty box. Idempotent: does nothing when both are already there.
set -eu

EMOJI_FONT=/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf

if [ -x /usr/bin/chromium ] && [ -f "$EMOJI_FONT" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
else
  SUDO=""
fi

echo "ensure-chromium: installing Debian's chromium and fonts-noto-color-emoji packages…" >&2
if ! $SUDO apt-get update || ! $SUDO apt-get install -y chromium fonts-noto-color-emoji; then
  echo "ensure-chromium: could not install chromium and fonts-noto-color-emoji with apt-get." >&2
  echo "ensure-chromium: install them yourself (Debian/Ubuntu: apt-get install -y chromium fonts-noto-color-emoji) so /usr/bin/chromium exists, then re-run the browser tests." >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "ensure-chromium: apt-get finished but /usr/bin/chromium is still missing." >&2
  exit 1
fi
if [ ! -f "$EMOJI_FONT" ]; then
  echo "ensure-chromium: apt-get finished but $EMOJI_FONT is still missing: emoji will show as boxes." >&2
  exit 1
fi
echo "ensure-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium) and the colour-emoji font" >&2
