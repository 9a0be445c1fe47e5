"""Throughput of `measures.extract` against spaCy's blank Chinese tokenizer and peers, on the same text.

    .venv/bin/python benchmarks/bench_throughput.py                 # about 3 million characters
    .venv/bin/python benchmarks/bench_throughput.py --chars 500000  # quicker
    .venv/bin/python benchmarks/bench_throughput.py --profile       # and where extraction spends its time

The text is the development corpus (`shared/corpus/speech_*.txt`, or
$MEASURES_SHARED/corpus) repeated, document by document, to at least `--chars`
characters. Every tool runs on one core over the same documents, one call per
document:

- `measures.extract` (the built-in packs, the extractor built beforehand);
- `spacy.blank("zh")` tokenization (`nlp.make_doc`), the reference;
- peers, on the parts they cover, when installed (`pip install cn2an jionlp`):
  cn2an's `transform(text, "cn2an")` (Chinese numerals to Arabic, inline), and
  JioNLP's `ner.extract_time` and `ner.extract_money`. A peer that cannot be
  imported or run is reported as such, with the reason, instead of a number. A
  slow tool stops after `--budget` seconds; its rate is then over the
  documents it finished.

Then the command line over many files: `measures extract DIR --jobs 1` and
`--jobs 2` (wall time, interpreter start included), and the start-up cost:
`import measures` and `measures --help`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def shared_corpus() -> list[Path]:
    shared = Path(os.environ.get("MEASURES_SHARED") or ROOT.parent / "shared")
    docs = sorted((shared / "corpus").glob("speech_*.txt"))
    if not docs:
        sys.exit(f"no development corpus under {shared / 'corpus'} (set MEASURES_SHARED)")
    return docs


def documents(min_chars: int) -> list[str]:
    """The corpus documents, repeated in order until they hold at least `min_chars` characters."""
    from measures.io import read_text

    base = [read_text(p) for p in shared_corpus()]
    out: list[str] = []
    n = 0
    while n < min_chars:
        for t in base:
            out.append(t)
            n += len(t)
            if n >= min_chars:
                break
    return out


def timed(fn: Callable[[str], Any], docs: list[str], budget: float) -> tuple[float, int, int]:
    """(seconds, characters done, documents done); stops after `budget` seconds."""
    fn(docs[0])  # warm up (lazy tables, caches)
    done_chars = done_docs = 0
    start = time.perf_counter()
    for t in docs:
        fn(t)
        done_chars += len(t)
        done_docs += 1
        if time.perf_counter() - start > budget:
            break
    return time.perf_counter() - start, done_chars, done_docs


def peers() -> dict[str, Callable[[str], Any] | str]:
    """name -> function, or the reason it cannot run."""
    out: dict[str, Callable[[str], Any] | str] = {}
    try:
        import cn2an

        import warnings

        warnings.filterwarnings("ignore", module="cn2an")  # it warns on every numeral it cannot convert
        out["cn2an transform (cn2an)"] = lambda t: cn2an.transform(t, "cn2an")
    except Exception as e:  # noqa: BLE001
        out["cn2an transform (cn2an)"] = f"not available: {type(e).__name__}: {e}"
    try:
        import contextlib
        import logging

        with contextlib.redirect_stdout(io.StringIO()):  # JioNLP prints a banner on import
            import jionlp
        # JioNLP logs a traceback to the root logger for each time string it cannot parse.
        logging.disable(logging.CRITICAL)

        base = time.mktime((2024, 6, 1, 0, 0, 0, 0, 0, -1))
        out["JioNLP ner.extract_time"] = lambda t: jionlp.ner.extract_time(t, time_base=base, with_parsing=True)
        out["JioNLP ner.extract_money"] = lambda t: jionlp.ner.extract_money(t, with_parsing=True)
    except Exception as e:  # noqa: BLE001
        out["JioNLP ner.extract_time"] = out["JioNLP ner.extract_money"] = f"not available: {type(e).__name__}: {e}"
    return out


def cli_throughput(docs: list[str], jobs: int, folder: Path) -> tuple[float, int, float]:
    """Wall seconds of `measures extract FOLDER --jobs N` (output to a file), characters, and CPU seconds."""
    import resource

    out = folder.parent / f"out-{jobs}.jsonl"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run([PY, "-m", "measures.cli", "extract", str(folder), "--jobs", str(jobs), "--quiet", "--out", str(out)],
                         capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        sys.exit(f"measures extract failed: {run.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, sum(len(t) for t in docs), cpu


SPIN = "s = 0\nfor i in range(20_000_000): s += i"


def parallel_capacity() -> float:
    """How many cores' worth of pure-Python work two processes get here now (2.0 on two idle cores)."""
    one = startup([PY, "-c", SPIN], runs=1)
    start = time.perf_counter()
    procs = [subprocess.Popen([PY, "-c", SPIN]) for _ in range(2)]
    for p in procs:
        p.wait()
    return 2 * one / (time.perf_counter() - start)


def startup(code: list[str], runs: int = 7) -> float:
    """Median wall seconds of a fresh interpreter running `code`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(code, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_cost(runs: int = 7) -> float:
    """Median seconds of `import measures` inside a fresh interpreter (its own start-up excluded)."""
    code = "import time; t = time.perf_counter(); import measures; print(time.perf_counter() - t)"
    return statistics.median(float(subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout)
                             for _ in range(runs))


def rate(chars: int, seconds: float) -> float:
    return chars / seconds if seconds > 0 else float("nan")


def profile(docs: list[str], top: int) -> None:
    """cProfile of extraction, and the time each rule's regex takes over the text."""
    from measures.pipeline import default_extractor

    ex = default_extractor()
    sample = docs[: max(1, len(docs) // 4)]
    prof = cProfile.Profile()
    prof.enable()
    for t in sample:
        ex.extract(t)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    print("\n## cProfile, by own time\n")
    print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:6000])

    from measures.document import Document

    norms = [Document(t, None).norm for t in sample]
    rows = []
    for dim in ("directives", "slogans", "deadlines", "quantities", "actors"):
        extractor = getattr(ex, dim, None)
        rules = getattr(getattr(extractor, "rules", None), "rules", None)
        for cr in rules or ():
            start = time.perf_counter()
            for norm in norms:
                for _ in cr.regex.finditer(norm):
                    pass
            rows.append((time.perf_counter() - start, dim, cr.rule.id))
    if rows:
        total = sum(r[0] for r in rows)
        chars = sum(len(t) for t in sample)
        print(f"\n## regex scans per rule over {chars:,} chars: {total:.2f} s in all, {len(rows)} rules\n")
        for sec, dim, rid in sorted(rows, reverse=True)[:top]:
            print(f"{sec:7.3f} s  {100 * sec / total:5.1f}%  {dim:10s} {rid}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=3_000_000, help="characters of text (default 3,000,000)")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds after which a slow tool stops (default 60)")
    ap.add_argument("--cli-chars", type=int, default=None, help="characters for the --jobs comparison (default: --chars)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each `measures extract` (the best counts; default 3)")
    ap.add_argument("--profile", action="store_true", help="also profile extraction and time every rule")
    ap.add_argument("--top", type=int, default=15, help="lines of the profile")
    args = ap.parse_args()

    import measures
    from measures.pipeline import default_extractor

    docs = documents(args.chars)
    chars = sum(len(t) for t in docs)
    print(f"# measures {measures.__version__} throughput, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores ({platform.machine()})")
    print(f"text: the development corpus repeated: {len(docs):,} documents, {chars:,} characters")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    capacity = parallel_capacity()
    print(f"machine: load average {load:.2f} before the run; two processes get {capacity:.2f} cores' worth of work "
          "(2.00 on two idle cores)\n")

    ex = default_extractor()
    results: dict[str, tuple[float, int, int] | str] = {}
    results["measures.extract"] = timed(lambda t: ex.extract(t), docs, args.budget)
    try:
        import spacy

        nlp = spacy.blank("zh")
        results['spacy.blank("zh") tokenization'] = timed(nlp.make_doc, docs, args.budget)
    except Exception as e:  # noqa: BLE001
        results['spacy.blank("zh") tokenization'] = f"not available: {type(e).__name__}: {e}"
    for name, fn in peers().items():
        results[name] = fn if isinstance(fn, str) else timed(fn, docs, args.budget)

    ours = results["measures.extract"]
    assert not isinstance(ours, str)
    ours_rate = rate(ours[1], ours[0])
    print("## one core, one call per document\n")
    print("| tool | chars/s | chars done | seconds | measures.extract ÷ tool |")
    print("|---|---:|---:|---:|---:|")
    for name, r in results.items():
        if isinstance(r, str):
            print(f"| {name} | {r} | | | |")
            continue
        sec, done, _ = r
        rr = rate(done, sec)
        print(f"| {name} | {rr:,.0f} | {done:,} | {sec:.2f} | {ours_rate / rr:.3f} |")
    ref = results.get('spacy.blank("zh") tokenization')
    if not isinstance(ref, str) and ref is not None:
        ratio = ours_rate / rate(ref[1], ref[0])
        print(f"\nmeasures.extract ÷ spaCy blank zh = {ratio:.3f} (target ≥ 10): {'met' if ratio >= 10 else 'NOT met'}")

    # The command line over many files: one process, then two.
    cli_docs = documents(args.cli_chars or args.chars)
    tmp = Path(tempfile.mkdtemp(prefix="measures-bench-"))
    try:
        folder = tmp / "docs"
        folder.mkdir()
        for i, t in enumerate(cli_docs):
            (folder / f"doc{i:05d}.txt").write_text(t, encoding="utf-8")
        # Best of `--repeat` runs each, alternating, as other load on the machine only ever slows a run down.
        runs1, runs2 = [], []
        for _ in range(args.repeat):
            runs1.append(cli_throughput(cli_docs, 1, folder))
            runs2.append(cli_throughput(cli_docs, 2, folder))
        w1, c1, cpu1 = min(runs1)
        w2, c2, cpu2 = min(runs2)
        capacity_after = parallel_capacity()
        same = (tmp / "out-1.jsonl").read_bytes() == (tmp / "out-2.jsonl").read_bytes()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n## measures extract over {len(cli_docs):,} files ({c1:,} chars), wall time with start-up, "
          f"best of {args.repeat}\n")
    print("| jobs | seconds | chars/s | CPU seconds (all processes) |")
    print("|---:|---:|---:|---:|")
    print(f"| 1 | {w1:.2f} | {rate(c1, w1):,.0f} | {cpu1:.2f} |")
    print(f"| 2 | {w2:.2f} | {rate(c2, w2):,.0f} | {cpu2:.2f} |")
    speedup = w1 / w2
    print(f"\n--jobs 2 ÷ --jobs 1 = {speedup:.2f} (target ≥ 1.7 on 2 cores): {'met' if speedup >= 1.7 else 'NOT met'}; "
          f"outputs identical: {same}; two processes got {capacity_after:.2f} cores' worth right after")

    # Start-up.
    bare = startup([PY, "-c", "pass"])
    imp = import_cost()
    exe = shutil.which("measures", path=str(Path(PY).parent)) or "measures"
    helpt = startup([exe, "--help"])
    heavy = subprocess.run([PY, "-c", "import sys, measures, measures.cli; measures.cli.build_parser(); "
                            "print(sorted(m for m in ('spacy', 'pandas', 'pyarrow', 'dask', 'numpy') if m in sys.modules))"],
                           capture_output=True, text=True).stdout.strip()
    print("\n## start-up (median of 7)\n")
    print(f"- `import measures`: {imp:.3f} s (target < 0.3 s): {'met' if imp < 0.3 else 'NOT met'}")
    print(f"- `measures --help`: {helpt:.3f} s wall, of which {bare:.3f} s is the interpreter's own start "
          f"(target < 0.3 s): {'met' if helpt < 0.3 else 'NOT met'}")
    print(f"- heavy modules loaded by `import measures` and the parser: {heavy}")

    if args.profile:
        profile(docs, args.top)


if __name__ == "__main__":
    main()
