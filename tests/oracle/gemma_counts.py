#!/usr/bin/env python3
"""Count the corpus and a seeded fuzz set with Google's `sentencepiece` on the Gemma 3 model.

The model is gemma3_cleaned_262144_v2.spiece.model, the one google-genai's LocalTokenizer uses
for Gemini 2.0-3.0, taken from the pinned `gemini-tokenizer` crate and hash-checked by
scripts/vocab/gemma.py (whose venv, .venv-gemma, this script runs in). A count is
`len(SentencePieceProcessor.encode(text))`: ids only, no BOS/EOS.

Corpus files are read as UTF-8 with CRLF/CR turned into LF, as tests/oracle/tiktoken_counts.py
does. The fuzz cases are short random strings, seeded, built from characters that stress the
encoder: space runs, newlines, tabs, digits, CJK, emoji, combining marks, NUL, characters the
vocabulary lacks (byte fallback), and special-looking text (`<start_of_turn>`, `<bos>`,
`<|endoftext|>`, `<0x41>`, `<td>`).

Writes tests/vectors/token_counts_gemma.json; `--check` compares instead of writing.
"""

import hashlib
import importlib.util
import json
import os
import random
import sys

from vectors_file import write_or_check

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "tokens", "corpus")
OUT = os.path.join(ROOT, "tests", "vectors", "token_counts_gemma.json")
FUZZ_SEED = 20250301
FUZZ_CASES = 3000

# Fragments the fuzz strings are made of, weighted towards what trips encoders up.
FRAGMENTS = [
    " ", "  ", "   ", "        ", "\n", "\n\n", "\n\n\n", "\t", "\t\t", " \n", "\n ", "\r",
    "0", "7", "12", "2025", "3.14159", "1,000,000", "x", "a", "the", "The", " the", "Hello",
    "world", "tokenization", "counting", "supercalifragilistic", "don't", "I'm", "e.g.", "https://",
    "中", "文", "中文", "日本語", "한국어", "ひらがな", "カタカナ", "Ελληνικά", "русский", "עברית",
    "العربية", "हिन्दी", "ไทย", "😀", "👍🏽", "👨‍👩‍👧", "🇯🇵", "🦀", "é", "e\u0301", "a\u0308",
    "\u0301", "\u0300\u0301", "ñ", "ß", "ﬁ", "Å", "\u200b", "\u200d", "\ufeff", "\u00a0", "\u2581",
    "\u2581\u2581", "\x00", "\x01", "\x7f", "\ue000", "\U0010fffd", "\U0001d54f", "𝔹", "￿",
    "<start_of_turn>", "<end_of_turn>", "<start_of_turn>user\n", "<|endoftext|>", "<|im_start|>",
    "<bos>", "<eos>", "<pad>", "<unk>", "<mask>", "[multimodal]", "<unused0>", "<unused99>",
    "<0x41>", "<0x00>", "<td>", "</td>", "<table>", "<b>", "<", ">", "</", "<<", ">>",
    "{", "}", "()", "[]", "=>", "->", "::", "//", "/*", "*/", "#", "$", "%", "&&", "||", "\\",
    '"', "'", "`", "```", "---", "...", "…", "—", "–", "“", "”", "«", "»", "€", "£", "¥",
    "def ", "fn ", "return", "    return x", "SELECT", "\u3000", "。", "、", "！",
]


def load_gemma_module():
    spec = importlib.util.spec_from_file_location("gemma", os.path.join(ROOT, "scripts", "vocab", "gemma.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fuzz_texts():
    rng = random.Random(FUZZ_SEED)
    texts = []
    for _ in range(FUZZ_CASES):
        n = rng.choice([0, 1, 1, 2, 3, 4, 6, 8, 12, 20, 40])
        parts = []
        for _ in range(n):
            if rng.random() < 0.1:
                # a random code point, anywhere in Unicode except surrogates
                cp = rng.choice([rng.randrange(0x20, 0x3000), rng.randrange(0x3000, 0x110000)])
                while 0xD800 <= cp <= 0xDFFF:
                    cp = rng.randrange(0x20, 0x110000)
                parts.append(chr(cp))
            else:
                parts.append(rng.choice(FRAGMENTS))
        texts.append("".join(parts))
    return texts


def counts():
    import sentencepiece

    gemma = load_gemma_module()
    model, _, _ = gemma.read_crate()
    processor = sentencepiece.SentencePieceProcessor(model_proto=model)

    def count(text):
        return len(processor.encode(text))

    files = {}
    for name in sorted(os.listdir(CORPUS)):
        with open(os.path.join(CORPUS, name), "rb") as f:
            text = f.read().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        files[name] = {"gemma3": count(text)}
    fuzz = [[text, count(text)] for text in fuzz_texts()]
    return {
        "sentencepiece_version": sentencepiece.__version__,
        "model_sha256": hashlib.sha256(model).hexdigest(),
        "files": files,
        "fuzz_seed": FUZZ_SEED,
        "fuzz": fuzz,
    }


def render(data):
    # One fuzz case a line keeps diffs readable; ensure_ascii keeps odd characters visible.
    head = {k: v for k, v in data.items() if k != "fuzz"}
    text = json.dumps(head, indent=2, sort_keys=True)
    cases = ",\n".join("    " + json.dumps(case) for case in data["fuzz"])
    return text[:-2] + ',\n  "fuzz": [\n' + cases + "\n  ]\n}\n"


def main():
    venv_python = os.path.join(ROOT, ".venv-gemma", "bin", "python")
    if os.path.realpath(sys.prefix) != os.path.realpath(os.path.join(ROOT, ".venv-gemma")):
        if not os.path.exists(venv_python):
            sys.exit("gemma_counts.py: run scripts/vocab/gemma.py first (it creates .venv-gemma)")
        os.execv(venv_python, [venv_python, os.path.abspath(__file__), *sys.argv[1:]])
    text = render(counts())
    json.loads(text)  # the hand-joined layout must still be JSON
    written = f" ({len(text.encode('utf-8'))} bytes)"
    sys.exit(write_or_check(OUT, text, "--check" in sys.argv, "tests/oracle/gemma_counts.py", written=written))


if __name__ == "__main__":
    main()
