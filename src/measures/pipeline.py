"""The extractor: rule packs in, one `Extraction` per document out."""

from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import regex

from .document import Document, SpanSet
from .extractors.actors import ActorExtractor
from .extractors.deadlines import DeadlineExtractor
from .extractors.directives import DirectiveExtractor
from .extractors.quantities import QuantityExtractor
from .extractors.slogans import SloganExtractor
from .models import Record
from .packs import Pack, PackError, compile_packs, resolve_packs
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
        try:
            self.directives = DirectiveExtractor(rules["directive"])
            self.slogans = SloganExtractor(rules["slogan"])
            self.deadlines = DeadlineExtractor(rules["deadline"])
            self.quantities = QuantityExtractor(rules["quantity"])
            self.actors = ActorExtractor(rules["actor"])
        except KeyError as e:  # a replacement pack without a lexicon or define its extractor needs
            raise PackError(f"rule packs incomplete: {e.args[0]}") from None

    def extract(self, text: str, doc: str | None = None, *, reference_date: datetime.date | None = None) -> Extraction:
        """Extract every record of `text`; `doc` names the document in each record.

        With `reference_date`, deadlines with a calendar bound get `due`: the bound as
        a date (a bound without a year is the first such date on or after the reference).
        """
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
        actors = [r for r in self.actors.extract(d) if not (in_slogan.overlaps(r.start, r.end) or titles.overlaps(r.start, r.end))]
        deadlines = _with_actors(d, deadlines, actors)
        if reference_date is not None:
            deadlines = [_with_due(r, reference_date) for r in deadlines]
        records: list[Record] = [*directives, *slogans, *deadlines, *quantities, *actors]
        return Extraction(text, link(records), doc)


_SENTENCE_END = regex.compile(r"[。!?;\n]")


def _with_actors(doc: Document, deadlines: list, actors: list) -> list:  # type: ignore[type-arg]
    """Each deadline gets the nearest actor named before it in the same sentence; an action that
    opens with the actors who act (市指挥部各工作组每天都要报告…) loses them."""
    out = []
    names = sorted({a.actor for a in actors}, key=len, reverse=True)
    for dl in deadlines:
        m = None
        for m in _SENTENCE_END.finditer(doc.norm, 0, dl.start):
            pass
        sentence_start = m.end() if m else 0
        before = [a for a in actors if sentence_start <= a.start and a.end <= dl.start]
        update = {"actor": before[-1].actor} if before else {}
        action = dl.action
        if action:
            stripped = _strip_subject(action, names)
            if stripped != action:
                update["action"] = stripped
                if not before:
                    update["actor"] = action[: len(action) - len(stripped)].rstrip("、和及与 ")
        out.append(dl.model_copy(update=update) if update else dl)
    return out


def _strip_subject(action: str, names: list[str]) -> str:
    """`市指挥部各工作组、各县市指挥部每天都要…` -> `每天都要…` (actors and their joiners, then nothing left out)."""
    rest = action
    while True:
        head = next((n for n in names if rest.startswith(n)), None)
        if head is None:
            break
        rest = rest[len(head):].lstrip("、和及与 ")
    return rest if rest != action and len(rest) >= 2 else action


def _with_due(deadline, reference: datetime.date):  # type: ignore[no-untyped-def]
    from .numbers import CalendarDate as Bound, resolve_date

    if deadline.date is None:
        return deadline
    due = resolve_date(Bound(deadline.date.year, deadline.date.month, deadline.date.day), reference)
    return deadline.model_copy(update={"due": due}) if due else deadline


def link(records: list[Record]) -> list[Record]:
    """Set `in_directive` on every record: the innermost directive whose body holds it (a directive: its parent)."""
    from .models import Directive

    directives = sorted((r for r in records if isinstance(r, Directive)), key=lambda d: d.start)
    out: list[Record] = []
    for r in records:
        if isinstance(r, Directive):
            out.append(r.model_copy(update={"in_directive": r.parent}))
            continue
        holder = None
        for d in directives:
            if d.start > r.start:
                break
            if d.body_end is not None and d.start <= r.start and r.end <= d.body_end and (holder is None or d.level > holder.level):
                holder = d
        out.append(r.model_copy(update={"in_directive": holder.start}) if holder else r)
    return out


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The extractor with the built-in packs, built once."""
    return Extractor()


def extractor_for_paths(paths: tuple[str | Path, ...]) -> Extractor:
    """An extractor for these pack files, reused while the files are unchanged."""
    key = tuple((str(Path(p).resolve()), Path(p).stat().st_mtime_ns if Path(p).exists() else -1) for p in paths)
    return _cached_extractor(key)


@lru_cache(maxsize=16)
def _cached_extractor(key: tuple[tuple[str, int], ...]) -> Extractor:
    return Extractor([p for p, _ in key])
