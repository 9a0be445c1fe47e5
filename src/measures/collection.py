"""Many documents' results together: queries across them, and the corpus view of slogans."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .models import Actor, Record
from .result import Extraction


@dataclass
class SloganGroup:
    """One slogan across a corpus: its variants as written, how often, and where."""

    canonical: str
    count: int = 0
    variants: dict[str, int] = field(default_factory=dict)
    docs: list[str] = field(default_factory=list)
    category: str | None = None
    expansions: list[list[str]] = field(default_factory=list)


class Collection:
    """The results of several documents, queried together.

    >>> col = Collection([measures.extract(t1, doc="a"), measures.extract(t2, doc="b")])
    >>> col.filter("deadline", unit="hour")
    """

    def __init__(self, results: Iterable[Extraction] = ()) -> None:
        self.results: list[Extraction] = list(results)

    @classmethod
    def from_files(cls, paths: Iterable[str | Path], **kwargs: Any) -> "Collection":
        """Extract every file (see `measures.extract_file`)."""
        from . import extract_file

        return cls(extract_file(p, **kwargs) for p in paths)

    def __iter__(self) -> Iterator[Extraction]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def records(self, type: str | None = None) -> Iterator[Record]:
        for res in self.results:
            yield from (res.of_type(type) if type else res.records)

    def filter(self, type: str | None = None, where: Callable[[Record], bool] | None = None,
               actor: str | None = None, **fields: Any) -> list[Record]:
        """Records of every document matching a type, a predicate, field values and, for
        records in a directive that names one, an actor (matched on `actor` or `canonical`)."""
        out: list[Record] = []
        for res in self.results:
            found = res.filter(type, where, **fields)
            if actor is not None:
                found = [r for r in found if actor in _actors_around(res, r)]
            out.extend(found)
        return out

    def slogan_groups(self, similarity: float = 0.8) -> list[SloganGroup]:
        """Slogans grouped across documents by canonical form, near-identical forms merged
        (宁可备而不用，不能用而无备 ~ 宁可备而无用，不可用而无备), most frequent first."""
        by_canon: dict[str, SloganGroup] = {}
        for res in self.results:
            for s in res.slogans:
                key = s.canonical or s.slogan
                g = by_canon.setdefault(key, SloganGroup(key, category=s.category))
                g.count += 1
                g.variants[s.slogan] = g.variants.get(s.slogan, 0) + 1
                if res.doc and res.doc not in g.docs:
                    g.docs.append(res.doc)
                exp = s.expansion or s.known_expansion
                if exp and exp not in g.expansions:
                    g.expansions.append(exp)
        groups = sorted(by_canon.values(), key=lambda g: (-g.count, g.canonical))
        merged: list[SloganGroup] = []
        for g in groups:
            home = next((m for m in merged if _near(m.canonical, g.canonical, similarity)), None)
            if home is None:
                merged.append(g)
                continue
            home.count += g.count
            for v, n in g.variants.items():
                home.variants[v] = home.variants.get(v, 0) + n
            home.docs.extend(d for d in g.docs if d not in home.docs)
            home.expansions.extend(e for e in g.expansions if e not in home.expansions)
        return sorted(merged, key=lambda g: (-g.count, g.canonical))


def _near(a: str, b: str, similarity: float) -> bool:
    """Long slogans that differ in a few characters are one slogan written two ways."""
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 2:
        return False
    return SequenceMatcher(None, a, b).ratio() >= similarity


def _actors_around(res: Extraction, record: Record) -> set[str]:
    """Names of the actors in the directive body that holds the record (or the record itself)."""
    if isinstance(record, Actor):
        return {record.actor, record.canonical}
    holder = res.directive_of(record)
    if holder is None:
        return set()
    names: set[str] = set()
    for a in res.within(holder, type="actor"):
        names |= {a.actor, a.canonical}  # type: ignore[attr-defined]
    if getattr(record, "actor", None):
        names.add(record.actor)  # type: ignore[attr-defined]
    return names


def slogan_table(groups: list[SloganGroup]) -> list[dict[str, Any]]:
    """The corpus view as rows (for printing or a DataFrame)."""
    return [
        {"canonical": g.canonical, "count": g.count, "documents": len(g.docs), "docs": g.docs,
         "variants": dict(sorted(g.variants.items(), key=lambda kv: -kv[1])), "category": g.category,
         "expansion": g.expansions[0] if g.expansions else None}
        for g in groups
    ]
