"""The text being read, and the span bookkeeping shared by the extractors."""

from __future__ import annotations

import os
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Iterator

import regex

from .packs import CompiledRule, RuleTimeoutError


def _fold_table() -> dict[int, int]:
    """One character for one, so every offset into the folded text is an offset into the text as read."""
    # Full-width ASCII (！ to ～) to half-width.
    table = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
    # Half-width CJK punctuation (｡｢｣､) and small form variants (﹐﹑﹔﹕…) to the forms rules name.
    for c in [*range(0xFF61, 0xFF65), *range(0xFE50, 0xFE6C)]:
        folded = unicodedata.normalize("NFKC", chr(c))
        if len(folded) == 1 and folded != chr(c):
            table[c] = ord(folded)
    # Traditional characters to simplified (data/traditional.tsv says how the table was made).
    traditional: dict[int, int] = {}
    for line in (resources.files("measures") / "data" / "traditional.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            t, s = line.split("\t")
            traditional[ord(t)] = ord(s)
    table.update(traditional)
    # CJK compatibility ideographs (U+F900 to U+FAFF) to their unified twins, then as above.
    for c in range(0xF900, 0xFB00):
        unified = unicodedata.normalize("NFC", chr(c))
        if len(unified) == 1 and unified != chr(c):
            table[c] = traditional.get(ord(unified), ord(unified))
    return table


_FOLD = _fold_table()

MATCH_TIMEOUT = 5.0  # seconds a single rule may spend on one document (MEASURES_MATCH_TIMEOUT overrides)
MATCH_TIMEOUT_PER_MCHAR = 10.0  # and this many more seconds for each million characters of the document


def fold(text: str) -> str:
    """The text rules read: full-width ASCII to half-width, traditional characters to simplified.

    The result has the length of `text`, and character i of it stands for character i of `text`.
    """
    return text.translate(_FOLD)


fold_width = fold  # the name this function had before it also folded traditional characters


def match_time_limit(length: int) -> float:
    """Seconds one rule may run on a document of `length` characters before it is stopped."""
    try:
        base = float(os.environ.get("MEASURES_MATCH_TIMEOUT") or MATCH_TIMEOUT)
    except ValueError:
        base = MATCH_TIMEOUT
    return base + MATCH_TIMEOUT_PER_MCHAR * length / 1_000_000


class FoldedText(str):
    """A document's folded text (`Document.norm`); it knows the document's name, for error messages."""

    doc: str | None = None


@dataclass
class Document:
    """A document as read (`text`) and its folded twin (`norm`, see `fold`) that rules run on."""

    text: str
    doc: str | None = None
    norm: str = field(init=False)

    def __post_init__(self) -> None:
        self.norm = FoldedText(fold(self.text))
        self.norm.doc = self.doc
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
    """Every match of every rule; a group named `span` narrows the match to the record's span.

    Each rule runs with a time limit (`match_time_limit`); a rule that exceeds it
    raises `RuleTimeoutError` naming the rule, its pack and the document.
    """
    limit = match_time_limit(len(doc.norm))
    for cr in rules:
        try:  # all matches first: the limit is for the whole iteration, and must not count the caller's work
            matches = list(cr.regex.finditer(doc.norm, timeout=limit))
        except TimeoutError:
            raise RuleTimeoutError(doc.doc, cr.rule.id, cr.path or cr.pack, limit) from None
        for m in matches:
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
    if not cands:
        return []
    taken = bytearray(max(c.end for c in cands))  # 1 where a kept candidate lies: linear in the text, not quadratic
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if taken.find(1, c.start, c.end) < 0:
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


class SpanSet:
    """A set of [start, end) spans, asked whether a span falls inside or overlaps any.

    Overlap questions are answered from the union of the spans in logarithmic time,
    so that asking once per record stays linear in the number of records.
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int]] = []
        self._starts: list[int] = []  # the union: disjoint runs, sorted (runs that only touch stay apart)
        self._ends: list[int] = []
        self._points: list[int] = []  # empty spans, which overlap what strictly surrounds them
        for s, e in spans:
            self.add(s, e)

    @property
    def spans(self) -> list[tuple[int, int]]:
        return sorted(self._spans)

    def add(self, start: int, end: int) -> None:
        self._spans.append((start, end))
        if end <= start:
            self._points.insert(bisect_left(self._points, start), start)
            return
        lo = bisect_left(self._ends, start + 1)  # the first run that ends after `start`
        hi = bisect_left(self._starts, end)  # runs from `hi` on start at or after `end`
        if lo < hi:  # runs lo..hi-1 overlap the new span: merge them into it
            start = min(start, self._starts[lo])
            end = max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # runs before i start before `end`
        if i and self._ends[i - 1] > start:
            return True
        j = bisect_right(self._points, start)
        return j < len(self._points) and self._points[j] < end

    def covers(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self._spans)
