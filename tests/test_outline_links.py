"""The speech as data: outline levels and parents, containment links, actors, and the corpus view of slogans."""

from __future__ import annotations

import json
from pathlib import Path

import measures
from measures.cli import main
from measures.collection import Collection, slogan_table
from measures.evaluate import load_jsonl, pair_records


def _dev(shared_dir: Path):  # type: ignore[no-untyped-def]
    for g in sorted((shared_dir / "gold" / "dev").glob("*.jsonl")):
        gold = load_jsonl(g)
        system = measures.extract_file(shared_dir / "corpus" / (g.stem + ".txt")).to_dicts()
        yield g.stem, gold, system


def _gold_holder(gold: list[dict], rec: dict) -> int | None:
    """The innermost gold directive whose body holds the record, from the gold offsets."""
    best = None
    for d in gold:
        if d["type"] == "directive" and d["start"] <= rec["start"] and rec["end"] <= d["body_end"]:
            if best is None or d["level"] > best["level"]:
                best = d
    return best["start"] if best else None


def test_levels_and_parents_agree_with_dev_gold(shared_dir: Path) -> None:
    agree = total = 0
    for _, gold, system in _dev(shared_dir):
        gd = [r for r in gold if r["type"] == "directive"]
        sd = [r for r in system if r["type"] == "directive"]
        for i, j in pair_records(sd, gd, "directive"):
            total += 1
            agree += sd[i]["level"] == gd[j]["level"] and sd[i]["parent"] == gd[j]["parent"]
    assert total >= 80 and agree / total >= 0.95, f"level+parent agree on {agree}/{total}"


def test_containment_agrees_with_dev_gold(shared_dir: Path) -> None:
    agree = total = 0
    for _, gold, system in _dev(shared_dir):
        for t in ("slogan", "deadline", "quantity"):
            gt = [r for r in gold if r["type"] == t]
            st = [r for r in system if r["type"] == t]
            for i, j in pair_records(st, gt, t):
                total += 1
                agree += st[i]["in_directive"] == _gold_holder(gold, gt[j])
    assert total >= 150 and agree / total >= 0.95, f"containment agrees on {agree}/{total}"


def test_records_know_their_directive_and_directives_their_records() -> None:
    text = "一、加强领导。\n（一）压实责任。公安、卫健部门要在2小时内到达现场。\n二、做好保障。储备口罩3000万只。\n"
    res = measures.extract(text)
    one, sub, two = res.directives
    deadline = res.deadlines[0]
    assert deadline.in_directive == sub.start and res.directive_of(deadline) == sub
    assert sub.in_directive == one.start and one.in_directive is None
    assert res.quantities[0].in_directive == two.start
    assert [r.text for r in res.within(sub) if r.type != "actor"] == ["2小时内"]


def test_actors_split_lists_and_carry_level() -> None:
    res = measures.extract("公安、卫健部门要加强联动。市卫健局牵头,各县市区党政主要领导要亲自抓,市指挥部每天调度。")
    actors = [(a.actor, a.canonical, a.level) for a in res.of_type("actor")]
    assert actors == [("公安", "公安部门", None), ("卫健部门", "卫生健康部门", None), ("市卫健局", "市卫生健康局", "市"),
                      ("各县市区党政主要领导", "各县市区党政主要领导", "县"), ("市指挥部", "市指挥部", "市")]
    for a in res.of_type("actor"):
        assert res.text[a.start:a.end] == a.text


def test_deadline_knows_its_actor() -> None:
    res = measures.extract("各乡镇要在3月底前完成排查。实验室在接到样本后6小时内完成检测。")
    assert [(d.text, d.actor) for d in res.deadlines] == [("3月底前", "各乡镇"), ("6小时内", "实验室")]


def test_collection_filters_by_actor_and_groups_slogan_variants() -> None:
    a = measures.extract("一、备战。\n卫健部门要在2小时内到达。要做到“宁可备而不用，不能用而无备”,落实“四早”。", doc="a.txt")
    b = measures.extract("一、备战。\n交通部门要在4小时内完成。坚持“宁可备而无用,不可用而无备”。", doc="b.txt")
    col = Collection([a, b])
    assert [r.text for r in col.filter("deadline", actor="卫生健康部门")] == ["2小时内"]
    assert [r.text for r in col.filter("deadline", unit="hour")] == ["2小时内", "4小时内"]
    rows = slogan_table(col.slogan_groups())
    first = rows[0]
    assert first["count"] == 2 and first["docs"] == ["a.txt", "b.txt"] and len(first["variants"]) == 2
    four = next(r for r in rows if r["canonical"] == "四早")
    assert four["expansion"] == ["早发现", "早报告", "早隔离", "早治疗"]


def test_outline_and_slogans_commands(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "s.txt"
    p.write_text("一、加强领导。\n（一）压实责任。一要落实“四早”。二要在2小时内到达。\n", encoding="utf-8")
    assert main(["outline", str(p)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:5] == ["一、加强领导  [directive]", "  （一）压实责任  [directive]", "    一要落实“四早”  [directive]",
                          "    二要在2小时内到达  [directive]"]
    assert main(["slogans", "--json", str(p)]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["canonical"] == "四早" and row["docs"] == ["s.txt"]
