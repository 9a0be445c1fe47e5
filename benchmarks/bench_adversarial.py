"""Extraction time on adversarial inputs, 10 KB to 10 MB: does it grow linearly?

Each input is one pathological pattern repeated to the size (UTF-8 bytes): a long run of
digits, of 一, of opening quotes, of 第, of nested brackets, of Chinese numerals, and
record-dense genre text. For each size the table gives the time and the time per KB;
linear growth keeps the time per KB flat (the `growth` column: time per KB relative to
the smallest size). An input whose time per KB grows by more than --limit-growth, or
whose next size would take longer than --budget seconds, is not run at larger sizes.

    .venv/bin/python benchmarks/bench_adversarial.py                 # all inputs, 10 KB .. 10 MB
    .venv/bin/python benchmarks/bench_adversarial.py --sizes 10K,100K --inputs digits,yi
    .venv/bin/python benchmarks/bench_adversarial.py --diagnose digits   # which rule or stage grows

`--diagnose INPUT` times every rule's regex and every extraction stage on INPUT at two
sizes and lists those that grow faster than the input.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable

from measures.document import Document
from measures.packs import RuleTimeoutError
from measures.pipeline import default_extractor

INPUTS: dict[str, Callable[[int], str]] = {
    "digits": lambda n: _repeat("0123456789", n),
    "yi": lambda n: _repeat("一", n),
    "quotes": lambda n: _repeat("“", n),
    "di": lambda n: _repeat("第", n),
    "nested_brackets": lambda n: _nested(n),
    "cn_numerals": lambda n: _repeat("三十", n),
    "genre_dense": lambda n: _repeat("一是要在2小时内到达现场，确保50人以上，落实“四早”要求。\n", n),
}


def _repeat(unit: str, size: int) -> str:
    """`unit` repeated to about `size` bytes of UTF-8."""
    bytes_per_char = len(unit.encode("utf-8")) / len(unit)
    n = max(1, int(size / bytes_per_char))
    return (unit * (n // len(unit) + 1))[:n]


def _nested(size: int) -> str:
    half = size // 2 // 3  # （ and ） are 3 bytes each
    return "（" * half + "一" + "）" * half


def _bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def parse_size(s: str) -> int:
    s = s.strip().upper()
    scale = {"K": 1000, "M": 1000_000}.get(s[-1], 1)
    return int(float(s[:-1] if s[-1] in "KM" else s) * scale)


def run(inputs: list[str], sizes: list[int], budget: float, limit_growth: float) -> list[tuple]:
    ex = default_extractor()
    ex.extract("一、加强领导。\n要在2小时内到达现场。")  # warm up: rules compiled, caches filled
    rows = []
    for name in inputs:
        base_per_kb = None
        last: tuple[int, float] | None = None
        stop = ""
        for size in sizes:
            text = INPUTS[name](size)
            kb = _bytes(text) / 1000
            if stop:
                rows.append((name, kb, None, None, None, stop))
                continue
            if last is not None:
                # project from the growth seen so far (at least linear)
                prev_kb, prev_t = last
                exponent = 1.0 if len(rows) < 2 or rows[-1][0] != name or rows[-2][0] != name else \
                    max(1.0, _exponent(rows[-2], rows[-1]))
                projected = prev_t * (kb / prev_kb) ** exponent
                if projected > budget:
                    stop = f"skipped: projected {projected:,.0f} s"
                    rows.append((name, kb, None, None, None, stop))
                    continue
            t0 = time.perf_counter()
            try:
                result = ex.extract(text)
                note = f"{len(result)} records"
            except RuleTimeoutError as e:
                note = f"stopped by the time limit: rule {e.rule}"
                stop = "skipped: a rule timed out at a smaller size"
            elapsed = time.perf_counter() - t0
            per_kb = elapsed / kb
            base_per_kb = base_per_kb or per_kb
            growth = per_kb / base_per_kb
            rows.append((name, kb, elapsed, per_kb * 1e6, growth, note))
            last = (kb, elapsed)
            if growth > limit_growth and not stop:
                stop = f"skipped: time per KB grew {growth:.1f}x (superlinear)"
            print(_row(rows[-1]), flush=True)
    return rows


def _exponent(a: tuple, b: tuple) -> float:
    import math

    (_, kb_a, t_a, *_), (_, kb_b, t_b, *_) = a, b
    if not t_a or not t_b or kb_b <= kb_a:
        return 1.0
    return math.log(t_b / t_a) / math.log(kb_b / kb_a)


def _row(r: tuple) -> str:
    name, kb, elapsed, us_per_kb, growth, note = r
    if elapsed is None:
        return f"| {name} | {_fmt_kb(kb)} | – | – | – | {note} |"
    return f"| {name} | {_fmt_kb(kb)} | {elapsed:,.3f} | {us_per_kb:,.0f} | {growth:.2f} | {note} |"


def _fmt_kb(kb: float) -> str:
    return f"{kb / 1000:.0f} MB" if kb >= 1000 else f"{kb:.0f} KB"


def diagnose(name: str, size: int, factor: int = 4) -> None:
    """Rules and stages whose time grows faster than the input between `size` and `factor * size`."""
    ex = default_extractor()
    small, large = INPUTS[name](size), INPUTS[name](size * factor)
    print(f"{name}: {_fmt_kb(_bytes(small) / 1000)} -> {_fmt_kb(_bytes(large) / 1000)} (x{factor}); linear growth is x{factor}")
    print("| rule | time small (ms) | time large (ms) | growth |")
    print("|---|---|---|---|")
    for dim in ("directives", "slogans", "deadlines", "quantities", "actors"):
        extractor = getattr(ex, dim, None)
        if extractor is None:
            continue
        for cr in extractor.rules.rules:
            times = []
            for text in (small, large):
                t0 = time.perf_counter()
                try:
                    for _ in cr.regex.finditer(text, timeout=120):
                        pass
                except TimeoutError:
                    times.append(float("inf"))
                    continue
                times.append(time.perf_counter() - t0)
            if times[1] > 0.02 and times[1] > times[0] * factor * 2:
                print(f"| {cr.rule.id} | {times[0] * 1000:,.1f} | {times[1] * 1000:,.1f} | x{times[1] / max(times[0], 1e-9):.1f} |")
    print()
    print("| stage | time small (ms) | time large (ms) | growth |")
    print("|---|---|---|---|")
    stages: dict[str, list[float]] = {}
    for text in (small, large):
        d = Document(text)
        t0 = time.perf_counter()
        dirs = ex.directives.extract(d)
        t1 = time.perf_counter()
        ex.slogans.extract(d, dirs)
        t2 = time.perf_counter()
        ex.deadlines.extract(d)
        t3 = time.perf_counter()
        ex.quantities.extract(d)
        t4 = time.perf_counter()
        if hasattr(ex, "actors"):
            ex.actors.extract(d)
        t5 = time.perf_counter()
        ex.extract(text)
        t6 = time.perf_counter()
        for stage, dt in (("directives", t1 - t0), ("slogans", t2 - t1), ("deadlines", t3 - t2), ("quantities", t4 - t3),
                          ("actors", t5 - t4), ("whole extract", t6 - t5),
                          ("rest of extract (filtering, linking records)", (t6 - t5) - (t5 - t0))):
            stages.setdefault(stage, []).append(max(dt, 0.0))
    whole = stages["whole extract"][1]
    for stage, (a, b) in stages.items():
        big = b > 0.02 and (not stage.startswith("rest") or b > 0.25 * whole)
        flag = "  <- superlinear" if big and b > a * factor * 2 else ""
        print(f"| {stage} | {a * 1000:,.1f} | {b * 1000:,.1f} | x{b / max(a, 1e-9):.1f}{flag} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", default=",".join(INPUTS), help="comma-separated: " + ", ".join(INPUTS))
    ap.add_argument("--sizes", default="10K,100K,1M,10M", help="comma-separated sizes in bytes (K, M suffixes)")
    ap.add_argument("--budget", type=float, default=300.0, help="skip a size projected to take longer (seconds)")
    ap.add_argument("--limit-growth", type=float, default=3.0, help="stop an input whose time per KB grew this much")
    ap.add_argument("--diagnose", metavar="INPUT", help="list the rules and stages that grow superlinearly on INPUT")
    ap.add_argument("--diagnose-size", default="20K", help="the smaller size for --diagnose (the larger is 4x)")
    args = ap.parse_args(argv)
    if args.diagnose:
        diagnose(args.diagnose, parse_size(args.diagnose_size))
        return 0
    names = [n.strip() for n in args.inputs.split(",") if n.strip()]
    unknown = [n for n in names if n not in INPUTS]
    if unknown:
        ap.error(f"unknown inputs: {', '.join(unknown)}")
    print(f"python {sys.version.split()[0]}; time per KB of UTF-8 input; growth = time per KB / time per KB at the smallest size")
    print("| input | size | time (s) | µs per KB | growth | note |")
    print("|---|---|---|---|---|---|")
    run(names, [parse_size(s) for s in args.sizes.split(",")], args.budget, args.limit_growth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
