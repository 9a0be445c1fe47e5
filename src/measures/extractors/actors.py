"""Actors: departments and bodies, each with a canonical name and an administrative level."""

from __future__ import annotations

import regex

from ..document import Document, find_candidates, select_non_overlapping
from ..models import Actor
from ..packs import DimensionRules

_LIST_SEP = regex.compile(r"[、和及与]")


class ActorExtractor:
    """Turns department, collective and body matches into actor records; a list of departments gives one actor each."""

    def __init__(self, rules: DimensionRules) -> None:
        self.rules = rules
        self.department: dict[str, str] = {k: str(v) for k, v in rules.table("department").items()}
        self.suffix: dict[str, str] = {k: str(v) for k, v in rules.table("department_suffix").items()}
        self.collective: dict[str, str] = {k: str(v) for k, v in rules.table("collective_level").items()}
        self.level_of: dict[str, str] = {k: str(v) for k, v in rules.table("level_of_prefix").items()}

    def extract(self, doc: Document) -> list[Actor]:
        out: list[Actor] = []
        for c in select_non_overlapping(list(find_candidates(self.rules.rules, doc))):
            rule = c.rule.rule.id
            level_word = c.group("level")
            level = self.level_of.get(level_word or "") or None
            stems_span = c.span_of("stems")
            if stems_span is not None:
                out.extend(self._departments(doc, rule, c.start, c.end, stems_span, level_word, level, c.group("suffix") or ""))
                continue
            collective = c.group("collective")
            if collective is not None:
                level = self.collective.get(doc.norm[c.span_of("collective")[0]:c.span_of("collective")[1]]) or None  # type: ignore[index]
            text = doc.text[c.start:c.end]
            out.append(Actor(doc=doc.doc, start=c.start, end=c.end, text=text, rule=rule,
                             actor=text, canonical=doc.norm[c.start:c.end], level=level))  # type: ignore[arg-type]
        return out

    def _departments(self, doc: Document, rule: str, start: int, end: int, stems_span: tuple[int, int],
                     level_word: str | None, level: str | None, suffix: str) -> list[Actor]:
        """`公安、卫健部门` -> 公安 (公安部门) and 卫健部门 (卫生健康部门); the level prefix goes with the first."""
        s0, s1 = stems_span
        canon_suffix = self.suffix.get(suffix, suffix)
        pieces = []
        pos = s0
        for m in _LIST_SEP.finditer(doc.norm, s0, s1):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, s1))
        out = []
        for i, (a, b) in enumerate(pieces):
            first, last = i == 0, i == len(pieces) - 1
            rs = start if first else a
            re_ = end if last else b
            stem = doc.norm[a:b]
            canonical = (level_word or "") + self.department.get(stem, stem) + canon_suffix  # the level and suffix apply to every item
            text = doc.text[rs:re_]
            out.append(Actor(doc=doc.doc, start=rs, end=re_, text=text, rule=rule, actor=text,
                             canonical=canonical, level=level))  # type: ignore[arg-type]
        return out
