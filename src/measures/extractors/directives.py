"""Directives: the numbered items of the outline, their nesting, headline, body and kind."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..document import Candidate, Document, find_candidates, select_non_overlapping
from ..models import Directive
from ..numbers import parse_number
from ..packs import DimensionRules

_HEADLINE_STOP = regex.compile(r"[。;!?]|\n|\u3000\u3000")
_HEADLINE_LEAD = " \t\u3000、,:."
_HEADLINE_TRAIL = " \t\u3000、,:"


@dataclass
class _Item:
    cand: Candidate
    family: str
    ordinal: int
    start: int
    marker_end: int
    end: int = 0
    level: int = 1
    parent: "_Item | None" = None
    body_end: int = 0
    children: list["_Item"] = field(default_factory=list)


class DirectiveExtractor:
    """Finds ordinal markers, cuts headlines, nests series into an outline, and tells directive from statement."""

    def __init__(self, rules: DimensionRules) -> None:
        self.rules = rules
        self.rank: dict[str, int] = {k: int(v) for k, v in rules.table("family_rank").items()}
        self.lone_rank: dict[str, int] = {k: int(v) for k, v in rules.table("lone_rank").items()}
        self.boundary = rules.compile_define("SPEECH_BOUNDARY")
        self.debris_boundary = rules.compile_define("DEBRIS_BOUNDARY") if "DEBRIS_BOUNDARY" in rules.defines else None
        self.topic_prefix = tuple(rules.words("topic_prefix"))
        self.topic_ending = tuple(rules.words("topic_ending"))
        self.homogeneous = set(rules.words("homogeneous_families"))
        self.directive_cue = rules.alternation("directive_cue")
        self.modal = rules.alternation("modal")
        self.not_modal = rules.alternation("not_modal")
        self.statement_cue = rules.alternation("statement_cue")
        self.not_statement_cue = rules.alternation("not_statement_cue")
        self.imperative_start = tuple(rules.words("imperative_start"))
        self.imperative_adverb = tuple(rules.words("imperative_adverb"))
        self.review_cue = rules.alternation("review_cue")
        self.review_intro = rules.alternation("review_intro")

    # -- markers -------------------------------------------------------------
    def _items(self, doc: Document) -> list[_Item]:
        items = []
        for c in select_non_overlapping(list(find_candidates(self.rules.rules, doc))):
            family = c.rule.rule.set.get("family")
            ordinal = parse_number(c.group("ordinal") or "")
            marker = c.span_of("marker") or (c.start, c.end)
            if family not in self.rank or not isinstance(ordinal, int):
                continue
            items.append(_Item(c, family, ordinal, marker[0], marker[1]))
        starts = [it.start for it in items]
        for i, it in enumerate(items):
            nxt = starts[i + 1] if i + 1 < len(starts) else len(doc.text)
            it.end = self._headline_end(doc, it.marker_end, nxt)
        return items

    @staticmethod
    def _headline_end(doc: Document, marker_end: int, next_marker: int) -> int:
        m = _HEADLINE_STOP.search(doc.norm, marker_end, next_marker)
        end = m.start() if m else next_marker
        while end > marker_end and doc.norm[end - 1] in _HEADLINE_TRAIL:
            end -= 1
        return end

    # -- outline -------------------------------------------------------------
    def _nest(self, doc: Document, items: list[_Item]) -> None:
        """Levels, parents and bodies: a stack of open items; a speech boundary closes them all."""
        hard = [(m.start(), True) for m in self.boundary.finditer(doc.norm)]
        soft = [(m.start(), False) for m in self.debris_boundary.finditer(doc.norm)] if self.debris_boundary else []
        boundaries = sorted(hard + soft)
        stack: list[_Item] = []
        b = 0

        def close(to: int, at: int) -> None:
            while len(stack) > to:
                stack.pop().body_end = at

        for it in items:
            # a debris line ends a speech only when a new outline starts after it (一、)
            starts_outline = it.ordinal == 1 and self.rank.get(it.family, 9) == 0
            while b < len(boundaries) and boundaries[b][0] <= it.start:
                pos, is_hard = boundaries[b]
                if is_hard or starts_outline:
                    close(0, pos)
                    starts_outline = False
                b += 1
            same = [i for i, open_item in enumerate(stack) if open_item.family == it.family]
            if same:
                close(same[-1], it.start)
            else:
                ranks = self.rank if it.ordinal <= 1 else self.lone_rank
                while stack and ranks.get(stack[-1].family, 0) > ranks.get(it.family, 0):
                    close(len(stack) - 1, it.start)
            it.parent = stack[-1] if stack else None
            it.level = len(stack) + 1
            if it.parent is not None:
                it.parent.children.append(it)
            stack.append(it)
        # After the last item only a salutation or a speaker's heading ends the body; trailing debris does not.
        end = next((pos for pos, is_hard in boundaries[b:] if is_hard), len(doc.text))
        close(0, end)

    # -- kind ----------------------------------------------------------------
    def _cued_kind(self, doc: Document, it: _Item, series_intro: str) -> str | None:
        """The kind the item's own words (or its series' introduction) give, or None when they say nothing."""
        head = doc.norm[it.marker_end:it.end].lstrip(_HEADLINE_LEAD)
        marker = doc.norm[it.start:it.marker_end]
        if head.startswith(self.topic_prefix):
            return "statement"
        if self.review_intro.search(series_intro) and not _has(self.modal, self.not_modal, series_intro):
            return "statement"
        first_clause = head.split(",", 1)[0]
        if "要" in marker or _has(self.modal, self.not_modal, head) or self.directive_cue.search(first_clause):
            return "directive"
        if head.startswith(self.imperative_start):
            return "directive"
        if head.endswith(self.topic_ending) and "," not in head and len(head) <= 30:  # a bare label: 2021年工作回顾
            return "statement"
        if _has(self.statement_cue, self.not_statement_cue, head):
            return "statement"
        if head.startswith(self.imperative_adverb):
            return "directive"
        return None

    def _kinds(self, doc: Document, items: list[_Item], series_of: dict[int, _Item]) -> dict[int, str]:
        """Each item's kind; an item without cues takes its series' majority, else the intro's, else directive."""
        cued = {id(it): self._cued_kind(doc, it, self._series_intro(doc, series_of[id(it)])) for it in items}
        votes: dict[int, list[str]] = {}
        for it in items:
            if cued[id(it)] is not None:
                votes.setdefault(id(series_of[id(it)]), []).append(cued[id(it)])  # type: ignore[arg-type]
        kinds = {}
        for it in items:
            kind = cued[id(it)]
            if kind is None:
                kind = "directive"
                if it.family in self.homogeneous:  # sections differ from one another; inline series do not
                    series_votes = votes.get(id(series_of[id(it)]), [])
                    if series_votes.count("statement") > series_votes.count("directive"):
                        kind = "statement"
                    elif not series_votes and _has(self.review_cue, self.not_statement_cue, self._series_intro(doc, series_of[id(it)])):
                        kind = "statement"
            kinds[id(it)] = kind
        return kinds

    def _series_intro(self, doc: Document, first: _Item) -> str:
        """The text before the first item of a series (back to its parent's headline, at most 160 characters)."""
        lo = first.parent.end if first.parent is not None else 0
        lo = max(lo, first.start - 160)
        return doc.norm[lo:first.start]

    def extract(self, doc: Document) -> list[Directive]:
        items = self._items(doc)
        self._nest(doc, items)
        first_of_series: dict[int, _Item] = {}
        previous = _previous_siblings(items)
        for it in items:
            prev_sib = previous[id(it)]
            first_of_series[id(it)] = it if prev_sib is None else first_of_series[id(prev_sib)]
        kinds = self._kinds(doc, items, first_of_series)
        out = []
        for it in items:
            head_start = it.marker_end
            while head_start < it.end and doc.norm[head_start] in _HEADLINE_LEAD:
                head_start += 1
            out.append(
                Directive(
                    doc=doc.doc,
                    start=it.start,
                    end=it.end,
                    text=doc.text[it.start:it.end],
                    rule=it.cand.rule.rule.id,
                    marker=doc.text[it.start:head_start],
                    headline=doc.text[head_start:it.end],
                    ordinal=it.ordinal,
                    level=it.level,
                    parent=it.parent.start if it.parent else None,
                    kind=kinds[id(it)],  # type: ignore[arg-type]
                    body_end=it.body_end,
                )
            )
        return out


def _previous_siblings(items: list[_Item]) -> dict[int, "_Item | None"]:
    """For each item, the sibling just before it when it continues the same series, else None."""
    out: dict[int, _Item | None] = {}
    groups = [[x for x in items if x.parent is None]] + [it.children for it in items]
    for group in groups:
        prev = None
        for it in group:
            # the same style restarting its count (一是… after 四是) begins a new series
            out[id(it)] = prev if prev is not None and prev.family == it.family and it.ordinal > prev.ordinal else None
            prev = it
    return out


def _has(cue: "regex.Pattern[str]", exclusions: "regex.Pattern[str]", text: str) -> bool:
    """True when `cue` occurs in `text` outside every occurrence of `exclusions`."""
    masked = exclusions.sub(lambda m: "\0" * len(m.group()), text)
    return cue.search(masked) is not None
