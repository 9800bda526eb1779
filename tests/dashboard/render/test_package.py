"""dashboard.render.package: the data package holds the tables exactly as published, and its check finds
what does not match its own descriptor."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from dashboard.render import package
from etl.core import config

FIXTURE = config.REPO_ROOT / "tests" / "fixtures" / "published"


def test_the_package_is_the_published_tables_with_descriptor_and_readme():
    files = package.package_files(FIXTURE)
    assert {"datapackage.json", "README.md", "claims.csv"} <= set(files)
    assert files["claims.csv"] == (FIXTURE / "claims.csv").read_bytes()
    with zipfile.ZipFile(io.BytesIO(package.zip_bytes(files))) as zf:
        assert sorted(zf.namelist()) == sorted(files)


def test_package_check_finds_what_is_wrong():
    files = package.package_files(FIXTURE)
    broken = dict(files)
    del broken["targets.csv"]
    assert package.check_data_package(broken) == ["targets: file targets.csv missing"]
    ent = pd.read_csv(io.BytesIO(files["entities.csv"]), dtype=str, keep_default_na=False)
    blank = ent.copy()
    blank.loc[0, "name"] = ""
    assert package.check_data_package(
        dict(files, **{"entities.csv": blank.to_csv(index=False).encode()})
    ) == ["entities: required field 'name' empty in 1 rows"]
    renamed = ent.rename(columns={"name": "label"})
    problems = package.check_data_package(
        dict(files, **{"entities.csv": renamed.to_csv(index=False).encode()})
    )
    assert len(problems) == 1 and "differ from schema fields" in problems[0]
