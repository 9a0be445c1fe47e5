"""measures: typed records out of Chinese policy speeches: directives, slogans, deadlines, quantities and actors.

>>> import measures
>>> result = measures.extract("一、加强组织领导。\\n专业队伍要在2小时内到达现场。")
>>> result.directives[0].headline
'加强组织领导'
>>> result.deadlines[0].iso
'PT2H'

`extract(text)` and `extract_file(path)` return an `Extraction`: the records of
one document in document order, queryable by type, field, containment and
outline. Records are pydantic models (`Directive`, `Slogan`, `Deadline`,
`Quantity`) whose JSON is the contract of the annotation guidelines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .io import InputError, read_text
from .models import Actor, CalendarDate, Deadline, Directive, Quantity, Record, Slogan
from .packs import Pack, PackError, load_pack
from .result import Extraction

__version__ = "0.1.0"

__all__ = [
    "extract", "extract_file", "Extractor", "Extraction",
    "Directive", "Slogan", "Deadline", "Quantity", "Actor", "Record", "CalendarDate", "Collection",
    "Pack", "PackError", "load_pack", "InputError", "__version__",
]


import datetime


def _extractor(rules: Iterable[str | Path | Pack] | None):  # type: ignore[no-untyped-def]
    from .pipeline import Extractor, default_extractor, extractor_for_paths

    if not rules:
        return default_extractor()
    rules = list(rules)
    if all(isinstance(r, (str, Path)) for r in rules):
        return extractor_for_paths(tuple(rules))  # type: ignore[arg-type]
    return Extractor(rules)


def extract(text: str, doc: str | None = None, *, rules: Iterable[str | Path | Pack] | None = None,
            reference_date: datetime.date | None = None) -> Extraction:
    """Extract directives, slogans, deadlines, quantities and actors from `text`.

    `doc` names the document in every record. `rules` are extra rule packs
    (paths or loaded `Pack`s): a pack named like a built-in one replaces it.
    `reference_date` (the date of the speech) resolves calendar bounds of
    deadlines to dates in their `due` field.
    """
    return _extractor(rules).extract(text, doc, reference_date=reference_date)


def extract_file(path: str | Path, *, rules: Iterable[str | Path | Pack] | None = None,
                 reference_date: datetime.date | None = None) -> Extraction:
    """Read a document (UTF-8 with or without BOM, or GB18030) and extract its records.

    The records' `doc` is the file's name without folders. Raises `InputError`
    naming the file when it is missing, empty, binary or in neither encoding.
    """
    p = Path(path)
    return extract(read_text(p), doc=p.name, rules=rules, reference_date=reference_date)


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name == "Extractor":
        from .pipeline import Extractor

        return Extractor
    if name == "Collection":
        from .collection import Collection

        return Collection
    raise AttributeError(f"module 'measures' has no attribute {name!r}")
