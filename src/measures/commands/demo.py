"""`measures demo`: the table of the sample speech shipped with the package."""

from __future__ import annotations

import argparse
from importlib import resources
from typing import TextIO


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("demo", help="run on the bundled sample speech and print the table")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=run)


def sample_text() -> str:
    """The sample speech shipped with the package (written for it, in the genre)."""
    return (resources.files("measures") / "data" / "sample_speech.txt").read_text(encoding="utf-8")


def run(args: argparse.Namespace, out: TextIO) -> int:
    from .. import extract
    from ..table import format_table

    result = extract(sample_text(), doc="sample_speech.txt")
    out.write(format_table(result) + "\n")
    return 0
