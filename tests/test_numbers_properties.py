"""Property tests for measures.numbers (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from measures.numbers import (
    CalendarDate,
    ParsedDuration,
    ParsedQuantity,
    iso_duration,
    normalize_width,
    parse_calendar,
    parse_duration,
    parse_number,
    parse_quantity,
    to_chinese,
)

UP_TO_10_12 = st.integers(min_value=0, max_value=10**12)
_TO_FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")

# Text that looks like our input: numerals, units and comparator words mixed in.
NUMERIC_ALPHABET = "0123456789.,/-—%xX零〇一二两三四五六七八九十百千万亿点分之几多余个人元岁倍成第位每均年月日天时以上下内约近超"
numeric_text = st.text(alphabet=NUMERIC_ALPHABET, max_size=12)


@given(UP_TO_10_12)
def test_chinese_round_trip(n: int) -> None:
    assert parse_number(to_chinese(n)) == n


@given(UP_TO_10_12)
def test_formal_chinese_round_trip(n: int) -> None:
    assert parse_number(to_chinese(n, formal=True)) == n


@given(UP_TO_10_12)
def test_separated_arabic_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".replace(",", "，")) == n


@given(UP_TO_10_12)
def test_full_width_arabic_round_trip(n: int) -> None:
    assert parse_number(str(n).translate(_TO_FULL_WIDTH)) == n
    assert parse_number(f"{n:,}".translate(_TO_FULL_WIDTH)) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_decimal_round_trip(whole: int, hundredths: int) -> None:
    text = f"{whole}.{hundredths:02d}"
    assert parse_number(text) == float(text)


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["万", "亿"]))
def test_scaled_arabic(n: int, scale: str) -> None:
    assert parse_number(f"{n}{scale}") == n * (10**4 if scale == "万" else 10**8)


@given(UP_TO_10_12)
def test_integral_values_are_int(n: int) -> None:
    assert type(parse_number(to_chinese(n))) is int


@given(st.one_of(st.text(), numeric_text))
def test_parse_number_never_raises(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, (int, float))


@given(st.one_of(st.text(), numeric_text))
def test_parse_quantity_never_raises(text: str) -> None:
    result = parse_quantity(text)
    assert result is None or isinstance(result, ParsedQuantity)
    if result is not None:
        assert result.comparator in {">=", "<=", ">", "<", "~", "="}
        assert result.kind in {"count", "money", "percent", "ratio", "rank", "age", "measure", "other"}
        if result.range is not None or result.placeholder:
            assert result.value is None


@given(st.one_of(st.text(), numeric_text))
def test_parse_duration_never_raises(text: str) -> None:
    result = parse_duration(text)
    assert result is None or isinstance(result, ParsedDuration)


@given(st.one_of(st.text(), numeric_text))
def test_parse_calendar_never_raises(text: str) -> None:
    result = parse_calendar(text)
    assert result is None or isinstance(result, CalendarDate)


@given(st.text())
def test_normalize_width_keeps_length(text: str) -> None:
    assert len(normalize_width(text)) == len(text)


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["小时", "天", "个月", "年", "分钟", "周"]))
def test_duration_round_trip(n: int, word: str) -> None:
    result = parse_duration(f"{n}{word}")
    if word == "年" and 1000 <= n <= 9999:
        assert result is None  # a four-digit 年 is a calendar year
        return
    assert result is not None
    assert result.amount == n
    assert result.iso == iso_duration(n, result.unit)
