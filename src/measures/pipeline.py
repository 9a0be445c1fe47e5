"""The extractor: rule packs in, one `Extraction` per document out."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

import regex

from .document import Document, SpanSet
from .extractors.deadlines import DeadlineExtractor
from .extractors.directives import DirectiveExtractor
from .extractors.quantities import QuantityExtractor
from .extractors.slogans import SloganExtractor
from .models import Record
from .packs import Pack, compile_packs, resolve_packs
from .result import Extraction

# Titles of documents: numbers inside 《…》 are part of a name.
_TITLE = regex.compile(r"《[^《》\n]{1,80}》")

PackSource = str | Path | Pack


class Extractor:
    """Extraction with a fixed set of rule packs.

    `packs` are added to the built-in packs; a pack with the name of a built-in
    pack replaces it. `builtin=False` starts from no packs at all (then every
    dimension needs a pack of its own).
    """

    def __init__(self, packs: Iterable[PackSource] = (), *, builtin: bool = True) -> None:
        self.packs: list[Pack] = resolve_packs(packs, builtin=builtin)
        rules = compile_packs(self.packs)
        self.directives = DirectiveExtractor(rules["directive"])
        self.slogans = SloganExtractor(rules["slogan"])
        self.deadlines = DeadlineExtractor(rules["deadline"])
        self.quantities = QuantityExtractor(rules["quantity"])

    def extract(self, text: str, doc: str | None = None) -> Extraction:
        """Extract every record of `text`; `doc` names the document in each record."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        d = Document(text, doc)
        directives = self.directives.extract(d)
        slogans = self.slogans.extract(d, directives)
        titles = SpanSet(m.span() for m in _TITLE.finditer(d.norm))
        in_slogan = SpanSet((s.start, s.end) for s in slogans)
        markers = SpanSet((r.start, r.start + len(r.marker)) for r in directives)

        deadlines = [r for r in self.deadlines.extract(d) if not in_slogan.overlaps(r.start, r.end) and not titles.overlaps(r.start, r.end)]
        taken = SpanSet((r.start, r.end) for r in deadlines)
        quantities = [
            r for r in self.quantities.extract(d)
            if not (in_slogan.overlaps(r.start, r.end) or taken.overlaps(r.start, r.end)
                    or markers.overlaps(r.start, r.end) or titles.overlaps(r.start, r.end))
        ]
        records: list[Record] = [*directives, *slogans, *deadlines, *quantities]
        return Extraction(text, records, doc)


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The extractor with the built-in packs, built once."""
    return Extractor()
