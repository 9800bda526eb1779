"""The only module that reads published data; everything else in the dashboard asks it.

Why one module: the app loads each table once per process (published data only changes when the build
publishes and the server restarts), pages never touch files, and tests point the whole app at a fixture
folder with one call, ``use(data_dir)``. A table the build does not publish yet is returned as an empty
frame with the columns its model declares in ``etl.schemas`` (imported for column names only), so a page
can be built before its data lands.

Accessors return frames that callers must not mutate in place (pandas copy-on-write makes ordinary
``df[...] = ...`` on a result safe).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import pandas as pd

from etl.core import config, schemas

T = TypeVar("T")
TABLE_NAMES = [
    "observations",
    "entities",
    "group_membership",
    "indicators",
    "indicator_series",
    "source_disagreements",
    "sources",
    "claims",
    "documents",
    "targets",
    "progress",
    "claim_checks",
    "claim_paragraphs",
]
BREAKDOWNS = ("sex", "area", "age_group")
TOTAL = {"sex": "total", "area": "total", "age_group": "total"}


def columns_of(table: str) -> list[str]:
    """Columns a table is declared with in etl.schemas (empty list while it has no model yet)."""
    model = schemas.TABLES.get(table)
    return list(model.to_schema().columns) if model is not None else []


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the declared columns of `table`."""
    return pd.DataFrame(columns=columns_of(table))


class Store:
    """The published tables of one folder, each read on first use and kept for the life of the process."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self._tables: dict[str, pd.DataFrame] = {}
        self._by_indicator: dict[str, pd.DataFrame] | None = None
        self._memo: dict[tuple, object] = {}
        self._lock = threading.Lock()

    def _read(self, name: str) -> pd.DataFrame:
        parquet, csv = self.data_dir / f"{name}.parquet", self.data_dir / f"{name}.csv"
        if parquet.exists():
            return pd.read_parquet(parquet)
        if csv.exists():
            return pd.read_csv(csv)
        return empty(name)

    def table(self, name: str) -> pd.DataFrame:
        """One published table (empty with its declared columns when not published)."""
        df = self._tables.get(name)
        if df is None:
            with self._lock:
                df = self._tables.get(name)
                if df is None:
                    df = self._read(name)
                    self._tables[name] = df
        return df

    def by_indicator(self) -> dict[str, pd.DataFrame]:
        """Observations split by indicator once, so a view filters a few thousand rows, not all of them."""
        if self._by_indicator is None:
            obs = self.table("observations")
            split = {str(k): g for k, g in obs.groupby("indicator_id", sort=False)} if len(obs) else {}
            self._by_indicator = split
        return self._by_indicator

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """A value derived from this folder's tables, computed once per process (the tables never change)."""
        if key not in self._memo:
            value = compute()
            with self._lock:
                self._memo.setdefault(key, value)
        return self._memo[key]  # type: ignore[return-value]

    def load_all(self) -> None:
        """Read every table now (the server calls this at start so the first page is fast)."""
        for name in TABLE_NAMES:
            self.table(name)
        self.by_indicator()


_stores: dict[Path, Store] = {}
_current: Path = config.PUBLISHED_DIR


def use(data_dir: Path | str | None = None) -> Store:
    """Point the dashboard at a published folder (default data/published) and return its store."""
    global _current
    _current = Path(data_dir) if data_dir is not None else config.PUBLISHED_DIR
    return store()


def store() -> Store:
    """The store of the folder in use (created once per folder and process)."""
    s = _stores.get(_current)
    if s is None:
        s = _stores.setdefault(_current, Store(_current))
    return s


def data_dir() -> Path:
    """The published folder in use."""
    return _current


def memo(key: tuple, compute: Callable[[], T]) -> T:
    """Cache a value derived from the published tables (e.g. a scoreboard) for the folder in use.

    Callers must treat the value as read-only; keys start with the caller's name to stay distinct.
    """
    return store().memo(key, compute)


# --- typed accessors ------------------------------------------------------------------------------------
def table(name: str) -> pd.DataFrame:
    """Any published table by name."""
    return store().table(name)


def observations(
    indicator: str | None = None,
    entities: Iterable[str] | None = None,
    *,
    sex: str | None = "total",
    area: str | None = "total",
    age_group: str | None = "total",
    release: str | None = None,
) -> pd.DataFrame:
    """Observations of one indicator (or all), for some entities, one breakdown value each, one release.

    A breakdown argument of None keeps every value of that breakdown (e.g. ``sex=None`` for women and men).
    """
    s = store()
    obs = s.by_indicator().get(indicator, empty("observations")) if indicator else s.table("observations")
    mask = pd.Series(True, index=obs.index)
    if entities is not None:
        mask &= obs["entity_id"].isin(list(entities))
    for col, val in (("sex", sex), ("area", area), ("age_group", age_group), ("release", release)):
        if val is not None:
            mask &= obs[col] == val
    return obs[mask]


def entities() -> pd.DataFrame:
    """Countries and groups."""
    return table("entities")


def entity_names() -> dict[str, str]:
    """entity_id -> display name."""

    def compute() -> dict[str, str]:
        ent = entities()
        return dict(zip(ent["entity_id"], ent["name"], strict=False))

    return memo(("entity_names",), compute)


def group_membership() -> pd.DataFrame:
    return table("group_membership")


def indicators() -> pd.DataFrame:
    """The indicator registry (name, unit, definition, direction)."""
    return table("indicators")


def indicator_info(indicator_id: str) -> dict | None:
    """One indicator's registry row as a dict, or None when the id is unknown."""
    rows = memo(("indicator_info",), lambda: {r["indicator_id"]: r for r in indicators().to_dict("records")})
    row = rows.get(indicator_id)
    return dict(row) if row is not None else None


# words for the claim vocabulary's ids that are not in the registry (etl/claims/vocab.py)
_ID_PREFIXES = {"process_": "WSIS process: ", "unclassified_": "Unclassified: "}
_ID_SUFFIXES = {
    "_share": " (share)",
    "_count": " (number)",
    "_per_100": " per 100 inhabitants",
    "_years": " (years)",
}
_ACRONYMS = {
    "ict": "ICT",
    "oda": "ODA",
    "ldc": "LDC",
    "ldcs": "LDCs",
    "lldc": "LLDC",
    "lldcs": "LLDCs",
    "sids": "SIDS",
}


def indicator_name(indicator_id: object) -> str:
    """The name a person reads for an indicator id: the registry's name, else the id in words
    ("offline_population_count" -> "Offline population (number)"), never a raw id with underscores."""
    text = "" if indicator_id is None or indicator_id != indicator_id else str(indicator_id)
    info = indicator_info(text) if text else None
    if info is not None:
        return str(info["name"])
    prefix = next((w for p, w in _ID_PREFIXES.items() if text.startswith(p)), "")
    text = text.removeprefix(next((p for p in _ID_PREFIXES if text.startswith(p)), ""))
    suffix = next((w for s, w in _ID_SUFFIXES.items() if text.endswith(s)), "")
    text = text.removesuffix(next((s for s in _ID_SUFFIXES if text.endswith(s)), ""))
    words = text.replace("_", " ").strip()
    words = re.sub(r"\b(ict|oda|ldcs?|sids|lldcs?)\b", lambda m: _ACRONYMS[m.group(1)], words)
    body = (words[:1].upper() + words[1:]) if not prefix else words
    return f"{prefix}{body}{suffix}" or "unknown indicator"


_ID_TOKEN = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\bpopulation\b|\b\d{7,}\b")


def named_ids(text: str) -> str:
    """A sentence of the ETL (a check's note, a derivation) as a reader should see it: indicator and entity
    ids replaced by their names, and long counts written in words (7639661771 -> 7.6 billion)."""
    from dashboard.figures import fmt_number

    claim_ids = memo(("claim_indicator_ids",), lambda: set(claims()["indicator"].dropna().astype(str)))
    names = entity_names()

    def name(m: re.Match) -> str:
        token = m.group(0)
        if token.isdigit():
            return fmt_number(float(token), "persons")
        if indicator_info(token) or token in claim_ids or token.endswith(tuple(_ID_SUFFIXES)):
            return indicator_name(token)
        return names.get(token, token)

    return _ID_TOKEN.sub(name, text)


def derivation_words(derivation: object) -> str:
    """How a claim's figure was computed from our series, with names for ids ("100 - internet_use_share"
    -> "100 − Individuals using the Internet"); "direct" when it is the series itself."""
    if not isinstance(derivation, str) or not derivation or derivation == "direct":
        return "direct"
    text = named_ids(derivation).replace(" * ", " × ").replace(" - ", " − ")
    return text.replace("direct, else", "direct, else computed:")


def check_unit(check: dict) -> str:
    """The unit of a claim check's data value: a derived figure (offline people = share x population) is in
    the claim's unit, a direct one in its indicator's unit from our registry."""
    derivation = check.get("derivation")
    derived = isinstance(derivation, str) and bool(derivation) and not derivation.startswith("direct")
    info = indicator_info(str(check.get("indicator_id"))) if not derived else None
    return str(info["unit"]) if info is not None else str(check.get("claim_unit") or check.get("unit") or "")


def indicator_series() -> pd.DataFrame:
    return table("indicator_series")


def releases(indicator: str | None = None) -> list[str]:
    """Releases that carry data (for one indicator), newest vintage first."""

    def compute() -> list[str]:
        obs = (
            store().by_indicator().get(indicator, empty("observations"))
            if indicator
            else table("observations")
        )
        return sorted(obs["release"].dropna().unique().tolist(), key=release_key, reverse=True)

    return list(memo(("releases", indicator), compute))


def release_key(release: str) -> tuple[str, str]:
    """Sort key of a release id by its vintage (the trailing yyyy-mm), then by name."""
    m = re.search(r"(\d{4}-\d{2})$", str(release))
    return (m.group(1) if m else "0000-00", str(release))


def breakdown_values(indicator: str) -> dict[str, list[str]]:
    """For one indicator: which values of sex, area and age_group have data."""

    def compute() -> dict[str, list[str]]:
        obs = store().by_indicator().get(indicator, empty("observations"))
        return {col: sorted(obs[col].dropna().unique().tolist()) for col in BREAKDOWNS}

    return {k: list(v) for k, v in memo(("breakdown_values", indicator), compute).items()}


def source_disagreements() -> pd.DataFrame:
    return table("source_disagreements")


def sources() -> pd.DataFrame:
    return table("sources")


def targets() -> pd.DataFrame:
    return table("targets")


def progress() -> pd.DataFrame:
    return table("progress")


def claims() -> pd.DataFrame:
    return table("claims")


def claim_checks() -> pd.DataFrame:
    return table("claim_checks")


def documents() -> pd.DataFrame:
    return table("documents")


def document_label(document: str) -> str:
    """A document as readers cite it: its UN symbol and adoption date ("E/RES/2023/3 of 2023-06-07"),
    else its file name."""

    def labels() -> dict[str, str]:
        out = {}
        for r in documents().to_dict("records"):
            symbol = r.get("symbol")
            symbol = symbol if isinstance(symbol, str) and symbol else r["document"]
            date = r.get("adoption_date")
            out[str(r["document"])] = f"{symbol} of {date}" if isinstance(date, str) and date else str(symbol)
        return out

    return memo(("document_labels",), labels).get(document, document)


def datapackage() -> dict:
    """The published datapackage.json (empty dict when absent)."""
    path = data_dir() / "datapackage.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
