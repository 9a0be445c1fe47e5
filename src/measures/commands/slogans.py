"""`measures slogans`: the corpus view of slogans: each canonical slogan, its variants, counts and documents."""

from __future__ import annotations

import argparse
import json
from typing import TextIO


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("slogans", help="count slogans across documents, variants grouped")
    p.add_argument("paths", nargs="+", metavar="PATH", help="document files, or directories of .txt files")
    p.add_argument("--json", action="store_true", help="one JSON object per slogan")
    p.add_argument("--rules", action="append", metavar="PACK", help="an extra rule pack (TOML); one named like a built-in pack replaces it")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from ..collection import Collection, slogan_table
    from ._documents import Documents, load_extractor

    extractor = load_extractor(args.rules)
    if extractor is None:
        return 2
    docs = Documents(args.paths)
    results = [extractor.extract(text, doc=path.name) for path, text in docs]
    for row in slogan_table(Collection(results).slogan_groups()):
        if args.json:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            variants = " / ".join(v for v in row["variants"] if v != row["canonical"])
            exp = "、".join(row["expansion"]) if row["expansion"] else ""
            out.write(f"{row['count']:4d} {row['documents']:3d} docs  {row['canonical']}"
                      + (f"  (also {variants})" if variants else "") + (f"  = {exp}" if exp else "") + "\n")
    return docs.exit_code
