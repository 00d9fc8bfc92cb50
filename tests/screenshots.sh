#!/usr/bin/env bash
# Takes screenshots of every page of the inspection walk, at 1280×800 and
# 720×1280, in English and in Chinese, into a folder (default: screenshots/
# in the build folder). Not part of the test suite; look at the pictures.
#
#   tests/screenshots.sh [BUILD-DIR] [OUT-DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

build=$(realpath "${1:-build}")
out=$(realpath -m "${2:-$build/screenshots}")
tour="$build/tests/ui/fc-screenshot-tour"
[ -x "$tour" ] || { echo "build first: ninja -C $build" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/schemas"
export FIELDCHECK_LOCALEDIR="$build/po"
export GTK_A11Y=none
export NO_AT_BRIDGE=1

for lang in en zh_CN; do
  for size in 1280x800 720x1280; do
    w=${size%x*}
    h=${size#*x}
    rm -f "$work"/run.db*
    if [ "$lang" = zh_CN ]; then
      env LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 \
        xvfb-run -a -s "-screen 0 1400x1400x24" "$tour" "$work/run.db" "$out/$lang-$size" "$w" "$h"
    else
      env LANGUAGE=en LANG=C.UTF-8 LC_ALL=C.UTF-8 \
        xvfb-run -a -s "-screen 0 1400x1400x24" "$tour" "$work/run.db" "$out/$lang-$size" "$w" "$h"
    fi
  done
done
echo "screenshots in $out"
