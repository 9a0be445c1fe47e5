"""`measures outline`: the numbered outline of documents as an indented tree."""

from __future__ import annotations

import argparse
from typing import TextIO


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("outline", help="print the numbered outline of documents, indented by level")
    p.add_argument("paths", nargs="+", metavar="PATH", help="document files, or directories of .txt files")
    p.add_argument("--records", action="store_true", help="list under each item the deadlines, quantities, slogans and actors of its body")
    p.add_argument("--rules", action="append", metavar="PACK", help="an extra rule pack (TOML); one named like a built-in pack replaces it")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=run)


def render_outline(result, with_records: bool = False) -> str:  # type: ignore[no-untyped-def]
    """The outline of one result, two spaces a level; optionally with the records each item holds."""
    lines = [f"== {result.doc or '<text>'}"]
    for d in result.directives:
        pad = "  " * (d.level - 1)
        lines.append(f"{pad}{d.marker}{d.headline}  [{d.kind}]")
        if with_records:
            for r in result.records:
                if r.in_directive == d.start and r.type != "directive":
                    lines.append(f"{pad}    · {r.type}: {r.text}")
    return "\n".join(lines)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from ._documents import Documents, load_extractor

    extractor = load_extractor(args.rules)
    if extractor is None:
        return 2
    docs = Documents(args.paths)
    for path, text in docs:
        out.write(render_outline(extractor.extract(text, doc=path.name), args.records) + "\n\n")
    return docs.exit_code
