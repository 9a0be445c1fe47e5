"""`measures eval`: precision, recall and F1 per type, and key-field agreement, against gold JSONL."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("eval", help="score records against gold: P/R/F1 per type and key-field agreement")
    p.add_argument("paths", nargs="+", metavar="PATH", help="OUTPUT.jsonl GOLD.jsonl..., or documents when --gold is given")
    p.add_argument("--gold", nargs="+", metavar="GOLD", help="gold JSONL files; PATHs are then documents to extract")
    p.add_argument("--types", help="comma-separated record types to report")
    p.add_argument("--rules", action="append", metavar="PACK", help="an extra rule pack when extracting")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from ..evaluate import TYPES, format_report, load_jsonl, score, to_json
    from ..io import InputError, iter_paths, read_text
    from ..packs import PackError
    from ..pipeline import Extractor

    types = args.types.split(",") if args.types else None
    unknown = sorted(set(types or ()) - set(TYPES))
    if unknown:
        print(f"measures eval: unknown record type(s) {', '.join(unknown)}; expected {', '.join(TYPES)}", file=sys.stderr)
        return 2

    if args.gold:
        system: list[dict] = []
        try:
            extractor = Extractor(args.rules or ())
        except PackError as e:
            print(f"measures: error: {e}", file=sys.stderr)
            return 2
        for p in iter_paths(args.paths):
            try:
                system.extend(extractor.extract(read_text(p), doc=p.name).to_dicts())
            except InputError as e:
                print(f"measures: error: {e}", file=sys.stderr)
                return 1
        gold_paths = args.gold
    else:
        if len(args.paths) < 2:
            print("measures eval: give OUTPUT.jsonl GOLD.jsonl..., or documents with --gold GOLD.jsonl...", file=sys.stderr)
            return 2
        try:
            system = load_jsonl(args.paths[0])
        except (OSError, ValueError) as e:
            print(f"measures: error: {e}", file=sys.stderr)
            return 1
        gold_paths = args.paths[1:]
    try:
        gold = load_jsonl(gold_paths)
    except (OSError, ValueError) as e:
        print(f"measures: error: {e}", file=sys.stderr)
        return 1
    scores = score(system, gold, types)
    if args.json:
        out.write(json.dumps(to_json(scores), ensure_ascii=False) + "\n")
    else:
        out.write(format_report(scores) + "\n")
    return 0
