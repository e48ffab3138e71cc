"""The tests' forked builds (forked_builds.py) are `python build.py` as a coordinator runs it: the same
site, output and exit code as a new interpreter gives, and nothing carried from one build to the next."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import forked_builds
from conftest import BUILD_ENV, FOREIGN_SITE, REPO
from test_bad_input import build_case, expected


def real(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, stdin=subprocess.DEVNULL)


def same_files(one: Path, other: Path) -> list[str]:
    """Paths under either folder that differ or are on one side only."""
    names = {p.relative_to(one).as_posix() for p in one.rglob("*")} | {p.relative_to(other).as_posix() for p in other.rglob("*")}
    return sorted(n for n in names if not ((one / n).is_dir() and (other / n).is_dir())
                  and not ((one / n).is_file() and (other / n).is_file() and filecmp.cmp(one / n, other / n, shallow=False)))


def test_a_forked_build_writes_and_says_what_a_new_interpreter_does(tmp_path):
    env = {**os.environ, **BUILD_ENV}
    runs = {}
    for how, run in (("real", real), ("forked", forked_builds.run)):
        runs[how] = run(["build", "-f", str(FOREIGN_SITE / "mkdocs.yml"), "-d", str(tmp_path / how)], tmp_path,
                        {**env, "TESSELLATE_CACHE": str(tmp_path / f"cache-{how}")})
        assert runs[how].returncode == 0, runs[how].stderr
    assert same_files(tmp_path / "real", tmp_path / "forked") == []
    # The log names the two output folders (and the temporary ones beside them) and caches, and objects'
    # addresses; apart from them, and timings, the lines are the same.
    def lines(result, how):
        text = (result.stdout + result.stderr).replace(str(tmp_path / how), "OUT").replace(f"-{how}", "-OUT")
        text = re.sub(r"(-OUT-|/tmp)\w+|\bat 0x[0-9a-f]+|\d+\.\d+ s(econds)?\b", "", text)
        return text.replace(f"into {how}", "into OUT").splitlines()
    assert lines(runs["real"], "real") == lines(runs["forked"], "forked")


def test_a_forked_check_exits_and_prints_as_the_real_one(tmp_path):
    build_case("resource-impossible-date", tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    real_run, forked = real(["check", "-f", "mkdocs.yml"], tmp_path, env), forked_builds.run(["check", "-f", "mkdocs.yml"], tmp_path, env)
    assert forked.stdout.splitlines() == real_run.stdout.splitlines() == expected("resource-impossible-date")
    assert forked.returncode == real_run.returncode == 1
    assert forked.stderr == real_run.stderr


def test_each_forked_build_has_the_environment_and_folder_it_is_given(tmp_path):
    """Two builds in a row, the second from another folder with another clock: the second's site is dated
    by its own clock, not the first's (nothing of a build stays in the zygote)."""
    config = str(FOREIGN_SITE / "mkdocs.yml")
    later = str(int(BUILD_ENV["SOURCE_DATE_EPOCH"]) + 400 * 86400)
    (tmp_path / "elsewhere").mkdir()
    first = forked_builds.run(["build", "-f", config, "-d", "one"], tmp_path, {**os.environ, **BUILD_ENV})
    second = forked_builds.run(["build", "-f", config, "-d", "two"], tmp_path / "elsewhere",
                               {**os.environ, "SOURCE_DATE_EPOCH": later})
    reference = real(["build", "-f", config, "-d", "two"], tmp_path, {**os.environ, "SOURCE_DATE_EPOCH": later})
    assert first.returncode == second.returncode == reference.returncode == 0, second.stderr
    assert (tmp_path / "one").is_dir() and (tmp_path / "elsewhere" / "two").is_dir()
    assert same_files(tmp_path / "elsewhere" / "two", tmp_path / "two") == []
    assert same_files(tmp_path / "one", tmp_path / "two") != []  # the clocks differ: so do the sites
