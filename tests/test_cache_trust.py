"""Nothing done to a published site or to the cache between builds changes what the next build
publishes: it is exactly what a build from nothing publishes (the policy is in tessellate/store.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import run_build
from test_reuse import build, copy_example, differences, kits_reused, reused


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def flip_a_byte(path: Path) -> None:
    """An in-place edit, as a minifier or `sed -i` on a published file does: the same file, opened for writing."""
    size = path.stat().st_size
    with open(path, "r+b") as stream:
        stream.seek(size // 2)
        byte = stream.read(1) or b"\0"
        stream.seek(size // 2)
        stream.write(bytes([byte[0] ^ 0x20]))


@pytest.fixture
def warm(tmp_path) -> tuple[Path, Path, Path]:
    """A copy of the example built twice into one folder, so the second build placed everything it could from the cache."""
    root = copy_example(tmp_path / "site")
    cache = tmp_path / "cache"
    build(root, cache, "out")
    out, _ = build(root, cache, "out")
    return root, cache, out


def test_in_place_writes_to_every_published_file_reach_neither_the_cache_nor_the_next_build(warm, tmp_path):
    root, cache, out = warm
    kept = files_of(cache)
    published = [path for path in out.rglob("*") if path.is_file()]
    kinds = {path.suffix for path in published}
    assert {".html", ".xml", ".png", ".json", ".txt", ".js", ".css", ".ics"} <= kinds, kinds
    assert {"card.png", "card-portrait.png", "card-story.png"} <= {path.name for path in published}
    assert out / "calendar.ics" in published and any(path.parent != out for path in published if path.suffix == ".ics")
    assert any("pagefind" in path.parts for path in published) and any("share" in path.parts for path in published)
    for path in published:
        assert not path.is_symlink() and path.stat().st_nlink == 1, f"{path} is shared with another file"
        flip_a_byte(path)
    assert files_of(cache) == kept, "a write to the published site changed the cache"

    again, log = build(root, cache, "out")
    assert kits_reused(log)[0] > 0, log  # placed from the cache, which the writes did not reach
    cold, _ = build(root, tmp_path / "fresh-cache", "cold")
    assert differences(again, cold) == []


def test_a_damaged_cache_is_dropped_entry_by_entry_and_made_again(warm, tmp_path):
    root, cache, _ = warm
    entries = sorted(path for path in cache.rglob("*") if path.is_file())
    stores = {path.relative_to(cache).parts[0] for path in entries}
    assert {"bodies", "pages", "reads", "maths", "formulas", "templates", "cards", "kits", "search"} <= stores, stores
    for number, path in enumerate(entries):
        if number % 3 == 0:
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        else:
            flip_a_byte(path)

    out, log = build(root, cache, "after")
    dropped = [line for line in log.splitlines() if "failed its check" in line]
    assert len(dropped) == len(entries), log  # one line each, at --verbose
    assert "Traceback" not in log and "stopped unexpectedly" not in log
    cold, _ = build(root, tmp_path / "fresh-cache", "cold")
    assert differences(out, cold) == []
    # Made again, the entries serve the next build whole.
    _, log = build(root, cache, "next")
    renders, of_renders, pages, of_pages = reused(log)
    assert "failed its check" not in log and renders == of_renders and pages == of_pages, log


def _read_only(folder: Path) -> None:
    if os.geteuid() == 0:  # root writes through permissions; the immutable attribute stops it too
        subprocess.run(["chattr", "-R", "+i", str(folder)], check=True)
    else:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)


def _writable(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-R", "-i", str(folder)], check=True)
    else:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_cache_folder_that_cannot_be_written_still_builds_and_says_so_once(warm, tmp_path):
    root, cache, _ = warm
    (root / "content" / "resources" / "best-buys-ratio.md").write_text(
        (root / "content" / "resources" / "best-buys-ratio.md").read_text().replace("Best buys:", "Better buys:"))
    kept = files_of(cache)
    _read_only(cache)
    try:
        result = run_build("build", "-d", "out", cwd=root, env={"TESSELLATE_CACHE": str(cache)})
    finally:
        _writable(cache)
    assert result.returncode == 0, result.stdout + result.stderr
    said = [line for line in (result.stdout + result.stderr).splitlines() if "cannot be written" in line]
    assert len(said) == 1, result.stderr
    assert said[0].startswith(f"The cache folder {cache} cannot be written ("), said
    assert files_of(cache) == kept
    cold, _ = build(root, tmp_path / "fresh-cache", "cold")
    assert differences(root / "out", cold) == []
