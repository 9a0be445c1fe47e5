"""Extraction on a dask.distributed LocalCluster (worker processes) equals the in-process extraction."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from dask.distributed import Client, LocalCluster

import measures
from measures import export
from measures.dask import extract_dask, extract_pairs, meta, to_parquet
from measures.models import MODEL_BY_TYPE

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "src" / "measures" / "data" / "sample_speech.txt").read_text(encoding="utf-8")
PACK = ROOT / "docs" / "examples" / "custom_pack.toml"


def _documents() -> list[tuple[str, str]]:
    """Eight documents cut from the sample speech (and one with the custom pack's units)."""
    paras = [p for p in SAMPLE.split("\n") if p.strip()]
    docs = [(f"doc{i}.txt", "\n".join(paras[i * 3:i * 3 + 5])) for i in range(7)]
    docs.append(("housing.txt", "一、改造3栋楼，涉及近120户居民，要在2小时内完成摸排。"))
    return docs


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as c:
            yield c


def _equal(got: dict[str, dd.DataFrame], want: dict[str, pd.DataFrame]) -> None:
    assert list(got) == list(want)
    for t, frame in got.items():
        df = frame.compute().reset_index(drop=True)
        assert df.dtypes.equals(want[t].dtypes), t
        assert df.equals(want[t]), t


def test_bag_on_a_cluster_equals_in_process(client: Client) -> None:
    docs = _documents()
    frames = extract_dask(db.from_sequence(docs, npartitions=3))
    assert set(frames) == set(MODEL_BY_TYPE)
    want = export.to_frames([measures.extract(text, doc) for doc, text in docs])
    _equal(frames, want)
    # The workers are two other processes; each keeps one extractor per set of rule packs.
    cached = client.run(_cached_extractors)
    assert len(cached) == 2
    assert all(keys in ([], [()]) for keys in cached.values()) and [()] in cached.values()


def _cached_extractors() -> list[tuple[str, ...]]:
    import measures.dask

    return list(measures.dask._EXTRACTORS)


def test_dataframe_with_rules_and_parquet(client: Client, tmp_path: Path) -> None:
    docs = _documents()
    pdf = pd.DataFrame({"name": [d for d, _ in docs], "body": [t for _, t in docs], "year": 2024})
    frames = extract_dask(dd.from_pandas(pdf, npartitions=2), id="name", text="body", rules=[str(PACK)],
                          types=["deadline", "quantity"])
    assert list(frames) == ["deadline", "quantity"]
    assert frames["quantity"]._meta.dtypes.equals(meta("quantity").dtypes)
    with_pack = measures.Extractor([str(PACK)])
    want = export.to_frames([with_pack.extract(text, doc) for doc, text in docs], ["deadline", "quantity"])
    assert want["quantity"]["rule"].eq("housing.count").any()
    paths = to_parquet(frames, tmp_path)
    assert paths == {"deadline": tmp_path / "deadline", "quantity": tmp_path / "quantity"}
    back = export.read_parquet(tmp_path)
    for t in want:
        assert back[t].equals(want[t]), t
    assert extract_pairs(docs, rules=[str(PACK)], types=["quantity"])["quantity"].equals(want["quantity"])


def test_refuses_what_it_cannot_map() -> None:
    with pytest.raises(TypeError, match="dask.bag.Bag or a dask.dataframe.DataFrame"):
        extract_dask([("a", "b")])
    with pytest.raises(ValueError, match="no column 'text'"):
        extract_dask(dd.from_pandas(pd.DataFrame({"id": ["a"], "body": ["x"]}), npartitions=1))
    with pytest.raises(ValueError, match="unknown record type"):
        extract_dask(db.from_sequence([("a", "b")]), types=["nope"])
