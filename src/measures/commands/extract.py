"""`measures extract`: records of documents as JSONL (the guidelines' contract), JSON, CSV or a table."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from typing import TextIO

FORMATS = ("jsonl", "json", "csv", "table")


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("extract", help="extract records from documents")
    p.add_argument("paths", nargs="+", metavar="PATH", help="document files, or directories of .txt files")
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="jsonl (the guidelines' contract), json, csv or table")
    p.add_argument("--rules", action="append", metavar="PACK", help="an extra rule pack (TOML); one named like a built-in pack replaces it")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=run)


def _csv_rows(results) -> str:  # type: ignore[no-untyped-def]
    fields = ["doc", "type", "start", "end", "text"]
    rows = []
    for res in results:
        for d in res.to_dicts():
            for k in d:
                if k not in fields:
                    fields.append(k)
            rows.append(d)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for d in rows:
        w.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in d.items()})
    return buf.getvalue()


def run(args: argparse.Namespace, out: TextIO) -> int:
    from ..io import InputError, iter_paths, read_text
    from ..packs import PackError
    from ..pipeline import Extractor
    from ..table import format_table

    try:
        extractor = Extractor(args.rules or ())
    except PackError as e:
        print(f"measures: error: {e}", file=sys.stderr)
        return 2
    failed = 0
    results = []
    for p in iter_paths(args.paths):
        try:
            text = read_text(p)
            result = extractor.extract(text, doc=p.name)
        except InputError as e:
            print(f"measures: error: {e}", file=sys.stderr)
            failed += 1
            continue
        if args.format == "jsonl":
            out.write(result.to_jsonl())
            out.flush()
        elif args.format == "table":
            out.write(format_table(result) + "\n\n")
        else:
            results.append(result)
    if args.format == "json":
        json.dump([d for r in results for d in r.to_dicts()], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif args.format == "csv":
        out.write(_csv_rows(results))
    return 1 if failed else 0
