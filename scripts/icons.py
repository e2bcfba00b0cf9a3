#!/usr/bin/env python3
"""Draws the web app manifest's PNG icons (public/icons/) from public/favicon.svg.

Headless Chromium (the one the browser tests use) renders the SVG at each size, so the
icons are the favicon's own drawing, not a second copy of it to keep in step:

- icon-192.png, icon-512.png: the favicon as it is ("any" purpose, rounded corners on a
  transparent background);
- maskable-512.png: the same with square corners, for launchers that cut their own shape;
  the "$" already sits inside the central 80% circle such launchers keep.

Run it after changing the favicon and commit the PNGs: `python3 scripts/icons.py`.
The PNGs are not byte-for-byte reproducible across Chromium and font versions (the "$" is
text in the system's sans-serif font), so no check compares them; the offline browser test
checks that each icon the manifest names loads at the size it declares.
"""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
FAVICON = os.path.join(ROOT, "public", "favicon.svg")
ICONS = os.path.join(ROOT, "public", "icons")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# (file, size in pixels, square corners)
TARGETS = [
    ("icon-192.png", 192, False),
    ("icon-512.png", 512, False),
    ("maskable-512.png", 512, True),
]


def drawing(svg, square):
    """The favicon's SVG, with its rounded corners removed for a maskable icon."""
    if not square:
        return svg
    squared = re.sub(r'\s+rx="[^"]*"', "", svg, count=1)
    if squared == svg:
        sys.exit("icons.py: expected a rounded <rect rx=...> background in favicon.svg")
    return squared


def render(svg, size, out, workdir):
    page = os.path.join(workdir, "icon.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(
            "<!DOCTYPE html><html><head><style>html,body{margin:0;background:transparent}"
            f"svg{{display:block;width:{size}px;height:{size}px}}</style></head><body>{svg}</body></html>"
        )
    subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--default-background-color=00000000",
            f"--user-data-dir={os.path.join(workdir, 'profile')}",
            f"--window-size={size},{size}",
            f"--screenshot={out}",
            f"file://{page}",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"icons.py: {path} is not a PNG")
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def main():
    with open(FAVICON, encoding="utf-8") as f:
        svg = f.read()
    os.makedirs(ICONS, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        for name, size, square in TARGETS:
            out = os.path.join(ICONS, name)
            render(drawing(svg, square), size, out, workdir)
            if png_size(out) != (size, size):
                sys.exit(f"icons.py: {out} is {png_size(out)}, not {size}x{size}")
            print(f"icons.py: wrote {os.path.relpath(out, ROOT)} ({size}x{size})")


if __name__ == "__main__":
    main()
