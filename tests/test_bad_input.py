"""Bad input: each bad file or pack gets a clear error naming it, a non-zero exit, and the other files still complete."""

from __future__ import annotations

import codecs
import json
import os
import pickle
import time
from pathlib import Path

import pytest

import measures
from measures.cli import main
from measures.document import Document, match_time_limit
from measures.io import InputError, decode, read_text
from measures.packs import DimensionRules, PackError, RuleTimeoutError, load_pack

GOOD = "一、加强领导。\n要在2小时内到达现场,确保50人以上。\n"
GOOD_RECORDS = ["一、加强领导", "2小时内", "50人以上"]

SLOW_PACK = """
[pack]
name = "slow"
dimension = "quantity"
description = "a rule that backtracks catastrophically on a long run of 1s"

[[rules]]
id = "slow.catastrophic"
pattern = '''(?P<span>(?P<value>(?:1|11)+)$)'''
examples = [{ text = "11", records = [{ text = "11" }] }]
"""

BROKEN_PACK = """
[pack]
name = "broken"
dimension = "quantity"

[[rules]]
id = "broken.bracket"
pattern = '''(?P<value>[0-9'''
examples = [{ text = "1", records = [{ text = "1" }] }]
"""


def _write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return p


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def quick_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEASURES_MATCH_TIMEOUT", "0.3")


# -- files -------------------------------------------------------------------------


def test_every_bad_file_is_named_and_the_good_ones_complete(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    (tmp_path / "emptydir").mkdir()
    big = _write(tmp_path, "big.txt", GOOD * 100)
    monkeypatch.setenv("MEASURES_MAX_BYTES", str(len(GOOD.encode("utf-8")) * 50))
    bad = {
        _write(tmp_path, "empty.txt", b""): "file is empty",
        _write(tmp_path, "nul.txt", b"PK\x03\x04\x00\x00binary"): "binary",
        _write(tmp_path, "controls.txt", bytes(range(1, 9)) * 20 + "一、加强领导".encode("utf-8")): "binary",
        _write(tmp_path, "latin.txt", b"abc\x81\x30"): "neither UTF-8 nor GB18030",
        _write(tmp_path, "badbom.txt", codecs.BOM_UTF8 + b"\xff\xfe"): "UTF-8 BOM",
        tmp_path / "missing.txt": "no such file",
        tmp_path / "emptydir": "is a directory",
        fifo: "not a regular file",
        big: "too large",
    }
    good1 = _write(tmp_path, "good1.txt", GOOD)
    good2 = _write(tmp_path, "good2.txt", GOOD.encode("gb18030"))
    paths = [str(good1), *map(str, bad), str(good2)]
    code = main(["extract", *paths])
    out, err = capsys.readouterr()
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("measures: error:")]
    assert len(errors) == len(bad)
    for path, problem in bad.items():
        (line,) = [e for e in errors if f"{path}:" in e]
        assert problem in line, line
    rows = _records(out)
    assert [(r["doc"], r["text"]) for r in rows] == [(d, t) for d in ("good1.txt", "good2.txt") for t in GOOD_RECORDS]


def test_encodings_with_byte_order_marks() -> None:
    for codec in ("utf-16", "utf-32", "utf-16-be", "utf-32-le"):
        data = GOOD.encode(codec)
        if codec.endswith(("-be", "-le")):
            data = (codecs.BOM_UTF16_BE if codec == "utf-16-be" else codecs.BOM_UTF32_LE) + data
        assert decode(data) == GOOD, codec


def test_a_line_of_megabytes_is_read_and_extracted(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Long lines are not an error: a 2 MB document on one line is read and extracted, in bounded time.

    (No deadlines in it: pipeline._with_actors rescans the text from its start for each deadline,
    quadratic on such a line; reported to the lead, see docs/robustness.md.)
    """
    sentence = "全市确保50人以上的队伍到位,落实“四早”要求,投入资金3.5亿元;"
    line = sentence * (2_000_000 // len(sentence.encode("utf-8")) + 1)
    p = _write(tmp_path, "oneline.txt", line)
    assert p.stat().st_size > 2_000_000 and "\n" not in read_text(p)
    t0 = time.perf_counter()
    assert main(["extract", str(p)]) == 0
    elapsed = time.perf_counter() - t0
    rows = _records(capsys.readouterr().out)
    n = line.count("四早")
    assert [r["text"] for r in rows[:3]] == ["50人以上", "四早", "3.5亿元"]
    assert len(rows) == 3 * n
    assert all(line[r["start"]:r["end"]] == r["text"] for r in rows)
    assert elapsed < 60, f"{elapsed:.1f} s for a 2 MB line"


def test_io_errors_keep_the_api() -> None:
    with pytest.raises(InputError) as e:
        decode(b"", "x.txt")
    assert e.value.path == "x.txt" and e.value.problem == "file is empty" and str(e.value) == "x.txt: file is empty"


# -- rule packs --------------------------------------------------------------------


def test_broken_regex_pack_exits_2_naming_file_and_rule(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pack = _write(tmp_path, "broken.toml", BROKEN_PACK)
    assert main(["extract", "--rules", str(pack), str(_write(tmp_path, "a.txt", GOOD))]) == 2
    err = capsys.readouterr().err
    assert "broken.toml" in err and "broken.bracket" in err and "bad pattern" in err


def test_catastrophic_pattern_is_stopped_naming_rule_and_file(tmp_path: Path, capsys, quick_timeout) -> None:  # type: ignore[no-untyped-def]
    pack = _write(tmp_path, "slow.toml", SLOW_PACK)
    hostile = _write(tmp_path, "hostile.txt", "1" * 5000 + "a\n")
    good = _write(tmp_path, "good.txt", GOOD)
    t0 = time.perf_counter()
    code = main(["extract", "--rules", str(pack), str(hostile), str(good)])
    elapsed = time.perf_counter() - t0
    out, err = capsys.readouterr()
    assert code == 1
    (line,) = [e for e in err.splitlines() if e.startswith("measures: error:")]
    assert "hostile.txt" in line and "slow.catastrophic" in line and "slow.toml" in line and "stopped after" in line
    assert [r["text"] for r in _records(out)] == GOOD_RECORDS and _records(out)[0]["doc"] == "good.txt"
    assert elapsed < 10


def test_catastrophic_pattern_through_the_api(tmp_path: Path, quick_timeout) -> None:  # type: ignore[no-untyped-def]
    pack = load_pack(_write(tmp_path, "slow.toml", SLOW_PACK))
    with pytest.raises(RuleTimeoutError) as e:
        measures.extract("1" * 3000 + "a", doc="hostile.txt", rules=[pack])
    err = e.value
    assert isinstance(err, InputError) and isinstance(err, PackError)
    assert (err.doc, err.rule) == ("hostile.txt", "slow.catastrophic") and err.pack.endswith("slow.toml")
    assert str(err).startswith("hostile.txt: rule slow.catastrophic")
    assert str(pickle.loads(pickle.dumps(err))) == str(err)  # it can cross from a worker process
    assert [r.text for r in measures.extract("共11人", rules=[pack])] == ["11人"]  # harmless on ordinary text


def test_a_catastrophic_define_used_by_extractor_code_is_stopped(quick_timeout) -> None:  # type: ignore[no-untyped-def]
    rules = DimensionRules("directive", defines={"SPEECH_BOUNDARY": "(?:a|aa)+$"})
    boundary = rules.compile_define("SPEECH_BOUNDARY")
    doc = Document("a" * 3000 + "b", "long.txt")
    with pytest.raises(RuleTimeoutError) as e:
        list(boundary.finditer(doc.norm))
    assert e.value.doc == "long.txt" and e.value.rule == "define SPEECH_BOUNDARY"
    assert [m.span() for m in boundary.finditer("aaa")] == [(0, 3)]


def test_time_limit_grows_with_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEASURES_MATCH_TIMEOUT", raising=False)
    assert match_time_limit(0) == 5.0 and match_time_limit(10_000_000) == 105.0
    monkeypatch.setenv("MEASURES_MATCH_TIMEOUT", "1.5")
    assert match_time_limit(0) == 1.5
