#!/usr/bin/env python3
"""Checks a gettext catalogue: msgfmt -c passes, and every string the sources mark
for translation (po/POTFILES.in, extracted afresh) has a translation, none fuzzy."""

import os
import subprocess
import sys
import tempfile

KEYWORDS = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3",
            "g_dpgettext2:2c,3"]


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True,
                          env={**os.environ, "LC_ALL": "C"}, **kwargs)


def main() -> int:
    msgfmt, xgettext, msgcmp, po, srcroot = sys.argv[1:6]

    check = run([msgfmt, "-c", "--check-format", "--statistics", "-o", "/dev/null", po])
    report = (check.stdout + check.stderr).strip()
    print(report)
    if check.returncode != 0:
        print(f"{po}: msgfmt -c failed", file=sys.stderr)
        return 1
    if "untranslated" in report or "fuzzy" in report:
        print(f"{po}: not complete", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "fieldcheck.pot")
        extract = run([xgettext, "--from-code=UTF-8", "--add-comments",
                       *[f"--keyword={k}" for k in KEYWORDS],
                       "--files-from", os.path.join(srcroot, "po", "POTFILES.in"),
                       "--directory", srcroot, "-o", pot])
        if extract.returncode != 0:
            print(extract.stderr, file=sys.stderr)
            return 1
        compare = run([msgcmp, "--use-untranslated", po, pot])
        if compare.returncode != 0:
            print(compare.stderr.strip(), file=sys.stderr)
            print(f"{po}: strings in the sources have no translation", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
