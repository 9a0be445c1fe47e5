"""Readable text renderings of a result: the terminal table."""

from __future__ import annotations

from .models import RECORD_TYPES
from .result import Extraction

PLURAL = {"directive": "directives", "slogan": "slogans", "deadline": "deadlines", "quantity": "quantities", "actor": "actors"}


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


def format_table(result: Extraction) -> str:
    """A readable terminal summary of one document's records."""
    lines = []
    counts = "  ".join(f"{PLURAL[t]}: {len(result.of_type(t))}" for t in RECORD_TYPES)
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
    actors = result.of_type("actor")
    if actors:
        names: dict[str, int] = {}
        for a in actors:
            names[a.canonical] = names.get(a.canonical, 0) + 1  # type: ignore[attr-defined]
        lines.append("-- actors")
        lines.append("  " + "  ".join(f"{n}×{c}" if c > 1 else n for n, c in names.items()))
    for t in ("slogan", "deadline", "quantity"):
        recs = result.of_type(t)
        if recs:
            lines.append(f"-- {PLURAL[t]}")
            for r in recs:
                lines.append(f"  @{r.start:<6d} {_clip(r.text, 18):20s} {cols[t](r)}")
    return "\n".join(lines)


def _clip(s: str, n: int) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"
