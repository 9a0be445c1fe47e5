"""Splitting a collection into its documents, with offsets into the collection.

Scraped collections hold several articles in one file: a title and an ad line of
the site, then one heading line per article (`市长在全市疫情防控工作会议上的讲话篇一`,
`…讲话篇十七`), each followed by its text and its page debris.

>>> text = "讲话(热门2篇)\\n下面是小编为大家整理的。\\n讲话篇一\\n一、加强领导。\\n讲话篇二\\n二要落实。"
>>> [(s.title, s.start, s.end) for s in split_collection(text)]
[('讲话篇一', 22, 35), ('讲话篇二', 35, 45)]
>>> split_collection(text)[1].text
'讲话篇二\\n二要落实。'

A document starts at its heading line and ends where the next heading starts
(or at the end of the collection); the lines before the first heading (the
collection's own title) belong to no document. `Segment.text` is exactly
`collection[start:end]`, so an offset into a segment plus `start` is an offset
into the collection (`Segment.to_collection` shifts a record). `measures split`
writes each segment as a file, `Segment.file_text`: the same text, ending with a
line break.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, TypeVar

import regex

from .numbers import parse_number

# A heading: an optional stem (the collection's title), 篇 and the article's number,
# optionally in brackets (【篇三】) and followed by the article's own title (篇三：…).
_HEADING = regex.compile(
    r"""(?m)^[ \t\u3000]*
        (?P<title>
          (?P<stem>[^\n]{0,80}?)
          [【\[]?篇(?P<number>[零〇一二两三四五六七八九十百]{1,4}|[0-9]{1,3})[】\]]?
          (?:[ \t\u3000]*[:：、.．][^\n]{0,80}?)?
        )
        [ \t\u3000\r]*$""",
    regex.VERBOSE,
)

# Record fields that hold offsets into the document.
OFFSET_FIELDS: tuple[str, ...] = ("start", "end", "body_end", "parent", "in_directive")

R = TypeVar("R")


@dataclass(frozen=True)
class Segment:
    """One document of a collection: `text` is `collection[start:end]`, from its heading line to the next."""

    title: str  # the heading line, without surrounding blanks
    start: int  # offset of the heading line in the collection
    end: int  # offset of the next heading line, or the length of the collection
    text: str
    number: int | None = None  # the number the heading shows (篇十七 -> 17), None without one
    index: int = 1  # the position of the segment in the collection, from 1

    @property
    def file_text(self) -> str:
        """The text as `measures split` writes it: ending with a line break (the collection's own, or one added)."""
        if not self.text or self.text.endswith("\n"):
            return self.text
        return self.text + ("\r\n" if "\r\n" in self.text else "\n")

    def file_name(self, prefix: str, count: int) -> str:
        """`prefix_NN.txt`, NN the segment's position, with as many digits as `count` needs (at least two)."""
        width = max(2, len(str(count)))
        return f"{prefix}_{self.index:0{width}d}.txt"

    def to_collection(self, record: R, doc: str | None = None) -> R:
        """A copy of `record` (extracted from this segment's text) with its offsets into the collection.

        `doc`, when given, replaces the record's document name.
        """
        update = {f: getattr(record, f) + self.start for f in OFFSET_FIELDS if getattr(record, f, None) is not None}
        if doc is not None:
            update["doc"] = doc
        return record.model_copy(update=update)  # type: ignore[attr-defined]


def find_headings(text: str) -> list[regex.Match[str]]:
    """The heading lines of the collection's articles, in order.

    Lines shaped like a heading are grouped by their stem (the text before 篇); the
    stem with the most such lines is the collection's, and only its lines are headings.
    """
    by_stem: dict[str, list[regex.Match[str]]] = {}
    for m in _HEADING.finditer(text):
        by_stem.setdefault(m.group("stem").strip(), []).append(m)
    if not by_stem:
        return []
    best = max(by_stem.values(), key=lambda ms: (len(ms), -ms[0].start()))
    return best


def split_collection(text: str) -> list[Segment]:
    """The documents of a collection, each from its heading line to the next heading (see the module's doc).

    A text without headings is one document (titled by its first non-blank line);
    an empty or blank text has none.
    """
    if not text.strip():
        return []
    headings = find_headings(text)
    if not headings:
        first = next(line.strip() for line in text.splitlines() if line.strip())
        return [Segment(first, 0, len(text), text, None, 1)]
    starts = [text.rfind("\n", 0, m.start("title")) + 1 for m in headings]  # the heading line's first character
    ends = starts[1:] + [len(text)]
    segments = []
    for i, (m, s, e) in enumerate(zip(headings, starts, ends), start=1):
        number = parse_number(m.group("number"))
        segments.append(Segment(m.group("title").strip(), s, e, text[s:e], number if isinstance(number, int) else None, i))
    return segments


def write_segments(segments: Iterable[Segment], out_dir: str | Path, prefix: str) -> list[Path]:
    """Write each segment's `file_text` as UTF-8 to `out_dir/prefix_NN.txt`; return the paths written."""
    segments = list(segments)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for seg in segments:
        p = out / seg.file_name(prefix, len(segments))
        p.write_bytes(seg.file_text.encode("utf-8"))
        paths.append(p)
    return paths
