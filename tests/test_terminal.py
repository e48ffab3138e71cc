"""What the command line prints: progress and colour on a terminal only, one summary line, --quiet, --verbose."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILD_ENV, FOREIGN_SITE, REPO
from test_check_cli import site_with

SUMMARY = re.compile(r"^Built (\d+) pages, (\d+) feeds, (\d+) snippets?, (\d+) warnings? in \d+\.\d s into out$")
COLOUR = re.compile(r"\033\[3\dm")


def run(args: list[str], cwd: Path, terminal: bool = False, **env: str) -> tuple[int, str, str]:
    """`build.py ARGS` with its output piped, or on a pseudo-terminal (stdout and stderr both)."""
    environment = {**{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}, **BUILD_ENV,
                   "TERM": "xterm", **env}
    command = [sys.executable, str(REPO / "build.py"), *args]
    if not terminal:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment, timeout=300)
        return result.returncode, result.stdout, result.stderr
    controller, follower = pty.openpty()
    process = subprocess.Popen(command, cwd=cwd, stdout=follower, stderr=follower, stdin=subprocess.DEVNULL,
                               env=environment)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the process has finished writing
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return process.wait(timeout=300), b"".join(chunks).decode(), ""


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(FOREIGN_SITE, tmp_path / "network")
    return tmp_path / "network"


def test_piped_build_ends_with_one_plain_summary_line(site):
    code, out, err = run(["build", "-d", "out"], site)
    assert code == 0
    assert out == "0 errors, 0 warnings in 10 files\n"
    lines = err.splitlines()
    assert len(lines) == 1 and (match := SUMMARY.match(lines[0])), err
    # The share kit's files (coordinators' snippets, written after the pages) are not counted as pages.
    pages = [p for p in (site / "out").rglob("*.html") if not p.relative_to(site / "out").as_posix().startswith("share/")]
    feeds = [*(site / "out").rglob("feed.xml"), *(site / "out").rglob("feed.atom"), *(site / "out").rglob("feed.json")]
    assert (int(match[1]), int(match[2]), int(match[4])) == (len(pages), len(feeds), 0)
    assert "\r" not in err and "\033" not in out + err


def test_a_terminal_gets_a_progress_counter(site):
    code, out, _ = run(["build", "-d", "out"], site, terminal=True)
    assert code == 0
    assert re.search(r"\rBuilding pages: \d+/\d+", out)
    assert SUMMARY.match(out.replace("\r\033[K", "\n").splitlines()[-1])


def test_colour_on_a_terminal_only_and_never_with_no_color(tmp_path):
    site_with(tmp_path, "resource-unknown-ids", "resource-raw-html")
    _, coloured, _ = run(["check"], tmp_path, terminal=True)
    assert COLOUR.search(coloured)
    _, plain, _ = run(["check"], tmp_path, terminal=True, NO_COLOR="1")
    assert not COLOUR.search(plain) and "\033" not in plain
    _, piped, _ = run(["check"], tmp_path)
    assert "\033" not in piped
    # The same problems, in the same order, whatever the colour.
    assert re.sub(r"\033\[\d+m", "", coloured).replace("\r\n", "\n").replace("error: ", "").replace("warning: ", "") == \
        piped.replace("warning: ", "")


def test_quiet_prints_nothing_for_a_clean_build_and_verbose_shows_mkdocs(site):
    assert run(["build", "-q", "-d", "out"], site) == (0, "", "")
    code, _, err = run(["build", "-v", "-d", "out"], site)
    assert code == 0 and "Building documentation" in err and SUMMARY.match(err.splitlines()[-1])


def test_warnings_are_shown_once_and_counted_once(tmp_path):
    site_with(tmp_path, "resource-raw-html")
    code, out, err = run(["build", "-d", "out"], tmp_path)
    shown = [line for line in out.splitlines() if ": warning: " in line]
    assert code == 0 and len(shown) == 6
    lines = err.splitlines()
    assert len(lines) == 1 and (match := SUMMARY.match(lines[0])), err
    assert int(match[4]) == len(shown)
