"""The `measures` spaCy component: entry point, spans = records, word segmenters, config, serialization."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import regex
import spacy
from hypothesis import given, settings, strategies as st
from spacy.tokens import Doc, DocBin

import measures
from measures import PackError
from measures.models import Record
from measures.result import Extraction

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "docs" / "examples" / "custom_pack.toml"
DOC = "一、加强组织领导。\n一要落实“四早”要求，专业队伍要在2小时内到达现场。二要确保50人以上。\n"
GENRE = "一二三四五六七八九十两百千万亿第是要、，。；：（）()“”\"0123456789.%xX年月日天小时内前以上下起至到—-倍个人例元岁局部门\n　 "


# -- a word-level segmenter for the tests (pkuseg/jieba are not installed) -----
_CHUNK = regex.compile(r"\s+|[\p{P}\p{S}]|[^\s\p{P}\p{S}]{1,3}")


class ChunkTokenizer:
    """Whitespace runs and punctuation marks alone; other characters in chunks of up to three."""

    def __init__(self, vocab) -> None:  # type: ignore[no-untyped-def]
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = _CHUNK.findall(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    def to_disk(self, path, **kwargs) -> None:  # type: ignore[no-untyped-def]
        pass

    def from_disk(self, path, **kwargs) -> "ChunkTokenizer":  # type: ignore[no-untyped-def]
        return self


@spacy.registry.tokenizers("measures_test.chunks.v1")
def create_chunk_tokenizer():  # type: ignore[no-untyped-def]
    def make(nlp):  # type: ignore[no-untyped-def]
        return ChunkTokenizer(nlp.vocab)

    return make


def chunk_nlp():  # type: ignore[no-untyped-def]
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "measures_test.chunks.v1"}}})
    nlp.add_pipe("measures")
    return nlp


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    nlp = spacy.blank("zh")
    nlp.add_pipe("measures")
    return nlp


@pytest.fixture(scope="module")
def word_nlp():  # type: ignore[no-untyped-def]
    return chunk_nlp()


def _same_as_extract(doc: Doc, text: str, key: str = "measures", ext: str = "measure") -> None:
    """Spans are exactly the records of measures.extract: same order, types, offsets and objects."""
    records = measures.extract(text).records
    spans = list(doc.spans[key])
    assert [(s.start_char, s.end_char, s.label_) for s in spans] == [(r.start, r.end, r.type) for r in records]
    assert [getattr(s._, ext) for s in spans] == records


# -- registration --------------------------------------------------------------
def test_factory_is_an_entry_point() -> None:
    eps = metadata.entry_points(group="spacy_factories")
    assert "measures.spacy_component:make_measures" in [ep.value for ep in eps if ep.name == "measures"]


def test_add_pipe_needs_no_import_of_measures() -> None:
    code = (
        "import sys, spacy\n"
        "assert 'measures' not in sys.modules\n"
        "nlp = spacy.blank('zh'); nlp.add_pipe('measures')\n"
        "doc = nlp('专业队伍要在2小时内到达现场。')\n"
        "print([(s.text, s.label_, s._.measure.iso) for s in doc.spans['measures']])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[('2小时内', 'deadline', 'PT2H')]"


def test_import_measures_does_not_import_spacy() -> None:
    code = "import sys, measures; measures.extract('一、加强领导。'); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# -- spans and extensions --------------------------------------------------------
def test_spans_records_and_extraction(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(DOC)
    _same_as_extract(doc, DOC)
    spans = doc.spans["measures"]
    assert [s.label_ for s in spans] == ["directive", "directive", "slogan", "deadline", "directive", "quantity"]
    assert all(isinstance(s._.measure, Record) for s in spans)
    deadline = next(s for s in spans if s.label_ == "deadline")
    assert deadline.text == "2小时内" and deadline._.measure.iso == "PT2H"
    result = doc._.measures
    assert isinstance(result, Extraction)
    assert result.outline() == measures.extract(DOC).outline()
    assert result.to_dicts() == measures.extract(DOC).to_dicts()


def test_any_span_over_a_record_finds_it(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(DOC)
    r = doc._.measures.deadlines[0]
    assert doc.char_span(r.start, r.end, label="deadline")._.measure == r
    assert doc.char_span(r.start, r.end, label="quantity")._.measure is None
    assert doc[0:1]._.measure is None


def test_doc_without_the_component(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(DOC)
    assert doc._.measures is None
    assert doc[0:2]._.measure is None


def test_empty_text(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("")
    assert list(doc.spans["measures"]) == [] and len(doc._.measures) == 0


def test_spans_key_and_extension_names_are_configurable() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("measures", config={"spans_key": "sc", "span_extension": "rec", "doc_extension": "found"})
    doc = nlp(DOC)
    assert "measures" not in doc.spans
    _same_as_extract(doc, DOC, key="sc", ext="rec")
    assert isinstance(doc._.found, Extraction)
    cfg = nlp.config["components"]["measures"]
    assert (cfg["spans_key"], cfg["span_extension"], cfg["doc_extension"]) == ("sc", "rec", "found")


def test_pipelines_with_different_keys_share_the_extension_names(nlp) -> None:  # type: ignore[no-untyped-def]
    other = spacy.blank("zh")
    other.add_pipe("measures", config={"spans_key": "other"})
    a, b = nlp(DOC), other(DOC)
    _same_as_extract(a, DOC)
    _same_as_extract(b, DOC, key="other")
    assert a._.measures.to_dicts() == b._.measures.to_dicts()


def test_rule_packs_from_config(tmp_path: Path) -> None:
    text = "今年改造3栋楼。"
    nlp = spacy.blank("zh")
    nlp.add_pipe("measures", config={"rules": [str(PACK)]})
    doc = nlp(text)
    assert [(s.text, s._.measure.unit) for s in doc.spans["measures"]] == [("3栋楼", "栋楼")]
    assert doc._.measures.to_dicts() == measures.extract(text, rules=[PACK]).to_dicts()


def test_bad_pack_fails_at_add_pipe_and_missing_pack_on_use(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[pack\n", encoding="utf-8")
    with pytest.raises(PackError, match="bad.toml"):
        spacy.blank("zh").add_pipe("measures", config={"rules": [str(bad)]})
    nlp = spacy.blank("zh")
    nlp.add_pipe("measures", config={"rules": [str(tmp_path / "missing.toml")]})
    with pytest.raises(PackError, match="missing.toml"):
        nlp("一、加强领导。")
    with pytest.raises(PackError, match="missing.toml"):  # never save a pipeline without its packs
        nlp.to_disk(tmp_path / "p")


# -- word segmenters: spans expand, records keep exact offsets --------------------
def test_word_segmenter_spans_expand_to_tokens(word_nlp) -> None:  # type: ignore[no-untyped-def]
    doc = word_nlp(DOC)
    assert any(len(t) > 1 for t in doc)
    records = measures.extract(DOC).records
    spans = list(doc.spans["measures"])
    assert [s._.measure for s in spans] == records
    assert [s.label_ for s in spans] == [r.type for r in records]
    widened = 0
    for s, r in zip(spans, records):
        assert s.start_char <= r.start and r.end <= s.end_char
        assert DOC[r.start:r.end] == r.text  # the record keeps its exact offsets
        widened += (s.start_char, s.end_char) != (r.start, r.end)
    assert widened > 0
    deadline = next(s for s in spans if s.label_ == "deadline")
    assert deadline._.measure.text == "2小时内" and deadline.text != "2小时内"


# -- serialization -----------------------------------------------------------------
def test_to_disk_and_load_round_trip_with_a_pack(tmp_path: Path) -> None:
    pack = tmp_path / "housing.toml"
    shutil.copy(PACK, pack)
    text = DOC + "今年改造3栋楼。"
    nlp = spacy.blank("zh")
    nlp.add_pipe("measures", config={"rules": [str(pack)], "spans_key": "m"})
    doc = nlp(text)
    want = [(s.start_char, s.end_char, s.label_, s._.measure) for s in doc.spans["m"]]
    assert any(r.rule == "housing.count" for *_, r in want)
    nlp.to_disk(tmp_path / "pipeline")
    pack.unlink()  # the saved pipeline carries its own copy
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["measures"]
    assert loaded.config["components"]["measures"]["rules"] == [str(pack)]
    doc = loaded(text)
    got = [(s.start_char, s.end_char, s.label_, s._.measure) for s in doc.spans["m"]]
    assert got == want


def test_to_disk_and_load_round_trip_default(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    _same_as_extract(loaded(DOC), DOC)


def test_to_bytes_round_trip() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("measures", config={"rules": [str(PACK)]})
    data = nlp.to_bytes()
    other = spacy.blank("zh")
    other.add_pipe("measures")
    other.from_bytes(data)
    doc = other("今年改造3栋楼。")
    assert [s.text for s in doc.spans["measures"]] == ["3栋楼"]


def test_word_segmenter_pipeline_round_trip(tmp_path: Path, word_nlp) -> None:  # type: ignore[no-untyped-def]
    word_nlp.to_disk(tmp_path / "w")
    loaded = spacy.load(tmp_path / "w")
    assert isinstance(loaded.tokenizer, ChunkTokenizer)
    a, b = loaded(DOC), word_nlp(DOC)
    assert [(s.start_char, s.end_char, s.label_, s._.measure) for s in a.spans["measures"]] == [
        (s.start_char, s.end_char, s.label_, s._.measure) for s in b.spans["measures"]
    ]


def test_processed_docs_still_serialize(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(DOC)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    _same_as_extract(again, DOC)
    bin_ = DocBin(store_user_data=True, docs=[doc])
    (restored,) = DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    _same_as_extract(restored, DOC)


# -- spans are exactly the records ---------------------------------------------------
def test_spans_equal_records_on_the_corpus(shared_dir: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    files = sorted((shared_dir / "corpus").glob("speech_*.txt"))
    assert len(files) >= 17
    total = 0
    for p in files:
        text = p.read_text(encoding="utf-8")
        doc = nlp(text)
        _same_as_extract(doc, text)
        total += len(doc.spans["measures"])
    assert total > 500


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=GENRE, max_size=200))
def test_spans_equal_records_property(text: str) -> None:
    nlp = _char_nlp()
    _same_as_extract(nlp(text), text)
    doc = _word_nlp()(text)
    records = measures.extract(text).records
    assert [s._.measure for s in doc.spans["measures"]] == records
    for s, r in zip(doc.spans["measures"], records):
        assert s.start_char <= r.start and r.end <= s.end_char and s.label_ == r.type


_PIPES: dict[str, object] = {}


def _char_nlp():  # type: ignore[no-untyped-def]
    if "char" not in _PIPES:
        _PIPES["char"] = spacy.blank("zh")
        _PIPES["char"].add_pipe("measures")  # type: ignore[attr-defined]
    return _PIPES["char"]


def _word_nlp():  # type: ignore[no-untyped-def]
    if "word" not in _PIPES:
        _PIPES["word"] = chunk_nlp()
    return _PIPES["word"]
