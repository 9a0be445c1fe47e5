"""Splitting a collection into its documents: headings, offsets, the corpus cut, records and gold on the segments."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

import measures
import measures.split
from measures.cli import main
from measures.evaluate import KEY_FIELDS, load_jsonl, score
from measures.result import record_to_dict
from measures.split import OFFSET_FIELDS, Segment, split_collection

COLLECTION = (
    "市长在全市疫情防控工作会议上的讲话(热门3篇)\n"
    "总结经验是人类成长的必然过程。\n"
    "市长在全市疫情防控工作会议上的讲话篇一\n"
    "同志们:\n一、提高政治站位。\n要在2小时内到达现场。\n"
    "市长在全市疫情防控工作会议上的讲话篇二\n"
    "下面是小编为大家整理的,供大家参考。\n二要狠抓甄别,确保50人以上。\n"
    "市长在全市疫情防控工作会议上的讲话篇十七\n"
    "严格落实“四早”要求。"
)


def test_module_examples() -> None:
    assert doctest.testmod(measures.split).failed == 0


def test_headings_cut_the_collection() -> None:
    segs = split_collection(COLLECTION)
    assert [s.title for s in segs] == [f"市长在全市疫情防控工作会议上的讲话篇{n}" for n in ("一", "二", "十七")]
    assert [s.number for s in segs] == [1, 2, 17] and [s.index for s in segs] == [1, 2, 3]
    assert segs[0].start == COLLECTION.index("市长在全市疫情防控工作会议上的讲话篇一")  # the title lines belong to none
    for s, nxt in zip(segs, segs[1:]):
        assert s.end == nxt.start
    assert segs[-1].end == len(COLLECTION)
    for s in segs:
        assert s.text == COLLECTION[s.start:s.end] and s.text.startswith(s.title)
    assert segs[1].text == "市长在全市疫情防控工作会议上的讲话篇二\n下面是小编为大家整理的,供大家参考。\n二要狠抓甄别,确保50人以上。\n"
    assert segs[-1].file_text == segs[-1].text + "\n" and segs[1].file_text == segs[1].text


@pytest.mark.parametrize("text,titles", [
    ("范文篇一：在全市会议上的讲话\n正文一\n范文篇二：在全县会议上的讲话\n正文二\n", ["范文篇一：在全市会议上的讲话", "范文篇二：在全县会议上的讲话"]),
    ("讲话稿【篇1】\n正文\n讲话稿【篇2】\n正文\n", ["讲话稿【篇1】", "讲话稿【篇2】"]),
    ("  讲话篇一  \r\n正文\r\n  讲话篇二\r\n正文\r\n", ["讲话篇一", "讲话篇二"]),
    # a line that only looks like a heading, with another stem, does not cut the collection
    ("讲话篇一\n这是新的发展篇二\n正文\n讲话篇二\n正文\n", ["讲话篇一", "讲话篇二"]),
])
def test_heading_forms(text: str, titles: list[str]) -> None:
    segs = split_collection(text)
    assert [s.title for s in segs] == titles
    assert "".join(s.text for s in segs) == text[segs[0].start:]


def test_a_text_without_headings_is_one_document() -> None:
    text = "\n一、加强领导。\n要在2小时内到达现场。"
    (seg,) = split_collection(text)
    assert (seg.title, seg.start, seg.end, seg.number, seg.text) == ("一、加强领导。", 0, len(text), None, text)
    assert split_collection("") == [] and split_collection(" \n\n") == []


def test_records_map_to_the_collection() -> None:
    seg = split_collection(COLLECTION)[0]
    result = measures.extract(seg.text, doc="speech_01.txt")
    for r in result:
        c = seg.to_collection(r, doc="collection.txt")
        assert COLLECTION[c.start:c.end] == r.text and c.doc == "collection.txt"
        for f in OFFSET_FIELDS:
            if getattr(r, f, None) is not None:
                assert getattr(c, f) == getattr(r, f) + seg.start


def _speech(shared_dir: Path, seg: Segment) -> Path:
    return shared_dir / "corpus" / seg.file_name("speech", 17)


def _collection(shared_dir: Path) -> str:
    return (shared_dir / "corpus" / "raw" / "collection.txt").read_text(encoding="utf-8")


def test_the_corpus_files_are_the_segments(shared_dir: Path) -> None:
    """How speech_NN.txt were cut: from the heading line to the next heading, each file ending with a line break."""
    segs = split_collection(_collection(shared_dir))
    assert len(segs) == 17 and [s.number for s in segs] == list(range(1, 18))
    for seg in segs:
        assert _speech(shared_dir, seg).read_text(encoding="utf-8") == seg.file_text
    assert segs[-1].file_text == segs[-1].text + "\n"  # the collection has no final line break; the file does
    assert all(seg.file_text == seg.text for seg in segs[:-1])


def test_split_command_writes_the_corpus_files(shared_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    collection = shared_dir / "corpus" / "raw" / "collection.txt"
    assert main(["split", str(collection), "--out", str(tmp_path / "out"), "--prefix", "speech"]) == 0
    written = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in written] == [f"speech_{i:02d}.txt" for i in range(1, 18)]
    for p in written:
        assert p.read_bytes() == (shared_dir / "corpus" / p.name).read_bytes()
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "collection\tdocument\tstart\tend\ttitle" and len(rows) == 18
    text = _collection(shared_dir)
    _, name, start, end, title = rows[3].split("\t")
    assert name == "speech_03.txt" and text[int(start):int(end)].startswith(title) and title.endswith("篇三")
    assert main(["split", str(collection), "--format", "jsonl"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["document"] == "collection_01.txt" and first["start"] == 93 and first["number"] == 1


def test_split_command_reports_bad_files_and_goes_on(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "c.txt"
    good.write_text(COLLECTION, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code = main(["split", str(empty), str(tmp_path / "missing.txt"), str(good)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "empty.txt: file is empty" in err and "missing.txt: no such file" in err
    assert [line.split("\t")[1] for line in out.splitlines()[1:]] == ["c_01.txt", "c_02.txt", "c_03.txt"]
    assert main(["split", str(good), str(good), "--prefix", "x"]) == 2


def _shifted(records, seg: Segment, doc: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Records of a segment's file, as dicts with offsets into the collection (a body that runs to the end of the
    file ends at the segment's end: the file's added final line break is not in the collection)."""
    out = []
    for r in records:
        d = seg.to_collection(r, doc=doc).model_dump()
        if d.get("body_end") is not None:
            d["body_end"] = min(d["body_end"], seg.end)
        out.append(d)
    return out


def test_records_of_the_segments_are_those_of_the_files(shared_dir: Path) -> None:
    """Quality: the collection split by split_collection gives, per speech, the records of speech_NN.txt, shifted."""
    for seg in split_collection(_collection(shared_dir)):
        path = _speech(shared_dir, seg)
        from_file = _shifted(measures.extract_file(path), seg, path.name)
        from_segment = _shifted(measures.extract(seg.text, doc=path.name), seg, path.name)
        assert from_segment == from_file, path.name
        assert from_file, path.name


def test_dev_gold_thresholds_on_the_collection_segments(shared_dir: Path) -> None:
    """The dev gold thresholds hold on the raw collection's segments, debris and all, offsets mapped back to the files."""
    gold_files = sorted((shared_dir / "gold" / "dev").glob("*.jsonl"))
    assert gold_files
    wanted = {g.stem + ".txt" for g in gold_files}
    segs = {_speech(shared_dir, s).name: s for s in split_collection(_collection(shared_dir))}
    assert wanted <= set(segs)
    system = []
    for name in sorted(wanted):
        seg = segs[name]
        for r in measures.extract(seg.text, doc=name):
            in_collection = seg.to_collection(r)
            back = in_collection.model_copy(update={f: getattr(in_collection, f) - seg.start for f in OFFSET_FIELDS
                                                    if getattr(in_collection, f, None) is not None})
            system.append(record_to_dict(back))
    debris = ["下面是小编为大家整理的", "共\n2\n页,当前第。"]
    assert all(any(d in segs[n].text for n in wanted) for d in debris)  # the debris is in these segments
    scores = score(system, load_jsonl(gold_files))
    problems = []
    for t in KEY_FIELDS:
        s = scores[t]
        if s.f1 < 0.95:
            problems.append(f"{t}: F1 {s.f1:.3f}")
        for f in KEY_FIELDS[t]:
            floor = 0.85 if f"{t}.{f}" == "slogan.category" else 0.95
            if s.fields[f] < floor:
                problems.append(f"{t}.{f}: {s.fields[f]:.3f} < {floor}")
    assert not problems, problems
