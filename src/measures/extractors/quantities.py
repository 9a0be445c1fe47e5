"""Quantities: numbers with their unit, comparator, range, rate base and placeholder flag."""

from __future__ import annotations

import regex

from ..document import Candidate, Document, find_candidates, select_non_overlapping
from ..models import Quantity
from ..numbers import parse_number, parse_quantity
from ..packs import DimensionRules

_SCALE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_SCALE_ONLY = regex.compile(r"[十百千万亿]+")
# A lone 一 is an article (一批, 一名); a lone 零 is part of a word (零部件); a lone
# 百/千/万 before a measure word is an idiom (千家万户, 百家争鸣).
_NOT_A_NUMBER = {"一", "壹", "幺", "零", "〇", "百", "千", "万"}


class QuantityExtractor:
    """Builds quantity records from rule matches, with values scaled and units normalised."""

    def __init__(self, rules: DimensionRules) -> None:
        self.rules = rules
        self.comparator: dict[str, str] = {k: str(v) for k, v in rules.table("comparator").items()}
        self.money = set(rules.words("money_unit"))
        self.measure = set(rules.words("measure_unit"))
        self.debris = rules.compile_define("DEBRIS") if "DEBRIS" in rules.defines else None

    def extract(self, doc: Document) -> list[Quantity]:
        out = []
        debris = [m.span() for m in self.debris.finditer(doc.norm)] if self.debris else []
        for c in select_non_overlapping(list(find_candidates(self.rules.rules, doc))):
            if any(s < c.end and c.start < e for s, e in debris):
                continue
            rec = self._build(doc, c)
            if rec is not None:
                out.append(rec)
        return out

    def _kind(self, fixed: str, unit: str | None) -> str:
        if fixed in ("rank", "age", "ratio"):
            return fixed
        if unit in self.money:
            return "money"
        if unit in self.measure:
            return "measure"
        if unit in ("%", "‰", "百分点"):
            return "percent"
        return fixed

    def _build(self, doc: Document, c: Candidate) -> Quantity | None:
        fixed = c.rule.rule.set
        unit = c.group("unit") or fixed.get("unit")
        value = None
        rng = None
        approx = False
        placeholder = c.group("placeholder") is not None
        if not placeholder:
            lo, hi = c.group("lo"), c.group("hi")
            num, den = c.group("num"), c.group("den")
            if num is not None and den is not None:  # 三分之一, 1/8
                n, d = parse_number(num), parse_number(den)
                if n is None or not d:
                    return None
                value = _int(n / d)
            elif lo is not None and hi is not None:
                lo_v, hi_v = parse_number(lo), parse_number(hi)
                if lo_v is None or hi_v is None:
                    return None
                if hi[-1] in _SCALE and lo[-1] not in _SCALE:  # 两到三万: the scale applies to both
                    lo_v = _int(lo_v * _SCALE[hi[-1]])
                if not lo_v < hi_v:
                    return None
                rng = (lo_v, hi_v)
            else:
                raw = c.group("value")
                if raw is None or raw in _NOT_A_NUMBER:
                    return None
                if unit in ("级", "次") and _SCALE_ONLY.fullmatch(raw):
                    return None  # 千亿级产业集群, 万亿级: a class, not a count
                if "多" in raw or "余" in raw:  # 80多亿, 550万多: more than
                    raw, approx = raw.replace("多", "").replace("余", ""), True
                value = parse_number(raw)
                if value is None:  # 十几万, 两三个, 数十: approximate counts
                    approx_q = parse_quantity(raw + (unit or "个"))
                    if approx_q is None or (approx_q.value is None and approx_q.range is None):
                        return None
                    value, rng = approx_q.value, approx_q.range
                    approx = approx or approx_q.comparator == ">"
                else:
                    value = _int(value * fixed.get("scale", 1))
        comparator = "="
        if approx:
            comparator = ">"
        elif c.group("after"):
            comparator = self.comparator.get(c.group("after"), "=")
        elif c.group("before"):
            comparator = self.comparator.get(c.group("before"), "=")
        return Quantity(
            doc=doc.doc, start=c.start, end=c.end, text=doc.text[c.start:c.end], rule=c.rule.rule.id,
            value=value, unit=unit, kind=self._kind(fixed.get("kind", "count"), unit), comparator=comparator,
            range=rng, per=fixed.get("per") or c.group("per"), placeholder=placeholder,
        )


def _int(v: int | float) -> int | float:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return round(v, 10) if isinstance(v, float) else v
