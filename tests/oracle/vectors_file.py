"""Writes an oracle's vectors file, or with `--check` proves the committed one is current.

Every oracle script ends the same way: it renders its vectors as text, then either writes
them (the default) or, given `--check`, compares them with the committed file and exits 1
when they differ, naming the first differing line and the command that regenerates it.
`scripts/test` runs each oracle with `--check`.
"""

from __future__ import annotations

import os
import sys


def write_or_check(path, text: str, check: bool, script: str, current: str = "", written: str = "") -> int:
    """Returns the exit status: 0 when written or current, 1 when `check` finds it stale.

    `script` is the path to run to regenerate the file; `current` and `written` are what to
    print after the file's name when it is up to date or has been written.
    """
    name = os.path.basename(path)
    if check:
        try:
            with open(path, encoding="utf-8") as f:
                committed = f.read()
        except OSError:
            committed = None
        if committed == text:
            print(f"{name} is up to date{current}")
            return 0
        old = (committed or "").splitlines()
        new = text.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
        state = "missing" if committed is None else f"stale: {len(old)} committed lines, {len(new)} generated"
        print(f"{path} is {state}, first difference at line {first + 1}; run: {script}", file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {path}{written}")
    return 0
