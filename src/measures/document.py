"""The text being read, and the span bookkeeping shared by the extractors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

import regex

from .packs import CompiledRule

# Full-width ASCII (！ to ～) folded to half-width: one character for one, so
# every offset into the folded text is an offset into the text as read.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}

MATCH_TIMEOUT = 5.0  # seconds a single rule may spend on one document


def fold_width(text: str) -> str:
    """Fold full-width ASCII forms to half-width without changing the length."""
    return text.translate(_FOLD)


@dataclass
class Document:
    """A document as read (`text`) and its width-folded twin (`norm`) that rules run on."""

    text: str
    doc: str | None = None
    norm: str = field(init=False)

    def __post_init__(self) -> None:
        self.norm = fold_width(self.text)
        assert len(self.norm) == len(self.text)

    def __len__(self) -> int:
        return len(self.text)

    def line_bounds(self, pos: int) -> tuple[int, int]:
        """Start and end (before the newline) of the line holding `pos`."""
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, (len(self.text) if end < 0 else end)


@dataclass
class Candidate:
    """One rule match, before it becomes a record."""

    rule: CompiledRule
    match: "regex.Match[str]"
    start: int
    end: int

    @property
    def priority(self) -> int:
        return self.rule.rule.priority

    def group(self, name: str) -> str | None:
        try:
            return self.match.group(name)
        except IndexError:
            return None

    def span_of(self, name: str) -> tuple[int, int] | None:
        try:
            s, e = self.match.span(name)
        except IndexError:
            return None
        return None if s < 0 else (s, e)


def find_candidates(rules: Iterable[CompiledRule], doc: Document) -> Iterator[Candidate]:
    """Every match of every rule; a group named `span` narrows the match to the record's span."""
    for cr in rules:
        for m in cr.regex.finditer(doc.norm, timeout=MATCH_TIMEOUT):
            try:
                s, e = m.span("span")
            except IndexError:
                s, e = m.span()
            if s < 0:
                s, e = m.span()
            if e > s:
                yield Candidate(cr, m, s, e)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def select_non_overlapping(cands: list[Candidate]) -> list[Candidate]:
    """Longest match first, then higher priority, then earlier; drop what overlaps a kept one."""
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if not any(overlaps(c.start, c.end, k.start, k.end) for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


class SpanSet:
    """A set of [start, end) spans, asked whether a span falls inside or overlaps any."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans = sorted(spans)

    def add(self, start: int, end: int) -> None:
        self.spans.append((start, end))
        self.spans.sort()

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.spans)

    def covers(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.spans)
