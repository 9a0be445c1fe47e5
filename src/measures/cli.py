"""The `measures` command line; each subcommand lives in `measures.commands`."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from .commands import COMMANDS


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="measures", description="Extract directives, slogans, deadlines, quantities and actors from Chinese policy speeches.")
    parser.add_argument("--version", action="version", version=f"measures {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f".commands.{name}", __package__).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 a document failed, 2 usage or rule-pack error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out_path = getattr(args, "out", None)
    try:
        if out_path:
            with open(out_path, "w", encoding="utf-8", newline="\n") as out:
                return int(args.func(args, out))
        return int(args.func(args, sys.stdout))
    except BrokenPipeError:
        return 1
    except OSError as e:
        print(f"measures: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
