"""Shared fixtures: sites built once per session with the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import forked_builds

REPO = Path(__file__).resolve().parent.parent
FOREIGN_SITE = REPO / "tests" / "data" / "site"
# A fixed build time: which items count as "future" must not depend on the day the tests run.
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1795564800"}  # 2026-11-25T00:00Z
MEMORY = Path("/dev/shm")
ROOM_IN_MEMORY = 4 * 2**30  # bytes free there, at least, for the run's folders (about 1.3 GB, passed tests' removed)


def _folders_in_memory() -> None:
    """Each run writes about 1.3 GB of copied sites, caches and built sites into tmp_path folders: kept in memory
    (tmpfs) where the machine has room there, not on disk, where writing and removing them cost the run half a
    minute of system time. Set here, in the process that starts the run, before pytest names its first folder;
    pytest-xdist hands each worker a folder inside it. A temporary folder chosen by the user (TMPDIR, or pytest's
    PYTEST_DEBUG_TEMPROOT) is kept."""
    if "TMPDIR" in os.environ or "PYTEST_DEBUG_TEMPROOT" in os.environ:
        return
    try:
        roomy = os.access(MEMORY, os.W_OK) and shutil.disk_usage(MEMORY).free >= ROOM_IN_MEMORY
    except OSError:
        return
    if roomy:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY)


_folders_in_memory()


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    """pyproject.toml's addopts runs the tests in parallel with pytest-xdist's options; with xdist turned off
    (`-p no:xdist`) they are still accepted, and do nothing: the tests run in this one process."""
    if not pluginmanager.has_plugin("xdist"):
        group = parser.getgroup("xdist", "pytest-xdist turned off: its options do nothing")
        group._addoption("-n", "--numprocesses", dest="numprocesses", default=None)  # as xdist adds it (-n is lower case)
        group.addoption("--maxprocesses", dest="maxprocesses", default=None)
        group.addoption("--dist", dest="dist", default="no")


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: unknown with -p no:xdist
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: a worker per core and one more. Browser and preview tests spend much of their time
    waiting on another process (Chromium, a server); the extra worker's tests use that time."""
    return (os.cpu_count() or 1) + 1


@pytest.fixture(scope="session", autouse=True)
def cache_of_its_own(tmp_path_factory):
    """What builds keep goes beside mkdocs.yml; every build the tests start (they inherit this) keeps it
    in a temporary folder instead, so the checkout is left as found. One folder per test process: each
    pytest-xdist worker has its own (set here, in the worker, never inherited from the controller), so
    no build's cache hits or prunes depend on what another worker's tests built at the same moment.
    A TESSELLATE_CACHE set before the tests start is kept."""
    if "TESSELLATE_CACHE" in os.environ:
        yield Path(os.environ["TESSELLATE_CACHE"])
        return
    folder = tmp_path_factory.mktemp("tessellate-cache")
    os.environ["TESSELLATE_CACHE"] = str(folder)
    yield folder
    os.environ.pop("TESSELLATE_CACHE", None)


def run_build(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python build.py ARGS` as a coordinator would run it: a process of its own (forked_builds says how)."""
    return forked_builds.run(list(args), cwd, {**os.environ, **BUILD_ENV, **(env or {})})


def write_site(root: Path, config: str, docs: dict[str, str]) -> Path:
    """A small site under `root`: its mkdocs.yml holding `config`, and each of `docs` (path in docs/ ->
    text); the path of its mkdocs.yml."""
    for path, content in docs.items():
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_text(content, encoding="utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


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
_CHECKOUT = pytest.StashKey[set]()  # its entries when the run started


def _checkout_entries() -> set[str]:
    """Every file and folder of the checkout (empty folders too, which git status would not show)."""
    import os
    found = set()
    for folder, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in _NOT_THE_CHECKOUT and not d.endswith(".egg-info")]
        base = Path(folder).relative_to(REPO)
        found.update((base / name).as_posix() for name in dirs + files)
    return found


# The tests leave the checkout as they found it: no stray folders or files anywhere in it. Checked once, in the
# process that starts the run: before any test, and after the last (with pytest-xdist, the controller, before
# the first worker starts and after every worker has finished), so a file that a test in one worker makes and
# removes again is never caught half-way by another worker's check.
def _in_workers(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")  # set by pytest-xdist in each worker process


def pytest_sessionstart(session: pytest.Session) -> None:
    if not _in_workers(session.config):
        session.config.stash[_CHECKOUT] = _checkout_entries()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if "gates.common" in sys.modules:  # the browser this process's test modules shared, if one was started
        sys.modules["gates.common"].stop_browsers()
    before = session.config.stash.get(_CHECKOUT, None)
    if before is None or _in_workers(session.config):
        return
    left = sorted(_checkout_entries() - before)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = f"the tests left these in the checkout: {', '.join(left[:20])}"
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_sep("=", "checkout not left as found", red=True, bold=True)
            reporter.write_line(message, red=True)
        else:
            print(message, file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
