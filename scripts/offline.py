#!/usr/bin/env python3
"""Post-build step: write the build's file list and hash into the service worker (sw.js).

The service worker (public/sw.js, copied to the site's root by index.html) caches exactly
the files listed here, each with its SHA-256, in a cache named after the build's hash:

- `precache`: every file of the site except sw.js and the vocabularies, fetched when the
  worker installs (index.html, the page's and the token worker's JS and wasm under Trunk's
  names, styles, icons, the manifest, the vocabularies' licence files);
- `onDemand`: the vocabularies (everything in vocab/ but its licence and notice texts),
  cached when first fetched.

The hash covers every path and its SHA-256, and sw.js's own code, so any change to any file
is a new build: a new sw.js, which browsers install beside the old one, in a cache of its
own (public/sw.js says how it takes over).
Run after scripts/csp.py, which changes index.html. Idempotent, so it can be run again on a
copy of dist/ (`python3 scripts/offline.py DIR`); the browser test does that to make a
second deployment.
"""

import base64
import hashlib
import json
import os
import re
import sys

SERVICE_WORKER = "sw.js"
BUILD = re.compile(r"/\* BUILD \*/.*?/\* /BUILD \*/", re.S)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return base64.b64encode(digest.digest()).decode()


def site_files(root):
    """Every file under `root` as a relative URL path, sorted; dotfiles skipped."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith("."):
                found.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return sorted(found)


def is_vocabulary(path):
    return path.startswith("vocab/") and not path.endswith(".txt")


def build_list(root, worker_source):
    entries = [
        {"path": path, "sha256": sha256(os.path.join(root, path))}
        for path in site_files(root)
        if path != SERVICE_WORKER
    ]
    listing = "".join(f"{e['path']} {e['sha256']}\n" for e in entries)
    # The worker's own code counts too (without the list it is about to get): a new sw.js
    # is a new cache, never a rewrite of the one the running worker serves from.
    code = hashlib.sha256(BUILD.sub("", worker_source).encode("utf-8")).hexdigest()
    listing += f"{SERVICE_WORKER} {code}\n"
    return {
        "hash": hashlib.sha256(listing.encode("utf-8")).hexdigest()[:20],
        "precache": [e for e in entries if not is_vocabulary(e["path"])],
        "onDemand": [e for e in entries if is_vocabulary(e["path"])],
    }


def main(root=None):
    root = root or os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
    path = os.path.join(root, SERVICE_WORKER)
    with open(path, encoding="utf-8") as f:
        source = f.read()
    if len(BUILD.findall(source)) != 1:
        sys.exit(f"offline.py: {path} needs exactly one /* BUILD */ ... /* /BUILD */ line")
    build = build_list(root, source)
    line = f"/* BUILD */ const BUILD = {json.dumps(build, separators=(',', ':'))}; /* /BUILD */"
    with open(path, "w", encoding="utf-8") as f:
        f.write(BUILD.sub(lambda _: line, source))
    size = sum(os.path.getsize(os.path.join(root, e["path"])) for e in build["precache"])
    print(
        f"offline.py: build {build['hash']}: {len(build['precache'])} files ({size:,} bytes) "
        f"precached, {len(build['onDemand'])} vocabulary files cached on first use"
    )


if __name__ == "__main__":
    main()
