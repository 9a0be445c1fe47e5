"""Every example of every built-in pack is a test; broken packs fail with file, rule and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

import measures
from measures.packs import PackError, builtin_pack_paths, compile_packs, load_pack, resolve_packs

PACKS = [load_pack(p) for p in builtin_pack_paths()]
EXAMPLES = [
    pytest.param(pack, rule, i, id=f"{rule.id}#{i}")
    for pack in PACKS for rule in pack.rules for i in range(len(rule.examples))
]
COUNTERS = [
    pytest.param(pack, rule, text, id=f"{rule.id}!{j}")
    for pack in PACKS for rule in pack.rules for j, text in enumerate(rule.counter_examples)
]


def _field_matches(record: dict, name: str, want: object) -> bool:
    have = record.get(name)
    if isinstance(want, float) or isinstance(have, float):
        return have is not None and want is not None and abs(float(have) - float(want)) < 1e-6  # type: ignore[arg-type]
    if isinstance(want, list) and isinstance(have, (list, tuple)):
        return list(have) == want
    return have == want


def test_builtin_packs_cover_every_dimension() -> None:
    assert {p.dimension for p in PACKS} == {"directive", "slogan", "deadline", "quantity", "actor"}
    assert all(rule.examples for p in PACKS for rule in p.rules)


@pytest.mark.parametrize("pack,rule,index", EXAMPLES)
def test_rule_example(pack, rule, index) -> None:  # type: ignore[no-untyped-def]
    example = rule.examples[index]
    got = [r for r in measures.extract(example.text).to_dicts() if r["type"] == pack.dimension]
    for want in example.records:
        want = dict(want)
        nulls = want.pop("null", [])
        matches = [r for r in got if r["text"] == want["text"]]
        assert matches, f"{rule.id}: no {pack.dimension} {want['text']!r} in {example.text!r}; got {[r['text'] for r in got]}"
        rec = matches[0]
        for name, value in want.items():
            assert _field_matches(rec, name, value), f"{rule.id}: {want['text']!r}.{name} = {rec.get(name)!r}, expected {value!r}"
        for name in nulls:
            assert rec.get(name) is None, f"{rule.id}: {want['text']!r}.{name} should be null, got {rec.get(name)!r}"
    compiled = [c for c in compile_packs(PACKS)[pack.dimension].rules if c.rule.id == rule.id][0]
    from measures.document import fold_width

    assert compiled.regex.search(fold_width(example.text)), f"{rule.id} does not itself match its example {example.text!r}"


@pytest.mark.parametrize("pack,rule,text", COUNTERS)
def test_rule_counter_example(pack, rule, text) -> None:  # type: ignore[no-untyped-def]
    got = [r for r in measures.extract(text).to_dicts() if r["type"] == pack.dimension]
    assert not got, f"{rule.id}: counter-example {text!r} gave {[r['text'] for r in got]}"


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "pack.toml"
    p.write_text(body, encoding="utf-8")
    return p


GOOD_HEAD = '[pack]\nname = "extra"\ndimension = "quantity"\n'


def test_broken_regex_names_file_and_rule(tmp_path: Path) -> None:
    p = _write(tmp_path, GOOD_HEAD + """
[[rules]]
id = "extra.broken"
pattern = '''(?P<value>[0-9]+(?P<unit>人)'''
examples = [{ text = "3人", records = [{ text = "3人" }] }]
""")
    with pytest.raises(PackError) as err:
        compile_packs(resolve_packs([p]))
    assert str(p) in str(err.value) and "extra.broken" in str(err.value) and "bad pattern" in str(err.value)


def test_rule_without_examples_is_rejected(tmp_path: Path) -> None:
    p = _write(tmp_path, GOOD_HEAD + """
[[rules]]
id = "extra.bare"
pattern = '''[0-9]+人'''
examples = []
""")
    with pytest.raises(PackError) as err:
        load_pack(p)
    assert str(p) in str(err.value) and "extra.bare" in str(err.value) and "examples" in str(err.value)


def test_unknown_macro_and_bad_toml(tmp_path: Path) -> None:
    p = _write(tmp_path, GOOD_HEAD + """
[[rules]]
id = "extra.macro"
pattern = '''{{NOPE}}人'''
examples = [{ text = "3人", records = [{ text = "3人" }] }]
""")
    with pytest.raises(PackError, match="extra.macro.*NOPE"):
        compile_packs(resolve_packs([p]))
    bad = _write(tmp_path, "[pack\nname=")
    with pytest.raises(PackError, match="not valid TOML"):
        load_pack(bad)


def test_caller_pack_adds_rules(tmp_path: Path) -> None:
    p = _write(tmp_path, GOOD_HEAD + """
[[rules]]
id = "extra.households"
pattern = '''(?P<span>(?P<value>[0-9]+)(?P<unit>栋楼))'''
set = { kind = "count" }
examples = [{ text = "改造3栋楼", records = [{ text = "3栋楼", value = 3 }] }]
""")
    base = [r.text for r in measures.extract("改造3栋楼").quantities]
    got = measures.extract("改造3栋楼", rules=[p]).quantities
    assert "3栋楼" not in base
    assert [(r.text, r.unit, r.rule) for r in got] == [("3栋楼", "栋楼", "extra.households")]


def test_caller_pack_replaces_builtin_by_name(tmp_path: Path) -> None:
    p = _write(tmp_path, """[pack]
name = "quantity"
dimension = "quantity"
[lexicons]
comparator = {}
money_unit = ["元"]
measure_unit = ["亩"]
[[rules]]
id = "only.money"
pattern = '''(?P<span>(?P<value>[0-9]+)(?P<unit>元))'''
set = { kind = "money" }
examples = [{ text = "5元", records = [{ text = "5元" }] }]
""")
    got = measures.extract("共50人,投入5元", rules=[p]).quantities
    assert [r.text for r in got] == ["5元"]
