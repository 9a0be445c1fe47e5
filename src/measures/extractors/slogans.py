"""Slogans: quoted formulas, principles and catchwords, and unquoted numbered formulations."""

from __future__ import annotations

from bisect import bisect_left

import regex

from ..document import Candidate, Document, SpanSet, find_candidates, fold_width
from ..models import Directive, Slogan
from ..numbers import parse_number
from ..packs import DimensionRules

_PARTS = regex.compile(r"[、,;，；]")
_SENTENCE_END = regex.compile(r"[。!?;\n]")
_LEADING_COUNT = regex.compile(r"^(?:[0-9]+|[两双三四五六七八九十百千]+)")
_SPLIT_OUTSIDE_QUOTES = regex.compile(r"[,;，；](?![^“]*”)")
_COUNT_GE = regex.compile(r"[两三四五六七八九十]个")
_HAN = regex.compile(r"\p{Han}")
_EVERY_ONE = regex.compile(r"^(\p{Han})\1\p{Han}{2}$")  # a doubled measure word: every one (件件消杀)
_YING_JIN = regex.compile(r"^应(.+)尽\1$")  # 应检尽检
_REPEATED_HEAD = regex.compile(r"^(\p{Han})(\p{Han}{1,3})\1(\p{Han}{1,3})$")  # 大排查大整治
_REDACTED = regex.compile(r"[xX×]{1,4}")
_ONLY_REDACTED = regex.compile(r"[xX×]+")
_ROUTE = regex.compile(r"\p{Han}{2,4}(?:-\p{Han}{2,4})+")  # 河南-华南
_FIRST_CLAUSE = regex.compile(r"[,，:：]")
_COLON_OR_NAMELY = regex.compile(r"[^。;,\n]{0,6}?:(?:即)?|,?(?:即|也就是|就是)(?![将使便可刻时])[:,]?")
_LIST_SPLIT = regex.compile(r"[、和及与]")
_PAIR_WITH_AND = regex.compile(r"^[^、和及与]*[和及与][^、和及与]*$")


class SloganExtractor:
    """Turns quote and formula matches into slogan records with category and expansion."""

    def __init__(self, rules: DimensionRules) -> None:
        self.rules = rules
        self.measure_after_count = tuple(rules.words("measure_after_count"))
        self.name_suffix = tuple(rules.words("name_suffix"))
        self.name_follower = tuple(rules.words("name_follower"))
        self.never = set(rules.words("never"))
        self.principle_follower = tuple(rules.words("principle_follower"))
        self.principle_ending = tuple(rules.words("principle_ending"))
        verbs = "".join(regex.escape(v) for v in rules.words("principle_verb"))
        self.paired_verbs = regex.compile(rf"^[{verbs}]\p{{Han}}[{verbs}]\p{{Han}}$" if verbs else "(?!)")
        self.known: dict[str, list[str]] = {k: list(v) for k, v in rules.table("known_formula").items()}
        self.list_tail = tuple(sorted(rules.words("list_tail"), key=len, reverse=True))
        self.known_principle = set(rules.words("known_principle")) if "known_principle" in rules.lexicons else set()

    # -- classification ------------------------------------------------------
    def _counts_items(self, part: str) -> bool:
        """True when `part` opens with a count of listed items (四早, 三减少, 一带一路), not a measure."""
        if part.startswith("一"):
            rest = part[1:]
            if len(rest) < 2 or rest.startswith(self.measure_after_count):
                return False
            return rest[1] in "一二两三四五六七八九十双"
        m = _LEADING_COUNT.match(part)
        if not m or m.end() == len(part) or not regex.match(r"\p{Han}", part[m.end()]):
            return False  # a count is followed by what is counted: 四早, not “2.2”
        return not (part[m.end():].startswith(self.measure_after_count) or part[1:].startswith(self.measure_after_count))

    def numbered(self, text: str) -> bool:
        if text in self.known:
            return True
        if _COUNT_GE.fullmatch(text):
            return True
        parts = [p for p in _PARTS.split(text) if p]
        counting = sum(self._counts_items(p) for p in parts)
        return bool(parts) and counting * 2 > len(parts) and self._counts_items(parts[0])

    def category(self, text: str, after: str) -> str:
        if text in self.known_principle:
            return "principle"
        if self.numbered(text):
            return "formula"
        parts = [p for p in _PARTS.split(text) if p]
        if len(parts) >= 2:
            return "principle"
        if after.startswith(self.principle_follower):
            return "principle"
        if text.endswith(self.principle_ending) and len(text) >= 4:
            return "principle"
        if _YING_JIN.match(text) or self.paired_verbs.match(text):
            return "principle"
        if _REPEATED_HEAD.match(text) or _EVERY_ONE.match(text):  # 大排查大整治; 件件消杀, 批批抽检
            return "principle"
        return "catchword"

    def _is_name_or_sentence(self, text: str, after: str) -> bool:
        stripped = text.strip()
        if not stripped or stripped != text:
            return True
        if stripped in self.never or stripped.endswith("。"):
            return True
        if not _HAN.search(stripped):
            return True  # “25·7”, “2.2”: a date or number named, not a policy phrase
        if stripped.endswith(self.name_suffix) and not self.numbered(stripped):
            return True
        if after.startswith(self.name_follower) and not self.numbered(stripped):
            return True  # “全民保卫”行动 names a campaign; “三对接”活动 is still a formula
        if _REDACTED.search(stripped) and not _ONLY_REDACTED.fullmatch(stripped):
            return True  # a redacted name: “xx省…方案”
        if _ROUTE.fullmatch(stripped):
            return True  # a route between places: “河南-华南”
        return False

    # -- expansion -----------------------------------------------------------
    def _count(self, text: str) -> int | None:
        if text.startswith("双"):
            return 2
        m = _LEADING_COUNT.match(text)
        if not m:
            return None
        n = parse_number(m.group())
        return n if isinstance(n, int) and n >= 2 else None

    def expansion(self, doc: Document, start: int, end: int, text: str, directives: list[Directive]) -> list[str] | None:
        s = doc.norm
        close = end + 1 if end < len(s) and s[end] in "”\"’」" else end
        # 1. brackets right after: “三减少、三加强”(减少…、…)
        if close < len(s) and s[close] == "(":
            stop = s.find(")", close)
            if 0 < stop - close <= 120:
                parts = [p.strip() for p in _PARTS.split(doc.text[close + 1:stop]) if p.strip()]
                if len(parts) >= 2:
                    return parts
        count = self._count(text)
        if count is None:
            return None
        # 2. a numbered series immediately after, with as many items as the count
        k = bisect_left(directives, close, key=lambda d: d.start)
        first = directives[k] if k < len(directives) and directives[k].start <= close + 3 and directives[k].ordinal == 1 else None
        if first is not None:
            items = []
            for d in directives[k:]:
                if len(items) == count:
                    break
                if d.parent == first.parent and d.level == first.level:
                    items.append(d)
            if len(items) == count and [d.ordinal for d in items] == list(range(1, count + 1)):
                return [_FIRST_CLAUSE.split(d.headline, maxsplit=1)[0] for d in items]
        # 3. after a colon (or 即) in the same sentence
        m = _COLON_OR_NAMELY.match(s[close:close + 10])
        if m:
            sent_end = _SENTENCE_END.search(s, close + m.end())
            stop = sent_end.start() if sent_end else len(s)
            body = doc.text[close + m.end():stop]
            parts = [p.strip() for p in _SPLIT_OUTSIDE_QUOTES.split(body) if p.strip()]
            if len(parts) < count:
                parts = [p.strip() for p in _PARTS.split(body) if p.strip()]
            if len(parts) >= count:
                return parts[:count]
        # 4. listed right before: 早、准、细、实、严“五字要求”
        open_ = start - 1 if start > 0 and s[start - 1] in "“\"‘「" else start
        lo = max(0, open_ - 60)
        before = s[lo:open_]
        cut = max(before.rfind(c) for c in ",。;:!?\n(")
        before = before[cut + 1:]
        if before.endswith("的"):
            before = before[:-1]
        for tail in self.list_tail:
            if before.endswith(tail):
                before = before[: -len(tail)]
                break
        if count == 2 and not _PAIR_WITH_AND.search(before):
            return None  # 春节、国省“两会”: two items need 和/与/及 to be a list of the slogan's parts
        base = lo + cut + 1  # the folded `before` and the text as read share offsets
        bounds, pos = [], 0
        for m in _LIST_SPLIT.finditer(before):
            bounds.append((pos, m.start()))
            pos = m.end()
        bounds.append((pos, len(before)))
        parts = [doc.text[base + a:base + b] for a, b in bounds][-count:]
        if len(parts) == count and all(parts[1:]):
            width = len(parts[1])
            parts[0] = parts[0][-width:]
            if all(1 <= len(p) <= 12 for p in parts):
                return parts
        return None

    # -- extraction ----------------------------------------------------------
    def extract(self, doc: Document, directives: list[Directive]) -> list[Slogan]:
        cands: list[tuple[Candidate, int, int]] = []
        for c in find_candidates(self.rules.rules, doc):
            span = c.span_of("slogan")
            if span is None:
                continue
            cands.append((c, span[0], span[1]))
        quoted_spans = SpanSet((s, e) for c, s, e in cands if c.rule.rule.set.get("quoted", True))
        out: list[Slogan] = []
        taken = SpanSet()
        formulas: set[str] = set()
        for c, s, e in sorted(cands, key=lambda x: (x[1], -(x[2] - x[1]))):
            quoted = bool(c.rule.rule.set.get("quoted", True))
            if not quoted and quoted_spans.overlaps(s - 1, e + 1):
                continue
            if taken.overlaps(s, e):
                continue
            text = doc.text[s:e]
            norm = doc.norm[s:e]
            after = doc.norm[e + 1:e + 8] if quoted else doc.norm[e:e + 8]
            if quoted and self._is_name_or_sentence(norm, after):
                continue
            category = self.category(norm, after)
            if not quoted and category != "formula":
                continue
            if category == "formula":
                formulas.add(text)
            taken.add(s, e)
            out.append(self._record(doc, c.rule.rule.id, s, e, text, category, quoted, directives))
        out.extend(self._echoes(doc, formulas, taken, directives))
        return sorted(out, key=lambda r: r.start)

    def _echoes(self, doc: Document, formulas: set[str], taken: SpanSet, directives: list[Directive]) -> list[Slogan]:
        """Unquoted occurrences of a numbered formula that the same document quotes elsewhere."""
        out = []
        for f in sorted(formulas, key=len, reverse=True):
            if len(f) < 3:
                continue
            pattern = regex.compile(r"(?<![0-9.])" + regex.escape(fold_width(f)) + r"(?![0-9.])")
            for m in pattern.finditer(doc.norm):
                s, e = m.span()
                if taken.overlaps(s - 1, e + 1):
                    continue
                taken.add(s, e)
                out.append(self._record(doc, "slogan.unquoted.echo", s, e, doc.text[s:e], "formula", False, directives))
        return out

    def _record(self, doc: Document, rule: str, s: int, e: int, text: str, category: str, quoted: bool,
                directives: list[Directive]) -> Slogan:
        canonical = canonical_slogan(text)
        known = self.known.get(canonical)
        return Slogan(
            doc=doc.doc, start=s, end=e, text=text, rule=rule, slogan=text, category=category,
            quoted=quoted, numbered=category == "formula",
            expansion=self.expansion(doc, s, e, doc.norm[s:e], directives),
            canonical=canonical, known_expansion=list(known) if known else None,
        )


_CANON_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？", " ": "", "\u3000": ""})


def canonical_slogan(text: str) -> str:
    """The form that groups a slogan's written variants: full-width punctuation, no spaces."""
    from ..document import fold_width

    return fold_width(text).translate(_CANON_PUNCT)
