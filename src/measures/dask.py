"""Extraction on a Dask cluster: documents in, one Dask DataFrame per record type out.

Install the extra: `pip install 'measures[dask]'`.

>>> import dask.bag as db
>>> from measures.dask import extract_dask, to_parquet
>>> docs = db.from_sequence([("a.txt", "一、加强领导。要在2小时内到达现场。")], npartitions=1)
>>> frames = extract_dask(docs)                       # {"directive": dd.DataFrame, ...}
>>> frames["deadline"].compute()[["doc", "text", "iso"]]   # doctest: +SKIP
>>> to_parquet(frames, "out/")                         # doctest: +SKIP

The input is a Dask bag of `(doc_id, text)` pairs (or of `{"id": ..., "text": ...}`
dicts), or a Dask DataFrame with an id and a text column. Each partition is
extracted by one task; each worker process builds its `Extractor` once (per set
of rule packs) and reuses it. The frames have the columns and dtypes of
`measures.export.to_frames` (their `meta` is derived from the record models),
with the document id in `doc`; they share the extraction tasks, so computing
them together (as `to_parquet` does) extracts every partition once.
"""

from __future__ import annotations

import operator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .models import MODEL_BY_TYPE

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    import dask.dataframe
    import pandas as pd

__all__ = ["extract_dask", "extract_bag", "extract_frame", "extract_pairs", "meta", "to_parquet"]

_EXTRACTORS: dict[tuple[str, ...], Any] = {}


def _extractor(rules: Sequence[str]) -> Any:
    """One extractor per worker process and set of rule packs."""
    key = tuple(rules)
    ex = _EXTRACTORS.get(key)
    if ex is None:
        from .pipeline import Extractor

        ex = _EXTRACTORS[key] = Extractor(list(rules))
    return ex


def _pair(item: Any, id_key: str, text_key: str) -> tuple[str, str]:
    if isinstance(item, Mapping):
        return str(item[id_key]), item[text_key]
    doc, text = item
    return str(doc), text


def extract_pairs(pairs: Iterable[Any], *, rules: Sequence[str] = (), types: Sequence[str] | None = None,
                  options: Mapping[str, Any] | None = None, id_key: str = "id", text_key: str = "text") -> "dict[str, pd.DataFrame]":
    """In-process: `(doc_id, text)` pairs -> type -> pandas DataFrame (what one Dask task does with its partition)."""
    from .export import to_frames

    ex = _extractor([str(r) for r in rules])
    opts = dict(options or {})
    results = (ex.extract(text, doc, **opts) for doc, text in (_pair(p, id_key, text_key) for p in pairs))
    return to_frames(results, types)


def _extract_partition(part: Any, rules: tuple[str, ...], types: tuple[str, ...], options: dict[str, Any],
                       id_col: str, text_col: str) -> "dict[str, pd.DataFrame]":
    if hasattr(part, "columns"):  # a pandas partition of a Dask DataFrame
        pairs: Iterable[Any] = zip(part[id_col].tolist(), part[text_col].tolist())
    else:
        pairs = part
    return extract_pairs(pairs, rules=rules, types=types, options=options, id_key=id_col, text_key=text_col)


def meta(type_: str) -> "pd.DataFrame":
    """The empty frame of a record type: its columns and dtypes, from the model."""
    from .export import to_frames

    return to_frames([], [type_])[type_]


def _frames(parts: list[Any], rules: Sequence[Any], types: Sequence[str] | None, options: Mapping[str, Any] | None,
            id_col: str, text_col: str) -> "dict[str, dask.dataframe.DataFrame]":
    import dask
    import dask.dataframe as dd

    wanted = tuple(types) if types is not None else tuple(MODEL_BY_TYPE)
    for t in wanted:
        if t not in MODEL_BY_TYPE:
            raise ValueError(f"unknown record type {t!r}; expected one of {', '.join(MODEL_BY_TYPE)}")
    rules_t = tuple(str(r) for r in rules)
    if rules_t:
        _extractor(rules_t)  # a broken pack fails here, not on the cluster
    extract = dask.delayed(_extract_partition, pure=True)
    done = [extract(p, rules_t, wanted, dict(options or {}), id_col, text_col) for p in parts]
    getitem = dask.delayed(operator.getitem, pure=True)
    return {t: dd.from_delayed([getitem(d, t) for d in done], meta=meta(t), verify_meta=False) for t in wanted}


def extract_bag(bag: "dask.bag.Bag", *, rules: Sequence[Any] = (), types: Sequence[str] | None = None,
                options: Mapping[str, Any] | None = None, id_key: str = "id", text_key: str = "text") -> "dict[str, dask.dataframe.DataFrame]":
    """A bag of `(doc_id, text)` pairs (or dicts with `id_key`/`text_key`) -> type -> Dask DataFrame."""
    return _frames(list(bag.to_delayed()), rules, types, options, id_key, text_key)


def extract_frame(df: "dask.dataframe.DataFrame", *, id: str = "id", text: str = "text", rules: Sequence[Any] = (),
                  types: Sequence[str] | None = None, options: Mapping[str, Any] | None = None) -> "dict[str, dask.dataframe.DataFrame]":
    """A Dask DataFrame with an id column and a text column -> type -> Dask DataFrame."""
    missing = [c for c in (id, text) if c not in df.columns]
    if missing:
        raise ValueError(f"the frame has no column {missing[0]!r} (columns: {', '.join(map(str, df.columns))})")
    return _frames(list(df[[id, text]].to_delayed()), rules, types, options, id, text)


def extract_dask(data: Any, **kwargs: Any) -> "dict[str, dask.dataframe.DataFrame]":
    """Extraction mapped over a Dask bag or DataFrame of documents: type -> Dask DataFrame.

    Keyword arguments: `rules` (rule pack paths), `types` (a subset of record
    types), `options` (for `Extractor.extract`, e.g. `reference_date`), and
    `id=`/`text=` column names for a DataFrame (`id_key=`/`text_key=` for a bag
    of dicts).
    """
    import dask.bag as db

    if isinstance(data, db.Bag):
        return extract_bag(data, **kwargs)
    if hasattr(data, "to_delayed") and hasattr(data, "columns"):
        return extract_frame(data, **kwargs)
    raise TypeError(f"expected a dask.bag.Bag or a dask.dataframe.DataFrame, not {type(data).__name__}")


def to_parquet(frames: "Mapping[str, dask.dataframe.DataFrame]", outdir: str | Path, **kwargs: Any) -> dict[str, Path]:
    """Write each frame to `OUTDIR/<type>/` (a directory of part files), computing them together.

    The Arrow schema of each type is the one `measures.export` writes, so the
    tables read the same (`measures.export.read_parquet(OUTDIR)`, or DuckDB's
    `read_parquet('OUTDIR/deadline/*.parquet')`). Extra keyword arguments go to
    `DataFrame.to_parquet`.
    """
    import dask

    from .export import arrow_schema

    out = Path(outdir)
    paths = {t: out / t for t in frames}
    kwargs.setdefault("write_index", False)
    kwargs.pop("schema", None)
    tasks = [df.to_parquet(str(paths[t]), compute=False, schema=arrow_schema(t), **kwargs) for t, df in frames.items()]
    dask.compute(*tasks)
    return paths
