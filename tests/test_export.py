"""Tables per record type: DataFrames, Parquet, CSV, JSONL, JSON Schema; round trips and a DuckDB query."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import types as pytypes
import typing
from pathlib import Path
from typing import Any

import annotated_types
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import measures
from measures import export
from measures.cli import main
from measures.models import MODEL_BY_TYPE, Record
from measures.result import record_to_dict, records_from_dicts

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "measures" / "data" / "sample_speech.txt"


def _key(records: list[Record]) -> list[str]:
    """Records as exact JSON text: tells 2 from 2.0, and keeps key order."""
    return [json.dumps(record_to_dict(r), ensure_ascii=False) for r in records]


@pytest.fixture(scope="module")
def sample() -> measures.Extraction:
    return measures.extract_file(SAMPLE)


# -- record strategies, built from the models --------------------------------------------

_NUMBER_INT = st.integers(min_value=-(2**53), max_value=2**53)
_NUMBER_FRACTION = st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer())
JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.text(max_size=5))


def _bounds(metadata: list[Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in metadata:
        if isinstance(m, annotated_types.Ge):
            out["min_value"] = int(m.ge)
        elif isinstance(m, annotated_types.Gt):
            out["min_value"] = int(m.gt) + 1
        elif isinstance(m, annotated_types.Le):
            out["max_value"] = int(m.le)
        elif isinstance(m, annotated_types.Lt):
            out["max_value"] = int(m.lt) - 1
    return out


def strategy_for(annotation: Any, metadata: list[Any] = []) -> st.SearchStrategy[Any]:  # noqa: B006
    """Values of a field annotation, in the JSON-ready form a record is validated from."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return strategy_for(args[0], [*metadata, *args[1:]])
    if origin in (typing.Union, pytypes.UnionType):
        rest = [a for a in args if a is not type(None)]
        if set(rest) == {int, float}:  # a number: ints, or floats that are not integral (see export's doc)
            s = st.one_of(_NUMBER_INT, _NUMBER_FRACTION)
        else:
            s = st.one_of([strategy_for(a, metadata) for a in rest])
        return st.one_of(st.none(), s) if len(rest) < len(args) else s
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (list, tuple):
        if origin is tuple and args and args[-1] is not Ellipsis:
            return st.tuples(*[strategy_for(a) for a in args]).map(list)
        return st.lists(strategy_for(args[0]), max_size=4)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        b = _bounds(metadata)
        return st.integers(min_value=b.get("min_value", -(2**63)), max_value=b.get("max_value", 2**63 - 1))
    if annotation is float:
        return st.floats(allow_nan=False, allow_infinity=False)
    if annotation is str:
        return st.text(max_size=12)
    if annotation is datetime.date:
        return st.dates().map(datetime.date.isoformat)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return st.fixed_dictionaries({}, optional={
            name: strategy_for(info.annotation, info.metadata) for name, info in annotation.model_fields.items()
        })
    raise NotImplementedError(f"no strategy for {annotation!r}: extend strategy_for")


@st.composite
def record_of(draw: st.DrawFn, model: type[Record]) -> Record:
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in ("start", "end", "text", "type"):
            continue
        if not info.is_required() and draw(st.booleans()):
            continue  # leave it to its default
        data[name] = draw(strategy_for(info.annotation, info.metadata))
    text = draw(st.text(max_size=12))
    start = draw(st.integers(min_value=0, max_value=10**7))
    data.update(start=start, end=start + len(text), text=text)
    extra_keys = st.text(min_size=1, max_size=6).filter(lambda k: k not in model.model_fields)
    if model.model_config.get("extra") == "allow":
        data.update(draw(st.dictionaries(extra_keys, st.one_of(JSON_SCALAR, st.lists(JSON_SCALAR, max_size=2)), max_size=2)))
    try:
        return model.model_validate(data)
    except ValidationError:
        reject()


any_record = st.one_of([record_of(m) for m in MODEL_BY_TYPE.values()])


# -- columns -------------------------------------------------------------------------------


def test_columns_come_from_the_models() -> None:
    for t, model in MODEL_BY_TYPE.items():
        names = export.column_names(t)
        assert names[:5] == ["doc", "type", "start", "end", "text"]
        assert set(names) == set(model.model_fields) | {"extra"}
        assert names[-2:] == ["rule", "extra"]
        schema = export.arrow_schema(t)
        assert schema.names == names
        assert schema.metadata[b"measures.type"] == t.encode()
        assert not schema.field("start").nullable and schema.field("doc").nullable


def test_column_types() -> None:
    import pyarrow as pa

    d = export.arrow_schema("deadline")
    assert d.field("start").type == pa.int64()
    assert d.field("amount").type == pa.float64()  # int | float
    assert d.field("date").type == pa.struct([("year", pa.int64()), ("month", pa.int64()), ("day", pa.int64())])
    assert d.field("kind").type == pa.string()  # a Literal of str
    q = export.arrow_schema("quantity")
    assert q.field("range").type == pa.list_(pa.float64())
    assert q.field("placeholder").type == pa.bool_() and not q.field("placeholder").nullable
    s = export.arrow_schema("slogan")
    assert s.field("expansion").type == pa.list_(pa.string())


def test_frames_are_typed_and_carry_the_doc(sample: measures.Extraction) -> None:
    import pandas as pd

    frames = export.to_frames([sample])
    assert list(frames) == list(MODEL_BY_TYPE)
    for t, df in frames.items():
        assert list(df.columns) == export.column_names(t)
        assert len(df) == len(sample.of_type(t))
        assert (df["doc"] == "sample_speech.txt").all()
    dl = frames["deadline"]
    assert dl["start"].dtype == pd.Int64Dtype() and dl["amount"].dtype == pd.Float64Dtype()
    assert dl["iso"].dtype == pd.StringDtype()
    assert isinstance(dl["date"].dtype, pd.ArrowDtype)
    q = frames["quantity"]
    assert q["placeholder"].dtype == pd.BooleanDtype()
    first = sample.quantities[0]
    assert q.loc[0, "value"] == first.value and q.loc[0, "text"] == first.text
    # Empty inputs still give every table, with its dtypes.
    empty = export.to_frames([])
    assert all(len(df) == 0 for df in empty.values())
    assert all(empty[t].dtypes.equals(frames[t].dtypes) for t in frames)


def test_unknown_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown record type"):
        export.columns("nope")
    with pytest.raises(ValueError, match="no `type` column"):
        export.records_from_frame(export.to_frames([measures.extract("要在2小时内到达现场。")])["deadline"].drop(columns="type"))


# -- round trips ------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(any_record, max_size=6))
def test_jsonl_round_trip(records: list[Record]) -> None:
    text = "".join(json.dumps(record_to_dict(r), ensure_ascii=False) + "\n" for r in records)
    back = records_from_dicts([json.loads(line) for line in text.split("\n") if line])
    assert back == records
    assert "".join(json.dumps(record_to_dict(r), ensure_ascii=False) + "\n" for r in back) == text


def _by_type(records: list[Record]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {t: [] for t in MODEL_BY_TYPE}
    for r in records:
        out[r.type].append(r)  # type: ignore[attr-defined]
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(any_record, max_size=6))
def test_frame_round_trip(records: list[Record]) -> None:
    frames = export.to_frames(records)
    want = _by_type(records)
    for t, df in frames.items():
        back = export.records_from_frame(df)
        assert back == want[t]
        assert _key(back) == _key(want[t])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                                  HealthCheck.function_scoped_fixture])
@given(records=st.lists(any_record, max_size=6))
def test_parquet_round_trip(tmp_path_factory: pytest.TempPathFactory, records: list[Record]) -> None:
    out = tmp_path_factory.mktemp("pq")
    export.write_parquet(records, out, row_group_rows=2)
    frames = export.read_parquet(out)
    want = _by_type(records)
    assert list(frames) == list(MODEL_BY_TYPE)
    for t, df in frames.items():
        assert _key(export.records_from_frame(df)) == _key(want[t])
        assert df.equals(export.to_frames(want[t], [t])[t])
    assert {t: _key(r) for t, r in export.read_parquet_records(out).items()} == {t: _key(r) for t, r in want.items()}


def test_numbers_keep_int_and_float() -> None:
    d = measures.models.Deadline(start=0, end=1, text="x", kind="deadline", relation="within", amount=0.5, unit="hour")
    q = measures.models.Quantity(start=0, end=1, text="y", kind="age", range=(3, 11), value=None)
    back = export.records_from_frame(export.to_frames([d])["deadline"]) + export.records_from_frame(export.to_frames([q])["quantity"])
    assert back[0].amount == 0.5 and back[1].range == (3, 11)
    assert type(back[1].range[0]) is int


def test_extra_fields_survive(tmp_path: Path) -> None:
    row = {"doc": "g.txt", "type": "quantity", "start": 0, "end": 2, "text": "3人", "value": 3, "unit": "人",
           "kind": "count", "note": "checked", "tags": ["a", 1]}
    records = records_from_dicts([row])
    export.write_parquet(records, tmp_path)
    back = export.records_from_frame(export.read_parquet(tmp_path)["quantity"])
    assert _key(back) == _key(records)
    assert json.loads(export.read_parquet(tmp_path)["quantity"].loc[0, "extra"]) == {"note": "checked", "tags": ["a", 1]}


def test_corpus_round_trip_through_parquet(sample: measures.Extraction, tmp_path: Path) -> None:
    export.write_parquet(iter([sample]), tmp_path, row_group_rows=7)
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(tmp_path / "quantity.parquet").metadata
    assert meta.num_row_groups == -(-len(sample.quantities) // 7)
    back = [r for df in export.read_parquet(tmp_path).values() for r in export.records_from_frame(df)]
    assert sorted(_key(back)) == sorted(_key(list(sample)))


def test_jsonl_and_csv_files(sample: measures.Extraction, tmp_path: Path) -> None:
    import pandas as pd

    assert export.write_jsonl([sample], tmp_path / "a.jsonl") == len(sample)
    assert _key(export.read_jsonl(tmp_path / "a.jsonl")) == _key(list(sample))
    paths = export.write_csv([sample], tmp_path / "csv")
    assert set(paths) == set(MODEL_BY_TYPE)
    q = pd.read_csv(paths["quantity"])
    assert list(q.columns) == export.column_names("quantity") and len(q) == len(sample.quantities)
    s = pd.read_csv(paths["slogan"])
    with_expansion = [x for x in sample.slogans if x.expansion]
    if with_expansion:
        assert json.loads(s.loc[s["start"] == with_expansion[0].start, "expansion"].iloc[0]) == with_expansion[0].expansion


def test_no_pandas_or_pyarrow_at_import() -> None:
    code = "import sys, measures, measures.export, measures.stream; print(sorted(m for m in ('pandas', 'pyarrow', 'dask', 'spacy') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


# -- JSON Schema -----------------------------------------------------------------------


def test_shipped_json_schemas_are_generated_from_the_models() -> None:
    folder = ROOT / "docs" / "schema"
    shipped = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.json")}
    generated = {t: export.schema_text(export.json_schema(t)) for t in MODEL_BY_TYPE}
    assert set(shipped) == set(generated), "regenerate with: measures schema --dir docs/schema"
    for t in generated:
        assert shipped[t] == generated[t], f"docs/schema/{t}.json is stale: run `measures schema --dir docs/schema`"


def test_records_validate_against_their_schema(sample: measures.Extraction) -> None:
    import jsonschema

    for t in MODEL_BY_TYPE:
        validator = jsonschema.Draft202012Validator(export.json_schema(t))
        for d in sample.to_dicts():
            if d["type"] == t:
                validator.validate(d)
        other = next((d for d in sample.to_dicts() if d["type"] != t), None)
        if other is not None:
            assert not validator.is_valid(other)


def test_schema_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "deadline"]) == 0
    assert json.loads(capsys.readouterr().out) == export.json_schema("deadline")
    assert main(["schema", "--dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["schema", "--dir", str(tmp_path), "--check"]) == 0
    (tmp_path / "quantity.json").write_text("{}", encoding="utf-8")
    assert main(["schema", "--dir", str(tmp_path), "--check"]) == 1
    assert "quantity.json" in capsys.readouterr().err
    assert main(["schema", "nope"]) == 2


# -- the development corpus, exported and queried with DuckDB ----------------------------------

UNDER_24H_BY_DOC = """
SELECT doc, count(*) AS deadlines
FROM read_parquet('{out}/deadline.parquet')
WHERE CASE unit WHEN 'minute' THEN amount / 60 WHEN 'hour' THEN amount END < 24
GROUP BY doc
ORDER BY doc
"""

UNDER_24H_BY_ACTOR = """
SELECT coalesce(actor, '-') AS actor, count(*) AS deadlines, count(DISTINCT doc) AS docs
FROM read_parquet('{out}/deadline.parquet')
WHERE CASE unit WHEN 'minute' THEN amount / 60 WHEN 'hour' THEN amount END < 24
GROUP BY ALL
ORDER BY actor
"""


def _hours(d: Any) -> float | None:
    if d.amount is None:
        return None
    return {"minute": d.amount / 60, "hour": d.amount}.get(d.unit)


def test_duckdb_query_over_the_exported_corpus(shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import duckdb

    docs = sorted((shared_dir / "corpus").glob("speech_*.txt"))
    assert docs
    out = tmp_path / "tables"
    assert main(["extract", "--format", "parquet", "--out", str(out), "--jobs", "2", str(shared_dir / "corpus" / "speech_*.txt")]) == 0
    assert "documents" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in MODEL_BY_TYPE)

    # The same question with the Python API.
    results = [measures.extract_file(p) for p in docs]
    by_doc: dict[str, int] = {}
    by_actor: dict[str, list[Any]] = {}
    for res in results:
        for d in res.filter("deadline", where=lambda d: (h := _hours(d)) is not None and h < 24):
            by_doc[d.doc] = by_doc.get(d.doc, 0) + 1  # type: ignore[index]
            by_actor.setdefault(d.actor or "-", []).append(d.doc)  # type: ignore[attr-defined]
    assert by_doc, "the corpus has deadlines under 24 hours"

    got = duckdb.sql(UNDER_24H_BY_DOC.format(out=out.as_posix())).fetchall()
    assert got == sorted(by_doc.items())
    got = duckdb.sql(UNDER_24H_BY_ACTOR.format(out=out.as_posix())).fetchall()
    assert got == sorted((a, len(ds), len(set(ds))) for a, ds in by_actor.items())

    # And the whole export equals the records of the Python API, type by type.
    frames = export.read_parquet(out)
    for t, df in frames.items():
        assert _key(export.records_from_frame(df)) == _key([r for res in results for r in res.of_type(t)])
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out.as_posix()}/*.parquet', union_by_name = true)").fetchall()
    assert n == [(sum(len(r) for r in results),)]
