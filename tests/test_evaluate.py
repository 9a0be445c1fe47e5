"""Tests for measures.evaluate, including parity with shared/tools/score.py."""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from measures.evaluate import (
    KEY_FIELDS,
    TYPES,
    TypeScore,
    Unmatched,
    fields_agree,
    format_report,
    load_jsonl,
    score,
    to_json,
)

# --------------------------------------------------------------------------
# Record builders


def directive(start: int, headline: str = "加强领导", doc: str = "a.txt", **extra: Any) -> dict[str, Any]:
    fields = {"ordinal": 1, "level": 1, "kind": "directive", "headline": headline} | extra
    marker = "一、"
    text = marker + headline
    return {"doc": doc, "type": "directive", "start": start, "end": start + len(text), "text": text} | fields


def spanned(record_type: str, start: int, end: int, doc: str = "a.txt", **extra: Any) -> dict[str, Any]:
    defaults: dict[str, dict[str, Any]] = {
        "slogan": {"category": "formula", "quoted": True},
        "deadline": {"kind": "deadline", "amount": 2, "unit": "hour", "relation": "within", "date": None},
        "quantity": {"value": 3, "unit": "个", "comparator": "=", "placeholder": False},
    }
    record = {"doc": doc, "type": record_type, "start": start, "end": end, "text": "x" * (end - start)}
    return record | defaults[record_type] | extra


def counts(result: TypeScore) -> tuple[int, int, int]:
    return result.tp, result.fp, result.fn


# --------------------------------------------------------------------------
# Pairing


def test_perfect_match_scores_one_everywhere() -> None:
    gold = [
        directive(0),
        spanned("slogan", 20, 24),
        spanned("deadline", 30, 34, date={"month": 3, "day": 15}),
        spanned("quantity", 40, 42),
    ]
    result = score(copy.deepcopy(gold), gold)
    assert list(result) == list(TYPES)
    for record_type, type_score in result.items():
        assert counts(type_score) == (1, 0, 0)
        assert (type_score.precision, type_score.recall, type_score.f1) == (1.0, 1.0, 1.0)
        assert type_score.fields == dict.fromkeys(KEY_FIELDS[record_type], 1.0)
        assert type_score.misses == [] and type_score.extras == []


def test_directive_shifted_by_one_char_pairs() -> None:
    result = score([directive(11)], [directive(10)], types=["directive"])
    assert counts(result["directive"]) == (1, 0, 0)


def test_directive_shifted_by_two_chars_does_not_pair() -> None:
    result = score([directive(12, doc="x/a.txt")], [directive(10)], types=["directive"])
    assert counts(result["directive"]) == (0, 1, 1)
    assert result["directive"].precision == result["directive"].recall == result["directive"].f1 == 0.0
    assert result["directive"].fields == dict.fromkeys(KEY_FIELDS["directive"], 0.0)
    assert result["directive"].misses == [Unmatched("a.txt", 10, "一、加强领导")]
    assert result["directive"].extras == [Unmatched("a.txt", 12, "一、加强领导")]


def test_directive_pairs_with_the_closest_start() -> None:
    gold = [directive(10, headline="甲")]
    system = [directive(11, headline="乙"), directive(10, headline="甲")]
    result = score(system, gold, types="directive")
    assert counts(result["directive"]) == (1, 1, 0)
    assert result["directive"].fields["headline"] == 1.0


def test_overlap_below_half_of_shorter_span_does_not_pair() -> None:
    # gold [0, 10), system [6, 10) ... overlap 4 of shorter 4 -> pairs
    assert counts(score([spanned("quantity", 6, 10)], [spanned("quantity", 0, 10)])["quantity"]) == (1, 0, 0)
    # gold [0, 4), system [2, 12): overlap 2 = half of the shorter 4 -> pairs
    assert counts(score([spanned("quantity", 2, 12)], [spanned("quantity", 0, 4)])["quantity"]) == (1, 0, 0)
    # gold [0, 4), system [3, 13): overlap 1 < 2 -> no pair
    assert counts(score([spanned("quantity", 3, 13)], [spanned("quantity", 0, 4)])["quantity"]) == (0, 1, 1)
    # adjacent spans never pair
    assert counts(score([spanned("slogan", 4, 8)], [spanned("slogan", 0, 4)])["slogan"]) == (0, 1, 1)


def test_pairing_is_greedy_by_largest_overlap_and_one_to_one() -> None:
    gold = [spanned("deadline", 0, 10), spanned("deadline", 10, 14)]
    # s1 overlaps g1 by 8 and g2 by 2 (half of 4); s2 overlaps only g1 (by 6).
    # Greedy takes s1-g1 first, which leaves s2 and g2 unpaired, although
    # s1-g2 + s2-g1 would pair both.
    system = [spanned("deadline", 2, 12), spanned("deadline", 0, 6)]
    result = score(system, gold, types=["deadline"])["deadline"]
    assert counts(result) == (1, 1, 1)
    assert result.extras == [Unmatched("a.txt", 0, "x" * 6)]
    assert result.misses == [Unmatched("a.txt", 10, "x" * 4)]


def test_ties_go_to_the_earlier_system_then_gold_record() -> None:
    man, unit = spanned("quantity", 0, 4, unit="人"), spanned("quantity", 0, 4, unit="个")
    # equal overlaps: the first system record takes the gold record
    assert score([unit, man], [man])["quantity"].fields["unit"] == 0.0
    assert score([man, unit], [man])["quantity"].fields["unit"] == 1.0
    # ... and the first gold record
    assert score([man], [unit, man])["quantity"].fields["unit"] == 0.0
    assert score([man], [man, unit])["quantity"].fields["unit"] == 1.0


def test_one_system_record_pairs_with_one_gold_record_only() -> None:
    gold = [spanned("quantity", 0, 4), spanned("quantity", 0, 4)]
    result = score([spanned("quantity", 0, 4)], gold)["quantity"]
    assert counts(result) == (1, 0, 1)
    assert (result.precision, result.recall, result.f1) == (1.0, 0.5, 0.6667)


def test_records_pair_only_within_the_same_document_and_type() -> None:
    gold = [spanned("quantity", 0, 4, doc="a.txt"), spanned("slogan", 10, 14, doc="b.txt")]
    system = [spanned("quantity", 0, 4, doc="b.txt"), spanned("quantity", 10, 14, doc="b.txt")]
    result = score(system, gold)
    assert counts(result["quantity"]) == (0, 2, 1)
    assert counts(result["slogan"]) == (0, 0, 1)


def test_documents_are_keyed_by_basename_and_only_gold_documents_count() -> None:
    gold = [spanned("quantity", 0, 4, doc="speech_01.txt")]
    system = [
        spanned("quantity", 0, 4, doc="/tmp/run/speech_01.txt"),
        spanned("quantity", 0, 4, doc="speech_99.txt"),  # not in gold: ignored
        {"doc": "speech_01.txt", "type": "remark", "start": 0, "end": 4, "text": "xxxx"},  # unknown type
    ]
    result = score(system, gold)
    assert counts(result["quantity"]) == (1, 0, 0)


def test_types_restricts_and_validates() -> None:
    gold = [directive(0), spanned("quantity", 20, 22)]
    result = score(gold, gold, types=["quantity", "directive"])
    assert list(result) == ["directive", "quantity"]
    with pytest.raises(ValueError, match="remark"):
        score(gold, gold, types=["remark"])


def test_empty_inputs_score_zero() -> None:
    result = score([], [])
    assert all(counts(r) == (0, 0, 0) and r.f1 == 0.0 for r in result.values())


# --------------------------------------------------------------------------
# Field agreement


def test_headline_ignores_punctuation_whitespace_and_width() -> None:
    assert fields_agree("headline", "提高政治站位，强化底线思维。", "提高政治站位,强化底线思维")
    assert fields_agree("headline", "落实“四早”要求 ", "落实四早要求")
    assert fields_agree("headline", "ＡＢ１２", "AB12")  # NFKC folds full-width forms
    assert not fields_agree("headline", "提高政治站位", "强化底线思维")
    assert fields_agree("headline", None, None)
    assert not fields_agree("headline", "甲", None)


def test_numeric_fields_use_relative_tolerance() -> None:
    assert fields_agree("value", 2825000000, 2825000001)
    assert not fields_agree("value", 2825010000, 2825000000)
    assert fields_agree("value", 0.5 + 1e-7, 0.5)  # tolerance is at least 1e-6 absolute
    assert fields_agree("value", 1e-7, 0)
    assert not fields_agree("value", 1e-5, 0)
    assert not fields_agree("amount", 0.5 + 1e-5, 0.5)
    assert fields_agree("amount", "24", 24)
    assert fields_agree("value", None, None)
    assert not fields_agree("value", 0, None)
    assert not fields_agree("value", "x", 1)


def test_date_compares_only_the_keys_the_gold_gives() -> None:
    gold = {"month": 3, "day": 15}
    assert fields_agree("date", {"month": 3, "day": 15}, gold)
    assert fields_agree("date", {"year": 2022, "month": 3, "day": 15}, gold)
    assert not fields_agree("date", {"month": 3}, gold)
    assert not fields_agree("date", {"month": 3, "day": 16}, gold)
    assert not fields_agree("date", {"year": 2021, "month": 3, "day": 15}, {"year": 2022, "month": 3, "day": 15})
    assert fields_agree("date", None, None)
    assert fields_agree("date", {}, None)
    assert not fields_agree("date", {"month": 3}, None)
    assert not fields_agree("date", None, gold)


def test_other_fields_need_equality() -> None:
    assert fields_agree("kind", "directive", "directive")
    assert not fields_agree("kind", "statement", "directive")
    assert not fields_agree("quoted", None, False)


def test_field_agreement_is_the_share_of_matched_pairs() -> None:
    gold = [directive(0, headline="加强领导"), directive(50, headline="压实责任", ordinal=2)]
    system = [
        directive(1, headline="加强领导。"),  # agrees on everything
        directive(50, headline="落实责任", ordinal=2, kind="statement"),
        directive(90),  # unpaired: does not count towards field agreement
    ]
    result = score(system, gold, types=["directive"])["directive"]
    assert counts(result) == (2, 1, 0)
    assert result.fields == {"ordinal": 1.0, "level": 1.0, "kind": 0.5, "headline": 0.5}


def test_deadline_fields() -> None:
    gold = [
        spanned("deadline", 0, 6, amount=None, unit=None, relation="until", date={"month": 3, "day": 15}),
        spanned("deadline", 10, 14, amount=24, unit="hour"),
    ]
    system = [
        spanned("deadline", 0, 6, amount=None, unit=None, relation="until", date={"year": 2022, "month": 3, "day": 15}),
        spanned("deadline", 10, 14, amount=24.0, unit="day"),
    ]
    result = score(system, gold, types=["deadline"])["deadline"]
    assert result.fields == {"kind": 1.0, "amount": 1.0, "unit": 0.5, "relation": 1.0, "date": 1.0}


# --------------------------------------------------------------------------
# Loading and reporting


def test_load_jsonl_reads_files_in_order_and_skips_blank_lines(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text('{"n": 1}\n\n{"n": 2}\n', encoding="utf-8")
    second.write_text('{"n": 3}', encoding="utf-8")
    assert load_jsonl([first, second]) == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert load_jsonl(str(second)) == [{"n": 3}]


def test_load_jsonl_names_file_and_line_on_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"n": 1}\n\n{"n": \n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:3: invalid JSON"):
        load_jsonl([path])
    path.write_text('{"n": 1}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: expected a JSON object"):
        load_jsonl([path])


def test_format_report_and_to_json() -> None:
    gold = [spanned("quantity", 0, 4), spanned("quantity", 10, 14), spanned("quantity", 20, 24)]
    system = [spanned("quantity", 0, 4, unit="人"), spanned("quantity", 10, 14)]
    result = score(system, gold, types=["quantity"])
    assert format_report(result) == (
        "quantity  P=1.000 R=0.667 F1=0.800 (tp=2 fp=0 fn=1) "
        "fields: value=1.00 unit=0.50 comparator=1.00 placeholder=1.00"
    )
    as_json = to_json(result)
    assert json.loads(json.dumps(as_json, ensure_ascii=False)) == as_json
    assert as_json["quantity"]["misses"] == [["a.txt", 20, "xxxx"]]
    assert as_json["quantity"]["recall"] == 0.6667


def test_to_json_caps_examples() -> None:
    gold = [spanned("slogan", 10 * k, 10 * k + 4) for k in range(20)]
    result = score([], gold, types=["slogan"])
    assert len(result["slogan"].misses) == 20
    assert len(to_json(result)["slogan"]["misses"]) == 15
    assert len(to_json(result, max_examples=None)["slogan"]["misses"]) == 20


# --------------------------------------------------------------------------
# Parity with the reference scorer shared/tools/score.py


def _reference_script(shared_dir: Path) -> Path:
    script = shared_dir / "tools" / "score.py"
    assert script.is_file(), f"reference scorer missing: {script}"
    return script


def _dev_gold(shared_dir: Path) -> list[Path]:
    paths = sorted((shared_dir / "gold" / "dev").glob("*.jsonl"))
    assert paths, f"no dev gold files under {shared_dir / 'gold' / 'dev'}"
    return paths


def _perturb(gold: list[dict[str, Any]], seed: int = 20240601) -> list[dict[str, Any]]:
    """A system output made from the gold: records dropped, shifted, altered, added."""
    rng = random.Random(seed)
    system: list[dict[str, Any]] = []
    for record in gold:
        rec = copy.deepcopy(record)
        roll = rng.random()
        if roll < 0.10:
            continue  # dropped: a miss
        if roll < 0.20:
            rec["start"] += 1  # still pairs (directives: within 1 char)
            rec["end"] += 1
        elif roll < 0.28:
            rec["start"] += 2  # directives no longer pair; others still overlap
        elif roll < 0.34:
            length = rec["end"] - rec["start"]
            rec["start"] += length  # no overlap at all
            rec["end"] += length
        elif roll < 0.55:
            _alter_fields(rec, rng)
        elif roll < 0.60:
            system.append(copy.deepcopy(rec))  # duplicate: one of the two is an extra
        if rng.random() < 0.3:
            rec["doc"] = "runs/dev/" + rec["doc"]  # scored by basename
        system.append(rec)
    docs = sorted({r["doc"] for r in gold})
    system.append({"doc": "not_in_gold.txt", "type": "quantity", "start": 0, "end": 2, "text": "两个", "value": 2})
    system.append({"doc": docs[0], "type": "remark", "start": 0, "end": 2, "text": "xx"})
    for k in range(5):
        system.append({"doc": docs[k % len(docs)], "type": "slogan", "start": 3 + k, "end": 7 + k, "text": "假"})
    rng.shuffle(system)  # pairing ties depend on the order of records
    return system


def _alter_fields(rec: dict[str, Any], rng: random.Random) -> None:
    record_type = rec["type"]
    if record_type == "directive":
        choice = rng.randrange(3)
        if choice == 0:
            rec["headline"] = " " + rec["headline"] + "。"  # still agrees
        elif choice == 1:
            rec["headline"] = rec["headline"][:-1]
        else:
            rec["kind"] = "statement" if rec.get("kind") == "directive" else "directive"
    elif record_type == "slogan":
        rec["quoted"] = not rec.get("quoted")
    elif record_type == "deadline":
        if rec.get("date"):
            rec["date"] = dict(rec["date"], year=2030) if rng.random() < 0.5 else {"month": 1}
        elif rec.get("amount") is not None:
            rec["amount"] = rec["amount"] * (1 + 1e-8) if rng.random() < 0.5 else rec["amount"] + 1
        else:
            rec["relation"] = "before"
    elif record_type == "quantity":
        if rec.get("value") is not None and rng.random() < 0.5:
            rec["value"] = rec["value"] * (1 + 1e-7) if rng.random() < 0.5 else rec["value"] * 2
        else:
            rec["comparator"] = ">="


def _run_reference(script: Path, system_path: Path, gold_paths: list[Path], *options: str) -> str:
    completed = subprocess.run(
        [sys.executable, str(script), str(system_path), *map(str, gold_paths), *options],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return completed.stdout


NUMBERS = ("tp", "fp", "fn", "precision", "recall", "f1", "fields")


def test_same_numbers_as_reference_script(shared_dir: Path, tmp_path: Path) -> None:
    script = _reference_script(shared_dir)
    gold_paths = _dev_gold(shared_dir)
    gold = load_jsonl(gold_paths)
    system_path = tmp_path / "system.jsonl"
    system_path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _perturb(gold)), encoding="utf-8"
    )

    ours = score(load_jsonl([system_path]), gold)
    reference = json.loads(_run_reference(script, system_path, gold_paths, "--json"))

    assert list(ours) == list(reference) == list(TYPES)
    for record_type, theirs in reference.items():
        mine = ours[record_type]
        for name in NUMBERS:
            assert getattr(mine, name) == theirs[name], (record_type, name)
    # the whole JSON output agrees too, including the example misses/extras
    assert to_json(ours) == reference
    # and the perturbation really changed the numbers
    assert any(r.f1 < 1.0 for r in ours.values())
    assert any(share < 1.0 for r in ours.values() for share in r.fields.values())
    assert all(r.tp > 0 and r.fp > 0 and r.fn > 0 for r in ours.values())

    text = _run_reference(script, system_path, gold_paths)
    assert format_report(ours) + "\n" == text

    subset = ["slogan", "deadline"]
    reference_subset = json.loads(_run_reference(script, system_path, gold_paths, "--json", "--types", ",".join(subset)))
    assert to_json(score(load_jsonl([system_path]), gold, types=subset)) == reference_subset


def test_gold_against_itself_is_perfect(shared_dir: Path) -> None:
    gold = load_jsonl(_dev_gold(shared_dir))
    result = score(gold, gold)
    for type_score in result.values():
        assert type_score.f1 == 1.0
        assert set(type_score.fields.values()) == {1.0}


@functools.cache
def _load_reference_module(script: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("_reference_score", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_FIELD_VALUES: dict[str, list[Any]] = {
    "ordinal": [1, 2],
    "level": [1, 2],
    "kind": ["directive", "statement", "count"],
    "headline": ["加强领导", "加强，领导。", " 加强领导", "压实责任", None],
    "category": ["formula", "principle"],
    "quoted": [True, False, None],
    "amount": [None, 24, 24.0000001, 25, "24", "x", 0],
    "unit": ["hour", "个", None],
    "relation": ["within", "before"],
    "date": [None, {}, {"month": 3}, {"month": 3, "day": 15}, {"year": 2022, "month": 3, "day": 15}, {"day": None}],
    "value": [None, 3, 3.0000001, 4, 1e9, 1e9 + 1, "3"],
    "comparator": ["=", ">="],
    "placeholder": [True, False],
}


@st.composite
def _records(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.integers(0, 12))
    record: dict[str, Any] = {
        "doc": draw(st.sampled_from(["a.txt", "b.txt", "dir/a.txt"])),
        "type": draw(st.sampled_from([*TYPES, "remark"])),
        "start": start,
        "end": start + draw(st.integers(0, 6)),
        "text": "t",
    }
    for name, values in _FIELD_VALUES.items():
        if draw(st.booleans()):
            record[name] = draw(st.sampled_from(values))
    return record


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(system=st.lists(_records(), max_size=12), gold=st.lists(_records(), max_size=12))
def test_matches_reference_on_random_records(
    shared_dir: Path, system: list[dict[str, Any]], gold: list[dict[str, Any]]
) -> None:
    reference = _load_reference_module(_reference_script(shared_dir))
    with tempfile.TemporaryDirectory() as tmp:
        system_path, gold_path = Path(tmp) / "system.jsonl", Path(tmp) / "gold.jsonl"
        for path, records in ((system_path, system), (gold_path, gold)):
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        expected = reference.score(reference.load([system_path]), reference.load([gold_path]))
    expected = json.loads(json.dumps(expected, ensure_ascii=False))
    assert to_json(score(system, gold)) == expected
