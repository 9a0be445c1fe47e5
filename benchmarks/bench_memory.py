"""Peak memory of a streaming `measures extract` run over 1,000 documents versus 10,000.

    .venv/bin/python benchmarks/bench_memory.py                    # 1,000 and 10,000 documents
    .venv/bin/python benchmarks/bench_memory.py --counts 500 5000 --doc-chars 300

The documents are cut from the development corpus (`shared/corpus/speech_*.txt`,
or $MEASURES_SHARED/corpus): consecutive pieces of about `--doc-chars`
characters, cycling through the corpus, written into a temporary directory. For
each count and configuration the command runs as a subprocess, and its memory is
sampled every 20 ms (with psutil): the peak resident set size (RSS) of the main
process, and the peak of the sum over the main process and its workers. Streaming
means these do not grow with the number of documents.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

CONFIGS = {
    "jsonl, --jobs 1": ["--format", "jsonl", "--jobs", "1"],
    "jsonl, --jobs 2": ["--format", "jsonl", "--jobs", "2"],
    "parquet, --jobs 2": ["--format", "parquet", "--jobs", "2"],
}


def pieces(doc_chars: int) -> list[str]:
    shared = Path(os.environ.get("MEASURES_SHARED") or ROOT.parent / "shared")
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "corpus").glob("speech_*.txt"))]
    if not texts:
        sys.exit(f"no development corpus under {shared / 'corpus'} (set MEASURES_SHARED)")
    out = []
    for t in texts:
        for i in range(0, len(t), doc_chars):
            piece = t[i:i + doc_chars]
            if piece.strip():
                out.append(piece)
    return out


def write_docs(folder: Path, n: int, source: list[str]) -> int:
    folder.mkdir(parents=True)
    chars = 0
    for i in range(n):
        t = source[i % len(source)]
        (folder / f"d{i:06d}.txt").write_text(t, encoding="utf-8")
        chars += len(t)
    return chars


def peak_rss(cmd: list[str]) -> tuple[float, int, int, int]:
    """(seconds, peak RSS of the main process, peak RSS of main + workers, exit code), in bytes."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ps = psutil.Process(proc.pid)
    main_peak = tree_peak = 0
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss
            kids = 0
            for c in ps.children(recursive=True):
                try:
                    kids += c.memory_info().rss
                except psutil.Error:
                    pass
            main_peak = max(main_peak, rss)
            tree_peak = max(tree_peak, rss + kids)
        except psutil.Error:
            pass
        time.sleep(0.02)
    return time.perf_counter() - start, main_peak, tree_peak, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--counts", type=int, nargs="+", default=[1000, 10000], help="document counts (default 1000 10000)")
    ap.add_argument("--doc-chars", type=int, default=500, help="characters per document (default 500)")
    ap.add_argument("--configs", nargs="+", choices=list(CONFIGS), default=list(CONFIGS))
    args = ap.parse_args()
    try:
        import psutil  # noqa: F401
    except ImportError:
        sys.exit("needs psutil (pip install psutil; it comes with the dask extra)")

    source = pieces(args.doc_chars)
    tmp = Path(tempfile.mkdtemp(prefix="measures-mem-"))
    mb = 1024 * 1024
    rows = []
    try:
        for n in args.counts:
            folder = tmp / f"docs{n}"
            chars = write_docs(folder, n, source)
            for name in args.configs:
                out = tmp / f"out-{n}-{name.replace(' ', '').replace(',', '-')}"
                cmd = [PY, "-m", "measures.cli", "extract", str(folder), "--quiet", "--out", str(out), *CONFIGS[name]]
                sec, main_peak, tree_peak, code = peak_rss(cmd)
                if code != 0:
                    sys.exit(f"{' '.join(cmd)} exited {code}")
                rows.append((name, n, chars, sec, main_peak, tree_peak))
                if out.is_dir():
                    shutil.rmtree(out)
                else:
                    out.unlink()
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"# peak memory of a streaming `measures extract` (documents of ~{args.doc_chars} chars)\n")
    print("| configuration | documents | chars | seconds | peak RSS, main | peak RSS, main + workers |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, n, chars, sec, mp, tp in rows:
        print(f"| {name} | {n:,} | {chars:,} | {sec:.1f} | {mp / mb:.1f} MiB | {tp / mb:.1f} MiB |")
    print()
    lo, hi = min(args.counts), max(args.counts)
    for name in args.configs:
        a = next(r for r in rows if r[0] == name and r[1] == lo)
        b = next(r for r in rows if r[0] == name and r[1] == hi)
        print(f"- {name}: {hi:,} vs {lo:,} documents: main {b[4] / a[4]:.2f}x, main + workers {b[5] / a[5]:.2f}x")


if __name__ == "__main__":
    main()
