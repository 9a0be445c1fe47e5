"""Querying one document's result: by type, field, predicate, containment and outline."""

from __future__ import annotations

import json

import pytest

import measures
from measures.result import records_from_dicts

TEXT = (
    "一、关于当前形势\n"
    "近期新增病例157例。\n"
    "二、落实防控措施\n"
    "（一）加强人员管控。一要在2小时内到达现场。二要落实“四早”要求,3月15日前完成。\n"
    "（二）做好物资保障。储备口罩3000万只。\n"
)


@pytest.fixture(scope="module")
def result() -> measures.Extraction:
    return measures.extract(TEXT, doc="t.txt")


def test_types_and_order(result: measures.Extraction) -> None:
    assert [d.marker for d in result.directives] == ["一、", "二、", "（一）", "一要", "二要", "（二）"]
    assert [s.slogan for s in result.slogans] == ["四早"]
    assert [d.text for d in result.deadlines] == ["2小时内", "3月15日前"]
    assert [q.text for q in result.quantities] == ["157例", "3000万只"]
    assert [r.start for r in result] == sorted(r.start for r in result)
    assert len(result.of_type("deadline")) == 2
    with pytest.raises(ValueError):
        result.of_type("date")


def test_filter_by_fields_and_predicate(result: measures.Extraction) -> None:
    assert [r.text for r in result.filter("deadline", unit="hour")] == ["2小时内"]
    assert [r.text for r in result.filter("quantity", value=lambda v: v and v > 1000)] == ["3000万只"]
    assert [r.text for r in result.filter(where=lambda r: r.start >= TEXT.index("（二）"))] == ["（二）做好物资保障", "3000万只"]
    assert [r.marker for r in result.filter("directive", level=3)] == ["一要", "二要"]
    with pytest.raises(ValueError):
        result.filter("deadline", headline="x")


def test_containment(result: measures.Extraction) -> None:
    second, first_item, yi_yao, er_yao = result.directives[1], result.directives[2], result.directives[3], result.directives[4]
    assert result.directive_of(result.deadlines[0]) == yi_yao
    assert result.directive_of(result.deadlines[1]) == er_yao
    assert result.directive_of(result.quantities[0]).marker == "一、"
    assert [r.text for r in result.within(first_item, type="deadline")] == ["2小时内", "3月15日前"]
    assert [r.text for r in result.within(second, type="quantity")] == ["3000万只"]


def test_outline_navigation(result: measures.Extraction) -> None:
    one, two, a, y1, y2, b = result.directives
    assert result.roots() == [one, two]
    assert result.children(two) == [a, b] and result.children(a) == [y1, y2]
    assert result.parent(y1) == a and result.parent(one) is None
    assert result.ancestors(y2) == [a, two]
    assert one.kind == "statement" and two.kind == "directive"
    assert result.outline().splitlines() == ["一、关于当前形势", "二、落实防控措施", "  （一）加强人员管控", "    一要在2小时内到达现场",
                                             "    二要落实“四早”要求,3月15日前完成", "  （二）做好物资保障"]


def test_jsonl_round_trip(result: measures.Extraction) -> None:
    rows = [json.loads(line) for line in result.to_jsonl().splitlines()]
    assert rows[0]["type"] == "directive" and rows[0]["doc"] == "t.txt"
    deadline = next(r for r in rows if r["text"] == "3月15日前")
    assert deadline["date"] == {"month": 3, "day": 15}
    assert records_from_dicts(rows) == result.records


def test_reference_date_resolves_calendar_bounds() -> None:
    import datetime

    text = "要在3月15日前完成,年底前建成,到2035年基本实现,2小时内到达。"
    res = measures.extract(text, reference_date=datetime.date(2026, 11, 28))
    assert [(d.text, d.due) for d in res.deadlines] == [
        ("3月15日前", datetime.date(2027, 3, 15)), ("年底前", datetime.date(2026, 12, 31)),
        ("到2035年", datetime.date(2035, 12, 31)), ("2小时内", None)]
    assert all(d.due is None for d in measures.extract(text).deadlines)
    assert json.loads(res.to_jsonl().splitlines()[0])["due"] == "2027-03-15"
