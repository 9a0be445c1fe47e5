"""Rule packs: TOML files of rules, lexicons and their examples, validated on load.

A pack is one TOML file (see docs/rule-packs.md)::

    [pack]
    name = "quantity"            # a caller's pack with the same name replaces the built-in one
    dimension = "quantity"       # directive, slogan, deadline, quantity or actor
    description = "..."

    [lexicons]                   # named word lists (or word -> value tables)
    measure_word = ["个", "人"]

    [defines]                    # named sub-patterns
    NUM = '''[0-9]+'''

    [[rules]]
    id = "quantity.count"
    pattern = '''(?P<value>{{NUM}})(?P<unit>{{measure_word}})'''
    set = { kind = "count" }     # constant fields
    examples = [{ text = "共3人", records = [{ text = "3人", value = 3 }] }]
    counter_examples = ["2021年"]

Patterns use the `regex` module's syntax. `{{name}}` inserts a define (as a
non-capturing group) or a lexicon (as an alternation of its escaped words,
longest first). Group names are the fields of the record, or the pseudo-fields
documented for each dimension; a group named `span` sets the record's span.
TOML literal strings ('''...''') keep backslashes as written.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .io import InputError

Dimension = Literal["directive", "slogan", "deadline", "quantity", "actor"]
DIMENSIONS: tuple[str, ...] = ("directive", "slogan", "deadline", "quantity", "actor")

_MACRO = regex.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"


class PackError(ValueError):
    """A rule pack that cannot be used: names the file, the rule and the problem."""


class RuleTimeoutError(InputError, PackError):
    """A rule stopped at its time limit on a document: names the document, the rule and its pack.

    Both an `InputError` (this document could not be read with these rules: the
    command line reports it and goes on with the other files) and a `PackError`
    (the fault is the rule's: a pattern that backtracks catastrophically).
    """

    def __init__(self, doc: str | None, rule: str, pack: str, seconds: float) -> None:
        self.doc, self.rule, self.pack, self.seconds = doc, rule, pack, seconds
        super().__init__(
            doc if doc is not None else "<text>",
            f"rule {rule} ({pack}) was stopped after {seconds:.3g} s: its pattern backtracks too much on this "
            "document; fix the rule, or allow more time with MEASURES_MATCH_TIMEOUT (seconds)",
        )

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.doc, self.rule, self.pack, self.seconds))


class Example(BaseModel):
    """An input and the records (of the pack's dimension) it must give."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(min_length=1)
    records: list[dict[str, Any]] = Field(min_length=1)

    @field_validator("records")
    @classmethod
    def _records_name_their_text(cls, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for r in records:
            if not isinstance(r.get("text"), str) or not r["text"]:
                raise ValueError("every expected record needs its `text`")
        return records


class Rule(BaseModel):
    """One pattern, the constant fields it sets, and the examples that test it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=_ID)
    description: str | None = None
    pattern: str = Field(min_length=1)
    set: dict[str, Any] = Field(default_factory=dict)
    priority: int = 0
    examples: list[Example] = Field(min_length=1)
    counter_examples: list[str] = Field(default_factory=list)


class PackInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[a-z][a-z0-9_\-]*$")
    dimension: Dimension
    description: str | None = None
    version: str = "1"


class PackFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    pack: PackInfo
    lexicons: dict[str, list[str] | dict[str, Any]] = Field(default_factory=dict)
    defines: dict[str, str] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)


@dataclass(frozen=True)
class Pack:
    """A validated pack as loaded from `path`."""

    path: str
    info: PackInfo
    lexicons: dict[str, list[str] | dict[str, Any]]
    defines: dict[str, str]
    rules: tuple[Rule, ...]

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def dimension(self) -> str:
        return self.info.dimension


@dataclass
class CompiledRule:
    rule: Rule
    regex: "regex.Pattern[str]"
    pack: str
    path: str = ""  # the pack's file, for error messages


@dataclass
class DimensionRules:
    """Everything one extractor needs: merged lexicons and compiled rules."""

    dimension: str
    lexicons: dict[str, list[str] | dict[str, Any]] = field(default_factory=dict)
    defines: dict[str, str] = field(default_factory=dict)
    rules: list[CompiledRule] = field(default_factory=list)

    def compile_define(self, name: str) -> "TimedPattern":
        """A define of these packs, expanded and compiled, for extractor code to use (with the rules' time limit)."""
        if name not in self.defines:
            raise KeyError(f"no define {name!r} in the {self.dimension} packs")
        where = f"{self.dimension} define {name}"
        source = _expand(self.defines[name], self.defines, self.lexicons, where)
        try:
            return TimedPattern(regex.compile(source), f"define {name}", f"{self.dimension} packs")
        except regex.error as e:
            raise PackError(f"{where}: bad pattern: {e}") from None

    def words(self, name: str) -> list[str]:
        """A lexicon as a list of words (the keys of a table)."""
        lex = self.lexicons.get(name)
        if lex is None:
            raise KeyError(f"no lexicon {name!r} in the {self.dimension} packs")
        return list(lex)

    def alternation(self, name: str) -> "regex.Pattern[str]":
        """A lexicon compiled as an alternation of its words, longest first (never matches when empty)."""
        words = sorted(set(self.words(name)), key=lambda w: (-len(w), w))
        return regex.compile("|".join(regex.escape(w) for w in words) or "(?!)")

    def table(self, name: str) -> dict[str, Any]:
        lex = self.lexicons.get(name)
        if not isinstance(lex, dict):
            raise KeyError(f"no table lexicon {name!r} in the {self.dimension} packs")
        return lex


class TimedPattern:
    """A compiled pattern whose searches run with the rules' time limit (`document.match_time_limit`).

    A search past the limit raises `RuleTimeoutError`; other attributes are the pattern's.
    """

    def __init__(self, pattern: "regex.Pattern[str]", name: str, pack: str) -> None:
        self.compiled, self.name, self.pack = pattern, name, pack

    def _run(self, method: str, string: str, *args: Any, **kwargs: Any) -> Any:
        from .document import match_time_limit

        limit = match_time_limit(len(string))
        try:
            result = getattr(self.compiled, method)(string, *args, timeout=limit, **kwargs)
            return iter(list(result)) if method == "finditer" else result
        except TimeoutError:
            raise RuleTimeoutError(getattr(string, "doc", None), self.name, self.pack, limit) from None

    def finditer(self, string: str, *args: Any, **kwargs: Any) -> Any:
        return self._run("finditer", string, *args, **kwargs)

    def search(self, string: str, *args: Any, **kwargs: Any) -> Any:
        return self._run("search", string, *args, **kwargs)

    def match(self, string: str, *args: Any, **kwargs: Any) -> Any:
        return self._run("match", string, *args, **kwargs)

    def fullmatch(self, string: str, *args: Any, **kwargs: Any) -> Any:
        return self._run("fullmatch", string, *args, **kwargs)

    def findall(self, string: str, *args: Any, **kwargs: Any) -> Any:
        return self._run("findall", string, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


def _format_validation(err: ValidationError, data: dict[str, Any]) -> str:
    parts = []
    for e in err.errors():
        loc = e["loc"]
        where = ".".join(str(x) for x in loc)
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            rules = data.get("rules") or []
            rid = rules[loc[1]].get("id") if loc[1] < len(rules) and isinstance(rules[loc[1]], dict) else None
            where = f"rule {rid or '#' + str(loc[1])}: " + ".".join(str(x) for x in loc[2:])
        parts.append(f"{where}: {e['msg']}")
    return "; ".join(parts)


def load_pack(path: str | Path) -> Pack:
    """Read and validate one pack file; raise PackError naming the file and rule."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise PackError(f"{p}: cannot read rule pack: {e.strerror or e}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PackError(f"{p}: rule pack is not UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        raise PackError(f"{p}: not valid TOML: {e}") from None
    try:
        pf = PackFile.model_validate(data)
    except ValidationError as e:
        raise PackError(f"{p}: {_format_validation(e, data)}") from None
    seen: set[str] = set()
    for r in pf.rules:
        if r.id in seen:
            raise PackError(f"{p}: rule {r.id}: duplicate rule id")
        seen.add(r.id)
    return Pack(str(p), pf.pack, dict(pf.lexicons), dict(pf.defines), tuple(pf.rules))


def builtin_pack_paths() -> list[Path]:
    """The packs shipped with the package (inside the wheel, or patterns/ of a source checkout)."""
    root: Path | None = None
    try:
        candidate = Path(str(resources.files("measures") / "patterns"))
        if candidate.is_dir():
            root = candidate
    except (ModuleNotFoundError, TypeError):  # pragma: no cover
        root = None
    if root is None:
        root = Path(__file__).resolve().parents[2] / "patterns"
    return sorted(root.glob("*/*.toml"))


def _expand(pattern: str, defines: dict[str, str], lexicons: dict[str, Any], where: str, depth: int = 0) -> str:
    if depth > 20:
        raise PackError(f"{where}: macros nest too deeply (a define that includes itself?)")

    def sub(m: "regex.Match[str]") -> str:
        name = m.group(1)
        if name in defines:
            return "(?:" + _expand(defines[name], defines, lexicons, where, depth + 1) + ")"
        if name in lexicons:
            words = sorted({str(w) for w in lexicons[name]}, key=lambda w: (-len(w), w))
            if not words:
                return "(?!)"
            return "(?:" + "|".join(regex.escape(w) for w in words) + ")"
        raise PackError(f"{where}: unknown name {{{{{name}}}}} (neither a define nor a lexicon)")

    return _MACRO.sub(sub, pattern)


def compile_packs(packs: Iterable[Pack]) -> dict[str, DimensionRules]:
    """Merge packs by dimension and compile their rules (later packs override names)."""
    dims = {d: DimensionRules(d) for d in DIMENSIONS}
    packs = list(packs)
    for pack in packs:
        dims[pack.dimension].lexicons.update(pack.lexicons)
        dims[pack.dimension].defines.update(pack.defines)
    ids: dict[str, str] = {}
    for pack in packs:
        d = pack.dimension
        for rule in pack.rules:
            where = f"{pack.path}: rule {rule.id}"
            if rule.id in ids:
                raise PackError(f"{where}: rule id already used in {ids[rule.id]}")
            ids[rule.id] = pack.path
            source = _expand(rule.pattern, dims[d].defines, dims[d].lexicons, where)
            try:
                compiled = regex.compile(source, regex.VERSION1 if "(?V1)" in source else 0)
            except regex.error as e:
                raise PackError(f"{where}: bad pattern: {e}") from None
            dims[d].rules.append(CompiledRule(rule, compiled, pack.name, pack.path))
    for d in dims.values():
        d.rules.sort(key=lambda c: -c.rule.priority)
    return dims


def resolve_packs(extra: Iterable[str | Path | Pack] = (), *, builtin: bool = True) -> list[Pack]:
    """The built-in packs, with `extra` packs added, or replacing a built-in pack of the same name."""
    loaded = [load_pack(p) for p in builtin_pack_paths()] if builtin else []
    for item in extra:
        pack = item if isinstance(item, Pack) else load_pack(item)
        loaded = [p for p in loaded if p.name != pack.name] + [pack]
    return loaded
