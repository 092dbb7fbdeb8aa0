#!/usr/bin/env bash
# Issue 16: type Chinese into ReviewDesk through fcitx5 (pinyin, via its IBus
# frontend) and through IBus (libpinyin) under Xvfb, and check it arrived in the
# note editor, the annotation filter box and the project file.
#
#   bash scripts/ime_check.sh                 # the app from source, fcitx5 then ibus
#   bash scripts/ime_check.sh --frozen dist/ReviewDesk/ReviewDesk
#   REVIEWDESK_FROZEN=dist/ReviewDesk/ReviewDesk bash scripts/ime_check.sh --im fcitx5
#   bash scripts/ime_check.sh --im fcitx5 --qt-im-module ""   # a desktop that sets only XMODIFIERS
#   REVIEWDESK_IM_MODULE=fcitx bash scripts/ime_check.sh --im fcitx5   # the old behaviour: must FAIL
#
# Installs nothing. Needs Xvfb, dbus-daemon, xdotool and fcitx5 +
# fcitx5-chinese-addons and/or ibus + ibus-libpinyin (Debian package names).
# Exit 0 pass, 1 fail, 77 skipped (nothing to run; the reason is printed).
set -uo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/ime_check.py "$@"
