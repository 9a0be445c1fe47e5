"""The command line: contract JSONL, formats, eval, demo, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from measures.cli import main

DOC = "一、加强领导。\n一要落实“四早”要求,在2小时内到达现场。二要确保50人以上。\n"


def _doc(tmp_path: Path, name: str = "a.txt", text: str = DOC) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_extract_jsonl_is_the_contract(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = _doc(tmp_path)
    assert main(["extract", str(p)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["type"] for r in rows] == ["directive", "directive", "slogan", "deadline", "directive", "quantity"]
    for r in rows:
        assert r["doc"] == "a.txt"
        assert DOC[r["start"]:r["end"]] == r["text"]
    assert rows[1]["parent"] == rows[0]["start"] and rows[1]["level"] == 2


def test_formats(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = _doc(tmp_path)
    assert main(["extract", "--format", "json", str(p)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 6
    assert main(["extract", "--format", "csv", str(p)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("doc,type,start,end,text") and len(lines) == 7
    assert main(["extract", "--format", "table", str(p)]) == 0
    table = capsys.readouterr().out
    assert "一要落实“四早”要求" in table and "PT2H" in table


def test_bad_file_is_reported_and_others_complete(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = _doc(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00binary")
    code = main(["extract", str(bad), str(good), str(tmp_path / "missing.txt")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "bad.txt" in err and "missing.txt" in err
    assert len(out.splitlines()) == 6


def test_broken_rule_pack_exits_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pack = tmp_path / "broken.toml"
    pack.write_text('[pack]\nname = "x"\ndimension = "quantity"\n[[rules]]\nid = "x.bad"\npattern = "(["\n'
                    'examples = [{ text = "a", records = [{ text = "a" }] }]\n', encoding="utf-8")
    assert main(["extract", "--rules", str(pack), str(_doc(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert "broken.toml" in err and "x.bad" in err


def test_eval_both_forms_agree(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    p = _doc(tmp_path)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(p), "--out", str(out)]) == 0
    gold = tmp_path / "gold.jsonl"
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:-1]), encoding="utf-8")
    assert main(["eval", str(out), str(gold), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["eval", str(p), "--gold", str(gold), "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert first == second
    assert first["quantity"]["fp"] == 1 and first["directive"]["f1"] == 1.0


def test_demo_runs_as_installed_command() -> None:
    run = subprocess.run([sys.executable, "-m", "measures.cli", "demo"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "sample_speech.txt" in run.stdout and "-- outline" in run.stdout and "-- deadlines" in run.stdout


def test_reference_date_and_globs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _doc(tmp_path, "a.txt", "一、加强领导。\n要于7月15日前完成。\n")
    _doc(tmp_path, "b.txt", "二、做好保障。\n")
    assert main(["extract", "-q", "--reference-date", "2026-11-28", str(tmp_path / "*.txt")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["doc"] for r in rows} == {"a.txt", "b.txt"}
    assert [r["due"] for r in rows if r["type"] == "deadline"] == ["2027-07-15"]
    assert main(["outline", str(tmp_path / "*.txt")]) == 0
    assert "二、做好保障" in capsys.readouterr().out
