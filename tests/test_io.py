"""Reading documents: encodings, and clear errors that name the file."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import measures
from measures.io import InputError, read_text

TEXT = "一、加强领导。\n要在2小时内到达现场,确保50人以上的队伍。"


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: t.encode("gb18030"),
    lambda t: t.encode("utf-16"),
])
def test_encodings_give_the_same_records(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "doc.txt"
    p.write_bytes(encode(TEXT))
    result = measures.extract_file(p)
    assert result.text == TEXT
    assert [(r.type, r.text, r.doc) for r in result] == [(r.type, r.text, "doc.txt") for r in measures.extract(TEXT)]
    assert [r.text for r in result] == ["一、加强领导", "2小时内", "50人以上"]


@pytest.mark.parametrize("content,problem", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"abc\x81\x30", "neither UTF-8 nor GB18030"),  # a truncated GB18030 sequence,
])
def test_bad_files_name_the_file_and_problem(tmp_path: Path, content: bytes, problem: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_text(p)
    assert str(p) in str(err.value) and problem in str(err.value)


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        measures.extract_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        measures.extract_file(tmp_path)


def test_extract_rejects_bytes() -> None:
    with pytest.raises(TypeError):
        measures.extract(TEXT.encode("utf-8"))  # type: ignore[arg-type]
