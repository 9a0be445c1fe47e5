"""Tables per record type: pandas DataFrames, Parquet, CSV and JSONL, and back to records.

One table per record type (`directive`, `slogan`, `deadline`, `quantity`, …,
whatever `MODEL_BY_TYPE` holds), one row per record, one column per field of
the record's pydantic model, in the order of the JSON contract (`doc`, `type`,
`start`, `end`, `text`, the type's fields, `rule`). The columns are derived
from the models, so a field added to a model is a new column everywhere.

Column types (the same in the DataFrame, the Parquet file and DuckDB):

| field annotation           | Arrow / Parquet        | pandas dtype                 |
|----------------------------|------------------------|------------------------------|
| `int`                      | int64                  | `Int64`                      |
| `float`                    | double                 | `Float64`                    |
| `int | float` (a number)   | double                 | `Float64`                    |
| `bool`                     | bool                   | `boolean`                    |
| `str`, a `Literal` of str  | string                 | `string`                     |
| `list[X]`, `tuple[X, X]`   | list<X>                | `ArrowDtype(list<X>)`        |
| a nested model (`date`)    | struct<its fields>     | `ArrowDtype(struct<…>)`      |
| `datetime.date` (`due`)    | date32                 | `ArrowDtype(date32)`         |
| another type written as a JSON string (datetime, Enum) | string (that text) | `string` |
| anything else              | string holding JSON    | `string`                     |

Nullable fields are nullable columns (`<NA>` in pandas, NULL in SQL); required
fields are non-null in the Parquet schema. Nested values read from a frame are
plain Python lists and dicts (a struct as a dict with every member, absent ones
`None`).

Numbers (`int | float` fields such as `amount`, `value`, `range`) are stored as
double. Reading them back, an integral value becomes an `int`, as the extractor
writes it (`2`, not `2.0`); a non-integral one stays a float. So records whose
integral numbers are ints (all that the extractor makes) come back identical:
JSONL -> records -> JSONL and records -> Parquet -> DataFrame -> records are
exact round trips.

pandas and pyarrow are imported inside the functions that need them (install
the `export` extra: `pip install 'measures[export]'`), never at `import measures`.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
import types as _pytypes
import typing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping

from pydantic import BaseModel

from .models import MODEL_BY_TYPE, Record
from .result import record_to_dict, records_from_dicts

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "Column", "columns", "column_names", "csv_columns", "iter_records",
    "arrow_schema", "rows_to_table", "records_to_table", "table_to_frame",
    "to_frames", "records_from_frame", "records_from_table",
    "ParquetSink", "write_parquet", "read_parquet", "read_parquet_records",
    "write_jsonl", "read_jsonl", "write_csv", "csv_cell", "csv_row",
    "json_schema", "json_schemas", "write_json_schemas",
]

#: The contract's leading fields, in order; `rule` comes last.
HEAD = ("doc", "type", "start", "end", "text")
TAIL = ("rule",)
#: The last column: a record's extra fields (the contract allows them), as a JSON object, or null.
EXTRA = "extra"

DEFAULT_ROW_GROUP_ROWS = 65_536

_MAX_EXACT = 2**53


# -- column specs, from the models ------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """The storage kind of a value: int, float, number, bool, str, list, struct or json."""

    kind: str
    item: "Spec | None" = None  # list items
    fields: tuple["Column", ...] = ()  # struct members
    model: type[BaseModel] | None = None  # the nested model of a struct


@dataclass(frozen=True)
class Column:
    """One column of a record type's table: a model field and how it is stored."""

    name: str
    spec: Spec
    nullable: bool
    description: str | None = None

    @property
    def kind(self) -> str:
        return self.spec.kind


_NONE = type(None)
_JSON = Spec("json")


def _spec(annotation: Any) -> tuple[Spec, bool]:
    """The storage spec of a field annotation, and whether it admits None."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _spec(typing.get_args(annotation)[0])
    if origin in (typing.Union, _pytypes.UnionType):
        args = typing.get_args(annotation)
        nullable = _NONE in args
        rest = [a for a in args if a is not _NONE]
        if len(rest) == 1:
            spec, inner_null = _spec(rest[0])
            return spec, nullable or inner_null
        specs = [_spec(a)[0] for a in rest]
        kinds = {s.kind for s in specs}
        if kinds <= {"int", "float", "number"}:
            return Spec("int" if kinds == {"int"} else "number" if kinds - {"float"} else "float"), nullable
        if len(kinds) == 1 and kinds <= {"str", "bool"}:
            return specs[0], nullable
        return _JSON, nullable
    if origin is typing.Literal:
        values = typing.get_args(annotation)
        nullable = any(v is None for v in values)
        kinds = {type(v) for v in values if v is not None}
        if kinds == {str}:
            return Spec("str"), nullable
        if kinds == {bool}:
            return Spec("bool"), nullable
        if kinds == {int}:
            return Spec("int"), nullable
        return _JSON, nullable
    if origin in (list, tuple, set, frozenset) or (origin is not None and origin.__module__ == "collections.abc"
                                                    and origin.__name__ in ("Sequence", "Set", "MutableSequence")):
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        if not args:
            return _JSON, False
        items = [_spec(a) for a in args]
        first = items[0][0]
        if all(s == first for s, _ in items) and first.kind != "json":
            return Spec("list", item=first), False
        if {s.kind for s, _ in items} <= {"int", "float", "number"}:
            return Spec("list", item=Spec("number")), False
        return _JSON, False
    if origin is not None:
        return _JSON, False
    if annotation is bool:
        return Spec("bool"), False
    if annotation is int:
        return Spec("int"), False
    if annotation is float:
        return Spec("float"), False
    if annotation is str:
        return Spec("str"), False
    if annotation is _NONE:
        return _JSON, True
    if annotation is _dt.date:
        return Spec("date"), False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Spec("struct", fields=_model_columns(annotation), model=annotation), False
    return _scalar_by_json(annotation), False


def _scalar_by_json(annotation: Any) -> Spec:
    """Another type whose JSON form is a string (datetime, time, an Enum of str, …) is a str column
    holding that string; anything else is a str column holding JSON."""
    try:
        from pydantic import TypeAdapter

        if TypeAdapter(annotation).json_schema(mode="serialization").get("type") == "string":
            return Spec("str")
    except Exception:  # noqa: BLE001 - an annotation pydantic cannot describe: keep it as JSON
        pass
    return _JSON


def _model_columns(model: type[BaseModel]) -> tuple[Column, ...]:
    out = []
    for name, info in model.model_fields.items():
        spec, nullable = _spec(info.annotation)
        out.append(Column(name, spec, nullable or not info.is_required() and info.default is None, info.description))
    return tuple(out)


def _model_of(type_: str | type[Record]) -> type[Record]:
    if isinstance(type_, str):
        try:
            return MODEL_BY_TYPE[type_]
        except KeyError:
            raise ValueError(f"unknown record type {type_!r}; expected one of {', '.join(MODEL_BY_TYPE)}") from None
    return type_


@lru_cache(maxsize=None)
def _columns_of(model: type[Record]) -> tuple[Column, ...]:
    cols = {c.name: c for c in _model_columns(model)}
    order = [n for n in HEAD if n in cols]
    order += [n for n in cols if n not in HEAD and n not in TAIL]
    order += [n for n in TAIL if n in cols]
    extra = () if EXTRA in cols else (
        Column(EXTRA, Spec("extra"), True, "The record's extra fields (not in its model) as a JSON object, or null."),)
    return tuple(cols[n] for n in order) + extra


def columns(type_: str | type[Record]) -> tuple[Column, ...]:
    """The columns of a record type's table, in contract order, derived from its model."""
    return _columns_of(_model_of(type_))


def column_names(type_: str | type[Record]) -> list[str]:
    return [c.name for c in columns(type_)]


def csv_columns(types: Iterable[str] | None = None) -> list[str]:
    """Columns of one table holding several types: the contract's head, each type's fields in turn, `rule`."""
    names: list[str] = list(HEAD)
    for t in types or MODEL_BY_TYPE:
        for n in column_names(t):
            if n not in names and n not in TAIL and n != EXTRA:
                names.append(n)
    return names + list(TAIL) + [EXTRA]


def _type_of_record(record: Record) -> str:
    return record.type  # type: ignore[attr-defined,no-any-return]


def iter_records(results: Any) -> Iterator[Record]:
    """Records out of a record, an `Extraction`, or an iterable of either (nested iterables too)."""
    if isinstance(results, Record):
        yield results
        return
    for item in results:
        if isinstance(item, Record):
            yield item
        else:
            yield from iter_records(item)


# -- Arrow ------------------------------------------------------------------------


def _arrow_type(spec: Spec) -> "pa.DataType":
    import pyarrow as pa

    k = spec.kind
    if k == "int":
        return pa.int64()
    if k in ("float", "number"):
        return pa.float64()
    if k == "bool":
        return pa.bool_()
    if k in ("str", "json", "extra"):
        return pa.string()
    if k == "date":
        return pa.date32()
    if k == "list":
        assert spec.item is not None
        return pa.list_(_arrow_type(spec.item))
    if k == "struct":
        return pa.struct([pa.field(c.name, _arrow_type(c.spec), nullable=True) for c in spec.fields])
    raise AssertionError(k)  # pragma: no cover


@lru_cache(maxsize=None)
def _schema_of(model: type[Record]) -> "pa.Schema":
    import pyarrow as pa

    from . import __version__

    fields = []
    for c in _columns_of(model):
        meta = {"description": c.description} if c.description else None
        fields.append(pa.field(c.name, _arrow_type(c.spec), nullable=c.nullable, metadata=meta))
    type_ = model.model_fields["type"].default if "type" in model.model_fields else model.__name__.lower()
    return pa.schema(fields, metadata={"measures.type": str(type_), "measures.version": __version__})


def arrow_schema(type_: str | type[Record]) -> "pa.Schema":
    """The Arrow (Parquet) schema of a record type's table."""
    return _schema_of(_model_of(type_))


def _preparer(spec: Spec) -> Callable[[Any], Any] | None:
    """From a value of the JSON contract to what its Arrow column takes (None: as is)."""
    if spec.kind == "json":
        return lambda v: json.dumps(v, ensure_ascii=False)
    if spec.kind == "date":
        return lambda v: _dt.date.fromisoformat(v) if isinstance(v, str) else v
    if spec.kind == "list":
        assert spec.item is not None
        item = _preparer(spec.item)
        return None if item is None else (lambda v: [item(x) if x is not None else x for x in v])
    if spec.kind == "struct":
        members = {c.name: _preparer(c.spec) for c in spec.fields}
        if not any(members.values()):
            return None
        return lambda v: {k: (members[k](x) if members.get(k) and x is not None else x) for k, x in v.items()}
    return None


@lru_cache(maxsize=None)
def _preparers(model: type[Record]) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    return tuple((c.name, p) for c in _columns_of(model) if (p := _preparer(c.spec)) is not None)


@lru_cache(maxsize=None)
def _known(model: type[Record]) -> frozenset[str]:
    return frozenset(c.name for c in _columns_of(model) if c.kind != "extra")


def _with_extra(row: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The row with its keys that are no field of the model gathered, as JSON, under `extra`."""
    if known.issuperset(row):
        return row
    out = {k: v for k, v in row.items() if k in known}
    out[EXTRA] = json.dumps({k: v for k, v in row.items() if k not in known}, ensure_ascii=False)
    return out


def rows_to_table(type_: str | type[Record], rows: list[dict[str, Any]]) -> "pa.Table":
    """Contract dicts (as `record_to_dict` writes them) of one type -> an Arrow table with the type's schema.

    Keys that are no field of the type's model (extra fields) go, as a JSON
    object, into the `extra` column.
    """
    import pyarrow as pa

    model = _model_of(type_)
    known = _known(model)
    rows = [_with_extra(r, known) for r in rows]
    prep = _preparers(model)
    if prep:
        rows = [{**r, **{k: f(r[k]) for k, f in prep if r.get(k) is not None}} for r in rows]
    return pa.Table.from_pylist(rows, schema=_schema_of(model))


def records_to_table(type_: str | type[Record], records: Iterable[Record]) -> "pa.Table":
    """Records of one type -> an Arrow table."""
    return rows_to_table(type_, [record_to_dict(r) for r in records])


def _group_rows(results: Any, types: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    wanted = list(types) if types is not None else list(MODEL_BY_TYPE)
    for t in wanted:
        _model_of(t)
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in wanted}
    for r in iter_records(results):
        t = _type_of_record(r)
        if t in rows:
            rows[t].append(record_to_dict(r))
    return rows


# -- pandas -----------------------------------------------------------------------


def _pandas_dtype(arrow_type: "pa.DataType") -> Any:
    import pandas as pd
    import pyarrow as pa

    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_floating(arrow_type):
        return pd.Float64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()
    if (pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) or pa.types.is_struct(arrow_type)
            or pa.types.is_date(arrow_type)):
        return pd.ArrowDtype(arrow_type)
    return None


def table_to_frame(table: "pa.Table") -> "pd.DataFrame":
    """An Arrow table -> a DataFrame with the typed columns described above."""
    return table.to_pandas(types_mapper=_pandas_dtype)


def to_frames(results: Any, types: Iterable[str] | None = None) -> "dict[str, pd.DataFrame]":
    """One DataFrame per record type (every type, empty ones included) out of results or records.

    `results`: an `Extraction`, records, or an iterable of either (the results of
    many documents). Each frame has a `doc` column, so frames of many documents
    stay apart.
    """
    return {t: table_to_frame(rows_to_table(t, rows)) for t, rows in _group_rows(results, types).items()}


def _number(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer() and -_MAX_EXACT <= v <= _MAX_EXACT:
        return int(v)
    return v


def _converter(spec: Spec) -> Callable[[Any], Any] | None:
    """From the Python value of a stored column back to the record's field value (None: as is)."""
    if spec.kind == "number":
        return _number
    if spec.kind == "json":
        return lambda v: json.loads(v) if isinstance(v, str) else v
    if spec.kind == "list":
        assert spec.item is not None
        item = _converter(spec.item)
        if item is None:
            return lambda v: list(v) if v is not None else None
        return lambda v: [item(x) for x in v] if v is not None else None
    if spec.kind == "struct":
        members = {c.name: _converter(c.spec) for c in spec.fields}
        if not any(members.values()):
            return None
        return lambda v: {k: (members[k](x) if members.get(k) and x is not None else x) for k, x in v.items()} if v is not None else None
    return None


def _records_from_columns(names: list[str], values: list[list[Any]], type_: str | None) -> list[Record]:
    """Records from column-wise Python values; `type` from a `type` column or `type_`."""
    n = len(values[0]) if values else 0
    if "type" in names:
        types_col = values[names.index("type")]
    elif type_ is not None:
        types_col = [type_] * n
    else:
        raise ValueError("no `type` column: give the record type, e.g. records_from_frame(df, 'deadline')")
    Plan = tuple[type[Record], list[tuple[int, str, Callable[[Any], Any] | None]], int | None]
    plans: dict[Any, Plan] = {}
    out: list[Record] = []
    for i in range(n):
        t = types_col[i]
        plan = plans.get(t)
        if plan is None:
            model = _model_of(t)
            by_name = {c.name: c for c in _columns_of(model)}
            cols = [(j, nm, _converter(by_name[nm].spec)) for j, nm in enumerate(names)
                    if nm in by_name and nm != "type" and by_name[nm].kind != "extra"]
            extra_at = next((j for j, nm in enumerate(names) if nm in by_name and by_name[nm].kind == "extra"), None)
            plan = plans[t] = (model, cols, extra_at)
        model, cols, extra_at = plan
        row = {}
        for j, nm, conv in cols:
            v = values[j][i]
            row[nm] = conv(v) if (conv is not None and v is not None) else v
        if extra_at is not None and values[extra_at][i] is not None:
            v = values[extra_at][i]
            row.update(json.loads(v) if isinstance(v, str) else v)
        out.append(model.model_validate(row))
    return out


def records_from_table(table: "pa.Table", type_: str | None = None) -> list[Record]:
    """Records back from an Arrow table of one record type (see `records_from_frame`)."""
    names = list(table.column_names)
    values = [table.column(i).to_pylist() for i in range(table.num_columns)]
    if type_ is None and "type" not in names:
        type_ = (table.schema.metadata or {}).get(b"measures.type", b"").decode() or None
    return _records_from_columns(names, values, type_)


def records_from_frame(df: "pd.DataFrame", type_: str | None = None) -> list[Record]:
    """Records back from a DataFrame made by `to_frames` or `read_parquet` (the inverse).

    The record type of each row is its `type` column (or `type_` when the frame
    has none). Columns that are not fields of the record type are ignored;
    missing optional fields take their default. Integral numbers become ints.
    """
    import pyarrow as pa

    if len(df) == 0:
        return []
    names = [str(c) for c in df.columns]
    values = [pa.array(df[c], from_pandas=True).to_pylist() for c in df.columns]
    return _records_from_columns(names, values, type_)


# -- Parquet ----------------------------------------------------------------------


class ParquetSink:
    """Writes records into one Parquet file per record type (`OUTDIR/<type>.parquet`), in row groups.

    Rows are buffered per type: as contract dicts until `chunk_rows` of them are
    converted to Arrow at once, then as Arrow until `row_group_rows` rows make a
    row group, which is written. Memory is bounded by those two sizes however
    many documents pass through. Every type gets a file, empty ones too (their
    schema), so queries over the directory always find their tables. Files are
    written under a temporary name and renamed by `close()`; `abort()` (or an
    exception inside a `with` block) removes them.
    """

    def __init__(self, outdir: str | Path, *, types: Iterable[str] | None = None,
                 row_group_rows: int = DEFAULT_ROW_GROUP_ROWS, chunk_rows: int = 1024, compression: str = "zstd") -> None:
        import pyarrow.parquet as pq

        self.outdir = Path(outdir)
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.types = list(types) if types is not None else list(MODEL_BY_TYPE)
        for t in self.types:
            _model_of(t)
        self.row_group_rows = max(1, int(row_group_rows))
        self.chunk_rows = max(1, min(int(chunk_rows), self.row_group_rows))
        self.rows: dict[str, int] = {t: 0 for t in self.types}
        self.paths = {t: self.outdir / f"{t}.parquet" for t in self.types}
        self._tmp = {t: self.outdir / f".{t}.parquet.{os.getpid()}.tmp" for t in self.types}
        self._dicts: dict[str, list[dict[str, Any]]] = {t: [] for t in self.types}
        self._tables: dict[str, list[Any]] = {t: [] for t in self.types}
        self._buffered: dict[str, int] = {t: 0 for t in self.types}  # rows in _tables
        self._writers: dict[str, Any] = {}
        self._closed = False
        try:
            for t in self.types:
                self._writers[t] = pq.ParquetWriter(str(self._tmp[t]), arrow_schema(t), compression=compression)
        except BaseException:
            self.abort()
            raise

    def add(self, results: Any) -> None:
        """Add records (an `Extraction`, records, or an iterable of either)."""
        for t, rows in _group_rows(results, self.types).items():
            if rows:
                self.add_rows(t, rows)

    def add_rows(self, type_: str, rows: list[dict[str, Any]]) -> None:
        """Add contract dicts of one type (as `record_to_dict` writes them)."""
        if not rows or type_ not in self._writers:
            return
        buf = self._dicts[type_]
        buf.extend(rows)
        self.rows[type_] += len(rows)
        if len(buf) >= self.chunk_rows:
            self._convert(type_)

    def add_table(self, type_: str, table: "pa.Table") -> None:
        """Add an Arrow table of one type (with the type's schema)."""
        if type_ not in self._writers or table.num_rows == 0:
            return
        self._convert(type_)  # keep the order of what was added
        self.rows[type_] += table.num_rows
        self._push(type_, table)

    def _convert(self, type_: str) -> None:
        if self._dicts[type_]:
            table = rows_to_table(type_, self._dicts[type_])
            self._dicts[type_] = []
            self._push(type_, table)

    def _push(self, type_: str, table: "pa.Table") -> None:
        import pyarrow as pa

        tables = self._tables[type_]
        tables.append(table)
        self._buffered[type_] += table.num_rows
        if len(tables) > 64:  # many small tables: one compact table holds them in far less memory
            self._tables[type_] = [pa.concat_tables(tables).combine_chunks()]
        while self._buffered[type_] >= self.row_group_rows:
            self._write(type_, self.row_group_rows)

    def _write(self, type_: str, limit: int | None = None) -> None:
        import pyarrow as pa

        if not self._tables[type_]:
            return
        table = pa.concat_tables(self._tables[type_])
        if limit is not None and table.num_rows > limit:
            rest = table.slice(limit).combine_chunks()
            table = table.slice(0, limit)
            self._tables[type_] = [rest]
            self._buffered[type_] = rest.num_rows
        else:
            self._tables[type_] = []
            self._buffered[type_] = 0
        self._writers[type_].write_table(table, row_group_size=table.num_rows)

    def close(self) -> dict[str, Path]:
        """Write what is buffered, close the files and give them their names; returns type -> path."""
        if not self._closed:
            try:
                for t in self.types:
                    self._convert(t)
                    while self._buffered[t] > 0:
                        self._write(t, self.row_group_rows)
                    self._writers[t].close()
            except BaseException:
                self.abort()
                raise
            self._closed = True
            for t in self.types:
                os.replace(self._tmp[t], self.paths[t])
        return dict(self.paths)

    def abort(self) -> None:
        """Close and remove the unfinished files."""
        if not self._closed:
            self._closed = True
            for t in self.types:
                try:
                    if t in self._writers:
                        self._writers[t].close()
                except Exception:  # noqa: BLE001 - removing the file matters more
                    pass
                self._tmp[t].unlink(missing_ok=True)
            self._dicts = {t: [] for t in self.types}
            self._tables = {t: [] for t in self.types}

    def __enter__(self) -> "ParquetSink":
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def write_parquet(results: Any, outdir: str | Path, *, types: Iterable[str] | None = None,
                  row_group_rows: int = DEFAULT_ROW_GROUP_ROWS) -> dict[str, Path]:
    """Write `OUTDIR/<type>.parquet` for every record type; returns type -> path.

    `results` may be a generator of `Extraction`s: it is consumed one at a time,
    so memory stays bounded.
    """
    with ParquetSink(outdir, types=types, row_group_rows=row_group_rows) as sink:
        if isinstance(results, Record):
            results = [results]
        for item in results:
            sink.add(item)
    return dict(sink.paths)


def _parquet_files(path: str | Path, types: Iterable[str] | None) -> dict[str, Path]:
    p = Path(path)
    if p.is_file():
        return {p.name.removesuffix(".parquet"): p}
    if not p.is_dir():
        raise FileNotFoundError(f"{p}: no such directory")
    wanted = list(types) if types is not None else list(MODEL_BY_TYPE)
    found = {}
    for t in wanted:
        for q in (p / f"{t}.parquet", p / t):  # a file, or a directory of part files (Dask)
            if q.exists():
                found[t] = q
                break
    return found


def read_parquet(path: str | Path, types: Iterable[str] | None = None,
                 columns: list[str] | None = None) -> "dict[str, pd.DataFrame]":
    """The tables written by `write_parquet` (or `measures extract --format parquet`): type -> DataFrame.

    `path` is the output directory (or one `<type>.parquet` file). A type is
    read from `<type>.parquet`, or from a directory `<type>/` of part files (as
    `measures.dask.to_parquet` writes). Types whose file is absent are left out.
    """
    return {t: table_to_frame(_read_table(f, columns)) for t, f in _parquet_files(path, types).items()}


def read_parquet_records(path: str | Path, types: Iterable[str] | None = None) -> dict[str, list[Record]]:
    """Records back from the Parquet files of a directory, type -> records (without pandas)."""
    return {t: records_from_table(_read_table(f), t) for t, f in _parquet_files(path, types).items()}


def _read_table(path: Path, columns: list[str] | None = None) -> "pa.Table":
    import pyarrow.parquet as pq

    if path.is_dir():
        parts = sorted(path.glob("*.parquet"), key=lambda q: (len(q.name), q.name))  # part.2 before part.10
        if not parts:
            return pq.read_table(path, columns=columns)
        import pyarrow as pa

        return pa.concat_tables([pq.read_table(q, columns=columns) for q in parts])
    return pq.read_table(path, columns=columns)


# -- JSONL and CSV ----------------------------------------------------------------


def write_jsonl(results: Any, out: str | Path | IO[str]) -> int:
    """Records as JSONL (the guidelines' contract), to a path or an open text file; returns the count."""
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            return write_jsonl(results, f)
    n = 0
    for r in iter_records(results):
        out.write(json.dumps(record_to_dict(r), ensure_ascii=False) + "\n")
        n += 1
    return n


def read_jsonl(source: str | Path | IO[str]) -> list[Record]:
    """Records back from JSONL (the inverse of `write_jsonl`)."""
    if isinstance(source, (str, Path)):
        with open(source, encoding="utf-8") as f:
            return read_jsonl(f)
    return records_from_dicts([json.loads(line) for line in source if line.strip()])


def csv_cell(v: Any) -> Any:
    """A value as written in CSV: lists and objects as JSON, null as empty; booleans `True`/`False`."""
    if isinstance(v, (list, dict, tuple)):
        return json.dumps(v, ensure_ascii=False)
    return "" if v is None else v


def csv_row(row: Mapping[str, Any], names: list[str]) -> list[Any]:
    """The CSV cells of a contract dict under the columns `names`; keys outside them go to `extra` (as JSON)."""
    cells = [csv_cell(row.get(n)) for n in names]
    if names and names[-1] == EXTRA:
        known = set(names)
        extra = {k: v for k, v in row.items() if k not in known or k == EXTRA}
        cells[-1] = json.dumps(extra, ensure_ascii=False) if extra else ""
    return cells


def write_csv(results: Any, outdir: str | Path, *, types: Iterable[str] | None = None) -> dict[str, Path]:
    """One CSV file per record type, `OUTDIR/<type>.csv`, with the table's columns as header."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    wanted = list(types) if types is not None else list(MODEL_BY_TYPE)
    paths = {t: out / f"{t}.csv" for t in wanted}
    files = {t: open(paths[t], "w", encoding="utf-8", newline="") for t in wanted}
    try:
        writers = {t: csv.writer(files[t], lineterminator="\n") for t in wanted}
        names = {t: column_names(t) for t in wanted}
        for t in wanted:
            writers[t].writerow(names[t])
        for r in iter_records(results):
            t = _type_of_record(r)
            if t in writers:
                writers[t].writerow(csv_row(record_to_dict(r), names[t]))
    finally:
        for f in files.values():
            f.close()
    return paths


# -- JSON Schema ------------------------------------------------------------------

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(type_: str | type[Record]) -> dict[str, Any]:
    """The JSON Schema of a record type's contract dicts, generated from its pydantic model.

    Pydantic's validation schema, with the draft declared and `type` required
    (every record carries it, and it tells the types apart).
    """
    model = _model_of(type_)
    schema = model.model_json_schema(mode="validation")
    out: dict[str, Any] = {"$schema": JSON_SCHEMA_DIALECT}
    out.update(schema)
    required = list(out.get("required", []))
    props = out.get("properties", {})
    for name in HEAD:
        if name in props and name not in required and name != "doc":
            required.append(name)
    out["required"] = [n for n in props if n in required]
    return out


def json_schemas() -> dict[str, dict[str, Any]]:
    """type -> JSON Schema, for every record type."""
    return {t: json_schema(t) for t in MODEL_BY_TYPE}


def schema_text(schema: Mapping[str, Any]) -> str:
    """A schema as the text of its shipped file: indented JSON, non-ASCII as is, final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_json_schemas(outdir: str | Path) -> dict[str, Path]:
    """Write `OUTDIR/<type>.json` for every record type; returns type -> path."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for t, schema in json_schemas().items():
        p = out / f"{t}.json"
        p.write_text(schema_text(schema), encoding="utf-8", newline="\n")
        paths[t] = p
    return paths
