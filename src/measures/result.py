"""The result for one document: its records in document order, and ways to query them."""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator, Sequence, TypeVar, overload

from .models import Actor, Deadline, Directive, MODEL_BY_TYPE, Quantity, Record, Slogan, sort_key

R = TypeVar("R", bound=Record)


class Extraction(Sequence[Record]):
    """Records of one document, in document order, with queries by type, field, containment and outline.

    >>> result = measures.extract("一、加强领导。\\n要在2小时内到达现场。")
    >>> [d.headline for d in result.directives]
    ['加强领导']
    >>> result.directive_of(result.deadlines[0]).ordinal
    1
    """

    def __init__(self, text: str, records: list[Record], doc: str | None = None) -> None:
        self.text = text
        self.doc = doc
        self.records: list[Record] = sorted(records, key=sort_key)
        self._directives = [r for r in self.records if isinstance(r, Directive)]
        self._by_start = {d.start: d for d in self._directives}

    # -- sequence protocol ---------------------------------------------------
    @overload
    def __getitem__(self, i: int) -> Record: ...
    @overload
    def __getitem__(self, i: slice) -> list[Record]: ...
    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        return self.records[i]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __repr__(self) -> str:
        counts = ", ".join(f"{t}={len(self.of_type(t))}" for t in MODEL_BY_TYPE)
        return f"<Extraction doc={self.doc!r} {counts}>"

    # -- by type and field ---------------------------------------------------
    @property
    def directives(self) -> list[Directive]:
        return list(self._directives)

    @property
    def slogans(self) -> list[Slogan]:
        return [r for r in self.records if isinstance(r, Slogan)]

    @property
    def deadlines(self) -> list[Deadline]:
        return [r for r in self.records if isinstance(r, Deadline)]

    @property
    def quantities(self) -> list[Quantity]:
        return [r for r in self.records if isinstance(r, Quantity)]

    @property
    def actors(self) -> list[Actor]:
        return [r for r in self.records if isinstance(r, Actor)]

    def of_type(self, type_: str) -> list[Record]:
        """Records of one type: `directive`, `slogan`, `deadline`, `quantity` or `actor`."""
        if type_ not in MODEL_BY_TYPE:
            raise ValueError(f"unknown record type {type_!r}; expected one of {', '.join(MODEL_BY_TYPE)}")
        return [r for r in self.records if r.type == type_]  # type: ignore[attr-defined]

    def filter(self, type: str | None = None, where: Callable[[Record], bool] | None = None, **fields: Any) -> list[Record]:
        """Records matching a type, a predicate, and field values (`unit="hour"`, `level=2`).

        A field value may be a callable, applied to the record's value (`amount=lambda a: a and a < 4`).
        Asking for a field the matching records do not have raises `ValueError`.
        """
        pool = self.of_type(type) if type else self.records
        out = []
        for r in pool:
            ok = True
            for name, want in fields.items():
                if name not in type_fields(r) and name not in (r.model_extra or {}):
                    if type:
                        raise ValueError(f"{type} records have no field {name!r}")
                    ok = False
                    break
                have = getattr(r, name, None)
                if not (want(have) if callable(want) else have == want):
                    ok = False
                    break
            if ok and (where is None or where(r)):
                out.append(r)
        return out

    # -- containment and outline ---------------------------------------------
    def within(self, directive: Directive, type: str | None = None) -> list[Record]:
        """Records whose span lies in the directive's body (from its start to `body_end`), itself excluded."""
        body_end = self._body_end(directive)
        return [
            r for r in (self.of_type(type) if type else self.records)
            if r is not directive and directive.start <= r.start and r.end <= body_end
        ]

    def _body_end(self, directive: Directive) -> int:
        """`body_end`, or for a directive read without one (gold files may leave it out), the end of the text."""
        return directive.body_end if directive.body_end is not None else len(self.text)

    def directive_of(self, record: Record) -> Directive | None:
        """The innermost directive whose body holds the record (not the record itself)."""
        best: Directive | None = None
        for d in self._directives:
            if d.start > record.start:
                break
            if d is not record and d.start <= record.start and record.end <= self._body_end(d):
                if best is None or d.level > best.level:
                    best = d
        return best

    def parent(self, directive: Directive) -> Directive | None:
        return self._by_start.get(directive.parent) if directive.parent is not None else None

    def children(self, directive: Directive) -> list[Directive]:
        return [d for d in self._directives if d.parent == directive.start]

    def roots(self) -> list[Directive]:
        """The level-1 items, in order."""
        return [d for d in self._directives if d.parent is None]

    def ancestors(self, directive: Directive) -> list[Directive]:
        """Parent, grandparent, … up to level 1."""
        out = []
        p = self.parent(directive)
        while p is not None:
            out.append(p)
            p = self.parent(p)
        return out

    def outline(self, indent: str = "  ") -> str:
        """The outline as indented text, one item a line."""
        return "\n".join(f"{indent * (d.level - 1)}{d.marker}{d.headline}" for d in self._directives)

    # -- output --------------------------------------------------------------
    def to_dicts(self) -> list[dict[str, Any]]:
        """Records as JSON-ready dicts, in the contract of the guidelines."""
        return [record_to_dict(r) for r in self.records]

    def to_jsonl(self) -> str:
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in self.to_dicts())


def type_fields(record: Record) -> set[str]:
    return set(type(record).model_fields)


def record_to_dict(record: Record) -> dict[str, Any]:
    """One record as a dict: common fields first, then the fields of its type."""
    d = record.model_dump(mode="json")
    head = {k: d.pop(k) for k in ("doc", "type", "start", "end", "text")}
    rule = d.pop("rule", None)
    head.update(d)
    if rule is not None:
        head["rule"] = rule
    return head


def records_from_dicts(rows: list[dict[str, Any]]) -> list[Record]:
    """Records back from contract dicts (the inverse of `record_to_dict`)."""
    out: list[Record] = []
    for row in rows:
        t = row.get("type")
        if t not in MODEL_BY_TYPE:
            raise ValueError(f"unknown record type {t!r}")
        data = {k: v for k, v in row.items() if k != "type"}
        out.append(MODEL_BY_TYPE[t].model_validate(data))
    return out

