"""Score extracted records against gold records.

This module reproduces the semantics of the reference scorer
``shared/tools/score.py`` (same pairing, same numbers) behind a typed API.
Records follow the JSON contract of ``shared/annotation/GUIDELINES.md``.

Scoring works per document and per record type:

* Documents are keyed by the basename of the record's ``doc`` field (the part
  after the last ``/``). Only documents that have at least one gold record of a
  known type are scored; system records for other documents are ignored.
* System and gold records are paired one to one. Directives pair when their
  ``start`` offsets differ by at most one character; every other type pairs
  when the spans overlap by at least half the length of the shorter span (and
  by more than zero characters). Pairing is greedy: candidate pairs are taken
  closest start first (directives) or largest overlap first (other types),
  ties broken by the order of the system record, then of the gold record.
* Unpaired system records are false positives ("extras"), unpaired gold
  records false negatives ("misses").
* For each paired record the key fields (:data:`KEY_FIELDS`) are compared;
  the score for a field is the share of pairs that agree on it.

Precision, recall, F1 and field agreement are rounded to :data:`DIGITS`
decimals, exactly as the reference scorer reports them.

Typical use::

    from measures.evaluate import format_report, load_jsonl, score

    result = score(load_jsonl(["out.jsonl"]), load_jsonl(gold_paths))
    print(format_report(result))
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias

__all__ = [
    "DIGITS",
    "KEY_FIELDS",
    "TYPES",
    "TypeScore",
    "Unmatched",
    "fields_agree",
    "format_report",
    "load_jsonl",
    "pair_records",
    "score",
    "to_json",
]

Record: TypeAlias = dict[str, Any]
"""One extracted or gold record, as decoded from a JSONL line."""

PathLike: TypeAlias = str | os.PathLike[str]

TYPES: tuple[str, ...] = ("directive", "slogan", "deadline", "quantity")
"""Record types that are scored, in report order."""

KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "directive": ("ordinal", "level", "kind", "headline"),
    "slogan": ("category", "quoted"),
    "deadline": ("kind", "amount", "unit", "relation", "date"),
    "quantity": ("value", "unit", "comparator", "placeholder"),
}
"""Fields whose agreement is measured on paired records, per type."""

DIGITS = 4
"""Decimals kept for precision, recall, F1 and field agreement."""

DIRECTIVE_START_TOLERANCE = 1
"""Maximum distance in characters between paired directive starts."""

MIN_OVERLAP_SHARE = 0.5
"""Minimum overlap, as a share of the shorter span, for non-directive pairs."""

NUMERIC_REL_TOLERANCE = 1e-6
"""Relative tolerance (w.r.t. the gold value, at least 1.0) for numbers."""

_NUMERIC_FIELDS = frozenset({"value", "amount"})
_DATE_KEYS = ("year", "month", "day")
_DEFAULT_MAX_EXAMPLES = 15


class Unmatched(NamedTuple):
    """A record left without a partner: where it is and what it says."""

    doc: str
    start: int
    text: str | None


@dataclass
class TypeScore:
    """Scores for one record type over all scored documents.

    ``precision``, ``recall``, ``f1`` and the values of ``fields`` are rounded
    to :data:`DIGITS` decimals; ``fields`` maps each key field of the type to
    the share of matched pairs that agree on it (0.0 when nothing matched).
    ``misses`` lists unmatched gold records and ``extras`` unmatched system
    records, in document order (documents sorted by name).
    """

    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    fields: dict[str, float] = field(default_factory=dict)
    misses: list[Unmatched] = field(default_factory=list)
    extras: list[Unmatched] = field(default_factory=list)


# --------------------------------------------------------------------------
# Loading


def load_jsonl(paths: PathLike | Iterable[PathLike]) -> list[Record]:
    """Read records from one or more JSONL files, in order.

    ``paths`` is a single path or an iterable of paths. Blank lines are
    skipped. Raises :class:`ValueError` naming the file and the (1-based) line
    when a line is not valid JSON or not a JSON object.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    records: list[Record] = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for lineno, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
                if not isinstance(record, dict):
                    raise ValueError(f"{path}:{lineno}: expected a JSON object, got {type(record).__name__}")
                records.append(record)
    return records


# --------------------------------------------------------------------------
# Field agreement


def _normalise_headline(text: str) -> str:
    """NFKC-normalise and drop punctuation, separators and whitespace."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        ch for ch in text if not unicodedata.category(ch).startswith(("P", "Z")) and not ch.isspace()
    )


def _numbers_agree(system_value: Any, gold_value: Any) -> bool:
    if system_value is None or gold_value is None:
        return system_value is None and gold_value is None
    try:
        sys_number, gold_number = float(system_value), float(gold_value)
    except (TypeError, ValueError, OverflowError):
        return False
    return abs(sys_number - gold_number) <= NUMERIC_REL_TOLERANCE * max(1.0, abs(gold_number))


def _dates_agree(system_value: Any, gold_value: Any) -> bool:
    if not system_value or not gold_value:
        return not system_value and not gold_value
    if not isinstance(system_value, Mapping) or not isinstance(gold_value, Mapping):
        return system_value == gold_value
    return all(
        system_value.get(key) == gold_value.get(key) for key in _DATE_KEYS if gold_value.get(key) is not None
    )


def fields_agree(field_name: str, system_value: Any, gold_value: Any) -> bool:
    """Whether a system value agrees with the gold value of a key field.

    * ``headline``: equal after NFKC normalisation and removal of punctuation,
      separators and whitespace.
    * ``value``, ``amount``: both null, or both numbers (numeric strings are
      accepted) within a relative tolerance of 1e-6 of the gold value.
    * ``date``: both empty/null, or every one of ``year``/``month``/``day``
      that the gold date gives is equal in the system date (extra keys in
      the system date are ignored).
    * anything else: plain equality.
    """
    if field_name == "headline":
        if isinstance(system_value, str) and isinstance(gold_value, str):
            return _normalise_headline(system_value) == _normalise_headline(gold_value)
        return system_value == gold_value
    if field_name in _NUMERIC_FIELDS:
        return _numbers_agree(system_value, gold_value)
    if field_name == "date":
        return _dates_agree(system_value, gold_value)
    return system_value == gold_value


# --------------------------------------------------------------------------
# Pairing


def _offset(record: Record, key: str) -> Any:
    try:
        return record[key]
    except KeyError:
        raise ValueError(f"record has no {key!r} offset: {record!r}") from None


def _overlap(a: Record, b: Record) -> Any:
    return max(0, min(_offset(a, "end"), _offset(b, "end")) - max(_offset(a, "start"), _offset(b, "start")))


def pair_records(system: list[Record], gold: list[Record], record_type: str) -> list[tuple[int, int]]:
    """Pair system and gold records of one document and type, one to one.

    Returns ``(system_index, gold_index)`` pairs in the order they were
    chosen. Directives are candidates when their starts differ by at most
    :data:`DIRECTIVE_START_TOLERANCE`, closest first; other types when they
    overlap by more than zero and at least :data:`MIN_OVERLAP_SHARE` of the
    shorter span, largest overlap first. Ties go to the earlier system
    record, then to the earlier gold record.
    """
    candidates: list[tuple[Any, int, int]] = []  # (rank: lower is better, i, j)
    for i, sys_rec in enumerate(system):
        for j, gold_rec in enumerate(gold):
            if record_type == "directive":
                distance = abs(_offset(sys_rec, "start") - _offset(gold_rec, "start"))
                if distance <= DIRECTIVE_START_TOLERANCE:
                    candidates.append((distance, i, j))
            else:
                shared = _overlap(sys_rec, gold_rec)
                shorter = min(
                    _offset(gold_rec, "end") - _offset(gold_rec, "start"),
                    _offset(sys_rec, "end") - _offset(sys_rec, "start"),
                )
                if shared > 0 and shared >= MIN_OVERLAP_SHARE * shorter:
                    candidates.append((-shared, i, j))
    candidates.sort()
    used_system: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i not in used_system and j not in used_gold:
            used_system.add(i)
            used_gold.add(j)
            pairs.append((i, j))
    return pairs


# --------------------------------------------------------------------------
# Scoring


def _doc_key(record: Record) -> str:
    return str(record.get("doc")).rsplit("/", 1)[-1]


def _group(records: Iterable[Record]) -> dict[tuple[str, str], list[Record]]:
    """Group records of the scored types by (document basename, type)."""
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        record_type = record.get("type")
        if record_type in TYPES:
            groups[(_doc_key(record), record_type)].append(record)
    return groups


def _selected_types(types: Iterable[str] | None) -> list[str]:
    if types is None:
        return list(TYPES)
    wanted = {types} if isinstance(types, str) else set(types)
    unknown = wanted - set(TYPES)
    if unknown:
        raise ValueError(f"unknown record type(s): {', '.join(sorted(unknown))}; known: {', '.join(TYPES)}")
    return [t for t in TYPES if t in wanted]


def _unmatched(doc: str, record: Record) -> Unmatched:
    return Unmatched(doc, _offset(record, "start"), record.get("text"))


def _score_type(
    record_type: str,
    docs: list[str],
    system: Mapping[tuple[str, str], list[Record]],
    gold: Mapping[tuple[str, str], list[Record]],
) -> TypeScore:
    key_fields = KEY_FIELDS[record_type]
    tp = fp = fn = 0
    agreeing = dict.fromkeys(key_fields, 0)
    misses: list[Unmatched] = []
    extras: list[Unmatched] = []
    for doc in docs:
        sys_recs = system.get((doc, record_type), [])
        gold_recs = gold.get((doc, record_type), [])
        pairs = pair_records(sys_recs, gold_recs, record_type)
        tp += len(pairs)
        fp += len(sys_recs) - len(pairs)
        fn += len(gold_recs) - len(pairs)
        paired_system = {i for i, _ in pairs}
        paired_gold = {j for _, j in pairs}
        misses.extend(_unmatched(doc, r) for j, r in enumerate(gold_recs) if j not in paired_gold)
        extras.extend(_unmatched(doc, r) for i, r in enumerate(sys_recs) if i not in paired_system)
        for i, j in pairs:
            for name in key_fields:
                if fields_agree(name, sys_recs[i].get(name), gold_recs[j].get(name)):
                    agreeing[name] += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return TypeScore(
        tp=tp,
        fp=fp,
        fn=fn,
        precision=round(precision, DIGITS),
        recall=round(recall, DIGITS),
        f1=round(f1, DIGITS),
        fields={name: round(agreeing[name] / tp, DIGITS) if tp else 0.0 for name in key_fields},
        misses=misses,
        extras=extras,
    )


def score(
    system: list[Record],
    gold: list[Record],
    types: Iterable[str] | None = None,
) -> dict[str, TypeScore]:
    """Score system records against gold records.

    Only documents with gold records (of a known type) are scored, and
    records of unknown types are ignored. ``types`` restricts the result to
    some record types (a single type name is accepted too); unknown names
    raise :class:`ValueError`. The result maps each type, in :data:`TYPES`
    order, to its :class:`TypeScore`.
    """
    selected = _selected_types(types)
    system_groups = _group(system)
    gold_groups = _group(gold)
    docs = sorted({doc for doc, _ in gold_groups})
    return {t: _score_type(t, docs, system_groups, gold_groups) for t in selected}


# --------------------------------------------------------------------------
# Reporting


def format_report(scores: Mapping[str, TypeScore]) -> str:
    """One line per type, in the format of the reference scorer's text output.

    Example::

        directive P=0.950 R=0.905 F1=0.927 (tp=76 fp=4 fn=8) fields: ordinal=1.00 ...
    """
    lines = []
    for record_type, result in scores.items():
        fields_text = " ".join(f"{name}={share:.2f}" for name, share in result.fields.items())
        lines.append(
            f"{record_type:9s} P={result.precision:.3f} R={result.recall:.3f} F1={result.f1:.3f} "
            f"(tp={result.tp} fp={result.fp} fn={result.fn}) fields: {fields_text}"
        )
    return "\n".join(lines)


def to_json(
    scores: Mapping[str, TypeScore],
    max_examples: int | None = _DEFAULT_MAX_EXAMPLES,
) -> dict[str, dict[str, Any]]:
    """A JSON-ready dict in the shape of the reference scorer's ``--json``.

    ``misses`` and ``extras`` become ``[doc, start, text]`` lists, at most
    ``max_examples`` of each (15 by default, as the reference scorer;
    ``None`` keeps all).
    """

    def examples(items: list[Unmatched]) -> list[list[Any]]:
        kept = items if max_examples is None else items[:max_examples]
        return [list(item) for item in kept]

    return {
        record_type: {
            "tp": result.tp,
            "fp": result.fp,
            "fn": result.fn,
            "precision": result.precision,
            "recall": result.recall,
            "f1": result.f1,
            "fields": dict(result.fields),
            "misses": examples(result.misses),
            "extras": examples(result.extras),
        }
        for record_type, result in scores.items()
    }
