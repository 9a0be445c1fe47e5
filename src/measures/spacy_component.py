"""The `measures` spaCy pipeline component: one span per record on `doc.spans`.

Installing the package registers the factory through the `spacy_factories`
entry point, so no import is needed::

    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("measures")            # config: rules, spans_key, span_extension, doc_extension
    doc = nlp("一、加强组织领导。\\n专业队伍要在2小时内到达现场。")
    [(s.text, s.label_) for s in doc.spans["measures"]]
    # [('一、加强组织领导', 'directive'), ('2小时内', 'deadline')]
    doc.spans["measures"][1]._.measure.iso     # 'PT2H'   (the pydantic record)
    doc._.measures.outline()                    # '一、加强组织领导'  (the Extraction)

Spans are made with `doc.char_span(start, end, alignment_mode="expand")`, so with
a word segmenter a span grows to the token boundaries while its record keeps the
exact character offsets.

What is stored on the Doc: `doc.spans[spans_key]` (a span group; each span's
`id_` is `"<spans_key>#<index of its record>"`) and, in `doc.user_data`, the
records as contract dicts (JSON-ready). `Doc._.measures` and `Span._.measure`
are getters that rebuild the pydantic objects from those dicts when needed (and
cache them), so a processed Doc still serializes with `Doc.to_bytes`, `DocBin`
and `nlp.pipe(..., n_process=2)`.

Rule packs: `rules` lists extra pack files (paths). `to_disk` copies the packs
into the component's folder of the saved pipeline, and `from_disk` (hence
`spacy.load`) uses those copies, so a saved pipeline carries its rules and keeps
working where the original paths do not exist. The config still shows the
original paths. See docs/spacy.md.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from .models import Record
from .packs import PackError
from .result import Extraction, records_from_dicts

if TYPE_CHECKING:
    from .pipeline import Extractor

FACTORY = "measures"
DEFAULT_CONFIG: dict[str, Any] = {
    "rules": [],
    "spans_key": "measures",
    "span_extension": "measure",
    "doc_extension": "measures",
}

_PACKS_DIR = "packs"
_MANIFEST = "packs.json"

# Extractions built in this process, by Doc, so that the getters need not
# rebuild records from the dicts kept in `doc.user_data`. Weak: a Doc that goes
# away takes its cache entry with it.
_CACHE: "weakref.WeakKeyDictionary[Doc, dict[str, tuple[object, Extraction]]]" = weakref.WeakKeyDictionary()


def _data_key(spans_key: str) -> tuple[str, str]:
    """The `doc.user_data` key of the records written under `spans_key`."""
    return ("measures.records", spans_key)


def _span_id(spans_key: str, index: int) -> str:
    return f"{spans_key}#{index}"


def doc_extraction(doc: Doc, spans_key: str = "measures") -> Extraction | None:
    """The `Extraction` the component stored on `doc` under `spans_key`, or None if it has not run.

    This is what `Doc._.measures` returns; use it directly when several
    components write under different keys.
    """
    data = doc.user_data.get(_data_key(spans_key))
    if data is None:
        return None
    per_doc = _CACHE.get(doc)
    if per_doc is not None:
        cached = per_doc.get(spans_key)
        if cached is not None and cached[0] is data:
            return cached[1]
    result = Extraction(doc.text, records_from_dicts(list(data["records"])), data.get("doc"))
    _CACHE.setdefault(doc, {})[spans_key] = (data, result)
    return result


def span_record(span: Span, spans_key: str = "measures") -> Record | None:
    """The record a span of the component stands for (what `Span._.measure` returns).

    A span of the component's group is found by its id; any other span gets the
    record of the same type with exactly its character offsets, else None.
    """
    result = doc_extraction(span.doc, spans_key)
    if result is None:
        return None
    prefix = f"{spans_key}#"
    sid = span.id_
    if sid.startswith(prefix) and sid[len(prefix):].isdigit():
        i = int(sid[len(prefix):])
        if i < len(result) and result[i].type == span.label_:  # type: ignore[attr-defined]
            return result[i]
    for r in result:
        if r.start == span.start_char and r.end == span.end_char and r.type == span.label_:  # type: ignore[attr-defined]
            return r
    return None


# Extension name -> the spans keys of the components that use it, the latest first:
# two pipelines may share an extension name while writing under different keys.
_DOC_EXTENSIONS: dict[str, list[str]] = {}
_SPAN_EXTENSIONS: dict[str, list[str]] = {}


def _doc_getter(name: str) -> Callable[[Doc], Extraction | None]:
    def get(doc: Doc) -> Extraction | None:
        for key in _DOC_EXTENSIONS.get(name, ()):
            result = doc_extraction(doc, key)
            if result is not None:
                return result
        return None

    return get


def _span_getter(name: str) -> Callable[[Span], Record | None]:
    def get(span: Span) -> Record | None:
        keys = _SPAN_EXTENSIONS.get(name, ())
        own, _, index = span.id_.rpartition("#")
        if own in keys and index.isdigit():
            return span_record(span, own)
        for key in keys:
            record = span_record(span, key)
            if record is not None:
                return record
        return None

    return get


def _register_extensions(spans_key: str, doc_extension: str, span_extension: str) -> None:
    for table, name in ((_DOC_EXTENSIONS, doc_extension), (_SPAN_EXTENSIONS, span_extension)):
        keys = table.setdefault(name, [])
        if spans_key in keys:
            keys.remove(spans_key)
        keys.insert(0, spans_key)
    Doc.set_extension(doc_extension, getter=_doc_getter(doc_extension), force=True)
    Span.set_extension(span_extension, getter=_span_getter(span_extension), force=True)


def _expanded_span(doc: Doc, start: int, end: int, label: str, span_id: str) -> Span:
    """The smallest token span covering characters start:end (what alignment_mode="expand" gives)."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand", span_id=span_id)
    if span is not None:
        return span
    # Fallback for offsets spaCy will not align (e.g. only inside trailing whitespace).
    first = last = None
    for tok in doc:
        tok_end = tok.idx + len(tok.text_with_ws)
        if first is None and tok_end > start:
            first = tok.i
        if tok.idx < end:
            last = tok.i
    if first is None or last is None:
        first = last = len(doc) - 1
    last = max(first, last)
    return Span(doc, first, last + 1, label=label, span_id=span_id)


class MeasuresComponent:
    """Adds a span per record to `doc.spans[spans_key]`, labelled by record type.

    Built by the `measures` factory; see the module docstring for what it
    stores and how rule packs are saved.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = FACTORY,
        *,
        rules: Iterable[str] = (),
        spans_key: str = "measures",
        span_extension: str = "measure",
        doc_extension: str = "measures",
    ) -> None:
        self.name = name
        self.rules: list[str] = [str(p) for p in rules]
        self.spans_key = spans_key
        self.span_extension = span_extension
        self.doc_extension = doc_extension
        self._extractor: "Extractor | None" = None
        self._pack_files: list[tuple[str, bytes]] = []
        self._pending: PackError | None = None
        missing = [p for p in self.rules if not Path(p).is_file()]
        if missing:
            # Perhaps spacy.load: the saved copies come with from_disk. Fail on use otherwise.
            self._pending = PackError(
                f"{missing[0]}: rule pack not found (component {name!r}; a pipeline saved with "
                "nlp.to_disk carries copies of its packs)"
            )
        else:
            self._use_packs([Path(p) for p in self.rules])
        _register_extensions(spans_key, doc_extension, span_extension)

    # -- extraction ----------------------------------------------------------
    def _use_packs(self, paths: list[Path]) -> None:
        from .pipeline import Extractor, default_extractor

        self._extractor = Extractor(paths) if paths else default_extractor()
        self._pack_files = [(p.name, p.read_bytes()) for p in paths]
        self._pending = None

    @property
    def extractor(self) -> "Extractor":
        """The extractor with the component's rule packs."""
        if self._extractor is None:
            raise self._pending or PackError("measures component has no extractor")
        return self._extractor

    def __call__(self, doc: Doc) -> Doc:
        """Extract the records of `doc.text` and set `doc.spans[spans_key]`."""
        result = self.extractor.extract(doc.text)
        spans = [
            _expanded_span(doc, r.start, r.end, r.type, _span_id(self.spans_key, i))  # type: ignore[attr-defined]
            for i, r in enumerate(result.records)
        ]
        doc.spans[self.spans_key] = spans
        data = {"doc": result.doc, "records": result.to_dicts()}
        doc.user_data[_data_key(self.spans_key)] = data
        _CACHE.setdefault(doc, {})[self.spans_key] = (data, result)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Process a stream of Docs (one at a time: extraction has no batch speed-up)."""
        for doc in stream:
            yield self(doc)

    # -- serialization -------------------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save copies of the rule packs (in order) and a manifest naming them."""
        if self._pending is not None:
            raise self._pending
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        packs = path / _PACKS_DIR
        if packs.exists():
            shutil.rmtree(packs)
        names = self._write_packs(packs)
        (path / _MANIFEST).write_text(json.dumps({"packs": names, "rules": self.rules}, ensure_ascii=False, indent=1), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "MeasuresComponent":
        """Use the rule packs saved by `to_disk` (instead of the config's paths)."""
        path = Path(path)
        manifest = path / _MANIFEST
        if manifest.is_file():
            names = json.loads(manifest.read_text(encoding="utf-8"))["packs"]
            self._use_packs([path / _PACKS_DIR / n for n in names])
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The rule packs (names and contents) as bytes."""
        import srsly

        if self._pending is not None:
            raise self._pending

        return srsly.msgpack_dumps({"packs": [[n, data] for n, data in self._pack_files], "rules": self.rules})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "MeasuresComponent":
        """Use the rule packs serialized by `to_bytes`."""
        import srsly

        msg = srsly.msgpack_loads(data)
        with tempfile.TemporaryDirectory(prefix="measures-packs-") as tmp:
            self._pack_files = [(str(n), bytes(b)) for n, b in msg["packs"]]
            names = self._write_packs(Path(tmp))
            self._use_packs([Path(tmp) / n for n in names])
        return self

    def _write_packs(self, folder: Path) -> list[str]:
        folder.mkdir(parents=True, exist_ok=True)
        names = []
        for i, (name, data) in enumerate(self._pack_files):
            fname = f"{i:02d}-{name}"
            (folder / fname).write_bytes(data)
            names.append(fname)
        return names


@Language.factory(FACTORY, default_config=DEFAULT_CONFIG)
def make_measures(
    nlp: Language,
    name: str,
    rules: list[str],
    spans_key: str,
    span_extension: str,
    doc_extension: str,
) -> MeasuresComponent:
    """Build the `measures` component (the `spacy_factories` entry point).

    rules: extra rule pack files, added to the built-in packs (a pack named like
        a built-in one replaces it).
    spans_key: the key of `doc.spans` to write (default "measures").
    span_extension: name of the `Span._` extension holding the record (default "measure").
    doc_extension: name of the `Doc._` extension holding the Extraction (default "measures").
    """
    return MeasuresComponent(
        nlp, name, rules=rules, spans_key=spans_key, span_extension=span_extension, doc_extension=doc_extension
    )
