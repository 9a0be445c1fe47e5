"""`measures extract`: records of documents as JSONL (the guidelines' contract), JSON, CSV, a table or Parquet.

Streams: documents are read, extracted and written one after another (on all
cores with `--jobs`), in input order, so memory does not grow with their number.
"""

from __future__ import annotations

import argparse
import datetime
import csv
import io
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

FORMATS = ("jsonl", "json", "csv", "table", "parquet")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser(
        "extract", help="extract records from documents",
        description="Extract records from documents: files, directories (their .txt files, at any depth) "
                    "and glob patterns (quoted patterns are expanded too, `**` included).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="document files, directories of .txt files, or glob patterns")
    p.add_argument("--format", choices=FORMATS, default="jsonl",
                   help="jsonl (the guidelines' contract), json, csv, table, or parquet (one file per record type in --out DIR)")
    p.add_argument("--rules", action="append", metavar="PACK", help="an extra rule pack (TOML); one named like a built-in pack replaces it")
    # `dest` is not `out`: the command opens its output itself (a file, or a directory for parquet).
    p.add_argument("--out", dest="out_target", metavar="FILE|DIR",
                   help="write here instead of standard output (for parquet: the directory of the .parquet files)")
    p.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                   help="worker processes (default: all cores; 1 runs in this process)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line on standard error")
    p.add_argument("--reference-date", type=_date, metavar="YYYY-MM-DD",
                   help="the date of the speeches: deadlines with a calendar bound get `due`, the bound as a date")
    p.set_defaults(func=run)


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


# -- renderers: run in the worker on each Extraction (module-level, so they pickle) --


def render_jsonl(result: Any) -> str:
    return str(result.to_jsonl())


def render_json(result: Any) -> str:
    """The document's records as items of the indented JSON array (`indent=1`), joined by `,\\n`."""
    return ",\n".join(" " + json.dumps(d, ensure_ascii=False, indent=1).replace("\n", "\n ") for d in result.to_dicts())


_CSV_COLUMNS: list[str] = []


def csv_columns() -> list[str]:
    if not _CSV_COLUMNS:
        from ..export import csv_columns as columns

        _CSV_COLUMNS.extend(columns())
    return _CSV_COLUMNS


def render_csv(result: Any) -> str:
    from ..export import csv_row

    cols = csv_columns()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for d in result.to_dicts():
        w.writerow(csv_row(d, cols))
    return buf.getvalue()


def render_table(result: Any) -> str:
    from ..table import format_table

    return format_table(result) + "\n\n"


def render_parquet(result: Any) -> dict[str, list[dict[str, Any]]]:
    """type -> the document's records as contract dicts; the main process converts them to Arrow in large chunks."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for d in result.to_dicts():
        rows.setdefault(d["type"], []).append(d)
    return rows


RENDER = {"jsonl": render_jsonl, "json": render_json, "csv": render_csv, "table": render_table, "parquet": render_parquet}


# -- writers: in the main process --------------------------------------------------


class _TextWriter:
    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt = fmt
        self.out = out
        self.items = 0
        if fmt == "csv":
            w = csv.writer(out, lineterminator="\n")
            w.writerow(csv_columns())

    def add(self, value: str) -> None:
        if not value:
            return
        if self.fmt == "json":
            self.out.write(("[\n" if self.items == 0 else ",\n") + value)
            self.items += 1
        else:
            self.out.write(value)
        if self.fmt in ("jsonl", "table"):
            self.out.flush()

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.items else "[]\n")
        self.out.flush()

    def abort(self) -> None:
        self.out.flush()


class _ParquetWriter:
    def __init__(self, outdir: str) -> None:
        from ..export import ParquetSink

        self.sink = ParquetSink(outdir)

    def add(self, value: dict[str, Any]) -> None:
        for t, rows in value.items():
            self.sink.add_rows(t, rows)

    def close(self) -> None:
        self.sink.close()

    def abort(self) -> None:
        self.sink.abort()


def _error(message: str) -> None:
    print(f"measures: error: {message}", file=sys.stderr)


def run(args: argparse.Namespace, out: TextIO) -> int:
    fmt = args.format
    target = getattr(args, "out_target", None)
    own: TextIO | None = None
    if fmt == "parquet":
        if not target:
            _error("--format parquet writes one file per record type: give the directory with --out DIR")
            return 2
        if Path(target).exists() and not Path(target).is_dir():
            _error(f"{target}: is a file; --format parquet writes a directory (OUTDIR/<type>.parquet)")
            return 2
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            _error("--format parquet needs pyarrow: pip install 'measures[export]'")
            return 2
    elif target:
        # Opened before any work, so it is created (or emptied) even when the command then fails.
        own = out = open(target, "w", encoding="utf-8", newline="\n")
    try:
        return _run(args, out, fmt, target)
    finally:
        if own is not None:
            own.close()


def _run(args: argparse.Namespace, out: TextIO, fmt: str, target: str | None) -> int:
    from ..packs import PackError
    from ..pipeline import Extractor
    from ..stream import Progress, count_documents, extract_stream, summary_line

    rules = list(args.rules or ())
    try:
        extractor = Extractor(rules)
    except PackError as e:
        _error(str(e))
        return 2
    err = sys.stderr
    show = not args.quiet
    progress_on = show and hasattr(err, "isatty") and err.isatty()
    progress = Progress(err, count_documents(args.paths) if progress_on else None, enabled=progress_on)
    writer: Any = _ParquetWriter(target) if fmt == "parquet" else _TextWriter(fmt, out)
    counts: dict[str, int] = {}
    docs = failed = chars = 0
    started = time.monotonic()
    options = {"reference_date": args.reference_date} if args.reference_date else None
    stream = extract_stream(args.paths, rules=rules, jobs=args.jobs, fn=RENDER[fmt], extractor=extractor, options=options)
    try:
        for o in stream:
            docs += 1
            if o.error is not None:
                failed += 1
                progress.clear()
                _error(o.error)
            else:
                chars += o.chars
                for t, n in o.counts.items():
                    counts[t] = counts.get(t, 0) + n
                writer.add(o.value)
            progress.update(o)
        writer.close()
    except KeyboardInterrupt:
        stream.close()
        writer.abort()
        progress.clear()
        print("measures: interrupted", file=err)
        return 130
    except BaseException:
        stream.close()
        writer.abort()
        progress.clear()
        raise
    progress.clear()
    if show:
        print(summary_line(docs, failed, counts, chars, time.monotonic() - started), file=err)
    return 1 if failed else 0
