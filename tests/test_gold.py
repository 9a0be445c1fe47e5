"""Quality on the development gold: the thresholds of the core issue, measured like score.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import measures
from measures.evaluate import KEY_FIELDS, load_jsonl, score

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "measures" / "data" / "sample_speech.txt"
SAMPLE_GOLD = Path(__file__).resolve().parent / "data" / "sample_speech.gold.jsonl"


def _system(paths: list[Path]) -> list[dict]:
    return [d for p in paths for d in measures.extract_file(p).to_dicts()]


def _check(scores, f1_min: float, field_min: float, types, field_floor: dict[str, float] | None = None) -> None:
    problems = []
    for t in types:
        s = scores[t]
        if s.f1 < f1_min:
            problems.append(f"{t}: F1 {s.f1:.3f} < {f1_min} (tp={s.tp} fp={s.fp} fn={s.fn}; misses {s.misses[:5]}, extras {s.extras[:5]})")
        for f in KEY_FIELDS[t]:
            floor = (field_floor or {}).get(f"{t}.{f}", field_min)
            if s.fields[f] < floor:
                problems.append(f"{t}.{f}: agreement {s.fields[f]:.3f} < {floor}")
    assert not problems, "\n".join(problems)


def test_dev_gold_thresholds(shared_dir: Path) -> None:
    gold_files = sorted((shared_dir / "gold" / "dev").glob("*.jsonl"))
    assert gold_files, "no dev gold"
    docs = [shared_dir / "corpus" / (g.stem + ".txt") for g in gold_files]
    scores = score(_system(docs), load_jsonl(gold_files))
    _check(scores, 0.95, 0.95, KEY_FIELDS, {"slogan.category": 0.85})


def test_dev_deadline_excerpts_thresholds(shared_dir: Path) -> None:
    gold_files = sorted((shared_dir / "gold" / "dev-deadlines").glob("*.jsonl"))
    assert gold_files, "no dev-deadlines gold"
    docs = [shared_dir / "corpus" / "excerpts" / (g.stem + ".txt") for g in gold_files]
    scores = score(_system(docs), load_jsonl(gold_files), types=["deadline"])
    _check(scores, 0.90, 0.90, ["deadline"])


def test_sample_speech_gold() -> None:
    """The bundled sample was annotated by hand, independently of the rules."""
    scores = score(_system([SAMPLE]), load_jsonl(SAMPLE_GOLD))
    _check(scores, 0.90, 0.90, KEY_FIELDS, {"slogan.category": 0.85})


GUIDELINE_TYPES = {"directive", "slogan", "deadline", "quantity"}
NEGATIVE = ["统一要求", "第一时间", "全省第一", "一批", "xx同志", "2021年", "12月23日", "一直到"]


@pytest.mark.parametrize("phrase", NEGATIVE)
def test_guideline_negative_cases_give_no_record(phrase: str) -> None:
    text = f"各地要按照{phrase}的安排抓好落实。"
    assert [r.text for r in measures.extract(text) if r.type in GUIDELINE_TYPES] == []


def test_negative_cases_in_running_text() -> None:
    text = "要第一时间上报,首次跃居全省第一。一批干部下沉一线,xx同志指出,2021年12月23日以来,统一要求全市执行,一直到现在。"
    assert [(r.type, r.text) for r in measures.extract(text) if r.type in GUIDELINE_TYPES] == []
