"""Offsets are sacred: every record's text is document[start:end], on the corpus and on arbitrary strings."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

import measures
from measures.models import sort_key

GENRE = "一二三四五六七八九十两百千万亿第是要、，。；：（）()“”\"0123456789.%xX年月日天小时内前以上下起至到—-倍个人例元岁\n　 "


def _check(text: str) -> None:
    result = measures.extract(text)
    keys = [sort_key(r) for r in result]
    assert keys == sorted(keys)
    for r in result:
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start:r.end] == r.text
        if r.type == "directive":
            assert r.end <= r.body_end <= len(text)
            assert r.parent is None or r.parent < r.start


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_offsets_on_arbitrary_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=GENRE, max_size=200))
def test_offsets_on_genre_like_text(text: str) -> None:
    _check(text)


def test_offsets_on_the_whole_corpus(shared_dir: Path) -> None:
    files = sorted((shared_dir / "corpus").rglob("*.txt"))
    assert len(files) >= 17
    for p in files:
        text = p.read_text(encoding="utf-8")
        _check(text)


def test_extraction_is_deterministic(shared_dir: Path) -> None:
    text = (shared_dir / "corpus" / "speech_01.txt").read_text(encoding="utf-8")
    assert measures.extract(text).to_jsonl() == measures.extract(text).to_jsonl()
