"""`measures split`: cut a collection of articles into one document each, with offsets into the collection."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser(
        "split",
        help="split a collection (…讲话篇一, …讲话篇二, …) into its documents",
        description="Find the heading lines that open the articles of a collection (…讲话篇三, …讲话篇十七) and cut it "
                    "into one document each, from its heading line to the next; the lines before the first heading "
                    "(the collection's own title) belong to none. Lists each document with its character offsets into "
                    "the collection (start, end: Python str indices into the decoded text); with --out, also writes "
                    "each as a UTF-8 file PREFIX_NN.txt ending with a line break.",
    )
    p.add_argument("paths", nargs="+", metavar="FILE", help="collection files")
    p.add_argument("--out", dest="out_dir", metavar="DIR", help="write the documents into this folder (created if needed)")
    p.add_argument("--prefix", help="file names PREFIX_01.txt, PREFIX_02.txt… (default: the collection's file name without extension)")
    p.add_argument("--format", choices=("tsv", "jsonl"), default="tsv", help="the listing: tab-separated with a header line (default), or JSON lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from ..io import InputError, read_text
    from ..split import split_collection, write_segments

    if args.prefix and len(args.paths) > 1:
        print("measures split: --prefix names the documents of one collection; give one FILE", file=sys.stderr)
        return 2
    failed = 0
    if args.format == "tsv":
        out.write("collection\tdocument\tstart\tend\ttitle\n")
    for raw in args.paths:
        path = Path(raw)
        try:
            segments = split_collection(read_text(path))
        except InputError as e:
            print(f"measures: error: {e}", file=sys.stderr)
            failed += 1
            continue
        if not segments:
            print(f"measures: error: {path}: holds no text to split", file=sys.stderr)
            failed += 1
            continue
        if segments[0].number is None:
            print(f"measures: warning: {path}: no article headings found; the whole file is one document", file=sys.stderr)
        prefix = args.prefix or path.stem
        names = [s.file_name(prefix, len(segments)) for s in segments]
        if args.out_dir:
            try:
                write_segments(segments, args.out_dir, prefix)
            except OSError as e:
                print(f"measures: error: {args.out_dir}: cannot write: {e.strerror or e}", file=sys.stderr)
                return 1
        for seg, name in zip(segments, names):
            if args.format == "tsv":
                out.write(f"{path}\t{name}\t{seg.start}\t{seg.end}\t{seg.title}\n")
            else:
                row = {"collection": str(path), "document": name, "start": seg.start, "end": seg.end,
                       "title": seg.title, "number": seg.number}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 1 if failed else 0
