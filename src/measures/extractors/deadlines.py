"""Deadlines: limits, windows, durations and periods, with their action and anchor."""

from __future__ import annotations

import regex

from ..document import Candidate, Document, find_candidates, select_non_overlapping
from ..models import CalendarDate, Deadline
from ..numbers import is_named_day, parse_calendar, parse_duration, relation_for
from ..packs import DimensionRules

_CLAUSE_BREAK = regex.compile(r"[,，。;；!！?？:：\n]")
_ANCHOR_CUT = regex.compile(r"(?:在|于|自|从|和|并|及|实行|进行|开展|落实|实施|要|须|应|,|，|。|;|；|:|：|\n|、)")
_CLAUSE_MAX = 200  # an action is read from at most this many characters on either side
_TRAILING_DE = regex.compile(r"的[^的]{1,5}$")
_TRAILING_ASIDE = regex.compile(r"[(（][^()（）]{6,}[)）]?$")
_DEMONSTRATIVE = regex.compile(r"^[这那](?=[0-9一二两三四五六七八九十百]+)")
_MEASURE_HEAD = regex.compile(r"[并和及、]|进行|实行|开展")
_AND = regex.compile(r"[和及、]")
_LABEL_CUT = regex.compile(r"[)和]")
_LABEL_HEAD = regex.compile(r"^.*[)、]")
_TIME_WORD = regex.compile(r"时间$")


class DeadlineExtractor:
    """Builds deadline records from rule matches and finds the action and anchor around them."""

    def __init__(self, rules: DimensionRules) -> None:
        self.rules = rules
        self.window_object = rules.alternation("window_object")
        self.trailing_noun = tuple(rules.words("duration_trailing_noun"))
        self.not_anchor = set(rules.words("not_anchor"))
        self.measure = rules.alternation("measure")
        self.narrative = rules.alternation("narrative_cue")

    def extract(self, doc: Document) -> list[Deadline]:
        out = []
        for c in select_non_overlapping(list(find_candidates(self.rules.rules, doc))):
            rec = self._build(doc, c)
            if rec is not None:
                out.append(rec)
        return out

    def _build(self, doc: Document, c: Candidate) -> Deadline | None:
        fixed = c.rule.rule.set
        kind = fixed.get("kind", "deadline")
        relation = fixed.get("relation") or relation_for(c.group("relation"))
        amount = unit = iso = None
        duration = c.group("duration")
        if duration:
            parsed = parse_duration(duration)
            if parsed is None:
                return None
            amount, unit, iso = parsed.amount, parsed.unit, parsed.iso
        date: CalendarDate | None = None
        date_text = c.group("date")
        if date_text:
            parsed_date = parse_calendar(date_text)
            if parsed_date is None and not is_named_day(date_text):
                return None
            start_text = c.group("date_start")
            if start_text is not None and parse_calendar(_as_month(start_text, date_text)) is None:
                return None
            if parsed_date is not None:
                date = CalendarDate(**parsed_date.as_dict())
        if amount is None and date is None and not (date_text and is_named_day(date_text)):
            return None
        if relation == "until" and kind == "deadline" and self.narrative.search(self._first_clause_after(doc, c.end)):
            return None  # 到2019年底,我国已有…: a past state reached, not a limit
        anchor = self._anchor(doc, c.start) if amount is not None else None
        return Deadline(
            doc=doc.doc, start=c.start, end=c.end, text=doc.text[c.start:c.end], rule=c.rule.rule.id,
            kind=kind, amount=amount, unit=unit, iso=iso, relation=relation or "exactly", date=date,
            action=self._action(doc, c, kind), anchor=anchor,
        )

    def _first_clause_after(self, doc: Document, pos: int) -> str:
        """The rest of the clause after `pos`, or the next clause when `pos` ends one."""
        after = self._clause_after(doc, pos)
        nxt = pos + len(after)
        if not after.strip() and nxt < len(doc.norm) and doc.norm[nxt] in ",":
            after = self._clause_after(doc, nxt + 1)
        return after

    # -- action --------------------------------------------------------------
    def _clause_after(self, doc: Document, pos: int) -> str:
        """The folded text from `pos` to the clause's end (brackets and quotes kept whole), at most _CLAUSE_MAX long."""
        depth = 0
        i = pos
        s = doc.norm
        stop = min(len(s), pos + _CLAUSE_MAX)
        while i < stop:
            ch = s[i]
            if ch in "(“":
                depth += 1
            elif ch in ")”":
                depth = max(0, depth - 1)
            elif depth == 0 and _CLAUSE_BREAK.match(ch):
                break
            i += 1
        return s[pos:i]

    def _clause_before(self, doc: Document, pos: int) -> str:
        """The folded text from the clause's start to `pos`, at most _CLAUSE_MAX long."""
        lo = pos
        floor = max(0, pos - _CLAUSE_MAX)
        while lo > floor and not _CLAUSE_BREAK.match(doc.norm[lo - 1]):
            lo -= 1
        return doc.norm[lo:pos]

    def _action(self, doc: Document, c: Candidate, kind: str) -> str | None:
        """The clause the time applies to, as written (found on the folded text, then read back from the text)."""
        found = self._action_folded(doc, c, kind)
        if not found:
            return None
        lo, hi = max(0, c.start - 2 * _CLAUSE_MAX), min(len(doc.norm), c.end + 2 * _CLAUSE_MAX)
        idx = doc.norm.find(found, c.end, hi)
        if idx < 0:
            idx = doc.norm.rfind(found, lo, c.start)
        return doc.text[idx:idx + len(found)] if idx >= 0 else found

    def _action_folded(self, doc: Document, c: Candidate, kind: str) -> str | None:
        """The action on the folded text: what is looked back on, the measure that lasts, or what must be done."""
        if kind == "window":
            after = self._first_clause_after(doc, c.end)
            m = self.window_object.search(after)
            return _clean(after[: m.end()] if m else after.split("的")[0])
        if kind == "duration":
            return self._measure_of_duration(doc, c)
        if kind == "period":
            label = self._period_label(doc, c.start)
            if label:
                return label
        after = self._clause_after(doc, c.end)
        after = _DEMONSTRATIVE.sub("", after)
        if not after.strip() or (kind == "period" and len(after) <= 8):  # 到3月15日特护期结束,…: the next clause
            nxt = c.end + len(after)
            if nxt < len(doc.norm) and doc.norm[nxt] == ",":
                after = self._clause_after(doc, nxt + 1)
        trimmed = _TRAILING_DE.sub("", after)  # 完成全员核酸检测的标准 -> 完成全员核酸检测
        trimmed = _TRAILING_ASIDE.sub("", trimmed)  # 开展好“八清一改”(集中清理…): the aside is not the action
        return _clean(trimmed if len(trimmed) >= 2 else after)

    def _measure_of_duration(self, doc: Document, c: Candidate) -> str | None:
        if c.rule.rule.id.endswith("after_measure"):  # 并自我健康监测14天
            before = self._clause_before(doc, c.start)
            last = None
            for last in self.measure.finditer(before):
                pass
            if last is None:
                return _clean(before)
            head = _MEASURE_HEAD.split(before[: last.start()])[-1]
            return _clean(head + before[last.start():])
        after = _AND.split(self._clause_after(doc, c.end).lstrip("的"))[0]  # 24小时值守和日报告
        for noun in self.trailing_noun:
            if after.endswith(noun) and len(after) > len(noun):
                after = after[: -len(noun)]
        return _clean(after)

    def _period_label(self, doc: Document, start: int) -> str | None:
        """What a period is for when a label names it: 自查摸底阶段(7月3日至7月15日), 静态管理时间:8月30日…"""
        s = doc.norm
        if start > 0 and s[start - 1] == "(":
            return _clean(_LABEL_CUT.split(self._clause_before(doc, start - 1))[-1])
        if start > 0 and s[start - 1] == ":":
            before = _LABEL_HEAD.sub("", self._clause_before(doc, start - 1))
            return _clean(_TIME_WORD.sub("", before))
        return None

    # -- anchor --------------------------------------------------------------
    def _anchor(self, doc: Document, start: int) -> str | None:
        before = doc.norm[max(0, start - 16):start]
        if not before.endswith(("后", "起", "前")):
            return None
        cut = None
        for cut in _ANCHOR_CUT.finditer(before):
            pass
        lo = cut.end() if cut else 0
        anchor = doc.norm[start - len(before) + lo:start]
        if len(anchor) < 2 or anchor in self.not_anchor or anchor.startswith(("提前",)):
            return None
        return doc.text[start - len(anchor):start]


def _as_month(start: str, end: str) -> str:
    """The start of a range read like its end: in 5-7月, the 5 is a month."""
    if end.endswith("月") and start.isdigit():
        return start + "月"
    return start


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip(" \t\u3000,，。;；:：、")
    return text or None
