#!/usr/bin/env python3
"""Post-build step (run by scripts/post_build.py): write the page's Content-Security-Policy.

Trunk loads the wasm with an inline module script that changes with every build, so the
policy allows exactly that script by its SHA-256 hash (a nonce baked into a static file
would be the same for everyone). Everything else is same-origin only: the page makes no
request anywhere else, and the browser enforces that.
"""

import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'" />'


def policy(script_hashes):
    scripts = " ".join(f"'sha256-{h}'" for h in script_hashes)
    return "; ".join([
        "default-src 'none'",
        f"script-src 'self' 'wasm-unsafe-eval' {scripts}".strip(),
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def main(staging=None):
    staging = staging or os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    # Trunk's nonce placeholders would mean nothing in a static file.
    html = re.sub(r'\s+nonce="[^"]*"', "", html)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = [base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() for body in inline]
    if PLACEHOLDER not in html:
        sys.exit(f"csp.py: the CSP placeholder is missing from {path}")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}" />'
    html = html.replace(PLACEHOLDER, meta)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp.py: {len(hashes)} inline script(s) allowed by hash")


if __name__ == "__main__":
    main()
