"""The one reader of the published tables: every other part of the dashboard asks it, never the files.

Why one reader: each table is read once per process (published data change only when the build publishes
and the server restarts), pages never touch files, and tests point the whole app at a fixture folder with
one call, ``use(folder)``. A table the build does not publish yet comes back empty with the columns its
model declares in ``etl.core.schemas``, so a page can be built before its data land.

Values derived from the tables are cached here too, per folder (``memo``): the only cache of the dashboard
besides the web server's cache of callback answers. Returned frames and values are shared: never mutate
them (pandas copy-on-write makes ``df[...] = ...`` on a result safe).
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import NamedTuple, TypeVar

import pandas as pd

from dashboard.views.spec import ExportError
from etl.core import config, schemas
from etl.core.errors import SourceError

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
# values memoised for a view (a key made from a visitor's query) are kept in an LRU of this many entries,
# so no address can grow the memory without bound; values derived from the tables alone are kept for good
VIEW_MEMO_SIZE = 512
_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_RESOURCE_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}\.csv")


def columns_of(table: str) -> list[str]:
    """Columns a table is declared with in etl.core.schemas (empty list while it has no model yet)."""
    model = schemas.TABLES.get(table)
    return list(model.to_schema().columns) if model is not None else []


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the declared columns of `table`."""
    return pd.DataFrame(columns=columns_of(table))


class Store:
    """The published tables of one folder, each read on first use and kept for the life of the process,
    and the values derived from them (`memo`)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self._tables: dict[str, pd.DataFrame] = {}
        self._by_indicator: dict[str, pd.DataFrame] | None = None
        self._memo: dict[Hashable, object] = {}
        self._views: OrderedDict[Hashable, object] = OrderedDict()
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

    def memo(self, key: Hashable, compute: Callable[[], T], *, view: bool = False) -> T:
        """A value derived from this folder's tables, computed once per process (the tables never change).

        `view=True` for a key made from a visitor's query: it is kept among the last VIEW_MEMO_SIZE views.
        """
        cache = self._views if view else self._memo
        with self._lock:
            if key in cache:
                if view:
                    self._views.move_to_end(key)
                return cache[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            value = cache.setdefault(key, value)  # type: ignore[assignment]
            if view:
                self._views.move_to_end(key)
                while len(self._views) > VIEW_MEMO_SIZE:
                    self._views.popitem(last=False)
        return value

    def forget_views(self) -> None:
        """Drop the memoised views (not the values derived from the tables): benchmarks time cold views."""
        with self._lock:
            self._views.clear()

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


def memo(key: Hashable, compute: Callable[[], T], *, view: bool = False) -> T:
    """Cache a value derived from the published tables (e.g. a scoreboard) for the folder in use.

    Callers must treat the value as read-only; keys start with the caller's name to stay distinct;
    `view=True` when the key comes from a visitor's query (see `Store.memo`).
    """
    return store().memo(key, compute, view=view)


# --- tables ---------------------------------------------------------------------------------------------
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
    """Which country is in which group (and from which year)."""
    return table("group_membership")


def indicators() -> pd.DataFrame:
    """The indicator registry (name, unit, definition, direction)."""
    return table("indicators")


def indicator_info(indicator_id: str) -> dict | None:
    """One indicator's registry row as a dict, or None when the id is unknown."""
    rows = memo(("indicator_info",), lambda: {r["indicator_id"]: r for r in indicators().to_dict("records")})
    row = rows.get(indicator_id)
    return dict(row) if row is not None else None


def indicator_series() -> pd.DataFrame:
    """Which upstream series feeds which indicator."""
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
    """Pairs of upstream releases that differ beyond their tolerance."""
    return table("source_disagreements")


def sources() -> pd.DataFrame:
    """Every source file the build read: publisher, release, licence, attribution, address."""
    return table("sources")


def targets() -> pd.DataFrame:
    """The target registry: one row per target and threshold."""
    return table("targets")


def progress() -> pd.DataFrame:
    """Each target's assessment per entity, release and source."""
    return table("progress")


def claims() -> pd.DataFrame:
    """Every figure quoted in the texts, with document, paragraph, quote and offsets."""
    return table("claims")


def claim_checks() -> pd.DataFrame:
    """Each claim against each release of the data, with the verdicts."""
    return table("claim_checks")


def documents() -> pd.DataFrame:
    """The texts the claims come from: symbol, title, adoption date."""
    return table("documents")


def datapackage() -> dict:
    """The published datapackage.json (empty dict when absent)."""
    path = data_dir() / "datapackage.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


# --- files: downloads, the data package, the start-up check -----------------------------------------------
def published_tables(folder: Path | None = None) -> list[str]:
    """Tables whose CSV is in the published folder (default: the one in use), among the declared ones."""
    folder = data_dir() if folder is None else Path(folder)
    known = dict.fromkeys([*TABLE_NAMES, *schemas.TABLES])
    return [name for name in known if (folder / f"{name}.csv").is_file()]


def table_csv(name: str, folder: Path | None = None) -> Path | None:
    """The CSV file of a published table, or None for any other name: the name is looked up among the
    published tables before any path is made, so no request can reach another file."""
    folder = data_dir() if folder is None else Path(folder)
    if not _TABLE_NAME.match(name) or name not in published_tables(folder):
        return None
    return (folder / f"{name}.csv").resolve()


class Package(NamedTuple):
    """What a published folder holds for the data package: its descriptor, the bytes of every resource it
    lists (by path), and the sources table (empty when not published)."""

    descriptor: dict
    files: dict[str, bytes]
    sources: pd.DataFrame


def resource_file(folder: Path, resource: object) -> Path:
    """The file of one datapackage.json resource: a plain file name inside `folder` (after following any
    link), else a one-line ExportError. Why: the descriptor is a file like any other, and a tampered
    `path` ("../../etc/passwd", "/etc/passwd") must never put another file into a package or an answer."""
    name = resource.get("path") if isinstance(resource, dict) else None
    if not isinstance(name, str) or not _RESOURCE_PATH.fullmatch(name):
        raise ExportError(
            f"{folder}/datapackage.json: resource path {str(name)[:80]!r} is not a file of the published "
            "folder (a plain name such as observations.csv)"
        )
    root = Path(folder).resolve()
    path = (root / name).resolve()
    if path.parent != root:
        raise ExportError(f"{folder}/datapackage.json: resource {name!r} leads outside the published folder")
    return path


def read_package(folder: Path) -> Package:
    """The data package of a published folder, read as it is (the tables exactly as published)."""
    folder = Path(folder)
    path = folder / "datapackage.json"
    if not path.is_file():
        raise ExportError(f"no datapackage.json in {folder}: run `ict4d build` first")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ExportError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    files: dict[str, bytes] = {}
    for res in descriptor.get("resources", []):
        resource = resource_file(folder, res)
        if not resource.is_file():
            raise ExportError(
                f"{folder}/datapackage.json: resource {res['name']!r}: file {resource} is missing"
            )
        files[res["path"]] = resource.read_bytes()
    sources_csv = folder / "sources.csv"
    sources_table = pd.read_csv(sources_csv) if sources_csv.is_file() else pd.DataFrame()
    return Package(descriptor, files, sources_table)


def _check_complete(folder: Path) -> None:
    """Every table datapackage.json lists is in the folder (the build writes both in one swap)."""
    descriptor = folder / "datapackage.json"
    if not descriptor.is_file():
        raise SourceError(descriptor, "missing: the published folder is incomplete (run `ict4d build`)")
    try:
        resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as exc:
        raise SourceError(descriptor, f"not a data package descriptor: {_first_line(exc)}") from None
    for res in resources:
        try:
            path = resource_file(folder, res)
        except ExportError as exc:
            raise SourceError(descriptor, str(exc).split(": ", 1)[-1]) from None
        if not path.is_file():
            raise SourceError(path, "missing: datapackage.json lists this table (run `ict4d build`)")


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def preflight(folder: Path, *, complete: bool = False) -> None:
    """Read every published table of `folder` now; raise a one-line SourceError naming a bad file.

    Why: tables are read lazily, so a corrupt file would otherwise surface as a 500 on some page hours
    later. Also points the dashboard at `folder` and leaves the tables loaded, so a preloading server
    holds them once for all its workers. `complete` (production): the folder must also hold its
    datapackage.json and every table it lists, so no page shows empty views and no download answers 503.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(folder, "published data folder not found (run `ict4d build` first)")
    if complete:
        _check_complete(folder)
    s = use(folder)
    for name in TABLE_NAMES:
        candidates = (folder / f"{name}.parquet", folder / f"{name}.csv")
        bad = next((p for p in candidates if p.exists()), folder)
        try:
            df = s.table(name)
        except Exception as exc:  # any reader error: truncated parquet, bad CSV quoting, wrong encoding
            raise SourceError(bad, f"cannot read published table {name!r}: {_first_line(exc)}") from None
        missing = [c for c in columns_of(name) if c not in df.columns]
        if missing:
            raise SourceError(bad, f"published table {name!r} lacks columns {', '.join(missing)}")
    try:
        s.load_all()
    except Exception as exc:
        raise SourceError(
            folder / "observations.parquet", f"cannot index observations: {_first_line(exc)}"
        ) from None
