"""Incremental builds (the build manifest) and builds killed half-way.

The fast tests run the real pipeline and publish code with one small step defined in this module (`run`
below), against a sources directory, registry folder and code folder in tmp_path, so nothing here depends
on the other steps or on files other engineers are editing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from etl import pipeline, publish, steps
from etl.core import config

THIS = "tests.etl.test_pipeline"
INPUTS = ("sources/itu/indicators.csv",)  # this module is the one step of the tiny project
OUTPUTS = ("indicators",)


def run(ctx) -> dict[str, pd.DataFrame]:
    """The step under test: the indicators table, read from a CSV in the sources directory."""
    df = pd.read_csv(Path(ctx.sources_dir) / "itu" / "indicators.csv", dtype=str, keep_default_na=False)
    df["is_higher_better"] = df["is_higher_better"] == "true"
    df["sdg_indicator_code"] = df["sdg_indicator_code"].replace("", None)
    return {"indicators": df}


INDICATORS = (
    "indicator_id,name,unit,definition,is_higher_better,sdg_indicator_code\n"
    "internet_use_share,Individuals using the Internet,percent,Share of individuals online,true,17.8.1\n"
)


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Sources, registries (data/) and code folders of a tiny project; its one step is this module."""
    sources, data, code = tmp_path / "sources", tmp_path / "data", tmp_path / "code"
    (sources / "itu").mkdir(parents=True)
    (sources / "itu" / "indicators.csv").write_text(INDICATORS)
    data.mkdir()
    (data / "sources.toml").write_text('[[source]]\nid = "a"\n')
    code.mkdir()
    (code / "step.py").write_text("x = 1\n")
    monkeypatch.setattr(config, "DATA_DIR", data)
    monkeypatch.setattr(config, "PUBLISHED_DIR", data / "published")
    monkeypatch.setattr(pipeline, "CODE_DIR", code)
    monkeypatch.setattr(pipeline, "build_order", lambda: [steps.load(sys.modules[THIS])])
    return {"sources": sources, "data": data, "code": code, "out": data / "published"}


def build(mini: dict[str, Path], **kw) -> tuple[pipeline.BuildContext | None, list[str]]:
    lines: list[str] = []
    ctx = pipeline.run(mini["sources"], mini["out"], log=lines.append, **kw)
    return ctx, lines


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir())}


def test_second_build_without_changes_rewrites_nothing(mini):
    ctx, _ = build(mini)
    assert ctx is not None and (mini["out"] / "indicators.csv").exists()
    stored = json.loads((mini["out"] / "build.json").read_text())
    assert stored["manifest"]["sources"] == {
        "itu/indicators.csv": pipeline._hash_tree(mini["sources"])["itu/indicators.csv"]
    }
    assert set(stored["manifest"]["registries"]) == {"sources.toml"}  # published/ itself is not an input
    before, inode = snapshot(mini["out"]), mini["out"].stat().st_ino
    time.sleep(0.01)
    ctx, lines = build(mini)
    assert ctx is None
    expected = f"nothing changed since {stored['built_at']}; {mini['out']} is up to date (--force rebuilds)"
    assert lines == [expected]
    assert snapshot(mini["out"]) == before and mini["out"].stat().st_ino == inode


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda m: (m["data"] / "sources.toml").write_text('[[source]]\nid = "b"\n'),
            "registries: sources.toml",
        ),
        (lambda m: (m["data"] / "targets.csv").write_text("target_id\n"), "registries: targets.csv"),
        (
            lambda m: (m["sources"] / "itu" / "indicators.csv").write_text(
                INDICATORS.replace("online", "on line")
            ),
            "sources: itu/indicators.csv",
        ),
        (lambda m: (m["code"] / "step.py").write_text("x = 2\n"), "code: step.py"),
        (lambda m: (m["out"] / "indicators.parquet").unlink(), None),  # a published file went missing
    ],
)
def test_a_changed_input_triggers_a_rebuild(mini, change, reason):
    build(mini)
    change(mini)
    ctx, lines = build(mini)
    assert ctx is not None and (mini["out"] / "indicators.parquet").exists()
    if reason:
        assert f"rebuilding: changed since the last build: {reason}" in lines
    assert build(mini)[0] is None  # and then it is up to date again


def test_the_as_of_date_is_recorded_and_another_day_rebuilds(mini):
    from datetime import date

    ctx, _ = build(mini, as_of=date(2025, 12, 31))
    assert ctx is not None and ctx.as_of == date(2025, 12, 31)
    stored = json.loads((mini["out"] / "build.json").read_text())
    assert stored["manifest"]["as_of"] == "2025-12-31"
    assert build(mini, as_of=date(2025, 12, 31))[0] is None  # same day: up to date
    ctx, lines = build(mini, as_of=date(2026, 1, 1))  # after New Year: deadlines of 2025 are re-scored
    assert ctx is not None and "rebuilding: changed since the last build: as_of" in lines
    assert json.loads((mini["out"] / "build.json").read_text())["manifest"]["as_of"] == "2026-01-01"


def test_build_as_of_option(mini, monkeypatch):
    from typer.testing import CliRunner

    from etl import cli

    seen = {}
    monkeypatch.setattr(pipeline, "run", lambda *a, **kw: seen.update(kw))
    runner = CliRunner()
    result = runner.invoke(cli.app, ["build", "--sources", str(mini["sources"]), "--as-of", "2026-01-02"])
    assert result.exit_code == 0, result.output
    assert str(seen["as_of"]) == "2026-01-02"
    bad = runner.invoke(cli.app, ["build", "--sources", str(mini["sources"]), "--as-of", "02/01/2026"])
    assert bad.exit_code != 0 and "expected a date YYYY-MM-DD" in str(bad.exception)


def test_files_under_review_and_touching_do_not_trigger_a_rebuild(mini):
    build(mini)
    (mini["sources"] / "itu" / "indicators.csv.new").write_text("fetched, not yet accepted")
    (mini["sources"] / ".fetch-x.part").write_text("partial download")
    os.utime(mini["data"] / "sources.toml")  # same content, new mtime: hashes decide, not mtimes
    assert build(mini)[0] is None


def test_force_rebuilds(mini):
    build(mini)
    before = (mini["out"] / "build.json").stat().st_ino
    ctx, lines = build(mini, force=True)
    assert ctx is not None and (mini["out"] / "build.json").stat().st_ino != before
    assert not any("nothing changed" in line for line in lines)


def test_interrupted_swap_is_recovered(tmp_path: Path):
    out = tmp_path / "published"
    publish.publish({"indicators": run(_ctx_for(tmp_path))["indicators"]}, out, log=lambda _: None)
    good = snapshot(out)
    out.rename(tmp_path / ".published-old")  # killed between the two renames of swap_in
    (tmp_path / ".published-new-abc").mkdir()  # and a temp folder of another killed build
    lines: list[str] = []
    publish.recover(out, log=lines.append)
    assert snapshot(out) == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["published", "sources"]
    assert len(lines) == 2


def _ctx_for(tmp_path: Path):
    (tmp_path / "sources" / "itu").mkdir(parents=True, exist_ok=True)
    (tmp_path / "sources" / "itu" / "indicators.csv").write_text(INDICATORS)
    return pipeline.BuildContext(sources_dir=tmp_path / "sources")


# prepended to a child's code: its build stops just before the swap (where the tests kill it)
PAUSE_BEFORE_SWAP = textwrap.dedent("""
    import sys
    import time
    from etl import publish

    def paused(new_dir, out_dir):
        print("  pausing before the swap", file=sys.stderr, flush=True)
        time.sleep(300)

    publish.swap_in = paused
""")
KILLED_BUILD = PAUSE_BEFORE_SWAP + textwrap.dedent("""
    import importlib
    import sys
    from pathlib import Path
    from etl.core import config
    from etl import pipeline
    sources, data, code, out = map(Path, sys.argv[1:5])
    config.DATA_DIR, config.PUBLISHED_DIR, pipeline.CODE_DIR = data, out, code
    from etl import steps
    pipeline.build_order = lambda: [steps.load(importlib.import_module({this!r}))]
    pipeline.run(sources, out, log=lambda m: print(m, file=sys.stderr, flush=True), force=True)
""")


def wait_for(proc: subprocess.Popen, text: str, timeout: float = 120) -> list[str]:
    """Read the child's stderr until a line contains `text` (the child is blocked in its pause then)."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return seen
    proc.kill()
    raise AssertionError(f"child never printed {text!r}; it printed: {''.join(seen)}")


def kill_during_publish(args: list[str], env_extra: dict[str, str]) -> list[str]:
    env = {**os.environ, **env_extra}
    proc = subprocess.Popen(
        args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=config.REPO_ROOT, env=env
    )
    try:
        seen = wait_for(proc, "pausing")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    return seen


def test_build_killed_before_swap_leaves_published_intact_and_next_build_cleans_up(mini):
    build(mini)
    before = snapshot(mini["out"])
    (mini["sources"] / "itu" / "indicators.csv").write_text(INDICATORS.replace("online", "on line"))
    seen = kill_during_publish(
        [
            sys.executable,
            "-c",
            KILLED_BUILD.format(this=THIS),
            *(str(mini[k]) for k in ("sources", "data", "code", "out")),
        ],
        {},
    )
    assert any("wrote indicators" in line for line in seen)  # it was killed while publishing
    assert snapshot(mini["out"]) == before
    stale = list(mini["out"].parent.glob(".published-new-*"))
    assert len(stale) == 1 and (stale[0] / "indicators.csv").exists()
    ctx, lines = build(mini)
    assert ctx is not None and any("removing .published-new-" in line for line in lines)
    assert list(mini["out"].parent.glob(".published-new-*")) == []
    assert "on line" in (mini["out"] / "indicators.csv").read_text()


def test_no_change_build_after_a_kill_cleans_up_and_skips(mini):
    build(mini)
    before = snapshot(mini["out"])
    kill_during_publish(  # the child forces a rebuild of unchanged inputs and is killed before its swap
        [
            sys.executable,
            "-c",
            KILLED_BUILD.format(this=THIS),
            *(str(mini[k]) for k in ("sources", "data", "code", "out")),
        ],
        {},
    )
    assert len(list(mini["out"].parent.glob(".published-new-*"))) == 1
    ctx, lines = build(mini)
    assert ctx is None and lines[-1].startswith("nothing changed since")
    assert any("removing .published-new-" in line for line in lines)
    assert list(mini["out"].parent.glob(".published-new-*")) == []
    assert snapshot(mini["out"]) == before


@pytest.mark.slow
def test_real_ict4d_build_killed_half_way(tmp_path: Path):
    """The real `ict4d build` against a copy of the sources, SIGKILLed in publish: data stays intact."""
    try:
        real = config.sources_dir()
    except config.ConfigError:
        pytest.skip("sources directory not available")
    sources = tmp_path / "sources"
    shutil.copytree(real, sources)
    out = tmp_path / "published"
    cli = [
        sys.executable,
        "-c",
        "from etl.cli import main; main()",
        "build",
        "--sources",
        str(sources),
        "--out",
        str(out),
    ]
    first = subprocess.run(cli, capture_output=True, text=True, cwd=config.REPO_ROOT)
    assert first.returncode == 0, first.stderr[-2000:]
    before = snapshot(out)
    paused = PAUSE_BEFORE_SWAP + "from etl.cli import main; main()"
    kill_during_publish([sys.executable, "-c", paused, *cli[3:], "--force"], {})
    assert snapshot(out) == before
    assert len(list(tmp_path.glob(".published-new-*"))) == 1
    again = subprocess.run(cli, capture_output=True, text=True, cwd=config.REPO_ROOT)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "removing .published-new-" in again.stderr and list(tmp_path.glob(".published-new-*")) == []
    if "nothing changed since" in again.stderr:  # unless someone edited etl/ meanwhile (shared checkout)
        assert snapshot(out) == before
    else:
        assert (
            json.loads((out / "build.json").read_text())["built_at"]
            >= json.loads(before["build.json"][1])["built_at"]
        )


# --- two builds into one folder (issue 15) ----------------------------------------------------------------
CLI_BUILD = textwrap.dedent("""
    import importlib
    import os
    import sys
    import time
    from etl import publish

    swap_in = publish.swap_in

    def paused(new_dir, out_dir):  # PAUSE seconds before the swap, holding the lock, then the real swap
        print("  pausing before the swap", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get("PAUSE", "0")))
        swap_in(new_dir, out_dir)

    publish.swap_in = paused
    from pathlib import Path
    from etl.core import config
    from etl import pipeline
    sources, data, code, out, *flags = sys.argv[1:]
    config.DATA_DIR, config.PUBLISHED_DIR, pipeline.CODE_DIR = Path(data), Path(out), Path(code)
    from etl import steps
    pipeline.build_order = lambda: [steps.load(importlib.import_module({this!r}))]
    sys.argv = ["ict4d", "build", "--sources", sources, "--out", out, *flags]
    from etl.cli import main
    main()
""").format(this=THIS)


def _cli_build(mini: dict[str, Path], env: dict[str, str], *flags: str) -> subprocess.Popen:
    folders = [str(mini[k]) for k in ("sources", "data", "code", "out")]
    args = [sys.executable, "-c", CLI_BUILD, *folders, *flags]
    return subprocess.Popen(
        args,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        cwd=config.REPO_ROOT,
        env={**os.environ, **env},
    )


def test_a_second_build_waits_a_bounded_time_naming_the_holder_then_fails_in_one_line(mini):
    """Was: the second build's recovery removed the first one's working folder; the first died with a
    traceback. Now the second waits for the lock beside the folder, says who holds it, and gives up."""
    build(mini)
    before = snapshot(mini["out"])
    first = _cli_build(mini, {"PAUSE": "300"}, "--force")
    try:
        wait_for(first, "pausing")  # holds the lock, its working folder half-written
        t0 = time.monotonic()
        second = _cli_build(mini, {pipeline.LOCK_TIMEOUT_ENV: "2"}, "--force")
        _, err = second.communicate(timeout=60)
        waited = time.monotonic() - t0
        assert second.returncode == 1, err
        assert "Traceback" not in err
        lines = err.strip().splitlines()
        assert lines[1] == (
            f"{mini['out']} is being built by pid {first.pid}, started "  # said at once
            f"{lines[1].split('started ')[1].split(' on ')[0]} on {socket.gethostname()}; "
            "waiting up to 2 s for it to finish"
        )
        last = err.strip().splitlines()[-1]
        assert last.startswith(f"error: {mini['out']} is being built by pid {first.pid}, started ")
        assert "gave up after 2 s" in last and pipeline.LOCK_TIMEOUT_ENV in last
        assert 2 <= waited < 30
        assert len(list(mini["out"].parent.glob(".published-new-*"))) == 1  # the first one's, untouched
    finally:
        first.kill()
        first.wait(timeout=30)
        first.stderr.close()
    assert snapshot(mini["out"]) == before
    lock = mini["out"].parent / ".published.lock"
    assert lock.exists() and not (mini["out"] / lock.name).exists()  # beside the folder, not in it


def test_a_second_build_waits_for_the_first_then_finds_nothing_to_do(mini):
    build(mini)
    (mini["sources"] / "itu" / "indicators.csv").write_text(INDICATORS.replace("online", "on line"))
    first = _cli_build(mini, {"PAUSE": "3"})
    try:
        wait_for(first, "pausing")
        second = _cli_build(mini, {pipeline.LOCK_TIMEOUT_ENV: "120"})
        _, err = second.communicate(timeout=120)
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            first.kill()
        first.stderr.close()
    assert second.returncode == 0, err
    assert f"is being built by pid {first.pid}" in err
    assert "nothing changed since" in err  # it checked the inputs only once the first build was in
    assert "on line" in (mini["out"] / "indicators.csv").read_text()


def test_a_step_returning_a_table_it_does_not_declare_fails_before_publishing(mini, monkeypatch):
    from etl.core.errors import Ict4dError

    def sneaky(ctx):
        return {**run(ctx), "progress": run(ctx)["indicators"]}

    step = steps.Step(THIS, INPUTS, OUTPUTS, sneaky)
    monkeypatch.setattr(pipeline, "build_order", lambda: [step])
    with pytest.raises(Ict4dError, match="returned progress, not in its OUTPUTS"):
        build(mini)
    assert not mini["out"].exists()
