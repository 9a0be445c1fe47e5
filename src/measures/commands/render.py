"""`measures render`: one self-contained HTML page of highlighted documents (displaCy's span style)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the `render` subcommand to the parser."""
    p = sub.add_parser("render", help="write an HTML report: highlighted records, outline, slogans and deadlines")
    p.add_argument("paths", nargs="+", metavar="PATH", help="document files, or directories of .txt files")
    p.add_argument("--rules", action="append", metavar="PACK", help="an extra rule pack (TOML); one named like a built-in pack replaces it")
    p.add_argument("--title", default="measures report", help="the page title (default: %(default)s)")
    p.add_argument("--out", metavar="FILE", help="write the page here (e.g. report.html) instead of standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Write the page of all readable documents to `out`; 1 when a document failed, 2 for a bad rule pack."""
    from ..packs import PackError
    from ._documents import Documents

    try:
        from ..render import build_nlp, render_page

        nlp = build_nlp(args.rules or ())
    except PackError as e:
        print(f"measures: error: {e}", file=sys.stderr)
        return 2
    docs = Documents(args.paths)
    documents = [(path.name, text) for path, text in docs]
    out.write(render_page(documents, title=args.title, nlp=nlp))
    return docs.exit_code
