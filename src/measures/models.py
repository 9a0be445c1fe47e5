"""The records: pydantic models whose fields are the JSON contract of the guidelines.

Every record carries `doc`, `type`, `start`, `end` and `text` (exactly
`document[start:end]`), plus the fields of its type. Extra provenance (`rule`,
the id of the rule that produced it) is allowed by the contract.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_serializer, model_validator

RecordType = Literal["directive", "slogan", "deadline", "quantity", "actor"]
RECORD_TYPES: tuple[str, ...] = ("directive", "slogan", "deadline", "quantity", "actor")

Number = Union[int, float]


class Record(BaseModel):
    """Fields common to every record."""

    model_config = ConfigDict(frozen=True, extra="allow")

    doc: str | None = Field(None, description="Document identifier: a file's name without folders.")
    start: int = Field(ge=0, description="Offset of the first character (Python str index).")
    end: int = Field(ge=0, description="Offset after the last character (exclusive).")
    text: str = Field(description="Exactly document[start:end].")
    rule: str | None = Field(None, description="Id of the rule that produced the record.")
    in_directive: int | None = Field(
        None, description="`start` of the innermost directive whose body holds the record (for a directive: its parent's body is not counted; see `parent`)."
    )

    @model_validator(mode="after")
    def _span_is_consistent(self) -> "Record":
        if self.end < self.start:
            raise ValueError(f"end {self.end} before start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"text of length {len(self.text)} does not fit span {self.start}:{self.end}")
        return self

    def contains(self, other: "Record") -> bool:
        """True when `other` lies within this record's span."""
        return self.start <= other.start and other.end <= self.end


class Directive(Record):
    """A numbered item of the speech's outline (`一、`, `（一）`, `第一，`, `一要`, `二是`, `1、`)."""

    type: Literal["directive"] = "directive"
    marker: str = Field(description="The ordinal marker with its delimiter, e.g. `一、`, `（一）`, `第一，`, `一要`.")
    headline: str = Field(description="From after the marker to the first 。；！？, line break or next marker.")
    ordinal: int = Field(ge=0, description="The number the marker shows (`三是` -> 3).")
    level: int = Field(ge=1, description="1 for the outermost numbering level of the speech, 2 inside it, ...")
    parent: int | None = Field(None, description="`start` of the enclosing item, or null at level 1.")
    kind: Literal["directive", "statement"] = Field(
        description="`directive` when the item instructs; `statement` when it reports or is a bare topic label."
    )
    body_end: int | None = Field(None, ge=0, description="Where the item's body ends: the next item of the same or an outer level, or the end of its speech.")


class Slogan(Record):
    """A policy formula, principle or catchword (quoted, or an unquoted numbered formulation)."""

    type: Literal["slogan"] = "slogan"
    slogan: str = Field(description="The slogan without its quotation marks.")
    category: Literal["formula", "principle", "catchword"]
    quoted: bool
    numbered: bool = Field(description="True when it contains a count of listed items (四早, 三减少、三加强).")
    expansion: list[str] | None = Field(None, description="The parts the text spells out right after or before it, else null.")
    canonical: str | None = Field(None, description="A form that groups variants: width and punctuation unified (宁可备而不用,不能用而无备 -> 宁可备而不用，不能用而无备).")
    known_expansion: list[str] | None = Field(None, description="The parts from the lexicon of known formulas (四早 -> 早发现、早报告、早隔离、早治疗), when it has them.")


class CalendarDate(BaseModel):
    """A calendar bound as written: any of year, month, day."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int | None = None
    month: int | None = Field(None, ge=1, le=12)
    day: int | None = Field(None, ge=1, le=31)

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in (("year", self.year), ("month", self.month), ("day", self.day)) if v is not None}


DeadlineUnit = Literal["minute", "hour", "day", "week", "month", "year"]


class Deadline(Record):
    """A time limit, look-back window, required duration or period."""

    type: Literal["deadline"] = "deadline"
    kind: Literal["deadline", "window", "duration", "period"]
    amount: Number | None = Field(None, description="The number of units, null for a date or a named day.")
    unit: DeadlineUnit | None = None
    iso: str | None = Field(None, description="ISO 8601 duration, e.g. PT2H, P14D.")
    relation: Literal["within", "before", "until", "at_least", "exactly"]
    date: CalendarDate | None = Field(None, description="A calendar bound: {month, day} and year only when written.")
    action: str | None = Field(None, description="The clause the time applies to, as written.")
    anchor: str | None = Field(None, description="The event that starts the clock (`接到样本后`).")
    actor: str | None = Field(None, description="Who must act, where the sentence names a department or body before the time (`实验室`, `各乡镇`).")
    due: datetime.date | None = Field(
        None, description="The calendar bound as a date, resolved against the reference date given to `extract` (`3月15日前` on 2026-11-28 -> 2027-03-15); null without one."
    )

    @field_serializer("date")
    def _date_as_written(self, date: CalendarDate | None) -> dict[str, int] | None:
        return date.as_dict() if date is not None else None


class Quantity(Record):
    """A number with what it counts or measures."""

    type: Literal["quantity"] = "quantity"
    value: Number | None = Field(None, description="Fully scaled number; null for a range or a placeholder.")
    unit: str | None = Field(None, description="Measure word or unit after scaling (`例`, `元`, `%`), or null.")
    kind: Literal["count", "money", "percent", "ratio", "rank", "age", "measure", "other"]
    comparator: Literal[">=", "<=", ">", "<", "~", "="] = "="
    range: tuple[Number, Number] | None = Field(None, description="[low, high] for a range such as 3—11岁.")
    per: str | None = Field(None, description="The base of a rate as written (`万人口`, `人`).")
    placeholder: bool = Field(False, description="True when the number is redacted (`xx%`, `x例`).")


ActorLevel = Literal["市", "县", "乡", "村"]


class Actor(Record):
    """A department or body named in the text (`市卫健局`, `公安、卫健部门` -> two actors, `市指挥部`)."""

    type: Literal["actor"] = "actor"
    actor: str = Field(description="The name as written.")
    canonical: str = Field(description="A canonical name: abbreviations expanded, the shared suffix of a list applied (`卫健` -> `卫生健康部门`).")
    level: ActorLevel | None = Field(None, description="The administrative level the name gives: 市, 县, 乡 or 村.")


AnyRecord = Annotated[Union[Directive, Slogan, Deadline, Quantity, Actor], Field(discriminator="type")]

MODEL_BY_TYPE: dict[str, type[Record]] = {
    "directive": Directive,
    "slogan": Slogan,
    "deadline": Deadline,
    "quantity": Quantity,
    "actor": Actor,
}

_TYPE_ORDER = {t: i for i, t in enumerate(RECORD_TYPES)}


def sort_key(record: Record) -> tuple[int, int, int]:
    """Document order: by start, then the longer span first, then type."""
    return (record.start, -record.end, _TYPE_ORDER[record.type])  # type: ignore[attr-defined]
