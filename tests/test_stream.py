"""Streaming over many documents: inputs, order, processes, failures, bounded memory, and `measures extract`."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any, Iterator

import pytest

import measures
from measures import export, stream
from measures.io import iter_paths
from measures.cli import main
from measures.models import MODEL_BY_TYPE
from measures.stream import Outcome, Progress, count_documents, extract_stream, iter_documents

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "src" / "measures" / "data" / "sample_speech.txt").read_text(encoding="utf-8")
PACK = ROOT / "docs" / "examples" / "custom_pack.toml"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve documents cut from the sample speech, in two folders, plus a note that is not .txt."""
    root = tmp_path_factory.mktemp("corpus")
    lines = [line for line in SAMPLE.splitlines(keepends=True) if line.strip()]
    for i in range(12):
        folder = root / ("a" if i < 6 else "b/deep")
        folder.mkdir(parents=True, exist_ok=True)
        chunk = lines[(i * 3) % len(lines):(i * 3) % len(lines) + 6]
        extra = "今年改造3栋楼，涉及近120户居民。" if i == 7 else ""
        (folder / f"doc{i:02d}.txt").write_text("".join(chunk) + extra, encoding="utf-8")
    (root / "a" / "notes.md").write_text("not a document", encoding="utf-8")
    return root


def _docs(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.txt"))


# -- inputs ----------------------------------------------------------------------------------


def test_inputs_files_directories_and_patterns(corpus: Path, tmp_path: Path) -> None:
    everything = list(iter_documents([str(corpus)]))
    assert everything == _docs(corpus) and len(everything) == 12
    # Folders are walked lazily, depth first, each folder's entries sorted by name; .txt files only
    # (case-sensitive); an empty folder is yielded itself so that reading it reports the problem.
    for name in ("a.txt", "a/b.txt", "a/B.txt", "a b/c.txt", "a.txt.d/x.txt", "2024/z.txt", "Z.txt", "a/c.TXT", "a/dir.txt/y.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    expected = ["2024/z.txt", "Z.txt", "a/B.txt", "a/b.txt", "a/dir.txt/y.txt", "a b/c.txt", "a.txt", "a.txt.d/x.txt"]
    assert list(iter_documents([str(tmp_path)])) == [tmp_path / n for n in expected]
    assert list(iter_paths([str(tmp_path / "empty")])) == [tmp_path / "empty"]
    assert list(iter_documents([f"{corpus}/a/*.txt"])) == sorted((corpus / "a").glob("*.txt"))
    assert list(iter_documents([f"{corpus}/**/doc1*.txt"])) == sorted(corpus.rglob("doc1*.txt"))
    assert list(iter_documents([f"{corpus}/*"])) == _docs(corpus)  # the folders a/ and b/, expanded
    assert list(iter_documents([f"{corpus}/a/*"]))[-1] == corpus / "a" / "notes.md"  # a pattern names files of any kind
    assert count_documents([str(corpus), f"{corpus}/a/doc00.txt"]) == 13
    outcomes = list(extract_stream([f"{corpus}/nothing*.txt", str(corpus / "missing.txt")], jobs=1))
    assert [o.error for o in outcomes] == [f"{corpus}/nothing*.txt: no file matches this pattern", f"{corpus / 'missing.txt'}: no such file"]


# -- order, processes, failures ----------------------------------------------------------------------


def test_in_order_and_the_same_with_processes(corpus: Path) -> None:
    one = list(extract_stream([str(corpus)], jobs=1, fn=export_jsonl))
    two = list(extract_stream([str(corpus)], jobs=2, fn=export_jsonl, batch_size=1))
    assert [o.index for o in two] == list(range(12))
    assert [o.path for o in two] == [str(p) for p in _docs(corpus)]
    assert [(o.doc, o.chars, o.counts, o.value) for o in one] == [(o.doc, o.chars, o.counts, o.value) for o in two]
    direct = [measures.extract_file(p).to_jsonl() for p in _docs(corpus)]
    assert [o.value for o in one] == direct
    assert all(o.ok and o.records == sum(o.counts.values()) for o in one)


def export_jsonl(result: Any) -> str:
    return str(result.to_jsonl())


def test_failures_are_reported_and_the_rest_completes(corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00binary")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    paths = [str(corpus / "a"), str(bad), str(empty), str(corpus / "b")]
    outcomes = list(extract_stream(paths, jobs=2))
    assert len(outcomes) == 14
    assert (outcomes[6].error or "").startswith(f"{bad}: looks like a binary file")
    assert outcomes[7].error == f"{empty}: file is empty"
    ok = [o for o in outcomes if o.ok]
    assert len(ok) == 12 and all(isinstance(o.value, measures.Extraction) for o in ok)


def die_on_crash(result: Any) -> int:
    if result.doc == "crash.txt":
        os._exit(3)  # a worker killed mid-document (out of memory, a signal)
    return len(result)


def test_a_worker_that_dies_costs_only_its_document(corpus: Path, tmp_path: Path) -> None:
    crash = tmp_path / "crash.txt"
    crash.write_text("要在2小时内到达现场。", encoding="utf-8")
    paths = [str(corpus / "a"), str(crash), str(corpus / "b")]
    outcomes = list(extract_stream(paths, jobs=2, fn=die_on_crash, batch_size=3))
    assert [o.index for o in outcomes] == list(range(13))
    failed = [o for o in outcomes if not o.ok]
    assert [o.doc for o in failed] == ["crash.txt"]
    assert "worker process died" in (failed[0].error or "")
    assert [o.value for o in outcomes if o.ok] == [len(measures.extract_file(p)) for p in _docs(corpus)]


def worker_identity(result: Any) -> tuple[int, int, int]:
    return os.getpid(), id(stream._WORKER.get("extractor")), len(result.quantities)


def test_workers_build_their_extractor_once_with_the_same_rules(corpus: Path) -> None:
    outcomes = list(extract_stream([str(corpus)], jobs=2, rules=[str(PACK)], fn=worker_identity, batch_size=1))
    pids = {o.value[0] for o in outcomes}
    assert os.getpid() not in pids
    for pid in pids:
        assert len({o.value[1] for o in outcomes if o.value[0] == pid}) == 1
    with_pack = measures.Extractor([str(PACK)])
    assert [o.value[2] for o in outcomes] == [len(with_pack.extract(p.read_text(encoding="utf-8")).quantities) for p in _docs(corpus)]


def test_memory_is_bounded_by_the_documents_in_flight(corpus: Path) -> None:
    consumed = [0]

    def paths() -> Iterator[str]:
        for p in _docs(corpus) * 4:
            consumed[0] += 1
            yield str(p)

    ahead = []
    for o in extract_stream(paths(), jobs=2, batch_size=2, in_flight=3):
        ahead.append(consumed[0] - o.index)
    assert len(ahead) == 48
    # Never more than `in_flight` batches (plus the two peeked inputs) read ahead of what was yielded.
    assert max(ahead) <= 3 * 2 + 2


def test_one_document_runs_in_process(corpus: Path) -> None:
    [o] = list(extract_stream([str(_docs(corpus)[0])], jobs=4, fn=worker_identity))
    assert o.value[0] == os.getpid()


# -- progress and summary ----------------------------------------------------------------------


def test_progress_bar_draws_only_on_a_terminal() -> None:
    buf = io.StringIO()
    p = Progress(buf, total=3, enabled=True, interval=0)
    for i in range(3):
        p.update(Outcome(i, f"d{i}.txt", f"d{i}.txt", chars=1000, error=None if i else "x"))
    p.clear()
    text = buf.getvalue()
    assert "\r\x1b[K" in text and "3/3 docs" in text and "100%" in text and "1 failed" in text
    quiet = io.StringIO()
    q = Progress(quiet, total=3)  # a StringIO is no terminal
    q.update(Outcome(0, "a", "a"))
    q.clear()
    assert quiet.getvalue() == ""


def test_summary_line() -> None:
    line = stream.summary_line(1200, 3, {"deadline": 2, "directive": 5}, 1_500_000, 2.0)
    assert line.startswith("measures: 1,200 documents (3 failed), 7 records (directive 5")
    assert "deadline 2" in line and "1,500,000 chars in 2.0 s (750.0 k chars/s)" in line


# -- the command line ---------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_jobs_give_the_same_output_in_every_format(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("jsonl", "json", "csv", "table"):
        code1, one, err1 = _run(capsys, "extract", str(corpus), "--format", fmt, "--jobs", "1")
        code2, two, err2 = _run(capsys, "extract", f"{corpus}/**/*.txt", "--format", fmt, "--jobs", "2")
        assert code1 == code2 == 0 and one == two, fmt
        assert "measures: 12 documents" in err1 and "measures: 12 documents" in err2
        assert "\r" not in err2  # no progress bar: standard error is not a terminal
    _, jsonl, _ = _run(capsys, "extract", str(corpus))
    rows = [json.loads(line) for line in jsonl.splitlines()]
    _, js, _ = _run(capsys, "extract", str(corpus), "--format", "json")
    assert json.loads(js) == rows
    _, csv_text, _ = _run(capsys, "extract", str(corpus), "--format", "csv")
    header = csv_text.splitlines()[0].split(",")
    assert header == export.csv_columns() and len(csv_text.splitlines()) == len(rows) + 1


def test_cli_json_of_nothing_is_an_empty_array(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.txt").write_text("没有任何记录", encoding="utf-8")
    code, out, err = _run(capsys, "extract", str(tmp_path / "x.txt"), "--format", "json", "--quiet")
    assert (code, out, err) == (0, "[]\n", "")


def test_cli_parquet(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "tables"
    code, stdout, err = _run(capsys, "extract", str(corpus), "--format", "parquet", "--out", str(out), "-j", "2")
    assert code == 0 and stdout == ""
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in MODEL_BY_TYPE)
    frames = export.read_parquet(out)
    results = [measures.extract_file(p) for p in _docs(corpus)]
    for t in MODEL_BY_TYPE:
        assert frames[t].equals(export.to_frames(results, [t])[t])
    assert _run(capsys, "extract", str(corpus), "--format", "parquet")[0] == 2
    a_file = tmp_path / "file"
    a_file.write_text("", encoding="utf-8")
    code, _, err = _run(capsys, "extract", str(corpus), "--format", "parquet", "--out", str(a_file))
    assert code == 2 and "is a file" in err


def test_cli_failures_exit_1_with_path_and_reason(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfd" * 10 + b"\x00")
    code, out, err = _run(capsys, "extract", str(corpus / "a"), str(bad), str(corpus / "b"), "--jobs", "2", "--out", str(tmp_path / "o.jsonl"))
    assert code == 1 and out == ""
    assert f"measures: error: {bad}:" in err
    assert "measures: 13 documents (1 failed)" in err
    docs = {json.loads(line)["doc"] for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()}
    assert len(docs) == 12


def test_cli_rules_reach_the_workers(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, one, _ = _run(capsys, "extract", str(corpus), "--rules", str(PACK), "-j", "1")
    _, two, _ = _run(capsys, "extract", str(corpus), "--rules", str(PACK), "-j", "2")
    assert one == two and '"rule": "housing.count"' in two


def test_cli_bad_jobs_is_a_usage_error(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["extract", str(corpus), "--jobs", "0"])
    assert e.value.code == 2


def test_ctrl_c_stops_the_workers_and_leaves_no_partial_parquet(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(400):
        (docs / f"d{i:03d}.txt").write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "tables"
    proc = subprocess.Popen([sys.executable, "-m", "measures.cli", "extract", str(docs), "-j", "2", "--format", "parquet",
                             "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("measures extract did not stop after Ctrl-C") from None
    if proc.returncode == 0:
        pytest.skip("the run finished before the interrupt")
    assert proc.returncode == 130 and "measures: interrupted" in err
    assert not out.exists() or list(out.iterdir()) == []
