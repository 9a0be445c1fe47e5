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
        titles = SpanSet(m.span() for m in _TITLE.finditer(d.norm))
        slogans = [s for s in self.slogans.extract(d, directives) if not titles.overlaps(s.start, s.end)]
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
    from bisect import bisect_right

    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(doc.norm)]
    actor_ends = [a.end for a in actors]  # actors come in document order
    names = sorted({a.actor for a in actors}, key=len, reverse=True)
    out = []
    for dl in deadlines:
        k = bisect_right(sentence_ends, dl.start)
        sentence_start = sentence_ends[k - 1] if k else 0
        j = bisect_right(actor_ends, dl.start)  # actors ending at or before the deadline
        before = actors[j - 1] if j and actors[j - 1].start >= sentence_start else None
        update = {"actor": before.actor} if before else {}
        if dl.action:
            stripped = _strip_subject(dl.action, names)
            if stripped != dl.action:
                update["action"] = stripped
                if before is None:
                    update["actor"] = dl.action[: len(dl.action) - len(stripped)].rstrip("、和及与 ")
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
    others = sorted((r for r in records if not isinstance(r, Directive)), key=lambda r: r.start)
    out: list[Record] = [d.model_copy(update={"in_directive": d.parent}) for d in directives]
    # Sweep in document order with the stack of open directives: bodies nest, so the innermost
    # open directive whose body still covers a record is its holder.
    stack: list[Directive] = []
    di = 0
    for r in others:
        while di < len(directives) and directives[di].start <= r.start:
            d = directives[di]
            while stack and (stack[-1].body_end or 0) <= d.start:
                stack.pop()
            stack.append(d)
            di += 1
        while stack and (stack[-1].body_end or 0) < r.end:
            stack.pop()
        out.append(r.model_copy(update={"in_directive": stack[-1].start}) if stack else r)
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
