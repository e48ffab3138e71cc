"""A build replaces the live site only when it succeeded; anything else leaves it exactly as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUILD_ENV, FOREIGN_SITE, REPO, run_build


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def site(tmp_path) -> Path:
    """A copy of the foreign site, built once into `out`, with a marker file added to the live site."""
    root = tmp_path / "site"
    shutil.copytree(FOREIGN_SITE, root)
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out"))
    assert result.returncode == 0, result.stderr
    (root / "out" / "marker.txt").write_text("the previous site")
    return root


def test_broken_content_leaves_the_previous_site(site):
    before = snapshot(site / "out")
    bad = site / "docs" / "resources" / "measures-in-the-kitchen.md"
    bad.write_text(bad.read_text().replace("topics: [", "topics: [fractionz, "))
    result = run_build("build", "-f", str(site / "mkdocs.yml"), "-d", str(site / "out"))
    assert result.returncode == 1
    assert "'fractionz' is not a topic" in result.stdout
    assert "previous site is unchanged" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(site / "out") == before


def test_a_build_failing_inside_mkdocs_leaves_the_previous_site(site):
    """The content checks out, but MkDocs itself aborts (a link to a missing anchor under --strict,
    which only rendering finds) after it would already have emptied site_dir."""
    before = snapshot(site / "out")
    page = site / "docs" / "index.md"
    page.write_text(page.read_text() + "\n[a missing part](#nowhere)\n")
    with (site / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("validation:\n  anchors: warn\n")
    result = run_build("build", "--strict", "-f", str(site / "mkdocs.yml"), "-d", str(site / "out"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the link '#nowhere' leads to no heading" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(site / "out") == before
    assert not list(site.glob(".tessellate-staging-*")), "the staging folder is cleaned up"


def test_a_successful_build_replaces_the_site_whole(site):
    result = run_build("build", "-f", str(site / "mkdocs.yml"), "-d", str(site / "out"))
    assert result.returncode == 0
    assert not (site / "out" / "marker.txt").exists()
    assert (site / "out" / "index.html").is_file()
    assert oct((site / "out").stat().st_mode & 0o777) == oct(0o755)
    assert not list(site.glob(".tessellate-staging-*")) and not list(site.glob(".tessellate-retired-*"))


def test_plain_mkdocs_build_stops_before_emptying_the_site(site):
    before = snapshot(site / "out")
    bad = site / "docs" / "stories" / "ravensholme-starters.md"
    bad.write_text(bad.read_text().replace("title:", "titel:", 1))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml"),
                             "-d", str(site / "out")], capture_output=True, text=True, env={**os.environ, **BUILD_ENV})
    assert result.returncode == 1
    assert "'titel' is not a field (did you mean 'title'?)" in result.stderr
    assert snapshot(site / "out") == before


def test_kill_9_mid_build_leaves_the_previous_site_serving(site):
    # Enough items that the build is still writing pages when it is killed.
    template = (site / "docs" / "resources" / "measures-in-the-kitchen.md").read_text()
    for n in range(400):
        (site / "docs" / "resources" / f"copy-{n:03d}.md").write_text(template)
    before = snapshot(site / "out")
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "build", "-q", "-f", str(site / "mkdocs.yml"),
                                "-d", str(site / "out")], env={**os.environ, **BUILD_ENV},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        staging = list(site.glob(".tessellate-staging-*"))
        if staging and (staging[0] / "resources").is_dir():
            break
        assert process.poll() is None, "the build ended before it could be killed"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(site / "out") == before
    assert list(site.glob(".tessellate-staging-*")), "the killed build was writing elsewhere"
    result = run_build("build", "-f", str(site / "mkdocs.yml"), "-d", str(site / "out"))
    assert result.returncode == 0
    assert not list(site.glob(".tessellate-staging-*")), "the next build clears what the killed one left"
    assert (site / "out" / "resources" / "copy-399" / "index.html").is_file()


def test_two_builds_are_byte_identical(tmp_path):
    first = run_build("build", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp_path / "one"))
    second = run_build("build", "-f", str(REPO / "mkdocs.yml"), "-d", "two", cwd=tmp_path)
    assert first.returncode == 0 and second.returncode == 0
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one.keys() == two.keys() and len(one) > 100
    assert [name for name in one if one[name] != two[name]] == []
