"""The `measures` command: extract, eval, demo."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Iterator, Sequence, TextIO

FORMATS = ("jsonl", "json", "csv", "table")


def _iter_paths(paths: Sequence[str]) -> Iterator[Path]:
    """Files named on the command line; a directory stands for the .txt files under it."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.txt") if q.is_file())
            if not found:
                yield p  # reported as an error: nothing to read there
            yield from found
        else:
            yield p


def _fmt_value(v: object) -> str:
    if v is None:
        return "-"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_fmt_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "/".join(f"{k[0]}{val}" for k, val in v.items())
    return str(v)


def format_table(result) -> str:  # type: ignore[no-untyped-def]
    """A readable terminal summary of one document's records."""
    from .models import RECORD_TYPES

    lines = []
    counts = "  ".join(f"{t}s: {len(result.of_type(t))}" for t in RECORD_TYPES)
    lines.append(f"== {result.doc or '<text>'}  ({len(result.text)} chars)  {counts}")
    if result.directives:
        lines.append("-- outline")
        for d in result.directives:
            lines.append(f"  {'  ' * (d.level - 1)}{d.marker}{_clip(d.headline, 40)}  [{d.kind}, @{d.start}]")
    cols = {
        "slogan": lambda r: f"{r.category:9s} {'quoted' if r.quoted else 'unquoted':8s} " + (f"= {'、'.join(r.expansion)}" if r.expansion else ""),
        "deadline": lambda r: f"{r.kind:8s} {r.relation:8s} {_fmt_value(r.iso) if r.iso else _fmt_value(r.date.as_dict() if r.date else None):10s} action={_clip(r.action or '-', 24)}" + (f" anchor={r.anchor}" if r.anchor else ""),
        "quantity": lambda r: f"{r.kind:8s} {r.comparator:2s} value={_fmt_value(r.range or r.value)} unit={_fmt_value(r.unit)}" + (f" per={r.per}" if r.per else "") + (" placeholder" if r.placeholder else ""),
    }
    for t in ("slogan", "deadline", "quantity"):
        recs = result.of_type(t)
        if recs:
            lines.append(f"-- {t}s")
            for r in recs:
                lines.append(f"  @{r.start:<6d} {_clip(r.text, 18):20s} {cols[t](r)}")
    return "\n".join(lines)


def _clip(s: str, n: int) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def _csv_rows(results) -> str:  # type: ignore[no-untyped-def]
    fields = ["doc", "type", "start", "end", "text"]
    rows = []
    for res in results:
        for d in res.to_dicts():
            for k in d:
                if k not in fields:
                    fields.append(k)
            rows.append(d)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for d in rows:
        w.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in d.items()})
    return buf.getvalue()


def cmd_extract(args: argparse.Namespace, out: TextIO) -> int:
    from .io import InputError, read_text
    from .packs import PackError
    from .pipeline import Extractor

    try:
        extractor = Extractor(args.rules or ())
    except PackError as e:
        print(f"measures: error: {e}", file=sys.stderr)
        return 2
    failed = 0
    results = []
    for p in _iter_paths(args.paths):
        try:
            text = read_text(p)
            result = extractor.extract(text, doc=p.name)
        except InputError as e:
            print(f"measures: error: {e}", file=sys.stderr)
            failed += 1
            continue
        if args.format == "jsonl":
            out.write(result.to_jsonl())
            out.flush()
        elif args.format == "table":
            out.write(format_table(result) + "\n\n")
        else:
            results.append(result)
    if args.format == "json":
        json.dump([d for r in results for d in r.to_dicts()], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif args.format == "csv":
        out.write(_csv_rows(results))
    return 1 if failed else 0


def cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    from .evaluate import format_report, load_jsonl, score, to_json
    from .io import InputError, read_text
    from .pipeline import Extractor

    if args.gold:
        system: list[dict] = []
        extractor = Extractor(args.rules or ())
        for p in _iter_paths(args.paths):
            try:
                system.extend(extractor.extract(read_text(p), doc=p.name).to_dicts())
            except InputError as e:
                print(f"measures: error: {e}", file=sys.stderr)
                return 1
        gold_paths = args.gold
    else:
        if len(args.paths) < 2:
            print("measures eval: give OUTPUT.jsonl GOLD.jsonl..., or documents with --gold GOLD.jsonl...", file=sys.stderr)
            return 2
        try:
            system = load_jsonl(args.paths[0])
        except (OSError, ValueError) as e:
            print(f"measures: error: {e}", file=sys.stderr)
            return 1
        gold_paths = args.paths[1:]
    try:
        gold = load_jsonl(gold_paths)
    except (OSError, ValueError) as e:
        print(f"measures: error: {e}", file=sys.stderr)
        return 1
    types = args.types.split(",") if args.types else None
    scores = score(system, gold, types)
    if args.json:
        out.write(json.dumps(to_json(scores), ensure_ascii=False) + "\n")
    else:
        out.write(format_report(scores) + "\n")
    return 0


def sample_text() -> str:
    """The sample speech shipped with the package (written for it, in the genre)."""
    return (resources.files("measures") / "data" / "sample_speech.txt").read_text(encoding="utf-8")


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from . import extract

    result = extract(sample_text(), doc="sample_speech.txt")
    out.write(format_table(result) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="measures", description="Extract directives, slogans, deadlines and quantities from Chinese policy speeches.")
    parser.add_argument("--version", action="version", version=f"measures {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract records from documents")
    p.add_argument("paths", nargs="+", metavar="PATH", help="document files, or directories of .txt files")
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="jsonl (the guidelines' contract), json, csv or table")
    p.add_argument("--rules", action="append", metavar="PACK", help="an extra rule pack (TOML); one named like a built-in pack replaces it")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score records against gold: P/R/F1 per type and key-field agreement")
    p.add_argument("paths", nargs="+", metavar="PATH", help="OUTPUT.jsonl GOLD.jsonl..., or documents when --gold is given")
    p.add_argument("--gold", nargs="+", metavar="GOLD", help="gold JSONL files; PATHs are then documents to extract")
    p.add_argument("--types", help="comma-separated record types to report")
    p.add_argument("--rules", action="append", metavar="PACK", help="an extra rule pack when extracting")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("demo", help="run on the bundled sample speech and print the table")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out_path = getattr(args, "out", None)
    try:
        if out_path:
            with open(out_path, "w", encoding="utf-8", newline="\n") as out:
                return args.func(args, out)
        return args.func(args, sys.stdout)
    except BrokenPipeError:
        return 1
    except OSError as e:
        print(f"measures: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
