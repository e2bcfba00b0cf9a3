#!/usr/bin/env python3
"""Trunk's post-build hook (Trunk.toml), on the staging directory before it becomes dist/.

One hook running both steps in order, because the second hashes what the first writes:
1. scripts/csp.py writes index.html's Content-Security-Policy;
2. scripts/offline.py writes the file list and the build's hash into sw.js.
"""

import os
import sys

import csp
import offline

if __name__ == "__main__":
    root = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
    csp.main(root)
    offline.main(root)
