"""Table-driven tests for measures.numbers.

Every expected value below was written by hand from the annotation guidelines
(sections 3 and 4) and the module's specification, not copied from output.
"""

from __future__ import annotations

import datetime

import pytest

from measures.numbers import (
    CalendarDate,
    ParsedDuration,
    ParsedQuantity,
    comparator_for,
    is_named_day,
    iso_duration,
    normalize_width,
    parse_calendar,
    parse_duration,
    parse_number,
    parse_quantity,
    relation_for,
    resolve_date,
    to_chinese,
    unit_for,
)

# ---------------------------------------------------------------------------
# parse_number
# ---------------------------------------------------------------------------

NUMBER_CASES = [
    # Arabic
    ("24", 24),
    ("0", 0),
    ("17.2", 17.2),
    ("1,240", 1240),
    ("1，240", 1240),
    ("12,345,678", 12345678),
    ("1,234.5", 1234.5),
    ("２４", 24),
    ("１７．２", 17.2),
    ("１，２４０", 1240),
    (" 24 ", 24),
    ("10.0", 10),
    # Chinese, simple
    ("十", 10),
    ("十二", 12),
    ("二十", 20),
    ("二十四", 24),
    ("一十五", 15),
    ("两", 2),
    ("两百", 200),
    ("二百", 200),
    ("一百零五", 105),
    ("一百一十", 110),
    ("一百一", 110),
    ("一千二", 1200),
    ("两百五", 250),
    ("一千零五", 1005),
    ("一千零十", 1010),
    ("两千零二十", 2020),
    ("九千九百九十九", 9999),
    ("三万五", 35000),
    ("三万五千", 35000),
    ("一万零五", 10005),
    ("十万", 100000),
    ("十万零一十", 100010),
    ("一百万", 1000000),
    ("一千万", 10000000),
    ("千万", 10000000),
    ("一亿", 100000000),
    ("一亿二千万", 120000000),
    ("一亿二", 120000000),
    ("一亿零一十万", 100100000),
    ("十亿", 1000000000),
    ("一万亿", 1000000000000),
    ("〇", 0),
    ("零", 0),
    ("百", 100),
    # formal and traditional
    ("壹佰贰拾", 120),
    ("贰万", 20000),
    ("壹拾", 10),
    ("叁仟肆佰伍拾陆", 3456),
    ("玖萬", 90000),
    ("壹億", 100000000),
    ("兩千", 2000),
    ("一萬億", 1000000000000),
    ("陸佰", 600),
    # mixed
    ("30592万", 305920000),
    ("106.9亿", 10690000000),
    ("1.8万", 18000),
    ("2千", 2000),
    ("百亿", 10000000000),
    ("3000万", 30000000),
    ("10.0亿", 1000000000),
    ("28.25亿", 2825000000),
    ("3万5000", 35000),
    ("1.5千", 1500),
    ("14亿", 1400000000),
    # decimals in words
    ("零点五", 0.5),
    ("三点五", 3.5),
    ("十二点五", 12.5),
    ("三点一四", 3.14),
    ("三点五万", 35000),
    # fractions
    ("1/8", 0.125),
    ("1/2", 0.5),
    ("4/2", 2),
    ("二分之一", 0.5),
    ("四分之三", 0.75),
    ("千分之五", 0.005),
    ("百分之十五", 15),
    ("百分之百", 100),
    ("百分之十五点五", 15.5),
]


@pytest.mark.parametrize(("text", "expected"), NUMBER_CASES)
def test_parse_number(text: str, expected: int | float) -> None:
    result = parse_number(text)
    assert result == pytest.approx(expected)
    assert isinstance(result, int) == isinstance(expected, int)


def test_parse_number_one_third() -> None:
    assert parse_number("三分之一") == pytest.approx(1 / 3)
    assert isinstance(parse_number("三分之一"), float)


NUMBER_REJECTS = [
    "",
    "   ",
    "万",
    "万万",
    "亿万",
    "万亿",
    "十几",
    "三十多",
    "3人",
    "一二",
    "三五",
    "十十",
    "百十",
    "零五",
    "零零",
    "一千零",
    "五.",
    ".5",
    "1,24",
    "1234,567",
    "一点",
    "三分之",
    "分之一",
    "1/0",
    "零分之一",
    "-5",
    "abc",
    "xx",
    "二十四小时",
]


@pytest.mark.parametrize("text", NUMBER_REJECTS)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_non_string() -> None:
    assert parse_number(None) is None  # type: ignore[arg-type]
    assert parse_number(24) is None  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# to_chinese
# ---------------------------------------------------------------------------

TO_CHINESE_CASES = [
    (0, False, "零"),
    (1, False, "一"),
    (10, False, "十"),
    (15, False, "十五"),
    (20, False, "二十"),
    (110, False, "一百一十"),
    (1005, False, "一千零五"),
    (1010, False, "一千零一十"),
    (10000, False, "一万"),
    (100010, False, "十万零一十"),
    (35000, False, "三万五千"),
    (100000000, False, "一亿"),
    (100100000, False, "一亿零一十万"),
    (1000000000, False, "十亿"),
    (10**12, False, "一万亿"),
    (10, True, "壹拾"),
    (120, True, "壹佰贰拾"),
    (20000, True, "贰万"),
    (3456, True, "叁仟肆佰伍拾陆"),
    (0, True, "零"),
    (1005, True, "壹仟零伍"),
]


@pytest.mark.parametrize(("n", "formal", "expected"), TO_CHINESE_CASES)
def test_to_chinese(n: int, formal: bool, expected: str) -> None:
    assert to_chinese(n, formal=formal) == expected


def test_to_chinese_negative() -> None:
    with pytest.raises(ValueError):
        to_chinese(-1)


# ---------------------------------------------------------------------------
# comparator_for
# ---------------------------------------------------------------------------

COMPARATOR_CASES = [
    ("以上", ">="),
    ("至少", ">="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("以下", "<="),
    ("以内", "<="),
    ("内", "<="),
    ("不超过", "<="),
    ("不高于", "<="),
    ("不多于", "<="),
    ("超", ">"),
    ("超过", ">"),
    ("突破", ">"),
    ("高于", ">"),
    ("多", ">"),
    ("余", ">"),
    ("逾", ">"),
    ("多于", ">"),
    ("不足", "<"),
    ("不到", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("未满", "<"),
    ("近", "~"),
    ("约", "~"),
    ("将近", "~"),
    ("接近", "~"),
    ("左右", "~"),
    ("大约", "~"),
    ("上下", "~"),
    (None, None),
    ("", None),
    ("达到", None),
    ("左", None),
]


@pytest.mark.parametrize(("word", "expected"), COMPARATOR_CASES)
def test_comparator_for(word: str | None, expected: str | None) -> None:
    assert comparator_for(word) == expected


# ---------------------------------------------------------------------------
# parse_quantity
# ---------------------------------------------------------------------------

# (text, value, unit, comparator, range, per, placeholder, kind)
QUANTITY_CASES = [
    # counts
    ("50人以上", 50, "人", ">=", None, None, False, "count"),
    ("10人以上", 10, "人", ">=", None, None, False, "count"),
    ("近2千人", 2000, "人", "~", None, None, False, "count"),
    ("超过3000人", 3000, "人", ">", None, None, False, "count"),
    ("超3000人", 3000, "人", ">", None, None, False, "count"),
    ("逾千人", 1000, "人", ">", None, None, False, "count"),
    ("不超过50人", 50, "人", "<=", None, None, False, "count"),
    ("至少10人", 10, "人", ">=", None, None, False, "count"),
    ("不足100人", 100, "人", "<", None, None, False, "count"),
    ("不到100人", 100, "人", "<", None, None, False, "count"),
    ("将近300人", 300, "人", "~", None, None, False, "count"),
    ("50人左右", 50, "人", "~", None, None, False, "count"),
    ("50人上下", 50, "人", "~", None, None, False, "count"),
    ("50人以下", 50, "人", "<=", None, None, False, "count"),
    ("50人以内", 50, "人", "<=", None, None, False, "count"),
    ("157例", 157, "例", "=", None, None, False, "count"),
    ("30592万例", 305920000, "例", "=", None, None, False, "count"),
    ("14亿人口", 1400000000, "人口", "=", None, None, False, "count"),
    ("三个", 3, "个", "=", None, None, False, "count"),
    ("两县", 2, "县", "=", None, None, False, "count"),
    ("三点", 3, "点", "=", None, None, False, "count"),
    ("四级", 4, "级", "=", None, None, False, "count"),
    ("18个", 18, "个", "=", None, None, False, "count"),
    ("五大特点", 5, "特点", "=", None, None, False, "count"),
    ("1,240人", 1240, "人", "=", None, None, False, "count"),
    ("１２４０人", 1240, "人", "=", None, None, False, "count"),
    ("年增长2048万辆", 20480000, "辆", "=", None, "年", False, "count"),
    ("每万人口20个", 20, "个", "=", None, "万人口", False, "count"),
    ("每10万人口20个", 20, "个", "=", None, "10万人口", False, "count"),
    ("1109万", 11090000, None, "=", None, None, False, "count"),
    ("十几万", 100000, None, ">", None, None, False, "count"),
    ("十几人", 10, "人", ">", None, None, False, "count"),
    ("二十几个", 20, "个", ">", None, None, False, "count"),
    ("500多亿", 50000000000, None, ">", None, None, False, "count"),
    ("100多个", 100, "个", ">", None, None, False, "count"),
    ("550万多例", 5500000, "例", ">", None, None, False, "count"),
    ("十余万人", 100000, "人", ">", None, None, False, "count"),
    ("千余人", 1000, "人", ">", None, None, False, "count"),
    ("1万余人", 10000, "人", ">", None, None, False, "count"),
    ("数十", 10, None, ">", None, None, False, "count"),
    ("几十万人", 100000, "人", ">", None, None, False, "count"),
    ("数百个", 100, "个", ">", None, None, False, "count"),
    # money
    ("80多亿元", 8000000000, "元", ">", None, None, False, "money"),
    ("40多亿元", 4000000000, "元", ">", None, None, False, "money"),
    ("106.9亿元", 10690000000, "元", "=", None, None, False, "money"),
    ("28.25亿元", 2825000000, "元", "=", None, None, False, "money"),
    ("560.88亿元", 56088000000, "元", "=", None, None, False, "money"),
    ("10.0亿元", 1000000000, "元", "=", None, None, False, "money"),
    ("3000万元", 30000000, "元", "=", None, None, False, "money"),
    ("突破百亿元", 10000000000, "元", ">", None, None, False, "money"),
    ("约4亿元", 400000000, "元", "~", None, None, False, "money"),
    ("人均4765元", 4765, "元", "=", None, "人", False, "money"),
    ("人均纯收入4765元", 4765, "元", "=", None, "人", False, "money"),
    ("人均可支配收入12702元", 12702, "元", "=", None, "人", False, "money"),
    ("三万五千元左右", 35000, "元", "~", None, None, False, "money"),
    ("壹佰贰拾元", 120, "元", "=", None, None, False, "money"),
    ("100美元", 100, "美元", "=", None, None, False, "money"),
    # percent
    ("约20%", 20, "%", "~", None, None, False, "percent"),
    ("17.2%", 17.2, "%", "=", None, None, False, "percent"),
    ("１７．２％", 17.2, "%", "=", None, None, False, "percent"),
    ("17%以上", 17, "%", ">=", None, None, False, "percent"),
    ("30%以下", 30, "%", "<=", None, None, False, "percent"),
    ("百分之十五", 15, "%", "=", None, None, False, "percent"),
    ("百分之十五以上", 15, "%", ">=", None, None, False, "percent"),
    ("八成", 80, "%", "=", None, None, False, "percent"),
    ("9成以上", 90, "%", ">=", None, None, False, "percent"),
    ("两成", 20, "%", "=", None, None, False, "percent"),
    ("8个百分点", 8, "百分点", "=", None, None, False, "percent"),
    ("1个百分点", 1, "百分点", "=", None, None, False, "percent"),
    ("3个百分点以上", 3, "百分点", ">=", None, None, False, "percent"),
    ("0.5个百分点", 0.5, "百分点", "=", None, None, False, "percent"),
    # ratio
    ("三倍", 3, "倍", "=", None, None, False, "ratio"),
    ("2.6倍", 2.6, "倍", "=", None, None, False, "ratio"),
    ("近6倍", 6, "倍", "~", None, None, False, "ratio"),
    # rank
    ("第十位", 10, "位", "=", None, None, False, "rank"),
    ("全省第十位", 10, "位", "=", None, None, False, "rank"),
    ("第2位", 2, "位", "=", None, None, False, "rank"),
    ("第九位", 9, "位", "=", None, None, False, "rank"),
    ("第3名", 3, "名", "=", None, None, False, "rank"),
    # age
    ("12岁以上", 12, "岁", ">=", None, None, False, "age"),
    ("60岁以上", 60, "岁", ">=", None, None, False, "age"),
    ("3岁以上", 3, "岁", ">=", None, None, False, "age"),
    ("12周岁", 12, "周岁", "=", None, None, False, "age"),
    # measure
    ("1.8万亩", 18000, "亩", "=", None, None, False, "measure"),
    ("日产2500吨", 2500, "吨", "=", None, "日", False, "measure"),
    ("100千瓦", 100, "千瓦", "=", None, None, False, "measure"),
    ("100万千瓦", 1000000, "千瓦", "=", None, None, False, "measure"),
    ("50公里", 50, "公里", "=", None, None, False, "measure"),
    ("3平方公里", 3, "平方公里", "=", None, None, False, "measure"),
    ("20公顷", 20, "公顷", "=", None, None, False, "measure"),
    ("500公斤", 500, "公斤", "=", None, None, False, "measure"),
    # fractions
    ("1/8", 0.125, None, "=", None, None, False, "other"),
    ("二分之一", 0.5, None, "=", None, None, False, "other"),
    ("三分之一以上", pytest.approx(1 / 3), None, ">=", None, None, False, "other"),
    # ranges
    ("3—11岁", None, "岁", "=", (3, 11), None, False, "age"),
    ("3-11岁", None, "岁", "=", (3, 11), None, False, "age"),
    ("6条到7条", None, "条", "=", (6, 7), None, False, "count"),
    ("5至10人", None, "人", "=", (5, 10), None, False, "count"),
    ("20%-30%", None, "%", "=", (20, 30), None, False, "percent"),
    ("20%～30%", None, "%", "=", (20, 30), None, False, "percent"),
    ("两到三万", None, None, "=", (20000, 30000), None, False, "count"),
    ("5-10万元", None, "元", "=", (50000, 100000), None, False, "money"),
    ("5000-3万", None, None, "=", (5000, 30000), None, False, "count"),
    ("两三个", None, "个", "=", (2, 3), None, False, "count"),
    ("一两个", None, "个", "=", (1, 2), None, False, "count"),
    ("三五人", None, "人", "=", (3, 5), None, False, "count"),
    ("两三万", None, None, "=", (20000, 30000), None, False, "count"),
    ("二三十人", None, "人", "=", (20, 30), None, False, "count"),
    ("十二三岁", None, "岁", "=", (12, 13), None, False, "age"),
    ("七八成", None, "%", "=", (70, 80), None, False, "percent"),
    ("百分之七八十", None, "%", "=", (70, 80), None, False, "percent"),
    ("约3-5人", None, "人", "=", (3, 5), None, False, "count"),
    # placeholders
    ("xx%", None, "%", "=", None, None, True, "percent"),
    ("xx例", None, "例", "=", None, None, True, "count"),
    ("x例", None, "例", "=", None, None, True, "count"),
    ("x名", None, "名", "=", None, None, True, "count"),
    ("x地", None, "地", "=", None, None, True, "count"),
    ("xxxx起", None, "起", "=", None, None, True, "count"),
    ("XX人", None, "人", "=", None, None, True, "count"),
    ("××名", None, "名", "=", None, None, True, "count"),
    ("XXX", None, None, "=", None, None, True, "count"),
    ("多少起", None, "起", "=", None, None, True, "count"),
    ("xx万元", None, "元", "=", None, None, True, "money"),
    ("xx人以上", None, "人", ">=", None, None, True, "count"),
]


@pytest.mark.parametrize(
    ("text", "value", "unit", "comparator", "range_", "per", "placeholder", "kind"), QUANTITY_CASES
)
def test_parse_quantity(
    text: str,
    value: object,
    unit: str | None,
    comparator: str,
    range_: tuple[int, int] | None,
    per: str | None,
    placeholder: bool,
    kind: str,
) -> None:
    q = parse_quantity(text)
    assert isinstance(q, ParsedQuantity)
    assert q.value == value
    if isinstance(value, int):
        assert isinstance(q.value, int)
    assert q.unit == unit
    assert q.comparator == comparator
    assert q.range == range_
    assert q.per == per
    assert q.placeholder is placeholder
    assert q.kind == kind


QUANTITY_REJECTS = [
    "",
    "人",
    "第一",
    "第十届",
    "第二剂",
    "不足1年",
    "3个月",
    "2021年",
    "2021年底",
    "5分钟",
    "24小时",
    "14天",
    "上午10时",
    "3月15日",
    "三月十五日",
    "3,4个",
    "万万",
    "几个",
    "30%-20%",
]


@pytest.mark.parametrize("text", QUANTITY_REJECTS)
def test_parse_quantity_rejects(text: str) -> None:
    assert parse_quantity(text) is None


# ---------------------------------------------------------------------------
# Durations
# ---------------------------------------------------------------------------

UNIT_FOR_CASES = [
    ("小时", "hour"),
    ("个小时", "hour"),
    ("钟头", "hour"),
    ("分钟", "minute"),
    ("天", "day"),
    ("日", "day"),
    ("周", "week"),
    ("星期", "week"),
    ("个星期", "week"),
    ("月", "month"),
    ("个月", "month"),
    ("年", "year"),
    ("秒", None),
    ("时", None),
    ("分", None),
    ("", None),
    ("岁", None),
]


@pytest.mark.parametrize(("word", "expected"), UNIT_FOR_CASES)
def test_unit_for(word: str, expected: str | None) -> None:
    assert unit_for(word) == expected


ISO_CASES = [
    (2, "hour", "PT2H"),
    (24, "hour", "PT24H"),
    (14, "day", "P14D"),
    (3, "month", "P3M"),
    (1.5, "hour", "PT1H30M"),
    (0.5, "day", "PT12H"),
    (0.5, "month", "P15D"),
    (4, "week", "P4W"),
    (30, "minute", "PT30M"),
    (1.5, "year", "P1Y6M"),
    (0.5, "year", "P6M"),
    (2.5, "day", "P2DT12H"),
    (1.5, "week", "P10DT12H"),
    (1.5, "minute", "PT1M30S"),
    (0.25, "hour", "PT15M"),
    (1, "year", "P1Y"),
    (100, "day", "P100D"),
    (1.5, "month", "P1M15D"),
    (0, "day", "P0D"),
    (0, "hour", "PT0H"),
]


@pytest.mark.parametrize(("amount", "unit", "expected"), ISO_CASES)
def test_iso_duration(amount: int | float, unit: str, expected: str) -> None:
    assert iso_duration(amount, unit) == expected


@pytest.mark.parametrize(("amount", "unit"), [(1, "fortnight"), (-1, "day"), (float("nan"), "day")])
def test_iso_duration_errors(amount: float, unit: str) -> None:
    with pytest.raises(ValueError):
        iso_duration(amount, unit)


DURATION_CASES = [
    ("2小时", 2, "hour", "PT2H"),
    ("两小时", 2, "hour", "PT2H"),
    ("两个小时", 2, "hour", "PT2H"),
    ("二十四小时", 24, "hour", "PT24H"),
    ("48小时", 48, "hour", "PT48H"),
    ("6小时", 6, "hour", "PT6H"),
    ("一个半小时", 1.5, "hour", "PT1H30M"),
    ("半小时", 0.5, "hour", "PT30M"),
    ("半个小时", 0.5, "hour", "PT30M"),
    ("1.5小时", 1.5, "hour", "PT1H30M"),
    ("两个钟头", 2, "hour", "PT2H"),
    ("十五分钟", 15, "minute", "PT15M"),
    ("30分钟", 30, "minute", "PT30M"),
    ("两天", 2, "day", "P2D"),
    ("14天", 14, "day", "P14D"),
    ("１４天", 14, "day", "P14D"),
    ("7日", 7, "day", "P7D"),
    ("半天", 0.5, "day", "PT12H"),
    ("两天半", 2.5, "day", "P2DT12H"),
    ("100天时间", 100, "day", "P100D"),
    ("4周", 4, "week", "P4W"),
    ("一周", 1, "week", "P1W"),
    ("两个星期", 2, "week", "P2W"),
    ("三个月", 3, "month", "P3M"),
    ("8个月", 8, "month", "P8M"),
    ("半个月", 0.5, "month", "P15D"),
    ("一个半月", 1.5, "month", "P1M15D"),
    ("半年", 0.5, "year", "P6M"),
    ("三年", 3, "year", "P3Y"),
    ("一年半", 1.5, "year", "P1Y6M"),
    ("三年时间", 3, "year", "P3Y"),
]


@pytest.mark.parametrize(("text", "amount", "unit", "iso"), DURATION_CASES)
def test_parse_duration(text: str, amount: int | float, unit: str, iso: str) -> None:
    d = parse_duration(text)
    assert d == ParsedDuration(amount, unit, iso)
    assert isinstance(d.amount, int) == isinstance(amount, int)


DURATION_REJECTS = ["", "小时", "3月", "2021年", "十多天", "几天", "3人", "半", "一个半", "5分", "天天"]


@pytest.mark.parametrize("text", DURATION_REJECTS)
def test_parse_duration_rejects(text: str) -> None:
    assert parse_duration(text) is None


# ---------------------------------------------------------------------------
# Calendar bounds
# ---------------------------------------------------------------------------

CALENDAR_CASES = [
    ("3月15日", {"month": 3, "day": 15}),
    ("3月15号", {"month": 3, "day": 15}),
    ("三月十五日", {"month": 3, "day": 15}),
    ("十二月三十一日", {"month": 12, "day": 31}),
    ("３月１５日", {"month": 3, "day": 15}),
    ("3月底", {"month": 3, "day": 31}),
    ("3月末", {"month": 3, "day": 31}),
    ("5月底", {"month": 5, "day": 31}),
    ("6月底", {"month": 6, "day": 30}),
    ("2月底", {"month": 2, "day": 28}),
    ("2024年2月底", {"year": 2024, "month": 2, "day": 29}),
    ("2023年2月底", {"year": 2023, "month": 2, "day": 28}),
    ("6月", {"month": 6}),
    ("6月份", {"month": 6}),
    ("7月", {"month": 7}),
    ("年底", {"month": 12, "day": 31}),
    ("年末", {"month": 12, "day": 31}),
    ("今年底", {"month": 12, "day": 31}),
    ("明年年底", {"month": 12, "day": 31}),
    ("2035年", {"year": 2035}),
    ("2020年", {"year": 2020}),
    ("二〇三五年", {"year": 2035}),
    ("2020年底", {"year": 2020, "month": 12, "day": 31}),
    ("2021年底", {"year": 2021, "month": 12, "day": 31}),
    ("2022年3月15日", {"year": 2022, "month": 3, "day": 15}),
    ("2022年3月", {"year": 2022, "month": 3}),
    ("明年3月底", {"month": 3, "day": 31}),
    ("今年6月底", {"month": 6, "day": 30}),
    ("4.25", {"month": 4, "day": 25}),
    ("6.30", {"month": 6, "day": 30}),
    ("7.1", {"month": 7, "day": 1}),
    ("12.30", {"month": 12, "day": 30}),
    ("2022-03-15", {"year": 2022, "month": 3, "day": 15}),
    ("2月29日", {"month": 2, "day": 29}),
    ("15日", {"day": 15}),
    ("元旦", {"month": 1, "day": 1}),
    ("五一", {"month": 5, "day": 1}),
    ("劳动节", {"month": 5, "day": 1}),
    ("国庆", {"month": 10, "day": 1}),
    ("国庆节", {"month": 10, "day": 1}),
    ("七一", {"month": 7, "day": 1}),
    ("八一", {"month": 8, "day": 1}),
    ("2022年元旦", {"year": 2022, "month": 1, "day": 1}),
    ("12月3日下午5时", {"month": 12, "day": 3}),
    ("12月3日上午", {"month": 12, "day": 3}),
    ("12月2日下午", {"month": 12, "day": 2}),
    ("8月30日0时", {"month": 8, "day": 30}),
    ("9月1日24时", {"month": 9, "day": 1}),
    ("9月1日17:30", {"month": 9, "day": 1}),
]


@pytest.mark.parametrize(("text", "expected"), CALENDAR_CASES)
def test_parse_calendar(text: str, expected: dict[str, int]) -> None:
    bound = parse_calendar(text)
    assert isinstance(bound, CalendarDate)
    assert bound.as_dict() == expected


CALENDAR_REJECTS = [
    "",
    "13月",
    "0月",
    "2月30日",
    "4月31日",
    "2023年2月29日",
    "3月32日",
    "春节",
    "端午节",
    "中秋节",
    "清明节",
    "元宵节",
    "明年",
    "底",
    "月底",
    "今冬明春",
    "当天",
    "13.5",
    "上午10时",
]


@pytest.mark.parametrize("text", CALENDAR_REJECTS)
def test_parse_calendar_rejects(text: str) -> None:
    assert parse_calendar(text) is None


NAMED_DAY_CASES = [
    ("春节", True),
    ("元宵节", True),
    ("端午节", True),
    ("中秋节", True),
    ("清明节", True),
    ("元旦", True),
    ("五一", True),
    ("劳动节", True),
    ("国庆", True),
    ("国庆节", True),
    ("七一", True),
    ("八一", True),
    ("2022年春节", True),
    ("3月15日", False),
    ("年底", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), NAMED_DAY_CASES)
def test_is_named_day(text: str, expected: bool) -> None:
    assert is_named_day(text) is expected


def test_calendar_date_as_dict() -> None:
    assert CalendarDate().as_dict() == {}
    assert CalendarDate(year=2035).as_dict() == {"year": 2035}
    assert CalendarDate(2022, 3, 15).as_dict() == {"year": 2022, "month": 3, "day": 15}


RELATION_CASES = [
    ("内", "within"),
    ("之内", "within"),
    ("以内", "within"),
    ("不足", "within"),
    ("不超过", "within"),
    ("前", "before"),
    ("之前", "before"),
    ("以前", "before"),
    ("到", "until"),
    ("至", "until"),
    ("一直到", "until"),
    ("截至", "until"),
    ("截止", "until"),
    ("直到", "until"),
    ("以上", "at_least"),
    (None, "exactly"),
    ("", "exactly"),
    ("以来", "within"),
    ("为期", "exactly"),
    ("左右", None),
]


@pytest.mark.parametrize(("word", "expected"), RELATION_CASES)
def test_relation_for(word: str | None, expected: str | None) -> None:
    assert relation_for(word) == expected


D = datetime.date
RESOLVE_CASES = [
    (CalendarDate(month=3, day=15), D(2026, 11, 28), D(2027, 3, 15)),
    (CalendarDate(month=3, day=15), D(2026, 1, 10), D(2026, 3, 15)),
    (CalendarDate(month=3, day=15), D(2026, 3, 15), D(2026, 3, 15)),
    (CalendarDate(month=3, day=15), D(2026, 3, 16), D(2027, 3, 15)),
    (CalendarDate(month=6), D(2026, 11, 28), D(2027, 6, 30)),
    (CalendarDate(month=6), D(2026, 2, 1), D(2026, 6, 30)),
    (CalendarDate(month=2), D(2027, 3, 1), D(2028, 2, 29)),
    (CalendarDate(month=12, day=31), D(2026, 11, 28), D(2026, 12, 31)),
    (CalendarDate(month=2, day=29), D(2025, 1, 1), D(2028, 2, 29)),
    (CalendarDate(year=2035), D(2026, 11, 28), D(2035, 12, 31)),
    (CalendarDate(year=2020, month=12, day=31), D(2026, 11, 28), D(2020, 12, 31)),
    (CalendarDate(year=2022, month=3), D(2026, 11, 28), D(2022, 3, 31)),
    (CalendarDate(year=2024, month=2), D(2026, 11, 28), D(2024, 2, 29)),
    (CalendarDate(day=15), D(2026, 11, 28), D(2026, 12, 15)),
    (CalendarDate(day=30), D(2026, 11, 28), D(2026, 11, 30)),
    (CalendarDate(day=31), D(2026, 11, 28), D(2026, 12, 31)),
    (CalendarDate(), D(2026, 11, 28), None),
]


@pytest.mark.parametrize(("bound", "reference", "expected"), RESOLVE_CASES)
def test_resolve_date(bound: CalendarDate, reference: datetime.date, expected: datetime.date | None) -> None:
    assert resolve_date(bound, reference) == expected


# ---------------------------------------------------------------------------
# normalize_width
# ---------------------------------------------------------------------------

WIDTH_CASES = [
    ("１７．２％", "17.2%"),
    ("１，２４０", "1,240"),
    ("ＸＸ人", "XX人"),
    ("ｘｘ例", "xx例"),
    ("１２：３０", "12:30"),
    ("（一）", "（一）"),
    ("2小时内", "2小时内"),
]


@pytest.mark.parametrize(("text", "expected"), WIDTH_CASES)
def test_normalize_width(text: str, expected: str) -> None:
    out = normalize_width(text)
    assert out == expected
    assert len(out) == len(text)
