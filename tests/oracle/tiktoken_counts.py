#!/usr/bin/env python3
"""Count every corpus file with OpenAI's own `tiktoken`, the reference for exact counts.

tiktoken downloads its vocabularies on first use; this machine reaches no such host, so the
vocabulary files that tiktoken-rs ships are put in tiktoken's cache under the names tiktoken
expects. tiktoken checks each file's SHA-256 against the hash it knows, so a wrong or edited
file fails loudly instead of producing plausible counts.

Writes tests/vectors/token_counts_tiktoken.json; `--check` compares instead of writing.
"""

import glob
import hashlib
import json
import os
import shutil
import sys
import tempfile

from vectors_file import write_or_check

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "tokens", "corpus")
OUT = os.path.join(ROOT, "tests", "vectors", "token_counts_tiktoken.json")
ENCODINGS = ["o200k_base", "o200k_harmony", "cl100k_base", "p50k_base", "r50k_base"]
# The vocabulary files behind them (o200k_harmony is o200k_base's vocabulary).
VOCABULARIES = ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"]


def seed_cache():
    cargo_home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    found = sorted(glob.glob(os.path.join(cargo_home, "registry", "src", "*", "tiktoken-rs-*", "assets")))
    if not found:
        sys.exit("tiktoken_counts.py: tiktoken-rs is not in the cargo registry; run `cargo fetch` first")
    cache = tempfile.mkdtemp(prefix="tiktoken-cache-")
    for name in VOCABULARIES:
        url = f"https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
        key = hashlib.sha1(url.encode()).hexdigest()
        shutil.copy(os.path.join(found[-1], f"{name}.tiktoken"), os.path.join(cache, key))
    os.environ["TIKTOKEN_CACHE_DIR"] = cache


def counts():
    import tiktoken

    encodings = {name: tiktoken.get_encoding(name) for name in ENCODINGS}
    files = {}
    for name in sorted(os.listdir(CORPUS)):
        with open(os.path.join(CORPUS, name), "rb") as f:
            text = f.read().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        files[name] = {enc: len(encodings[enc].encode_ordinary(text)) for enc in ENCODINGS}
    return {"tiktoken_version": tiktoken.__version__, "files": files}


def main():
    seed_cache()
    text = json.dumps(counts(), indent=2, sort_keys=True) + "\n"
    sys.exit(write_or_check(OUT, text, "--check" in sys.argv, "tests/oracle/tiktoken_counts.py"))


if __name__ == "__main__":
    main()
