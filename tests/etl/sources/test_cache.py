"""The parsed-sources cache: reused only while every input is the same, rebuilt when damaged."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.sources import cache


@dataclass(frozen=True)
class Spec:
    source_id: str
    sha256: str


def _counting():
    calls = []

    def compute() -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"v": [len(calls)]})

    return calls, compute


def test_reused_while_inputs_are_equal_recomputed_when_one_changes(tmp_path: Path):
    calls, compute = _counting()
    series = pd.DataFrame({"series_code": ["i99H"], "scale": [1.0]})
    parts = (
        Spec("a", "00ff"),
        series,
        {"internet_use_share": "percent", "population": "persons"},
        frozenset({"KEN", "IND"}),
    )
    first, hit = cache.cached(tmp_path, "a", parts, compute)
    assert (hit, len(calls)) == (False, 1)
    # the same inputs written in another order (dicts, sets): the stored result, no new computation
    same = (
        Spec("a", "00ff"),
        series.copy(),
        {"population": "persons", "internet_use_share": "percent"},
        frozenset({"IND", "KEN"}),
    )
    again, hit = cache.cached(tmp_path, "a", same, compute)
    assert hit and len(calls) == 1
    pd.testing.assert_frame_equal(again, first)
    for changed in [
        (Spec("a", "11ee"), *parts[1:]),  # the file changed (another pinned sha256)
        (parts[0], series.assign(scale=1e6), *parts[2:]),  # its registry rows changed
        (*parts[:2], {"internet_use_share": "persons", "population": "persons"}, parts[3]),
    ]:
        _, hit = cache.cached(tmp_path, "a", changed, compute)
        assert not hit
    assert len(calls) == 4


def test_damaged_entry_is_rebuilt_and_no_cache_dir_means_no_cache(tmp_path: Path):
    calls, compute = _counting()
    cache.cached(tmp_path, "a", ("x",), compute)
    [entry] = (tmp_path / "sources").iterdir()
    entry.write_bytes(b"not a pickle")
    result, hit = cache.cached(tmp_path, "a", ("x",), compute)
    assert not hit and result["v"].tolist() == [2]
    assert cache.cached(tmp_path, "a", ("x",), compute)[1]  # rewritten: found next time
    assert not cache.cached(None, "a", ("x",), compute)[1] and len(calls) == 3
    assert [p.name for p in (tmp_path / "sources").iterdir() if p.name.startswith(".part-")] == []


def test_cache_folder_from_the_environment(monkeypatch, tmp_path: Path):
    from etl.core import config

    monkeypatch.delenv(config.CACHE_ENV, raising=False)
    assert cache.default_dir() == config.CACHE_DIR
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path))
    assert cache.default_dir() == tmp_path
    monkeypatch.setenv(config.CACHE_ENV, "off")
    assert cache.default_dir() is None
