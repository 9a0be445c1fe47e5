"""The genre's noise: page debris and ad lines, redactions, mixed punctuation widths, traditional script."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import measures
from measures.document import _FOLD, Document, fold
from measures.split import split_collection

OFFSETS = ("start", "end", "body_end", "parent", "in_directive")

# Debris of scraped pages as the collection shows it (page counters, ad lines, site tags, page numbers).
DEBRIS = [
    "共 2 页,当前第。",
    "共\n2\n页,当前第。\n2\n页\n1\n2",
    "下面是小编为大家整理的,供大家参考。",
    "当前隐藏内容免费查看",
    "【城建环保范文】。",
    "【城建环保范文】",
    "1",
    "2",
    "共",
    "页",
    "呢?你又需要怎么发言才能准确地表达主题呢?那么,今天小编为大家带来的是关于领导会议发言稿的范文,希望对大家有所帮助!",
]

OUTLINE = (
    "同志们:\n"
    "一、提高政治站位。\n"
    "要在2小时内到达现场,确保50人以上。\n"
    "（一）强化组织领导。一要严格落实“四早”要求。二要狠抓甄别。\n"
    "二、落实各项措施。\n"
    "第一,以更实的举措落细措施。\n"
    "第二,压实“四方责任”。\n"
)


def _canon(records) -> list[dict]:  # type: ignore[no-untyped-def]
    """Records as dicts with every string folded: equal when they differ only by width or script."""
    return [json.loads(fold(json.dumps(r.model_dump(), ensure_ascii=False))) for r in records]


# A debris line right before a section 一、 separates two joined speeches (the guidelines: one outline
# per speech), so that is the one place where inserted debris is meant to change the outline.
_NEW_OUTLINE = re.compile(r"[ \t\u3000]*一[、.．]")


def _insert_lines(text: str, rnd: random.Random, count: int) -> tuple[str, list[tuple[int, int]]]:
    """`text` with `count` debris lines inserted at line starts (not before a line that opens a new
    outline with 一、); the inserted blocks as (start, length) in the result."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    starts = [s for s in starts if not _NEW_OUTLINE.match(text, s)]
    picks = sorted(rnd.sample(starts, min(count, len(starts))))
    parts, blocks, prev, shift = [], [], 0, 0
    for p in picks:
        debris = rnd.choice(DEBRIS) + "\n"
        parts += [text[prev:p], debris]
        blocks.append((p + shift, len(debris)))
        shift += len(debris)
        prev = p
    parts.append(text[prev:])
    return "".join(parts), blocks


def _map_back(pos: int, blocks: list[tuple[int, int]]) -> int | None:
    """An offset into the text with debris as an offset into the clean text (None inside debris)."""
    removed = 0
    for start, length in blocks:
        if pos >= start + length:
            removed += length
        elif pos > start:
            return None
    return pos - removed


def _mapped(records, blocks) -> list[dict]:  # type: ignore[no-untyped-def]
    out = []
    for r in records:
        d = r.model_dump()
        for f in OFFSETS:
            if d.get(f) is not None:
                d[f] = _map_back(d[f], blocks)
        out.append(d)
    return out


# -- debris and ad lines ----------------------------------------------------------


@pytest.mark.parametrize("line", DEBRIS)
def test_debris_lines_give_no_records(line: str) -> None:
    assert list(measures.extract(line)) == []
    assert [r.text for r in measures.extract(f"一、加强领导。\n{line}\n要抓好落实。\n")] == ["一、加强领导"]


def test_debris_inside_a_sentence_gives_no_record() -> None:
    text = "切实增强紧迫感和责任感, 当前隐藏内容免费查看坚决做到守土有责,确保2小时内到达现场。"
    lo = text.index("当前隐藏")
    hi = lo + len("当前隐藏内容免费查看")
    records = measures.extract(text)
    assert [r.text for r in records] == ["2小时内"]
    assert all(r.end <= lo or r.start >= hi for r in records)


def test_debris_does_not_break_an_outline() -> None:
    rnd = random.Random(11)
    clean = list(measures.extract(OUTLINE))
    assert [r.text for r in clean if r.type == "directive"] == [
        "一、提高政治站位", "（一）强化组织领导", "一要严格落实“四早”要求", "二要狠抓甄别",
        "二、落实各项措施", "第一,以更实的举措落细措施", "第二,压实“四方责任”"]
    for _ in range(30):
        noisy, blocks = _insert_lines(OUTLINE, rnd, rnd.randint(1, 6))
        assert _mapped(measures.extract(noisy), blocks) == [r.model_dump() for r in clean], noisy


def test_reinserted_debris_changes_no_record_of_the_corpus(shared_dir: Path) -> None:
    """Debris lines inserted between the lines of each speech: the same records, offsets shifted."""
    rnd = random.Random(7)
    for p in sorted((shared_dir / "corpus").glob("speech_*.txt")):
        text = p.read_text(encoding="utf-8")
        clean = [r.model_dump() for r in measures.extract(text, doc=p.name)]
        noisy, blocks = _insert_lines(text, rnd, 8)
        assert _mapped(measures.extract(noisy, doc=p.name), blocks) == clean, p.name


_DEBRIS_LINE = r"^(?:共|页|\d{1,3}|页,当前第。|共 \d+ 页,当前第。|下面是小编为大家整理的,供大家参考。|当前隐藏内容免费查看.*|【[^】]*】。?)$"


def test_debris_of_the_collection_gives_no_records(shared_dir: Path) -> None:
    import regex

    text = (shared_dir / "corpus" / "raw" / "collection.txt").read_text(encoding="utf-8")
    debris = [m.span() for m in regex.finditer(_DEBRIS_LINE, text, flags=regex.M)]
    assert len(debris) == 18  # 7 ad lines, 3 site tags, the 8 lines of a page counter
    hidden = [m.span() for m in regex.finditer("当前隐藏内容免费查看", text)]
    assert len(hidden) == 2
    for seg in split_collection(text):
        for r in measures.extract(seg.text):
            s, e = r.start + seg.start, r.end + seg.start
            assert not any(ds < e and s < de for ds, de in debris + hidden), (r.type, r.text)


def test_collection_title_line_gives_no_record() -> None:
    assert list(measures.extract("市长在全市疫情防控工作会议上的讲话(热门17篇)\n")) == []


# -- redactions ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "刚才,××同志和××副市长作了很好的发言。",
    "结合××财政工作实际。",
    "坚决贯彻***、省、市关于疫情防控的工作部署。",
    "统一到******关于疫情防控重要指示精神上来。",
    "xx省委召开会议,xx书记主持。",
    "刚才,xx副市长和xx常务副市长分别作了安排。",
    "20xx年,全市财政收入稳步增长。",
    "对不配合的***、省管部门要采取措施。",
    "XX市XX区",
])
def test_redacted_names_are_not_numbers_or_records(text: str) -> None:
    assert [(r.type, r.text) for r in measures.extract(text)] == []


@pytest.mark.parametrize("text,expected", [
    ("全市累计发生各类安全事故xxxx起,死亡xxx人,同比上升xx%。", ["xxxx起", "xxx人", "xx%"]),
    ("事故××起,死亡××人。", ["××起", "××人"]),
    ("发生***起事故。", ["***起"]),
    ("死亡ＸＸ人，上升ｘｘ％。", ["ＸＸ人", "ｘｘ％"]),
])
def test_redacted_counts_are_placeholders(text: str, expected: list[str]) -> None:
    records = measures.extract(text)
    assert [r.text for r in records] == expected
    for r in records:
        assert r.type == "quantity" and r.placeholder is True and r.value is None
        assert text[r.start:r.end] == r.text


# -- mixed punctuation widths -------------------------------------------------------

_WIDTH = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?", "％": "%", "．": "."}
_WIDTH.update({v: k for k, v in list(_WIDTH.items())})


def _swap(text: str, rnd: random.Random, p: float = 0.5) -> str:
    return "".join(_WIDTH.get(c, c) if rnd.random() < p else c for c in text)


def test_punctuation_widths_read_the_same() -> None:
    full = "一、提高政治站位。\n（一）要在2小时内到达现场，确保50人以上；增长17.2％！\n第二：压实“四方责任”。\n"
    half = "一、提高政治站位。\n(一)要在2小时内到达现场,确保50人以上;增长17.2%!\n第二:压实“四方责任”。\n"
    assert len(full) == len(half)
    a, b = measures.extract(full), measures.extract(half)
    assert len(a) == 7 and _canon(a) == _canon(b)
    assert [(r.start, r.end) for r in a] == [(r.start, r.end) for r in b]
    assert [r.text for r in a][1] == "（一）要在2小时内到达现场，确保50人以上"


def test_halfwidth_and_small_form_punctuation() -> None:
    """｡｢｣､ (half-width CJK forms) and ﹐﹔﹕ (small forms) read as 。「」、 and , ; :"""
    odd = "要落实｢四早｣要求﹐确保2小时内到达现场｡一是甲､乙﹔二是丙﹕丁｡"
    usual = "要落实「四早」要求,确保2小时内到达现场。一是甲、乙;二是丙:丁。"
    assert len(odd) == len(usual) and fold(odd) == fold(usual)
    assert _canon(measures.extract(odd)) == _canon(measures.extract(usual))
    assert [r.text for r in measures.extract(odd)][:2] == ["四早", "2小时内"]


def test_punctuation_swaps_on_the_corpus(shared_dir: Path) -> None:
    rnd = random.Random(5)
    for p in sorted((shared_dir / "corpus").glob("speech_*.txt")):
        text = p.read_text(encoding="utf-8")
        variant = _swap(text, rnd)
        assert len(variant) == len(text) and variant != text
        assert _canon(measures.extract(variant)) == _canon(measures.extract(text)), p.name


_GENRE = "一二三四五六七八九十两百千万第是要、，。；：（）()“”0123456789.%xX年月日天小时内前以上下起至到—-倍个人例元岁\n加强落实现场到达完成检测早四"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=_GENRE, max_size=80), st.randoms(use_true_random=False))
def test_punctuation_swaps_on_genre_like_text(text: str, rnd: random.Random) -> None:
    variant = _swap(text, rnd)
    assert _canon(measures.extract(variant)) == _canon(measures.extract(text))


def test_period_action_with_fullwidth_brackets() -> None:
    full = measures.extract("（三）全面整治阶段：7月16日至8月31日。").deadlines[0]
    half = measures.extract("(三)全面整治阶段:7月16日至8月31日。").deadlines[0]
    assert half.action == "全面整治阶段"
    assert full.action == "全面整治阶段"


def test_slogan_echoes_ignore_width_and_numbers() -> None:
    half = measures.extract("推动“2.2”工程。增长32.24%。")
    full = measures.extract("推动“2．2”工程。增长32.24%。")
    assert [r.text for r in half if r.type == "quantity"] == ["32.24%"]
    assert _canon(half) == _canon(full)


# -- traditional script -------------------------------------------------------------


def test_traditional_deadline_with_exact_offsets() -> None:
    text = "專業隊伍要在兩小時內到達現場。"
    (d,) = measures.extract(text).deadlines
    assert (d.text, d.start, d.end) == ("兩小時內", 6, 10) and text[d.start:d.end] == d.text
    assert (d.amount, d.unit, d.iso, d.relation, d.kind) == (2, "hour", "PT2H", "within", "deadline")
    assert d.action == "到達現場"  # fields are cut from the text as read, in its script


def test_traditional_quantity_and_slogan() -> None:
    text = "投入資金3萬元,嚴格落實「四早」要求,全市共有50個隔離點。"
    records = measures.extract(text)
    q = records.quantities
    assert [(r.text, r.value, r.unit) for r in q] == [("3萬元", 30000, "元"), ("50個", 50, "个")]
    (s,) = records.slogans
    assert (s.text, s.category, s.numbered, s.quoted) == ("四早", "formula", True, True)
    assert text[s.start:s.end] == "四早" and text[s.start - 1] == "「"
    for r in records:
        assert text[r.start:r.end] == r.text


def test_traditional_outline() -> None:
    simplified = "一、提高政治站位。\n一要严格落实“四早”要求。二要狠抓甄别。\n二、关于当前疫情防控形势\n"
    traditional = "一、提高政治站位。\n一要嚴格落實“四早”要求。二要狠抓甄別。\n二、關於當前疫情防控形勢\n"
    a, b = measures.extract(simplified), measures.extract(traditional)
    assert [(r.type, r.start, r.end, getattr(r, "level", None), getattr(r, "kind", None)) for r in a] == \
           [(r.type, r.start, r.end, getattr(r, "level", None), getattr(r, "kind", None)) for r in b]
    assert b.directives[-1].kind == "statement"  # 關於 is 关于: a topic label


def test_simplified_text_folds_to_itself(shared_dir: Path) -> None:
    """The traditional table leaves simplified text alone: the corpus reads exactly as before."""
    width_only = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
    for p in sorted((shared_dir / "corpus").glob("speech_*.txt")):
        text = p.read_text(encoding="utf-8")
        assert fold(text) == text.translate(width_only), p.name


# A traditional twin of any simplified text: each simplified character replaced by one traditional
# character that folds to it (not always the form a writer would choose, which is the harder case).
_TO_TRADITIONAL: dict[int, int] = {}
for _t, _s in sorted(_FOLD.items()):
    if 0x3400 <= _t <= 0x9FFF:
        _TO_TRADITIONAL.setdefault(_s, _t)

_KEY_FIELDS = ("type", "start", "end", "rule", "kind", "amount", "unit", "iso", "relation", "date", "value", "comparator",
               "range", "placeholder", "per", "category", "numbered", "quoted", "ordinal", "level", "parent", "body_end",
               "in_directive", "marker")


def test_traditional_twins_of_the_corpus_give_the_same_records(shared_dir: Path) -> None:
    """Spans, types, values, units, levels, kinds: identical for a speech and its traditional twin."""
    for p in sorted((shared_dir / "corpus").glob("speech_*.txt")):
        text = p.read_text(encoding="utf-8")
        twin = text.translate(_TO_TRADITIONAL)
        assert twin != text and len(twin) == len(text) and fold(twin) == fold(text)
        a, b = _canon(measures.extract(text)), _canon(measures.extract(twin))
        assert [{k: r.get(k) for k in _KEY_FIELDS} for r in a] == [{k: r.get(k) for k in _KEY_FIELDS} for r in b], p.name
        for r in measures.extract(twin):
            assert twin[r.start:r.end] == r.text


@pytest.mark.parametrize("simplified,traditional", [
    ("要设立24小时核酸检测机构。", "要設立24小時核酸檢測機構。"),
    ("返乡人员要进行核酸检测,并自我健康监测14天。", "返鄉人員要進行核酸檢測,並自我健康監測14天。"),
    ("夯实以组织、设施、群防群治和队伍为内容的“四个基础”。", "夯實以組織、設施、群防群治和隊伍為內容的“四個基礎”。"),
])
def test_traditional_actions_and_expansions(simplified: str, traditional: str) -> None:
    assert _canon(measures.extract(traditional)) == _canon(measures.extract(simplified))


def test_document_norm_is_same_length_and_simplified() -> None:
    d = Document("兩小時內到達現場，3萬元。「四早」", "t.txt")
    assert len(d.norm) == len(d.text)
    assert d.norm == "两小时内到达现场,3万元。「四早」"


def test_debris_line_before_a_new_outline_separates_speeches() -> None:
    """The guidelines: a file that joins speeches separated by debris lines has one outline per speech."""
    text = "一、加强领导。\n一是压实责任。\n【城建环保范文】。\n一、科学规划。\n一是编制规划。\n"
    d = measures.extract(text).directives
    assert [(r.text, r.level, r.body_end) for r in d] == [
        ("一、加强领导", 1, text.index("【")), ("一是压实责任", 2, text.index("【")),
        ("一、科学规划", 1, len(text)), ("一是编制规划", 2, len(text))]
