"""Our registries: indicators (the only place a unit is decided), the series that feed them, the source files,
the release calendar and the fixed groups (world, ITU regions, income groups, LDC/LLDC/SIDS).

Everything here is read from `data/` (indicators.csv, indicator_series.csv, sources.toml, releases.csv) so
that readers never decide a unit, a release date or a licence themselves.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from etl.core import config, schemas
from etl.core.errors import SourceError

INDICATORS_CSV = config.DATA_DIR / "indicators.csv"
INDICATOR_SERIES_CSV = config.DATA_DIR / "indicator_series.csv"
SOURCES_TOML = config.DATA_DIR / "sources.toml"
RELEASES_CSV = config.DATA_DIR / "releases.csv"

# fixed groups: id -> (name, entity_type); ids per docs/CONTRACTS.md
GROUPS: dict[str, tuple[str, str]] = {
    "world": ("World", "world"),
    "itu_africa": ("Africa (ITU region)", "itu_region"),
    "itu_americas": ("Americas (ITU region)", "itu_region"),
    "itu_arab_states": ("Arab States (ITU region)", "itu_region"),
    "itu_asia_pacific": ("Asia-Pacific (ITU region)", "itu_region"),
    "itu_cis": ("CIS (ITU region)", "itu_region"),
    "itu_europe": ("Europe (ITU region)", "itu_region"),
    "wb_low_income": ("Low income", "income_group"),
    "wb_lower_middle_income": ("Lower-middle income", "income_group"),
    "wb_upper_middle_income": ("Upper-middle income", "income_group"),
    "wb_high_income": ("High income", "income_group"),
    "ldc": ("Least Developed Countries (LDCs)", "special_group"),
    "lldc": ("Landlocked Developing Countries (LLDCs)", "special_group"),
    "sids": ("Small Island Developing States (SIDS)", "special_group"),
    "developing_lmic": ("Low- and middle-income countries", "computed_group"),
    # ITU's own developed/developing split (UN M49), in its aggregates until 2022: published, never computed
    "itu_developed": ("Developed countries (ITU)", "itu_development_group"),
    "itu_developing": ("Developing countries (ITU)", "itu_development_group"),
}
# economies ITU and the World Bank report that ISO 3166 (and so country-codes) does not list, under the code
# the World Bank and the IMF use
EXTRA_COUNTRIES: dict[str, str] = {"XKX": "Kosovo"}
# codes ITU DataHub exports use for economies that have another code in ISO 3166 or above
CODE_ALIASES: dict[str, str] = {"KSO": "XKX", "GBJ": "JEY", "AAA": "GGY"}
# UN M49 codes of the groups the UN SDG database reports under their own numeric code
GROUP_M49 = {"world": 1, "ldc": 199, "lldc": 432, "sids": 722}


def snake(name: str) -> str:
    """`Sub-Saharan Africa` -> `sub_saharan_africa`: the one way a group name becomes part of an id."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def group_id_for_name(name: str) -> str | None:
    """Map a group name as upstream spells it (ITU workbook, IDI, OWID) to our group id, or None."""
    key = snake(re.sub(r"\(.*?\)", "", name))
    key = key.removeprefix("the_")  # IDI 2023 spells the ITU region "The Americas"
    aliases = {
        "world": "world",
        "low_income": "wb_low_income",
        "lower_middle_income": "wb_lower_middle_income",
        "upper_middle_income": "wb_upper_middle_income",
        "high_income": "wb_high_income",
        "least_developed_countries": "ldc",
        "land_locked_developing_countries": "lldc",
        "landlocked_developing_countries": "lldc",
        "small_island_developing_states": "sids",
        "ldcs": "ldc",  # ITU's 2017/2019 workbooks
        "lldcs": "lldc",
        "developed": "itu_developed",  # ITU's developed/developing split (2017-2022 workbooks)
        "developing": "itu_developing",
        "developed_countries": "itu_developed",
        "developing_countries": "itu_developing",
    }
    if key in aliases:
        return aliases[key]
    if f"itu_{key}" in GROUPS:
        return f"itu_{key}"
    return None


@dataclass(frozen=True)
class Expectation:
    """What a source file held when its entry was recorded (`expect` in data/sources.toml).

    The sha256 pins the bytes, not what they mean: a file cut at a line boundary, or a workbook with a
    renamed sheet, is a new file that passes once re-pinned. These figures pin what the build read from it,
    and a reading that holds less fails (`etl.sources.common.check_expectations`): `rows` read may not fall
    below the count, the `years` span (first, last) of its observations and the number of `entities` with
    observations may not shrink, and every workbook sheet in `sheets` must be there.
    """

    rows: int
    years: tuple[int, int] | None = None
    entities: int | None = None
    sheets: tuple[str, ...] = ()

    KEYS = ("rows", "years", "entities", "sheets")

    @classmethod
    def parse(cls, raw: object, where: str) -> Expectation:
        """From the TOML inline table; a malformed one raises ValueError saying what is wrong."""
        if not isinstance(raw, dict):
            raise ValueError(f"{where}: expect must be a table, e.g. {{ rows = 120, years = [2000, 2024] }}")
        unknown = sorted(set(raw) - set(cls.KEYS))
        if unknown:
            raise ValueError(f"{where}: unknown expect key {unknown[0]!r} (known: {', '.join(cls.KEYS)})")

        def count(key: str) -> int | None:
            value = raw.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ValueError(f"{where}: expect.{key} must be a whole number >= 0, not {value!r}")
            return value

        rows = count("rows")
        if rows is None:
            raise ValueError(f"{where}: expect.rows is missing")
        years = raw.get("years")
        if years is not None:
            if (
                not isinstance(years, list)
                or len(years) != 2
                or not all(isinstance(y, int) for y in years)
                or years[0] > years[1]
            ):
                raise ValueError(f"{where}: expect.years must be [first, last], not {years!r}")
            years = (years[0], years[1])
        sheets = raw.get("sheets", [])
        if not isinstance(sheets, list) or not all(isinstance(s, str) and s for s in sheets):
            raise ValueError(f"{where}: expect.sheets must be a list of sheet names, not {sheets!r}")
        return cls(rows=rows, years=years, entities=count("entities"), sheets=tuple(sheets))

    def to_toml(self) -> str:
        """The inline table as written in data/sources.toml (scripts/record_expectations.py)."""
        parts = [f"rows = {self.rows}"]
        if self.years is not None:
            parts.append(f"years = [{self.years[0]}, {self.years[1]}]")
        if self.entities is not None:
            parts.append(f"entities = {self.entities}")
        if self.sheets:
            parts.append("sheets = [" + ", ".join(f'"{s}"' for s in self.sheets) + "]")
        return "{ " + ", ".join(parts) + " }"


@dataclass(frozen=True)
class SourceSpec:
    """One entry of data/sources.toml."""

    source_id: str
    path: str
    publisher: str
    licence: str
    attribution: str
    release: str
    upstream_url: str
    format: str
    sha256: str
    # a direct address of this very file, where one is known; upstream_url may be a landing page
    download_url: str = ""
    # the workbook sheets a reader reads (they are named differently from one edition to the next)
    sheets: tuple[str, ...] = field(default=())
    # source ids of the DDF code lists whose codes the key columns of this file must use
    code_lists: tuple[str, ...] = field(default=())
    # what the file held when recorded (None: not recorded yet, which fails the build)
    expect: Expectation | None = None

    def __post_init__(self) -> None:  # TOML gives lists: keep the spec hashable and comparable
        object.__setattr__(self, "sheets", tuple(self.sheets))
        object.__setattr__(self, "code_lists", tuple(self.code_lists))

    def resolve(self, sources_dir: Path) -> Path:
        return Path(sources_dir) / self.path


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise SourceError(path, "registry file not found") from None


def _validate(model: type[pa.DataFrameModel], df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """A registry file against its model; the first failure as one SourceError with file, row and column."""
    try:
        return model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        case = exc.failure_cases.iloc[0]
        index = case["index"]
        row = int(index) + 2 if pd.notna(index) else None  # header is line 1
        column = case["column"] if isinstance(case["column"], str) else None
        raise SourceError(
            path, f"check {case['check']} failed for {case['failure_case']!r}", row=row, column=column
        ) from None


class Registry:
    """The registries in data/, loaded once and validated against their models."""

    def __init__(self, data_dir: Path = config.DATA_DIR):
        self.data_dir = Path(data_dir)

    @cached_property
    def indicators(self) -> pd.DataFrame:
        df = _read_csv(self.data_dir / "indicators.csv")
        df["is_higher_better"] = df["is_higher_better"].str.lower().map({"true": True, "false": False})
        df["sdg_indicator_code"] = df["sdg_indicator_code"].replace("", None)
        return _validate(schemas.Indicator, df, self.data_dir / "indicators.csv")

    @cached_property
    def units(self) -> dict[str, str]:
        return dict(zip(self.indicators["indicator_id"], self.indicators["unit"], strict=True))

    @cached_property
    def indicator_series(self) -> pd.DataFrame:
        path = self.data_dir / "indicator_series.csv"
        df = _read_csv(path)
        for col in ["selector", "breakdown", "upstream_unit_label"]:
            df[col] = df[col].replace("", None)
        df["scale"] = pd.to_numeric(df["scale"], errors="coerce")
        unknown = sorted(set(df["indicator_id"]) - set(self.units))
        if unknown:
            raise SourceError(
                path, f"indicator ids not in indicators.csv: {', '.join(unknown)}", column="indicator_id"
            )
        unknown = sorted(set(df["source_id"]) - set(self.sources))
        if unknown:
            raise SourceError(
                path, f"source ids not in sources.toml: {', '.join(unknown)}", column="source_id"
            )
        return _validate(schemas.IndicatorSeries, df, path)

    def series_for(self, source_id: str) -> pd.DataFrame:
        """The series rows of one source, with the unit of each indicator added."""
        df = self.indicator_series[self.indicator_series["source_id"] == source_id].copy()
        df["unit"] = df["indicator_id"].map(self.units)
        return df.reset_index(drop=True)

    @cached_property
    def sources(self) -> dict[str, SourceSpec]:
        path = self.data_dir / "sources.toml"
        try:
            entries = tomllib.loads(path.read_text(encoding="utf-8"))["source"]
        except FileNotFoundError:
            raise SourceError(path, "registry file not found") from None
        except (tomllib.TOMLDecodeError, KeyError) as exc:
            raise SourceError(path, f"not a valid sources registry: {exc}") from None
        specs: dict[str, SourceSpec] = {}
        for i, entry in enumerate(entries, start=1):
            try:
                expect = entry.pop("expect", None)
                spec = SourceSpec(source_id=entry.pop("id"), **entry)
                if expect is not None:
                    spec = replace(spec, expect=Expectation.parse(expect, f"source {spec.source_id!r}"))
            except (KeyError, TypeError, ValueError) as exc:
                raise SourceError(path, f"source entry {i} is malformed: {exc}") from None
            if spec.source_id in specs:
                raise SourceError(path, f"duplicate source id {spec.source_id!r}", column="id")
            specs[spec.source_id] = spec
        return specs

    @cached_property
    def releases(self) -> pd.DataFrame:
        """The release calendar (releases.csv): one row per release a source of sources.toml belongs to."""
        path = self.data_dir / "releases.csv"
        df = _read_csv(path)
        df["is_primary"] = df["is_primary"].str.lower().map({"true": True, "false": False})
        if "cycle_month" in df:  # a month number, or empty (no cycle)
            month = pd.to_numeric(df["cycle_month"].replace("", None), errors="coerce")
            bad = month.isna() & (df["cycle_month"].str.strip() != "")
            if bad.any():
                raise SourceError(
                    path,
                    f"not a month number: {df['cycle_month'][bad].iloc[0]!r}",
                    row=int(bad.idxmax()) + 2,
                    column="cycle_month",
                )
            df["cycle_month"] = month.astype("Int64")
        df = _validate(schemas.Release, df, path)
        used = {s.release for s in self.sources.values()}
        missing = sorted(used - set(df["release_id"]))
        if missing:
            raise SourceError(
                path,
                f"releases used in sources.toml but not in the calendar: {', '.join(missing)}",
                column="release_id",
            )
        unused = sorted(set(df["release_id"]) - used)
        if unused:
            raise SourceError(
                path,
                f"releases no source of sources.toml belongs to: {', '.join(unused)}",
                column="release_id",
            )
        return df.sort_values(["published_on", "release_id"]).reset_index(drop=True)


_ENTRY = re.compile(r"^\[\[source\]\]\s*$")
_ID = re.compile(r'^id\s*=\s*"([^"]+)"\s*$')


def set_expectations(text: str, expectations: dict[str, Expectation]) -> str:
    """sources.toml text with the `expect` line of the given sources written (or replaced).

    A line edit, so every other byte of the file (comments, order, the entries others append) stays as it
    is. The line goes just before the entry's `sha256`: the two pins side by side.
    """
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if _ENTRY.match(line)] + [len(lines)]
    out = lines[: starts[0]]
    done = set()
    for begin, end in itertools.pairwise(starts):
        block = lines[begin:end]
        ids = [m.group(1) for line in block if (m := _ID.match(line))]
        if ids and ids[0] in expectations:
            value = f"expect = {expectations[ids[0]].to_toml()}\n"
            block = [line for line in block if not line.startswith("expect =")]
            at = next((k for k, line in enumerate(block) if line.startswith("sha256 =")), None)
            if at is None:  # no sha256 line: after the last key of the entry
                at = max(k for k, line in enumerate(block) if "=" in line) + 1
            block.insert(at, value)
            done.add(ids[0])
        out += block
    missing = sorted(set(expectations) - done)
    if missing:
        raise SourceError(SOURCES_TOML, f"no [[source]] entry with id {missing[0]!r}", column="id")
    return "".join(out)


def load(data_dir: Path = config.DATA_DIR) -> Registry:
    """The registry of `data_dir` (default: the repository's data/)."""
    return Registry(data_dir)
