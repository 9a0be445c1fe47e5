"""`measures schema`: the JSON Schema of each record type, generated from the pydantic models.

    measures schema deadline             # print one type's schema
    measures schema                      # print {type: schema} for every type
    measures schema --dir docs/schema    # write docs/schema/<type>.json for every type
    measures schema --dir docs/schema --check   # exit 1 when the files differ from the models
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("schema", help="print or write the JSON Schema of each record type")
    p.add_argument("types", nargs="*", metavar="TYPE", help="record types (default: all)")
    p.add_argument("--dir", metavar="DIR", help="write DIR/<type>.json instead of printing")
    p.add_argument("--check", action="store_true", help="with --dir: write nothing, exit 1 when a file differs from the models")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from ..export import json_schema, schema_text
    from ..models import MODEL_BY_TYPE

    unknown = [t for t in args.types if t not in MODEL_BY_TYPE]
    if unknown:
        print(f"measures schema: unknown record type {unknown[0]!r}; expected one of {', '.join(MODEL_BY_TYPE)}", file=sys.stderr)
        return 2
    types = args.types or list(MODEL_BY_TYPE)
    if args.check and not args.dir:
        print("measures schema: --check needs --dir DIR", file=sys.stderr)
        return 2
    if args.dir:
        d = Path(args.dir)
        stale = []
        for t in types:
            text = schema_text(json_schema(t))
            p = d / f"{t}.json"
            if args.check:
                if not p.is_file() or p.read_text(encoding="utf-8") != text:
                    stale.append(str(p))
            else:
                d.mkdir(parents=True, exist_ok=True)
                p.write_text(text, encoding="utf-8", newline="\n")
                out.write(f"{p}\n")
        if stale:
            for p in stale:
                print(f"measures schema: {p} differs from the models (regenerate: measures schema --dir {d})", file=sys.stderr)
            return 1
        return 0
    if len(types) == 1:
        out.write(schema_text(json_schema(types[0])))
    else:
        out.write(json.dumps({t: json_schema(t) for t in types}, ensure_ascii=False, indent=2) + "\n")
    return 0
