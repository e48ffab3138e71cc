"""Shared fixtures: sites built once per session with the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FOREIGN_SITE = REPO / "tests" / "data" / "site"
# A fixed build time: which items count as "future" must not depend on the day the tests run.
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1795564800"}  # 2026-11-25T00:00Z


# Social cards are cached beside mkdocs.yml; every build the tests start (they inherit this) keeps
# them in a temporary folder instead, so the checkout is left as found.
os.environ.setdefault("TESSELLATE_CACHE", tempfile.mkdtemp(prefix="tessellate-test-cards-"))


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


# What a checkout holds besides the tracked files: the tools and caches set up to run the tests.
_NOT_THE_CHECKOUT = {".git", ".venv", "node_modules", ".pytest_cache", "__pycache__"}


def _checkout_entries() -> set[str]:
    """Every file and folder of the checkout (empty folders too, which git status would not show)."""
    import os
    found = set()
    for folder, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in _NOT_THE_CHECKOUT and not d.endswith(".egg-info")]
        base = Path(folder).relative_to(REPO)
        found.update((base / name).as_posix() for name in dirs + files)
    return found


@pytest.fixture(scope="session", autouse=True)
def checkout_left_as_found():
    """The tests leave the checkout as they found it: no stray folders or files at the repository root."""
    before = _checkout_entries()
    yield
    left = sorted(_checkout_entries() - before)
    assert not left, f"the tests left these in the checkout: {', '.join(left[:20])}"
