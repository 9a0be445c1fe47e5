"""A self-contained HTML report of one or several documents, built on displaCy's span visualizer.

    from measures.render import render_page
    html = render_page([("speech.txt", text)])          # one section per document

Each document is run through `spacy.blank("zh")` with the `measures` component
on a Doc whose tokens are exactly the characters of the text, so the token
indices displaCy's span style works with are the records' character offsets.
The highlighted text comes from `spacy.displacy.render(style="span",
manual=True, page=False)` with the page's own templates and one colour per
record type; overlapping records (a slogan in a directive's headline) stack as
displaCy draws them.

Around it the page adds, per document: the outline as a table of contents
linking to the directives, the slogans and deadlines listed beside the text,
the record's fields as a tooltip on each span label, and a side panel that
shows the fields of the records under the mouse. Everything (CSS, the short
script, the data) is inline; a Content-Security-Policy forbids any request.

How per-span data gets into displaCy's markup: displaCy's templates receive
only the token text and the label, and it appends a space after every
unhighlighted token. Each token therefore carries private-use sentinel
characters (absent from the text) that mark its index and its end, and each
label carries its record's index; after rendering, the sentinels are replaced
by anchors, data attributes and titles, and the appended spaces are removed.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import spacy
from spacy import displacy
from spacy.language import Language
from spacy.tokens import Doc

from .models import MODEL_BY_TYPE, Record
from .result import Extraction, record_to_dict
from .spacy_component import doc_extraction, span_record

__all__ = ["TYPE_COLORS", "type_color", "build_nlp", "char_doc", "process", "render_section", "render_page"]

TYPE_COLORS: dict[str, str] = {
    "directive": "#7aecec",
    "slogan": "#feca74",
    "deadline": "#ff9561",
    "quantity": "#aa9cfc",
    "actor": "#bfe1d9",
}
_SPARE_COLORS = ("#c887fb", "#e4e7d2", "#ffeb80", "#bfeeb7", "#f0b6a8", "#9cc9cc", "#ddd")

# displaCy span-style templates: as displaCy's, with classes instead of long
# inline styles, and no whitespace (the text is shown with white-space: pre-wrap).
_TPL_SPAN = '<span class="m-tok" style="height: {total_height}px">{text}{span_slices}{span_starts}</span>'
_TPL_SLICE = '<span class="m-slice" style="background: {bg}; top: {top_offset}px"></span>'
_TPL_START = (
    '<span class="m-start" style="background: {bg}; top: {top_offset}px">'
    '<span class="m-label" style="background: {bg}">{label}{kb_link}</span></span>'
)
_DISPLACY_OPTIONS: dict[str, Any] = {
    "template": {"span": _TPL_SPAN, "slice": _TPL_SLICE, "start": _TPL_START},
    "top_offset": 38,
    "span_label_offset": 11,
    "top_offset_step": 6,
}

_ASSETS = "render_assets"


def type_color(record_type: str) -> str:
    """The highlight colour of a record type (a spare colour for types added later)."""
    if record_type in TYPE_COLORS:
        return TYPE_COLORS[record_type]
    others = [t for t in MODEL_BY_TYPE if t not in TYPE_COLORS]
    i = others.index(record_type) if record_type in others else len(others)
    return _SPARE_COLORS[i % len(_SPARE_COLORS)]


def build_nlp(rules: Iterable[str | Path] = (), *, spans_key: str = "measures") -> Language:
    """`spacy.blank("zh")` with the measures component (extra rule packs `rules`)."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("measures", config={"rules": [str(p) for p in rules], "spans_key": spans_key})
    return nlp


def char_doc(nlp: Language, text: str) -> Doc:
    """A Doc of `text` with one token per character (whitespace included), unprocessed."""
    return Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))


def process(nlp: Language, text: str) -> Doc:
    """Run `nlp`'s pipeline on the character Doc of `text`."""
    return nlp(char_doc(nlp, text))


# -- one document ---------------------------------------------------------------
def _sentinels(text: str, n: int = 4) -> list[str]:
    out: list[str] = []
    cp = 0xE000
    while len(out) < n:
        c = chr(cp)
        if c not in text:
            out.append(c)
        cp += 1
    return out


def describe(record: Record) -> str:
    """The record's fields as text, one `field: value` a line (nulls left out)."""
    d = record_to_dict(record)
    lines = [f"{d['type']} [{d['start']}:{d['end']}] {d['text']}"]
    for k, v in d.items():
        if k in ("doc", "type", "start", "end", "text") or v is None:
            continue
        lines.append(f"{k}: {json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v}")
    return "\n".join(lines)


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _records_of(doc: Doc, spans_key: str) -> list[Record]:
    """The records behind the spans of `doc.spans[spans_key]`, in the component's order."""
    result = doc_extraction(doc, spans_key)
    if result is not None:
        return list(result.records)
    found = [span_record(s, spans_key) for s in doc.spans.get(spans_key, [])]
    return [r for r in found if r is not None]


def _highlighted_text(text: str, records: Sequence[Record], prefix: str) -> str:
    """displaCy's span markup of `text` with the records as spans (token i = character i)."""
    tok, lab, close, end = _sentinels(text)
    starts: dict[int, list[int]] = {}
    for rid, r in enumerate(records):
        starts.setdefault(r.start, []).append(rid)
    spans: list[dict[str, Any]] = []
    colors: dict[str, str] = {}
    for rid, r in enumerate(records):
        if r.end > r.start:
            label = f"{r.type}{lab}{rid}{close}"  # type: ignore[attr-defined]
            spans.append({"start_token": r.start, "end_token": r.end, "label": label})
            colors[label] = type_color(r.type)  # type: ignore[attr-defined]
    parsed = {
        "text": text,
        "tokens": [f"{tok}{i}{close}{c}{end}" for i, c in enumerate(text)],
        "spans": spans,
        "title": None,
        "settings": {"lang": "zh", "direction": "ltr"},
    }
    options = dict(_DISPLACY_OPTIONS, colors=colors)
    markup = displacy.render(parsed, style="span", manual=True, page=False, options=options)

    def anchors(i: int) -> str:
        return "".join(f'<span class="m-anchor" id="{prefix}-r{rid}"></span>' for rid in starts.get(i, ()))

    markup = markup.replace(end + " ", "").replace(end, "")
    markup = re.sub(
        '<span class="m-tok" style="([^"]*)">' + re.escape(tok) + r"(\d+)" + re.escape(close),
        lambda m: f'<span class="m-tok" data-i="{m[2]}" style="{m[1]}">' + anchors(int(m[2])),
        markup,
    )
    markup = re.sub(re.escape(tok) + r"(\d+)" + re.escape(close), lambda m: anchors(int(m[1])), markup)

    def label(m: "re.Match[str]") -> str:
        rid = int(m[2])
        r = records[rid]
        return (
            f'<span class="m-label" data-r="{rid}" style="{m[1]}" title="{_esc(describe(r))}">'
            f"{_esc(r.type)}</span>"  # type: ignore[attr-defined]
        )

    markup = re.sub(
        '<span class="m-label" style="([^"]*)">[^<]*?' + re.escape(lab) + r"(\d+)" + re.escape(close) + "</span>",
        label,
        markup,
    )
    return markup


def _toc(result: Extraction, rid_of: dict[int, int], prefix: str) -> str:
    items = []
    for d in result.directives:
        items.append(
            f'<li class="m-{_esc(d.kind)}" style="padding-left: {(d.level - 1) * 1.1:.1f}em">'
            f'<a href="#{prefix}-r{rid_of[id(d)]}" title="{_esc(describe(d))}">'
            f"{_esc(d.marker)}{_esc(_short(d.headline))}</a></li>"
        )
    body = f'<ol class="m-list">{"".join(items)}</ol>' if items else '<p class="m-none">No numbered outline.</p>'
    return f'<nav class="m-toc" aria-label="Outline"><h3>Outline</h3>{body}</nav>'


def _side_list(title: str, records: list[Record], rid_of: dict[int, int], prefix: str) -> str:
    items = []
    for r in records:
        if r.type == "slogan":  # type: ignore[attr-defined]
            shown = f"“{getattr(r, 'slogan', r.text)}”" if getattr(r, "quoted", False) else getattr(r, "slogan", r.text)
            meta = getattr(r, "category", "")
            sub = "、".join(getattr(r, "expansion", None) or [])
        elif r.type == "deadline":  # type: ignore[attr-defined]
            shown = r.text
            meta = getattr(r, "iso", None) or getattr(r, "kind", "")
            sub = getattr(r, "action", None) or ""
        else:
            shown, meta, sub = r.text, "", ""
        items.append(
            f'<li><a href="#{prefix}-r{rid_of[id(r)]}" title="{_esc(describe(r))}">{_esc(_short(shown, 30))}</a>'
            + (f' <span class="m-meta">{_esc(meta)}</span>' if meta else "")
            + (f'<div class="m-sub">{_esc(_short(sub, 60))}</div>' if sub else "")
            + "</li>"
        )
    body = f'<ul class="m-list">{"".join(items)}</ul>' if items else '<p class="m-none">None.</p>'
    return f"<h3>{_esc(title)} <span class=\"m-count\">{len(records)}</span></h3>{body}"


def _legend(counts: dict[str, int] | None = None) -> str:
    chips = []
    for t in MODEL_BY_TYPE:
        n = f" {counts.get(t, 0)}" if counts is not None else ""
        chips.append(f'<span class="m-chip" style="background: {type_color(t)}">{_esc(t)}{n}</span>')
    return f'<p class="m-legend">{"".join(chips)}</p>'


def render_section(doc: Doc, name: str, *, index: int = 1, spans_key: str = "measures") -> str:
    """The HTML section of one processed Doc: outline, highlighted text, slogans and deadlines.

    `doc` must have been through the measures component (see `process`); `name`
    heads the section; `index` makes the section's ids unique in a page
    (`d<index>`, and `d<index>-r<n>` for the position of record n).
    """
    prefix = f"d{index}"
    records = _records_of(doc, spans_key)
    result = Extraction(doc.text, records)
    rid_of = {id(r): rid for rid, r in enumerate(records)}
    counts = {t: len(result.of_type(t)) for t in MODEL_BY_TYPE}
    data = json.dumps([[r.start, r.end] for r in records]).replace("<", "\\u003c")
    slogans = result.of_type("slogan") if "slogan" in MODEL_BY_TYPE else []
    deadlines = result.of_type("deadline") if "deadline" in MODEL_BY_TYPE else []
    return (
        f'<section class="m-doc" id="{prefix}" aria-labelledby="{prefix}-h">'
        f'<h2 id="{prefix}-h">{_esc(name)}</h2>'
        f"{_legend(counts)}"
        f'<div class="m-grid">'
        f"{_toc(result, rid_of, prefix)}"
        f'<article class="m-text" lang="zh">{_highlighted_text(doc.text, records, prefix)}</article>'
        f'<aside class="m-side">'
        f'<h3>Record</h3><div class="m-details" aria-live="polite">'
        f'<p class="m-none">Point at highlighted text to see its records here; hover a label for its fields.</p></div>'
        f"{_side_list('Slogans', slogans, rid_of, prefix)}"
        f"{_side_list('Deadlines', deadlines, rid_of, prefix)}"
        f"</aside></div>"
        f'<script type="application/json" class="m-data">{data}</script>'
        f"</section>"
    )


def _asset(name: str) -> str:
    return (resources.files("measures") / _ASSETS / name).read_text(encoding="utf-8")


def render_page(
    documents: Iterable[tuple[str, str]],
    *,
    rules: Iterable[str | Path] = (),
    title: str = "measures report",
    nlp: Language | None = None,
) -> str:
    """A complete, self-contained HTML page with one section per `(name, text)` document.

    `rules` are extra rule packs for the extraction (ignored when `nlp`, a
    pipeline with the measures component under the default spans key, is given).
    """
    nlp = nlp or build_nlp(rules)
    sections = []
    names = []
    for i, (name, text) in enumerate(documents, start=1):
        sections.append(render_section(process(nlp, text), name, index=i))
        names.append(name)
    nav = ""
    if len(names) > 1:
        links = "".join(f'<li><a href="#d{i}">{_esc(n)}</a></li>' for i, n in enumerate(names, start=1))
        nav = f'<nav class="m-docs" aria-label="Documents"><ol>{links}</ol></nav>'
    from . import __version__

    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_asset('report.css')}</style></head>\n"
        f'<body><header class="m-head"><h1>{_esc(title)}</h1>'
        f'<p class="m-gen">{len(names)} document{"s" if len(names) != 1 else ""} · measures {__version__}</p>'
        f"{_legend()}{nav}</header>\n"
        + "\n".join(sections)
        + f"\n<script>{_asset('report.js')}</script></body></html>\n"
    )
