"""Fuzzing: arbitrary Unicode, and corpus text with random edits, never break the extractor's promises.

For every input: no exception escapes, every record's text is `text[start:end]` within
bounds, records are in document order, a directive's body and parent make sense, and
extraction is deterministic. The suite runs a modest budget; the long-running target is the
same properties with a large one:

    MEASURES_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_fuzz.py -p no:cacheprovider

(see docs/robustness.md).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

import measures
from measures.models import sort_key

EXAMPLES = int(os.environ.get("MEASURES_FUZZ_EXAMPLES", "0") or 0)
FUZZ = settings(
    max_examples=EXAMPLES or 100,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None if EXAMPLES else settings.default.database,
)

# Characters the rules care about, so that random text often comes close to a record.
GENRE = ("一二三四五六七八九十两百千万亿零〇第是要、，,。.；;：:（）()“”\"「」‘’【】《》0123456789%％xX×*"
         "年月日天周小时分内前后以上下起至到—-~倍个人例元岁亿万余多近约超过不足同志们\n\u3000 \t"
         "兩萬時內個達現場於後為並")
# Punctuation with its other-width twin.
WIDTH = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?", "％": "%", "．": "."}
WIDTH.update({v: k for k, v in list(WIDTH.items())})


def check(text: str) -> None:
    """The promises every extraction keeps."""
    result = measures.extract(text, doc="fuzz.txt")
    records = list(result)
    keys = [sort_key(r) for r in records]
    assert keys == sorted(keys), "records out of document order"
    for r in records:
        assert 0 <= r.start < r.end <= len(text), (r.type, r.start, r.end)
        assert text[r.start:r.end] == r.text
        assert r.doc == "fuzz.txt"
        if r.type == "directive":
            assert r.end <= r.body_end <= len(text)
            assert r.parent is None or r.parent < r.start
            assert text[r.start:r.start + len(r.marker)] == r.marker
    assert measures.extract(text, doc="fuzz.txt").to_jsonl() == result.to_jsonl(), "not deterministic"


@lru_cache(maxsize=1)
def _corpus_lines() -> tuple[str, ...]:
    """Paragraphs of the corpus (or of the bundled sample when the shared folder is absent)."""
    root = Path(os.environ.get("MEASURES_SHARED") or Path(__file__).resolve().parents[1].parent / "shared") / "corpus"
    files = sorted(root.glob("speech_*.txt")) or [Path(measures.__file__).parent / "data" / "sample_speech.txt"]
    lines: list[str] = []
    for p in files:
        lines += [line + "\n" for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return tuple(lines)


@st.composite
def corpus_passages(draw: st.DrawFn) -> str:
    """A few consecutive paragraphs of the corpus."""
    lines = _corpus_lines()
    i = draw(st.integers(0, len(lines) - 1))
    n = draw(st.integers(1, 4))
    text = "".join(lines[i:i + n])
    cut = draw(st.integers(0, max(0, len(text) - 1)))  # start anywhere, as a truncated scrape does
    return text[cut:cut + draw(st.integers(1, 600))]


@st.composite
def edited(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """Random insertions, deletions and swaps of characters and of punctuation forms."""
    chars = list(draw(base))
    for _ in range(draw(st.integers(0, 12))):
        op = draw(st.sampled_from(["insert", "delete", "swap", "width", "duplicate"]))
        i = draw(st.integers(0, len(chars)))
        if op == "insert":
            chars[i:i] = list(draw(st.text(alphabet=GENRE, min_size=1, max_size=4) | st.text(min_size=1, max_size=2)))
        elif not chars:
            continue
        elif op == "delete":
            del chars[min(i, len(chars) - 1)]
        elif op == "swap" and len(chars) > 1:
            j = min(i, len(chars) - 2)
            chars[j], chars[j + 1] = chars[j + 1], chars[j]
        elif op == "width":
            chars = [WIDTH.get(c, c) if draw(st.booleans()) else c for c in chars]
        elif op == "duplicate":
            j = min(i, len(chars) - 1)
            chars[j:j] = chars[j:j + draw(st.integers(1, 20))]
    return "".join(chars)


@FUZZ
@given(st.text())
def test_arbitrary_unicode(text: str) -> None:
    check(text)


@FUZZ
@given(st.text(alphabet=GENRE, max_size=300))
def test_genre_alphabet(text: str) -> None:
    check(text)


@FUZZ
@given(edited(corpus_passages()))
def test_corpus_text_with_random_edits(text: str) -> None:
    check(text)


@FUZZ
@given(st.lists(corpus_passages(), min_size=1, max_size=3), st.sampled_from(["", "\n", "\r\n", "\u3000\u3000", "共 2 页,当前第。\n"]))
def test_corpus_passages_joined(parts: list[str], sep: str) -> None:
    check(sep.join(parts))


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200).map(lambda t: t.encode("utf-8")) | st.binary(max_size=200))
def test_bytes_either_decode_or_fail_cleanly(data: bytes) -> None:
    from measures.io import InputError, decode

    try:
        text = decode(data, "fuzz.bin")
    except InputError as e:
        assert str(e).startswith("fuzz.bin: ")
        return
    check(text)
