import json
import re
from pathlib import Path

import pandas as pd
import pytest

from etl import pipeline, publish, registry
from etl.core import config, metadata, schemas
from etl.core.errors import ValidationError
from etl.core.vocabulary import UNITS


def _indicators(unit: str = "percent") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["internet_use"],
            "name": ["Individuals using the Internet"],
            "unit": [unit],
            "definition": ["Share of individuals who used the Internet in the last three months."],
            "is_higher_better": [True],
            "sdg_indicator_code": ["17.8.1"],
        }
    )


def test_publish_writes_csv_parquet_and_datapackage(tmp_path: Path):
    out = tmp_path / "published"
    publish.publish({"indicators": _indicators()}, out, log=lambda _: None)
    assert (out / "indicators.csv").read_text().startswith("indicator_id,name,unit")
    assert pd.read_parquet(out / "indicators.parquet")["unit"].tolist() == ["percent"]
    package = (out / "datapackage.json").read_text()
    assert '"name": "indicators"' in package and '"is_higher_better"' in package


def test_failed_validation_leaves_published_untouched(tmp_path: Path):
    out = tmp_path / "published"
    publish.publish({"indicators": _indicators()}, out, log=lambda _: None)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(ValidationError, match="unit"):
        publish.publish({"indicators": _indicators(unit="furlongs")}, out, log=lambda _: None)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["published"]


def test_sources_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(config.SOURCES_ENV, str(tmp_path))
    assert config.sources_dir() == tmp_path.resolve()
    other = tmp_path / "other"
    other.mkdir()
    assert config.sources_dir(other) == other.resolve()
    with pytest.raises(config.ConfigError, match="not found"):
        config.sources_dir(tmp_path / "missing")


def test_published_folder_is_world_readable(tmp_path: Path):
    out = tmp_path / "published"
    publish.publish({"indicators": _indicators()}, out, log=lambda _: None)
    assert out.stat().st_mode & 0o777 == 0o755


# --- the data package: generated with frictionless, and valid (issue 15) ----------------------------------
FIXTURE = config.REPO_ROOT / "tests" / "fixtures" / "published"
CODE_POINTERS = re.compile(
    r"etl/|dashboard/|reference/|\.py\b|docstring|data/\w+\.(csv|toml)|targets\.md"
    r"|PROVENANCE|this model|does not see"  # developers' notes: where we read it, what a check sees
)


def test_every_table_and_column_has_a_description_for_readers():
    for name, model in schemas.TABLES.items():
        assert metadata.TABLES.get(name), name
        columns = list(model.to_schema().columns)
        assert sorted(metadata.FIELDS.get(name, {})) == sorted(columns), name
    texts = [
        *metadata.TABLES.values(),
        metadata.PACKAGE_DESCRIPTION,
        *(d for fields in metadata.FIELDS.values() for d in fields.values()),
    ]
    assert [t for t in texts if CODE_POINTERS.search(t)] == []


def test_descriptor_declares_types_constraints_and_keys_from_the_models():
    tables = {"indicators": _indicators(), "observations": pd.DataFrame(), "entities": pd.DataFrame()}
    package = publish.datapackage(tables)
    res = {r["name"]: r for r in package["resources"]}
    fields = {f["name"]: f for f in res["observations"]["schema"]["fields"]}
    assert fields["year"] == {
        "name": "year",
        "type": "integer",
        "description": "The year the value refers to.",
        "constraints": {"required": True, "minimum": 1960, "maximum": 2100},
    }
    assert fields["value"]["type"] == "number" and fields["is_estimate"]["type"] == "boolean"
    assert fields["sex"]["constraints"]["enum"] == ["total", "female", "male"]
    assert fields["age_group"]["constraints"]["pattern"].startswith("(total|")
    assert "constraints" not in fields["note"]  # may be empty: not required
    assert res["observations"]["schema"]["primaryKey"] == [
        "indicator_id",
        "entity_id",
        "year",
        "sex",
        "area",
        "age_group",
        "release",
        "source_id",
    ]
    assert res["indicators"]["schema"]["primaryKey"] == ["indicator_id"]
    assert res["observations"]["schema"]["foreignKeys"] == [  # releases is not in this package
        {"fields": ["indicator_id"], "reference": {"resource": "indicators", "fields": ["indicator_id"]}},
        {"fields": ["entity_id"], "reference": {"resource": "entities", "fields": ["entity_id"]}},
    ]
    progress = {
        f["name"]: f
        for f in publish.datapackage({"progress": pd.DataFrame()})["resources"][0]["schema"]["fields"]
    }
    assert "required" not in progress["unsd_status"].get("constraints", {})  # empty: no number to reach
    assert "" not in progress["unsd_status"]["constraints"]["enum"]
    assert "constraints" not in progress["method"]  # empty: too few values for any method


def test_descriptor_gives_the_licences_and_files_of_the_sources():
    sources = registry.load().sources.values()
    table = pd.DataFrame(
        [
            {
                "publisher": s.publisher,
                "release": s.release,
                "licence": s.licence,
                "upstream_url": s.upstream_url,
            }
            for s in sources
        ]
    )
    package = publish.datapackage({"sources": table})
    names = [lic["name"] for lic in package["licenses"]]
    assert names == ["CC-BY-NC-SA-3.0-IGO", "CC-BY-4.0", "ODC-PDDL-1.0", "notspecified"]
    assert package["licenses"][-1]["title"].startswith("Not specified: none stated in the workbook")
    # a reader of the package gets what the licence is, not which of our files says so
    assert all("PROVENANCE" not in lic["title"] and ".md" not in lic["title"] for lic in package["licenses"])
    assert len(package["sources"]) == len(table) and all(
        s["path"].startswith("https://") for s in package["sources"]
    )


def test_a_required_column_holding_empty_text_fails_in_one_line(tmp_path: Path):
    out = tmp_path / "published"
    publish.publish({"indicators": _indicators()}, out, log=lambda _: None)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(ValidationError) as err:
        publish.publish({"indicators": _indicators().assign(definition=[" "])}, out, log=lambda _: None)
    assert str(err.value) == (
        "table 'indicators', row 2, column 'definition': empty in 1 row(s), but the column may not be empty "
        "(fill it, or declare it nullable in its model, etl/core/schemas/)"
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_broken_reference_between_tables_fails_in_one_line(tmp_path: Path):
    series = registry.load().indicator_series.head(2)
    with pytest.raises(ValidationError) as err:
        publish.publish(
            {"indicators": _indicators(), "indicator_series": series}, tmp_path / "p", log=lambda _: None
        )
    assert str(err.value).startswith("table 'indicator_series', row 2, column 'indicator_id': ")
    assert "is not in indicators.indicator_id" in str(err.value) and "\n" not in str(err.value)


def test_a_failed_check_is_one_line():
    with pytest.raises(ValidationError) as err:
        publish.validate("indicators", _indicators(unit="furlongs"))
    message = str(err.value)
    assert message.startswith("table 'indicators', row 2, column 'unit': check ") and "\n" not in message
    assert message.endswith(f"isin({UNITS})\" failed for 'furlongs'")


def test_the_dashboard_fixture_is_a_valid_data_package():
    assert publish.validate_package(FIXTURE) == []


def test_the_dashboard_fixture_holds_the_references_its_regenerated_descriptor_declares():
    """tests/fixtures/make_published.py publishes a subset of the build: the references the generated
    datapackage.json declares between its tables must hold in it too, or regenerating it fails."""
    tables = {p.stem: pd.read_parquet(p) for p in FIXTURE.glob("*.parquet") if p.stem in schemas.TABLES}
    publish.check_references(tables)
    resources = publish.datapackage(tables)["resources"]
    declared = [fk for r in resources for fk in r["schema"].get("foreignKeys", [])]
    assert declared  # e.g. progress -> targets, observations -> entities


@pytest.mark.slow
def test_frictionless_validates_a_real_build(tmp_path: Path):
    """Was: 1,000+ errors, required columns (progress.unsd_status, .method) holding empty strings."""
    try:
        sources = config.sources_dir()
    except config.ConfigError:
        pytest.skip("sources directory not available")
    out = tmp_path / "published"
    pipeline.run(sources, out, log=lambda _: None, force=True)
    assert publish.validate_package(out) == []
    progress = pd.read_csv(out / "progress.csv", keep_default_na=False)
    assert (progress["method"] == "").any() and (progress["unsd_status"] == "").any()  # missing, allowed
    package = json.loads((out / "datapackage.json").read_text())
    assert {r["name"] for r in package["resources"]} == set(schemas.TABLES)


def test_frictionless_finds_a_cell_that_breaks_the_descriptor(tmp_path: Path):
    out = tmp_path / "published"
    publish.publish({"indicators": _indicators()}, out, log=lambda _: None)
    assert publish.validate_package(out) == []
    csv = out / "indicators.csv"
    csv.write_text(csv.read_text().replace(",percent,", ",,"))
    (problem,) = publish.validate_package(out)
    assert problem.startswith("table 'indicators', row 2, column 'unit': ") and "required" in problem
