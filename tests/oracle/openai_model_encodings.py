#!/usr/bin/env python3
"""Python tiktoken's encoding for every model in the catalogue: the oracle of our rule.

For each catalogue model `<provider>/<id>`, asks tiktoken's own model table
(`tiktoken.model.encoding_name_for_model`) about the id's last path segment, and records
the encoding it names, or null where tiktoken does not know the model.
tests/count_rule.rs checks that our rule counts each model tiktoken knows with exactly that
encoding.

Writes tests/vectors/openai_model_encodings.json; `--check` compares instead of writing.
"""

import glob
import json
import os
import sys

from vectors_file import write_or_check

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "vectors", "openai_model_encodings.json")


def encodings():
    import tiktoken
    from tiktoken.model import encoding_name_for_model

    models = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "pricing", "providers", "*.json"))):
        with open(path, encoding="utf-8") as f:
            provider = json.load(f)
        for model in provider["models"]:
            name = model["id"].rsplit("/", 1)[-1]
            try:
                encoding = encoding_name_for_model(name)
            except KeyError:
                encoding = None
            models[f'{provider["id"]}/{model["id"]}'] = encoding
    return {"tiktoken_version": tiktoken.__version__, "models": models}


def main():
    text = json.dumps(encodings(), indent=1, sort_keys=True) + "\n"
    sys.exit(write_or_check(OUT, text, "--check" in sys.argv, "tests/oracle/openai_model_encodings.py"))


if __name__ == "__main__":
    main()
