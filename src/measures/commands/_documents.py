"""What several subcommands share: the extractor for `--rules`, and the documents named on the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Iterator


def load_extractor(rules: Iterable[str] | None):  # type: ignore[no-untyped-def]
    """The extractor with these extra packs, or None after reporting a broken pack (exit code 2)."""
    from ..packs import PackError
    from ..pipeline import Extractor

    try:
        return Extractor(rules or ())
    except PackError as e:
        print(f"measures: error: {e}", file=sys.stderr)
        return None


class Documents:
    """The readable documents named by `paths`, as (path, text); a file that cannot be read is
    reported on standard error and counted in `failed`, and the others go on."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = list(paths)
        self.failed = 0

    def __iter__(self) -> Iterator[tuple[Path, str]]:
        from ..io import InputError, iter_paths, read_text

        for p in iter_paths(self.paths):
            try:
                yield p, read_text(p)
            except InputError as e:
                print(f"measures: error: {e}", file=sys.stderr)
                self.failed += 1

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0
