"""Shared fixtures: sites built once per session with the real command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FOREIGN_SITE = REPO / "tests" / "data" / "site"
# A fixed build time: which items count as "future" must not depend on the day the tests run.
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1795564800"}  # 2026-11-25T00:00Z


def run_build(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python build.py ARGS` as a coordinator would run it."""
    import os
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **BUILD_ENV, **(env or {})}, timeout=600)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example network's site, built from this repository's content."""
    out = tmp_path_factory.mktemp("example") / "site"
    result = run_build("build", "-f", str(REPO / "mkdocs.yml"), "-d", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def foreign_site(tmp_path_factory) -> Path:
    """A site nobody here wrote, built from another working directory."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = run_build("build", "-f", str(FOREIGN_SITE / "mkdocs.yml"), "-d", "out", cwd=elsewhere)
    assert result.returncode == 0, result.stdout + result.stderr
    return elsewhere / "out"
