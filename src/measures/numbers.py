"""Numbers, quantities, durations and calendar bounds in Chinese policy text.

This module turns the text of a number-bearing expression into values:

* :func:`parse_number` reads one number (Arabic, Chinese, formal, mixed,
  decimals, fractions) and returns an ``int`` or ``float``;
* :func:`parse_quantity` reads a whole quantity (``近2千人``, ``80多亿元``,
  ``3—11岁``, ``每万人口20个``) into a :class:`ParsedQuantity`;
* :func:`parse_duration` reads a length of time (``一个半小时``) into a
  :class:`ParsedDuration` with its ISO 8601 form;
* :func:`parse_calendar` reads a calendar bound (``明年3月底``, ``国庆节``)
  into a :class:`CalendarDate`, and :func:`resolve_date` pins it to a day.

Chinese numerals are read by a single tokenizer (:func:`_integer`): digits,
the small units 十百千 and the large units 万亿.  Everything else (decimals with
点, fractions with 分之, ``多``/``余``/``几``, ranges) is built around it.

The ``parse_*`` functions never raise on text: anything they cannot read
gives ``None``.  The module depends on the standard library only.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "CalendarDate",
    "ParsedDuration",
    "ParsedQuantity",
    "comparator_for",
    "is_named_day",
    "iso_duration",
    "normalize_width",
    "parse_calendar",
    "parse_duration",
    "parse_number",
    "parse_quantity",
    "relation_for",
    "resolve_date",
    "to_chinese",
    "unit_for",
]

Number = int | float

# Longest text the quantity/duration/calendar parsers look at; real
# expressions are far shorter, and the cap keeps worst cases cheap.
_MAX_LEN = 80

# --------------------------------------------------------------------------
# Character normalisation
# --------------------------------------------------------------------------

_WIDTH_TABLE: dict[int, int] = {0xFF10 + i: 0x30 + i for i in range(10)}
_WIDTH_TABLE.update({0xFF21 + i: 0x41 + i for i in range(26)})
_WIDTH_TABLE.update({0xFF41 + i: 0x61 + i for i in range(26)})
_WIDTH_TABLE.update({ord("％"): ord("%"), ord("．"): ord("."), ord("，"): ord(","), ord("："): ord(":")})

# Internal only: more full-width punctuation, used while parsing.
_PARSE_TABLE: dict[int, int] = dict(_WIDTH_TABLE)
_PARSE_TABLE.update({ord("／"): ord("/"), ord("－"): ord("-"), ord("～"): ord("~"), ord("\u3000"): ord(" ")})

# Formal and traditional numerals to the simple forms the tokenizer reads.
_NUMERAL_TABLE = str.maketrans(
    "壹弌贰貳弍叁參叄弎肆伍陆陸柒捌玖拾佰仟萬億兩〇○",
    "一一二二二三三三三四五六六七八九十百千万亿两零零",
)


def normalize_width(text: str) -> str:
    """Map full-width digits, Latin letters and ``％．，：`` to half-width.

    Every character maps to exactly one character, so offsets into the result
    are offsets into the input.

    >>> normalize_width("１７．２％")
    '17.2%'
    """
    return text.translate(_WIDTH_TABLE)


def _prepare(text: str) -> str:
    """Width-normalise and strip ``text`` for parsing (not offset-preserving)."""
    return text.translate(_PARSE_TABLE).strip()


# --------------------------------------------------------------------------
# Chinese numerals: one tokenizer
# --------------------------------------------------------------------------

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}

_TOKEN = re.compile(
    r"(?P<arabic>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<digit>[一二两三四五六七八九])"
    r"|(?P<zero>零)"
    r"|(?P<small>[十百千])"
    r"|(?P<big>[万亿])"
)


def _tail(pending: Fraction | None, short: bool, unit: int | None, zero: bool) -> Fraction | None:
    """Value of a number left after the last unit (the 五 of 三万五, 一百零五).

    After 零, or with no unit before it, the number counts as itself.  A single
    digit right after a unit is the abbreviated next position: 三万五 = 35000,
    一千二 = 1200, 十二 = 12.  A longer number must be smaller than the unit
    (3万5000).  Returns ``None`` when the tail cannot follow that unit.
    """
    if pending is None:
        return Fraction(0)
    if zero or unit is None:
        return pending
    if short:
        return pending * unit / 10
    return pending if pending < unit else None


def _integer(s: str) -> Fraction | None:
    """Read Arabic/Chinese numerals with 十百千万亿 units (no 点, no 分之).

    Arabic tokens may carry decimals and thousands separators (``1.8万``,
    ``1,240``).  Returns an exact :class:`~fractions.Fraction`, or ``None``.
    """
    if not s:
        return None
    if s == "零":
        return Fraction(0)
    result = Fraction(0)  # completed 万/亿 groups
    section = Fraction(0)  # the group under construction
    pending: Fraction | None = None  # a number waiting for its unit
    short = False  # pending is a single digit (may abbreviate)
    last_small: int | None = None
    last_big: int | None = None
    last_unit: int | None = None
    zero = False
    first = True
    pos = 0
    while pos < len(s):
        match = _TOKEN.match(s, pos)
        if match is None:
            return None
        pos = match.end()
        kind, tok = match.lastgroup, match.group()
        if kind == "arabic" or kind == "digit":
            if pending is not None:
                return None  # two numbers in a row: 一二, 3五
            if kind == "arabic":
                pending = Fraction(tok.replace(",", ""))
                short = len(tok) == 1
            else:
                pending, short = Fraction(_DIGITS[tok]), True
        elif kind == "zero":
            if first or pending is not None or zero:
                return None
            zero = True
        elif kind == "small":
            unit = _SMALL_UNITS[tok]
            if pending is not None:
                mult = pending
            elif first or (zero and unit == 10):
                mult = Fraction(1)  # 十二, 百亿, 一千零十
            else:
                return None
            if last_small is not None and unit >= last_small:
                return None  # 十十, 百千
            section += mult * unit
            pending, zero = None, False
            last_small = last_unit = unit
        else:
            unit = _BIG_UNITS[tok]
            tail = _tail(pending, short, last_small, zero)
            if tail is None:
                return None
            group = section + tail
            if last_big is not None and unit > last_big:
                result = (result + group) * unit  # 一万亿: 亿 scales everything
            elif group == 0 or (last_big is not None and unit == last_big):
                return None  # 万万, 零万, 亿万, a bare 万
            else:
                result += group * unit
            section, pending, zero = Fraction(0), None, False
            last_small, last_big, last_unit = None, unit, unit
        first = False
    if zero and pending is None:
        return None  # a trailing 零
    tail = _tail(pending, short, last_unit, zero)
    if tail is None:
        return None
    return result + section + tail


_DECIMAL_TAIL = re.compile(r"([零一二三四五六七八九]+)([万亿]*)")
_ARABIC_FRACTION = re.compile(r"([0-9]+)/([0-9]+)")


def _plain(s: str) -> Fraction | None:
    """Read a number that may have a Chinese decimal point (三点五, 三点五万)."""
    if "点" not in s:
        return _integer(s)
    head, _, tail = s.partition("点")
    match = _DECIMAL_TAIL.fullmatch(tail)
    if not head or match is None:
        return None
    whole = _integer(head)
    if whole is None or whole.denominator != 1:
        return None
    digits = "".join(str(_DIGITS[c]) for c in match[1])
    value = whole + Fraction(int(digits), 10 ** len(digits))
    if match[2]:
        scale = _integer("一" + match[2])
        if scale is None:
            return None
        value *= scale
    return value


def _value(s: str) -> Fraction | None:
    """Read one number, fractions included; ``s`` has simple numerals only.

    ``X分之Y`` is Y/X, except ``百分之Y`` which is Y (the caller knows it is
    a percentage).  ``a/b`` is an Arabic fraction.
    """
    if "分之" in s:
        den_text, _, num_text = s.partition("分之")
        num = _plain(num_text)
        if num is None:
            return None
        if den_text == "百":
            return num
        den = _plain(den_text)
        if not den:
            return None
        return num / den
    match = _ARABIC_FRACTION.fullmatch(s)
    if match:
        denominator = int(match[2])
        return Fraction(int(match[1]), denominator) if denominator else None
    return _plain(s)


def _out(value: Fraction) -> Number:
    """An exact value as ``int`` when integral, else ``float``."""
    if value.denominator == 1:
        return int(value)
    return float(value)


def parse_number(text: str) -> int | float | None:
    """Parse a string that is exactly one number expression.

    Accepts Arabic numerals (``24``, ``17.2``, ``1,240``, full-width
    ``１７．２``), Chinese numerals (``二十四``, ``两百``, ``三万五`` = 35000,
    ``一千二`` = 1200, ``一亿二千万``, ``〇``), formal and traditional forms
    (``壹佰贰拾``, ``萬``, ``億``, ``兩``), mixed forms (``30592万``,
    ``106.9亿``, ``百亿``), decimals in words (``三点五``), and fractions
    (``三分之一``, ``1/8``).  ``百分之十五`` gives 15: the caller knows it is a
    percentage.

    Returns an ``int`` when the value is integral, a ``float`` otherwise, and
    ``None`` when the text is not one number (``万万``, ``十几``, ``3人``).
    Never raises.
    """
    if not isinstance(text, str):
        return None
    try:
        value = _value(_prepare(text).translate(_NUMERAL_TABLE))
        return None if value is None else _out(value)
    except (ValueError, ArithmeticError):
        return None


# --------------------------------------------------------------------------
# Writing Chinese numerals (used by the round-trip property tests)
# --------------------------------------------------------------------------

_SIMPLE_DIGIT_CHARS = "零一二三四五六七八九"
_FORMAL_TABLE = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


def _section_to_chinese(n: int, leading: bool) -> str:
    """Write 1 <= n <= 9999; ``leading`` drops the 一 of a leading 一十."""
    out: list[str] = []
    gap = False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // power % 10
        if digit == 0:
            gap = bool(out)
            continue
        if gap:
            out.append("零")
            gap = False
        if not (leading and not out and power == 10 and digit == 1):
            out.append(_SIMPLE_DIGIT_CHARS[digit])
        out.append(unit)
    return "".join(out)


def _to_chinese(n: int, leading: bool) -> str:
    """Write n >= 1 in simple numerals with 万/亿 groups."""
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        text = _to_chinese(high, leading) + "亿"
        if low:
            text += ("零" if low < 10**7 else "") + _to_chinese(low, False)
        return text
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        text = _section_to_chinese(high, leading) + "万"
        if low:
            text += ("零" if low < 1000 else "") + _section_to_chinese(low, False)
        return text
    return _section_to_chinese(n, leading)


def to_chinese(n: int, formal: bool = False) -> str:
    """Write a non-negative integer in standard Chinese numerals.

    Standard reading: 10 → 十, 15 → 十五, 110 → 一百一十, 1005 → 一千零五,
    100000000 → 一亿, 10**12 → 一万亿.  With ``formal=True`` the digits and
    small units are 壹贰叁肆伍陆柒捌玖拾佰仟 (万, 亿 and 零 unchanged) and a
    leading ten is written 壹拾.

    Raises ``ValueError`` for a negative number.
    """
    if n < 0:
        raise ValueError("to_chinese needs a non-negative integer")
    if n == 0:
        return "零"
    text = _to_chinese(n, leading=not formal)
    return text.translate(_FORMAL_TABLE) if formal else text


# --------------------------------------------------------------------------
# Comparators
# --------------------------------------------------------------------------

_COMPARATORS: dict[str, str] = {
    "以上": ">=", "至少": ">=", "不低于": ">=", "不少于": ">=",
    "以下": "<=", "以内": "<=", "之内": "<=", "内": "<=", "不超过": "<=", "不高于": "<=", "不多于": "<=",
    "超": ">", "超过": ">", "突破": ">", "高于": ">", "多": ">", "余": ">", "逾": ">", "多于": ">",
    "不足": "<", "不到": "<", "低于": "<", "少于": "<", "未满": "<",
    "近": "~", "约": "~", "将近": "~", "接近": "~", "左右": "~", "大约": "~", "上下": "~",
}
_SUFFIX_WORDS = ("以上", "以下", "以内", "之内", "左右", "上下", "内", "余", "多")
_PREFIX_WORDS = tuple(
    sorted((w for w in _COMPARATORS if w not in _SUFFIX_WORDS), key=len, reverse=True)
)


def comparator_for(word: str | None) -> str | None:
    """Map a comparator word to ``>=``, ``<=``, ``>``, ``<`` or ``~``.

    ``以上/至少/不低于/不少于`` → ``>=``; ``以下/以内/内/不超过/不高于/不多于``
    → ``<=`` (以上, 以下 and 以内 include the number in Chinese usage);
    ``超/超过/突破/高于/多/余/逾/多于`` → ``>``; ``不足/不到/低于/少于/未满`` → ``<``;
    ``近/约/将近/接近/左右/大约/上下`` → ``~``.  ``None``, empty or unknown
    words give ``None``.
    """
    if not word:
        return None
    return _COMPARATORS.get(word.strip())


# --------------------------------------------------------------------------
# Quantities
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuantity:
    """A quantity read by :func:`parse_quantity`.

    ``value`` is fully scaled (``3000万元`` → 30000000) and ``None`` for a
    range or a placeholder; ``range`` is ``(low, high)`` for a range; ``per``
    is the base of a rate as written; ``kind`` is one of ``count``, ``money``,
    ``percent``, ``ratio``, ``rank``, ``age``, ``measure``, ``other``.
    """

    value: int | float | None
    unit: str | None
    comparator: str
    range: tuple[int | float, int | float] | None
    per: str | None
    placeholder: bool
    kind: str


_NUMBER_CHARS = frozenset(
    "0123456789.,/零〇○一二两三四五六七八九十百千万亿点分之几数多余壹弌贰貳弍叁參叄弎肆伍陆陸柒捌玖拾佰仟萬億兩"
)
# Units that begin with a numeral character: 100千瓦 is 100 kW, not 100000 瓦.
_NUMERAL_UNITS = ("千瓦时", "千瓦", "千克", "千米", "千伏", "千帕", "千卡", "百分点")
_UNIT_SYMBOLS = frozenset("%‰℃°/·²³")
_TIME_UNIT_PREFIXES = (
    "年", "月", "日", "天", "时", "秒", "周", "小时", "分钟", "钟头", "星期",
    "个月", "个小时", "个钟头", "个星期", "个周", "个工作日", "工作日",
)
_NOT_TIME_UNITS = ("周岁", "日元")
_MONEY_UNITS = ("元", "美元", "欧元", "日元", "港元", "港币", "英镑", "人民币", "块钱")
_MEASURE_UNITS = (
    "平方公里", "平方千米", "平方米", "平方", "公顷", "亩", "立方米", "立方", "公里", "千米", "厘米", "毫米",
    "吨", "千克", "公斤", "斤", "千瓦时", "千瓦", "兆瓦", "毫升", "标准箱", "km", "kg", "㎡", "m²",
)
_MEASURE_EXACT = frozenset(("米", "克", "升", "瓦", "度", "方", "里", "m", "g", "t"))

_PAIR = re.compile(
    r"(?P<pre>(?:.*[十百千万亿])?)(?P<a>[一两二三四五六七八九])(?P<b>[两二三四五六七八九])(?P<suf>[十百千万亿]*)"
)
_SEVERAL_LEADING = re.compile(r"[几数]([十百千万亿]+)")
_SEVERAL_TRAILING = re.compile(r"(.*?[0-9十百千万亿])[几数][十百千]?([万亿]*)")
_MORE = re.compile(r"(.*?[0-9十百千万亿])[多余]([万亿]*)")
_PLACEHOLDER = re.compile(r"(?:[xX×*]+(?:\.[xX×*]+)?|多少)[万亿]*(?P<unit>.*)")
_RANK = re.compile(r"(?P<pre>[^0-9第]*)第(?P<num>[^位名]+)(?P<unit>位|名)")
_RANGE_SEP = re.compile(r"—+|–|-|~|〜|至|到")
_PER_MARK = re.compile(r"(?P<per>[人户亩村床家日年月周天])(?P<mark>均|产)")
_PER_VERB = re.compile(
    r"(?P<per>[日年月周天])(?P<mark>增长|增加|新增|减少|下降|处理|接待|生产|销售|产出|供应|运送|检测|用|耗)"
)


@dataclass(frozen=True)
class _Core:
    """What the number part of a quantity said."""

    value: Fraction | None
    range: tuple[Fraction, Fraction] | None
    comparator: str | None
    fraction: bool


def _core(text: str) -> _Core | None:
    """Read the number part of a quantity: a number, 两三, 十几, 80多亿."""
    s = text.translate(_NUMERAL_TABLE)
    if not s:
        return None
    match = _PAIR.fullmatch(s)
    if match:
        a, b = _DIGITS[match["a"]], _DIGITS[match["b"]]
        if b - a == 1 or (a, b) == (3, 5):
            low = _plain(match["pre"] + match["a"] + match["suf"])
            high = _plain(match["pre"] + match["b"] + match["suf"])
            if low is not None and high is not None and low < high:
                return _Core(None, (low, high), None, False)
        return None
    match = _SEVERAL_LEADING.fullmatch(s)
    if match:
        value = _integer("一" + match[1])
        return None if value is None else _Core(value, None, ">", False)
    for pattern in (_SEVERAL_TRAILING, _MORE):
        match = pattern.fullmatch(s)
        if match:
            value = _plain(match[1] + match[2])
            return None if value is None else _Core(value, None, ">", False)
    value = _value(s)
    if value is None:
        return None
    fraction = ("分之" in s and not s.startswith("百分之")) or "/" in s
    return _Core(value, None, None, fraction)


def _unit_ok(unit: str) -> bool:
    """True when ``unit`` may follow a number: letters and a few symbols."""
    if not unit:
        return True
    if unit[0] in "/·":
        return False
    return all(ch in _UNIT_SYMBOLS or (ch.isalpha() and not ch.isdigit()) for ch in unit)


def _is_time_unit(unit: str) -> bool:
    """True for time units (年, 个月, 小时 …): those are durations or dates."""
    if unit.startswith(_NOT_TIME_UNITS):
        return False
    return unit.startswith(_TIME_UNIT_PREFIXES)


def _split(s: str) -> tuple[_Core, str] | None:
    """Split ``s`` into a number part and a unit, longest number first."""
    run = 0
    while run < len(s) and s[run] in _NUMBER_CHARS:
        run += 1
    if run == 0:
        return None
    for j in range(1, run):
        if s.startswith(_NUMERAL_UNITS, j):
            core = _core(s[:j])
            if core is not None:
                return core, s[j:]
    for k in range(run, 0, -1):
        unit = s[k:]
        if not _unit_ok(unit):
            continue
        core = _core(s[:k])
        if core is not None:
            return core, unit
    return None


def _is_money(unit: str) -> bool:
    return unit.startswith(_MONEY_UNITS) or unit == "块"


def _is_measure(unit: str) -> bool:
    return unit in _MEASURE_EXACT or unit.startswith(_MEASURE_UNITS)


def _kind(unit: str | None, fraction: bool) -> str:
    """The kind of a quantity from its unit (rank is decided by the caller)."""
    if unit is not None and unit.startswith(("%", "‰", "百分点")):
        return "percent"
    if fraction:
        return "other"
    if unit is None:
        return "count"
    if unit.startswith("倍"):
        return "ratio"
    if unit.startswith(("岁", "周岁")):
        return "age"
    if _is_money(unit):
        return "money"
    if _is_measure(unit):
        return "measure"
    return "count"


@dataclass(frozen=True)
class _Body:
    """A quantity without its comparator words and rate base."""

    value: Fraction | None
    range: tuple[Fraction, Fraction] | None
    unit: str | None
    comparator: str | None
    placeholder: bool
    kind: str


def _tidy_unit(unit: str) -> str:
    """``个百分点`` → ``百分点``; ``大特点`` (五大特点) → ``特点``."""
    if unit == "个百分点":
        return "百分点"
    if unit.startswith("大") and len(unit) > 1:
        return unit[1:]
    return unit


def _finish(core: _Core, unit: str) -> _Body | None:
    """Build a body from a number part and its unit (成 → %)."""
    if _is_time_unit(unit):
        return None
    unit = _tidy_unit(unit)
    value, rng = core.value, core.range
    if unit == "成":
        unit = "%"
        value = None if value is None else value * 10
        rng = None if rng is None else (rng[0] * 10, rng[1] * 10)
    unit_or_none = unit or None
    return _Body(value, rng, unit_or_none, core.comparator, False, _kind(unit_or_none, core.fraction))


def _range_body(left: str, right: str) -> _Body | None:
    """Read ``low SEP high`` (3—11岁, 6条到7条, 20%-30%, 两到三万)."""
    low_split, high_split = _split(left), _split(right)
    if low_split is None or high_split is None:
        return None
    (low_core, low_unit), (high_core, high_unit) = low_split, high_split
    low, high = low_core.value, high_core.value
    if low is None or high is None or low_core.range or high_core.range:
        return None
    if low_unit and high_unit and low_unit != high_unit:
        return None
    if _is_time_unit(low_unit) or _is_time_unit(high_unit):
        return None
    right_core = right[: len(right) - len(high_unit)].translate(_NUMERAL_TABLE)
    scale_match = re.fullmatch(r"(.+?)([十百千万亿]+)", right_core)
    left_core = left[: len(left) - len(low_unit)].translate(_NUMERAL_TABLE)
    if scale_match and not re.search(r"[十百千万亿]", left_core):
        mantissa = _plain(scale_match[1])
        if mantissa and low < mantissa:
            low = low * high / mantissa  # 两到三万: the 万 applies to both ends
    if not low < high:
        return None
    core = _Core(None, (low, high), None, low_core.fraction or high_core.fraction)
    return _finish(core, high_unit or low_unit)


def _body(s: str) -> _Body | None:
    """Read a quantity with no comparator words and no rate base."""
    if not s:
        return None
    match = _PLACEHOLDER.fullmatch(s)
    if match:
        unit = match["unit"]
        if not _unit_ok(unit) or _is_time_unit(unit) or any(c in _NUMBER_CHARS for c in unit[:1]):
            return None
        unit = _tidy_unit(unit)
        return _Body(None, None, unit or None, None, True, _kind(unit or None, False))
    match = _RANK.fullmatch(s)
    if match:
        if not all(c.isalpha() for c in match["pre"]):
            return None
        core = _core(match["num"])
        if core is None or core.value is None or core.value.denominator != 1 or core.value < 1:
            return None
        return _Body(core.value, None, match["unit"], None, False, "rank")
    if s.startswith("百分之"):
        core = _core(s[3:])
        if core is None or core.fraction:
            return None
        return _Body(core.value, core.range, "%", core.comparator, False, "percent")
    parts = _RANGE_SEP.split(s)
    if len(parts) == 2 and parts[0] and parts[1]:
        return _range_body(parts[0], parts[1])
    if len(parts) > 2:
        return None
    split = _split(s)
    if split is None:
        return None
    return _finish(*split)


def _strip_prefix(s: str) -> tuple[str | None, str]:
    """Remove a leading comparator word; return (comparator, rest)."""
    for word in _PREFIX_WORDS:
        if s.startswith(word) and len(s) > len(word):
            return _COMPARATORS[word], s[len(word):]
    return None, s


def _strip_suffix(s: str) -> tuple[str | None, str]:
    """Remove a trailing 以上/以下/以内/左右/余/多 …; return (comparator, rest)."""
    for word in _SUFFIX_WORDS:
        if s.endswith(word) and len(s) > len(word):
            return _COMPARATORS[word], s[: -len(word)]
    return None, s


def _trailing_comparator(desc: str) -> str | None:
    """The comparator a descriptor ends with (人均收入超过 → ``>``)."""
    for word in _PREFIX_WORDS:
        if desc.endswith(word):
            return _COMPARATORS[word]
    return None


def _rate(s: str) -> tuple[_Body, str, str | None] | None:
    """Read a rate: 每万人口20个, 人均纯收入4765元, 日产2500吨, 年增长2048万辆."""
    if s.startswith("每"):
        rest = s[1:]
        for i in range(1, len(rest)):
            body = _body(rest[i:])
            if body is not None:
                return body, rest[:i], None
        return None
    match = _PER_MARK.match(s) or _PER_VERB.match(s)
    if match is None:
        return None
    rest = s[match.end():]
    for i in range(len(rest)):
        desc = rest[:i]
        if any(c.isdigit() for c in desc):
            return None
        body = _body(rest[i:])
        if body is not None:
            return body, match["per"], _trailing_comparator(desc)
    return None


def _out_range(rng: tuple[Fraction, Fraction] | None) -> tuple[Number, Number] | None:
    return None if rng is None else (_out(rng[0]), _out(rng[1]))


def parse_quantity(text: str) -> ParsedQuantity | None:
    """Parse a whole quantity expression into a :class:`ParsedQuantity`.

    The text may start with a comparator word (``近``, ``约``, ``超过``,
    ``突破``, ``不足``, ``至少`` …) and end with one (``以上``, ``以下``,
    ``以内``, ``左右``, ``余``, ``多``); ``多``/``余`` inside the number
    (``80多亿元``) and ``几`` (``十几万``) give ``>``.  Scale words are folded
    into the value (``3000万元`` → 30000000, unit ``元``).

    Forms: counts (``50人以上``), money (``106.9亿元``), percentages
    (``17.2%``, ``百分之十五``, ``八成`` → 80 %, ``8个百分点``), ratios
    (``2.6倍``), ranks (``全省第十位``), ages (``12岁以上``), measures
    (``1.8万亩``), fractions (``三分之一``, kind ``other``), ranges (``3—11岁``,
    ``两到三万``, ``两三个``: value ``None``, comparator ``=``), rates
    (``每万人口20个``, ``人均纯收入4765元``, ``日产2500吨``) and placeholders
    (``xx%``, ``××名``, ``多少起``: value ``None``).

    Lengths of time and dates (``不足1年``, ``3个月``, ``2021年``) are not
    quantities and give ``None``; so does anything unreadable.  Never raises.
    """
    if not isinstance(text, str):
        return None
    s = _prepare(text)
    if not s or len(s) > _MAX_LEN:
        return None
    try:
        return _parse_quantity(s)
    except (ValueError, ArithmeticError):
        return None


def _parse_quantity(s: str) -> ParsedQuantity | None:
    before, s = _strip_prefix(s)
    after, s = _strip_suffix(s)
    per: str | None = None
    inner: str | None = None
    body = _body(s)
    if body is None:
        rate = _rate(s)
        if rate is None:
            return None
        body, per, inner = rate
    if body.range is not None:
        comparator = "="
    else:
        comparator = before or inner or after or body.comparator or "="
    value = None if body.value is None else _out(body.value)
    return ParsedQuantity(
        value=value,
        unit=body.unit,
        comparator=comparator,
        range=_out_range(body.range),
        per=per,
        placeholder=body.placeholder,
        kind=body.kind,
    )


# --------------------------------------------------------------------------
# Durations
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedDuration:
    """A length of time: ``amount`` of ``unit`` and its ISO 8601 form."""

    amount: int | float
    unit: str
    iso: str


_DURATION_UNITS: dict[str, str] = {
    "分钟": "minute",
    "小时": "hour", "个小时": "hour", "钟头": "hour", "个钟头": "hour",
    "天": "day", "日": "day",
    "周": "week", "个周": "week", "星期": "week", "个星期": "week",
    "月": "month", "个月": "month",
    "年": "year",
}
_DURATION_WORDS = tuple(sorted(_DURATION_UNITS, key=len, reverse=True))
_UNIT_ORDER = ("year", "month", "day", "hour", "minute", "second")
_NEXT_FACTOR = {"year": 12, "month": 30, "day": 24, "hour": 60, "minute": 60}
_DESIGNATOR = {"year": "Y", "month": "M", "day": "D", "hour": "H", "minute": "M", "second": "S"}


def unit_for(word: str) -> str | None:
    """Map a Chinese time unit to ``minute``, ``hour``, ``day``, ``week``,
    ``month`` or ``year``.

    ``分钟`` → minute; ``小时/个小时/钟头`` → hour; ``天/日`` → day;
    ``周/星期/个星期`` → week; ``月/个月`` → month; ``年`` → year; anything else
    → ``None``.
    """
    if not isinstance(word, str):
        return None
    return _DURATION_UNITS.get(word.strip())


def _exact(amount: int | float | Fraction) -> Fraction:
    """An exact fraction for ``amount`` (floats through their shortest repr)."""
    if isinstance(amount, float):
        return Fraction(repr(amount))
    return Fraction(amount)


def _format_seconds(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.3f}".rstrip("0").rstrip(".")


def iso_duration(amount: int | float, unit: str) -> str:
    """Write ``amount`` ``unit`` as an ISO 8601 duration.

    Fractions carry down to the next unit with 1 year = 12 months,
    1 month = 30 days, 1 week = 7 days, 1 day = 24 hours:
    ``(2, "hour")`` → ``PT2H``, ``(1.5, "hour")`` → ``PT1H30M``,
    ``(0.5, "day")`` → ``PT12H``, ``(0.5, "month")`` → ``P15D``,
    ``(1.5, "year")`` → ``P1Y6M``, ``(4, "week")`` → ``P4W``; a fractional
    week is written in days.

    Raises ``ValueError`` for an unknown unit or a negative or non-finite
    amount.
    """
    if unit != "week" and unit not in _NEXT_FACTOR:
        raise ValueError(f"unknown duration unit: {unit!r}")
    if isinstance(amount, bool) or not isinstance(amount, (int, float, Fraction)):
        raise ValueError(f"not a number: {amount!r}")
    if isinstance(amount, float) and not math.isfinite(amount):
        raise ValueError(f"not a finite number: {amount!r}")
    value = _exact(amount)
    if value < 0:
        raise ValueError("a duration cannot be negative")
    return _iso(value, unit)


def _iso(value: Fraction, unit: str) -> str:
    """ISO 8601 form of a non-negative exact ``value`` of a known ``unit``."""
    if unit == "week":
        if value.denominator == 1:
            return f"P{value.numerator}W"
        value, unit = value * 7, "day"
    parts: dict[str, Fraction] = {}
    for name in _UNIT_ORDER[_UNIT_ORDER.index(unit):]:
        if name == "second":
            parts[name] = value
            break
        whole = Fraction(value.numerator // value.denominator)
        if whole:
            parts[name] = whole
        value = (value - whole) * _NEXT_FACTOR[name]
        if value == 0:
            break
    date_part = "".join(
        f"{parts[n].numerator}{_DESIGNATOR[n]}" for n in ("year", "month", "day") if n in parts
    )
    time_part = "".join(
        (_format_seconds(parts[n]) if n == "second" else str(parts[n].numerator)) + _DESIGNATOR[n]
        for n in ("hour", "minute", "second")
        if n in parts
    )
    if not date_part and not time_part:
        zero = f"0{_DESIGNATOR[unit]}"
        return f"PT{zero}" if unit in ("hour", "minute", "second") else f"P{zero}"
    return "P" + date_part + (f"T{time_part}" if time_part else "")


def parse_duration(text: str) -> ParsedDuration | None:
    """Parse a length of time: ``2小时``, ``两天``, ``一个半小时``, ``半个月``.

    Accepts a number (Arabic or Chinese, full-width digits too) or 半, an
    optional 个, and a unit (:func:`unit_for`), with 半 before the unit
    (``一个半小时`` = 1.5 hours) or after it (``两天半``); a trailing 时间 is
    allowed (``100天时间``).  ``N月`` without 个 is a calendar month and a
    4-digit ``N年`` is a year, so both give ``None``; so do approximate
    lengths (``十多天``, ``几个月``).  Never raises.
    """
    if not isinstance(text, str):
        return None
    s = _prepare(text)
    if not s or len(s) > _MAX_LEN:
        return None
    try:
        return _parse_duration(s)
    except (ValueError, ArithmeticError):
        return None


def _parse_duration(s: str) -> ParsedDuration | None:
    if s.endswith("时间") and len(s) > 2:
        s = s[:-2]
    half_after = s.endswith("半")
    if half_after:
        s = s[:-1]
    word = next((w for w in _DURATION_WORDS if s.endswith(w)), None)
    if word is None:
        return None
    rest = s[: -len(word)]
    with_ge = word.startswith("个")
    half_before = rest.endswith("半")
    if half_before:
        rest = rest[:-1]
    if rest.endswith("个"):
        rest, with_ge = rest[:-1], True
    if half_before and half_after:
        return None
    if rest == "":
        if not half_before:
            return None
        amount = Fraction(1, 2)
    else:
        if word == "月" and not with_ge:
            return None  # 3月 is March
        if word == "年" and re.fullmatch(r"[0-9]{4}", rest):
            return None  # 2021年 is a year
        number = _value(rest.translate(_NUMERAL_TABLE))
        if number is None or number < 0:
            return None
        amount = number
        if half_before or half_after:
            if number.denominator != 1:
                return None
            amount += Fraction(1, 2)
    unit = _DURATION_UNITS[word]
    return ParsedDuration(_out(amount), unit, _iso(amount, unit))


# --------------------------------------------------------------------------
# Calendar bounds
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDate:
    """A calendar bound with any of year, month and day known."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def as_dict(self) -> dict[str, int]:
        """The known fields only, e.g. ``{"month": 3, "day": 15}``."""
        fields = (("year", self.year), ("month", self.month), ("day", self.day))
        return {name: value for name, value in fields if value is not None}


_FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "元旦": (1, 1), "元旦节": (1, 1),
    "三八": (3, 8), "三八节": (3, 8), "妇女节": (3, 8), "三八妇女节": (3, 8),
    "五一": (5, 1), "五一节": (5, 1), "劳动节": (5, 1), "五一劳动节": (5, 1),
    "六一": (6, 1), "儿童节": (6, 1), "六一儿童节": (6, 1),
    "七一": (7, 1), "建党节": (7, 1),
    "八一": (8, 1), "建军节": (8, 1),
    "国庆": (10, 1), "国庆节": (10, 1),
}
_LUNAR_HOLIDAYS = frozenset((
    "春节", "除夕", "元宵", "元宵节", "清明", "清明节", "端午", "端午节",
    "七夕", "中秋", "中秋节", "重阳", "重阳节", "腊八", "腊八节", "小年",
))

_CN = r"[0-9零一二两三四五六七八九十]+"
_CLOCK = (
    r"(?:上午|下午|中午|晚上|早上|凌晨|傍晚|夜间|夜里|晚|早)?"
    rf"(?:{_CN}(?:时|点)(?:{_CN}分|半|整)?|[0-9]{{1,2}}:[0-9]{{2}})?"
)
_YEAR_PREFIX = re.compile(r"([0-9]{4}|[零一二三四五六七八九]{4})年")
_RELATIVE_YEAR = re.compile(r"(?:今|明|去|本|当|次|后|前)年")
_MONTH_DAY = re.compile(rf"(?P<m>{_CN})月(?:份|(?P<d>{_CN})(?:日|号){_CLOCK}|(?P<end>底|末))?")
_DAY_ONLY = re.compile(rf"(?P<d>{_CN})(?:日|号){_CLOCK}")
_DOTTED = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})")
_NUMERIC_DATE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in(month: int, year: int | None) -> int:
    """Days in ``month``; February has 29 when the year is unknown."""
    if month == 2:
        return 28 if year is not None and not _is_leap(year) else 29
    return 30 if month in (4, 6, 9, 11) else 31


def _small_int(text: str) -> int | None:
    value = _value(text)
    if value is None or value.denominator != 1:
        return None
    return int(value)


def _checked(year: int | None, month: int | None, day: int | None) -> CalendarDate | None:
    """A CalendarDate when the fields make a valid date, else ``None``."""
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        limit = _days_in(month, year) if month is not None else 31
        if not 1 <= day <= limit:
            return None
    if year is None and month is None and day is None:
        return None
    return CalendarDate(year, month, day)


def _strip_year(s: str) -> tuple[int | None, bool, str]:
    """Remove a leading year: (year if written as a number, had a year, rest)."""
    match = _YEAR_PREFIX.match(s)
    if match:
        digits = "".join(str(_DIGITS[c]) if c in _DIGITS else c for c in match[1])
        return int(digits), True, s[match.end():]
    match = _RELATIVE_YEAR.match(s)
    if match:
        return None, True, s[match.end():]
    return None, False, s


def parse_calendar(text: str) -> CalendarDate | None:
    """Parse a calendar bound written without its relation word.

    ``3月15日``/``3月15号``/``三月十五日`` → month 3, day 15; ``3月底``/
    ``3月末`` → the month's last day (February: 28 unless a leap year is
    written); ``6月`` → month 6; ``年底``/``年末`` → 12-31; ``2035年`` → year
    2035; ``2020年底``; ``2022年3月15日``; ``明年3月底`` (relative years are
    dropped); dotted ``4.25``; ``2022-03-15``; ``15日`` → day 15; fixed
    holidays (元旦 1-1, 五一/劳动节 5-1, 七一 7-1, 八一 8-1, 国庆/国庆节 10-1, …).
    A clock-time tail after the day is ignored (``12月3日下午5时``).

    Lunar holidays (春节, 端午节 …), invalid dates (``13月``, ``2月30日``) and
    anything else give ``None``; see :func:`is_named_day`.  Never raises.
    """
    if not isinstance(text, str):
        return None
    s = _prepare(text).translate(_NUMERAL_TABLE)
    if not s or len(s) > _MAX_LEN:
        return None
    try:
        return _parse_calendar(s)
    except (ValueError, ArithmeticError):
        return None


def _parse_calendar(s: str) -> CalendarDate | None:
    match = _NUMERIC_DATE.fullmatch(s)
    if match:
        return _checked(int(match[1]), int(match[3]), int(match[4]))
    match = _DOTTED.fullmatch(s)
    if match:
        return _checked(None, int(match[1]), int(match[2]))
    year, has_year, rest = _strip_year(s)
    if rest == "":
        return _checked(year, None, None)
    if rest in ("年底", "年末") or (has_year and rest in ("底", "末")):
        return _checked(year, 12, 31)
    if rest in _FIXED_HOLIDAYS:
        return _checked(year, *_FIXED_HOLIDAYS[rest])
    match = _MONTH_DAY.fullmatch(rest)
    if match:
        month = _small_int(match["m"])
        if month is None or not 1 <= month <= 12:
            return None
        if match["end"]:
            last = 28 if month == 2 and year is None else _days_in(month, year)
            return _checked(year, month, last)
        if not match["d"]:
            return _checked(year, month, None)
        day = _small_int(match["d"])
        return None if day is None else _checked(year, month, day)
    match = _DAY_ONLY.fullmatch(rest)
    if match and not has_year:
        day_only = _small_int(match["d"])
        return None if day_only is None else _checked(None, None, day_only)
    return None


def is_named_day(text: str) -> bool:
    """True when ``text`` is a holiday name, fixed-date (元旦, 五一, 国庆节 …)
    or lunar (春节, 元宵节, 清明节, 端午节, 中秋节 …), optionally after a year.
    """
    if not isinstance(text, str):
        return False
    s = _prepare(text)
    if len(s) > _MAX_LEN:
        return False
    _, _, rest = _strip_year(s.translate(_NUMERAL_TABLE))
    return rest in _FIXED_HOLIDAYS or rest in _LUNAR_HOLIDAYS


_RELATIONS: dict[str, str] = {
    "内": "within", "之内": "within", "以内": "within", "不足": "within", "不超过": "within", "以来": "within",
    "前": "before", "之前": "before", "以前": "before",
    "到": "until", "至": "until", "一直到": "until", "截至": "until", "截止": "until", "直到": "until",
    "截止到": "until", "截至到": "until",
    "以上": "at_least", "至少": "at_least", "不少于": "at_least",
    "为期": "exactly",
}


def relation_for(word: str | None) -> str | None:
    """Map a deadline relation word to its relation (GUIDELINES §3).

    ``内/之内/以内/不足/不超过`` → ``within``; ``前/之前/以前`` → ``before``;
    ``到/至/一直到/截至/截止/直到`` → ``until``; ``以上`` → ``at_least``;
    ``None`` or empty → ``exactly``.  Also ``以来`` → ``within`` (as in the
    gold's ``2月10日以来``), ``至少/不少于`` → ``at_least``, ``为期`` →
    ``exactly``.  Unknown words give ``None``.
    """
    if word is None:
        return "exactly"
    word = word.strip()
    if not word:
        return "exactly"
    return _RELATIONS.get(word)


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def resolve_date(bound: CalendarDate, reference: datetime.date) -> datetime.date | None:
    """Pin a calendar bound to a date, using ``reference`` for what is missing.

    With a year: year only → December 31; year and month → the month's last
    day.  Without a year: the first such date on or after ``reference``
    (``3月15日`` with reference 2026-11-28 → 2027-03-15); month only → the last
    day of that month; day only → the next such day of a month.  Returns
    ``None`` for an empty or impossible bound.
    """
    year, month, day = bound.year, bound.month, bound.day
    if year is not None:
        if month is None:
            return _safe_date(year, 12, 31) if day is None else None
        return _safe_date(year, month, day if day is not None else _days_in(month, year))
    if month is not None:
        for candidate_year in range(reference.year, reference.year + 9):
            last = _days_in(month, candidate_year)
            if day is not None and day > last:
                continue
            candidate = _safe_date(candidate_year, month, day if day is not None else last)
            if candidate is not None and candidate >= reference:
                return candidate
        return None
    if day is not None:
        candidate_year, candidate_month = reference.year, reference.month
        for _ in range(13):
            if day <= _days_in(candidate_month, candidate_year):
                candidate = _safe_date(candidate_year, candidate_month, day)
                if candidate is not None and candidate >= reference:
                    return candidate
            candidate_month += 1
            if candidate_month > 12:
                candidate_year, candidate_month = candidate_year + 1, 1
        return None
    return None
