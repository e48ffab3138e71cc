"""Rebuilds reuse earlier work (Markdown renders, laid-out pages, share kits) and the site they
make is byte for byte the site a build from nothing makes, whatever changed in between: an item,
the clock, mkdocs.yml, a theme override."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILD_ENV, REPO, run_build

LATER = str(int(BUILD_ENV["SOURCE_DATE_EPOCH"]) + 60 * 86400)  # after the example's live session in January


def copy_example(root: Path) -> Path:
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def build(root: Path, cache: Path, out: str, epoch: str = BUILD_ENV["SOURCE_DATE_EPOCH"]) -> tuple[Path, str]:
    result = run_build("build", "-v", "-d", out, cwd=root, env={"TESSELLATE_CACHE": str(cache), "SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stdout + result.stderr
    return root / out, result.stdout + result.stderr


def differences(one: Path, other: Path) -> list[str]:
    """Files that differ or exist on one side only, by site-relative path."""
    found = []

    def walk(compared: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in compared.left_only + compared.right_only + compared.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(one, other), "")
    return found


def reused(log: str) -> tuple[int, int, int, int]:
    """(Markdown renders reused, of how many; laid-out pages reused, of how many), from the build's log."""
    found = re.search(r"Reused from earlier builds: (\d+) of (\d+) Markdown renders, (\d+) of (\d+) laid-out pages", log)
    assert found, log
    return tuple(int(n) for n in found.groups())


@pytest.fixture(scope="module")
def warmed(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the example, built once; and that build's cache, which tests copy (warm_cache) and never use."""
    root = copy_example(tmp_path_factory.mktemp("reuse"))
    cache = root.parent / "cache"
    build(root, cache, "first")
    return root, cache


def warm_cache(warmed: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """The example and a cache of its own holding everything a build of it keeps: a copy of the first build's
    (4.5 MB), so no test starts from what another left, without a build to bring a shared cache back."""
    root, first = warmed
    return root, shutil.copytree(first, tmp_path / "cache", symlinks=True)


def test_an_unchanged_rebuild_reuses_everything_and_writes_the_same_site(warmed, tmp_path):
    root, cache = warm_cache(warmed, tmp_path)
    first = root / "first"
    again, log = build(root, cache, "again")
    renders_reused, renders, pages_reused, pages = reused(log)
    assert renders_reused == renders and pages_reused == pages and pages >= 30, log
    # Every kit, those whose emails show formulas as pictures included: placing the kit places them.
    kits, of = kits_reused(log)
    assert kits == of >= 30, log
    assert re.search(r" 0 formula\(s\) drawn for email, [1-9]\d* unchanged", log), log
    assert differences(first, again) == []


def _warm_equals_cold(root: Path, cache: Path, tmp_path: Path, epoch: str = BUILD_ENV["SOURCE_DATE_EPOCH"]) -> str:
    warm, log = build(root, cache, "warm", epoch)
    cold, _ = build(root, tmp_path / "fresh-cache", "cold", epoch)
    assert differences(warm, cold) == []
    shutil.rmtree(warm)
    shutil.rmtree(cold)
    return log


@pytest.mark.parametrize("old, new", [
    ('title: "Best buys: is the bigger pack always better value?"', "title: Best buys, edited since the last build"),
    ("topics: [ratio, number]", "topics: [geometry]"),  # leaves some items' related lists, joins others'
], ids=["title", "topics"])
def test_an_edited_item_shows_everywhere_it_is_listed(warmed, tmp_path, old, new):
    root, cache = warm_cache(warmed, tmp_path)
    source = root / "content" / "resources" / "best-buys-ratio.md"
    text = source.read_text()
    assert old in text
    source.write_text(text.replace(old, new) + "\nA paragraph added since the last build.\n")
    try:
        log = _warm_equals_cold(root, cache, tmp_path)
    finally:
        source.write_text(text)
    bodies, of, laid, pages = reused(log)
    assert bodies == of - 1, log  # only the edited item's Markdown was rendered again
    assert 0 < laid < pages - 1, log  # its page and the pages listing it were laid out again, not the rest


def test_time_passing_a_live_session_rebuilds_what_it_changes(warmed, tmp_path):
    root, cache = warm_cache(warmed, tmp_path)
    _warm_equals_cold(root, cache, tmp_path, epoch=LATER)


# A build whose kept pages are removed (as another build's prune would) after each page is marked
# reused and before it is laid out.
_LOSING_KEPT_PAGES = """
import sys
from tessellate import store
from tessellate.cli import main
has = store.Store.has
def has_then_lose(self, key):
    found = has(self, key)
    if found and self.folder.name == "pages":
        self._path(key).unlink()
    return found
store.Store.has = has_then_lose
sys.exit(main(sys.argv[1:]))
"""


def test_a_kept_page_gone_before_its_turn_is_laid_out_afresh(warmed, tmp_path):
    root, cache = warm_cache(warmed, tmp_path)
    result = subprocess.run([sys.executable, "-c", _LOSING_KEPT_PAGES, "build", "-v", "-d", "lost"], cwd=root,
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, **BUILD_ENV, "TESSELLATE_CACHE": str(cache)})
    assert result.returncode == 0, result.stdout + result.stderr
    _, _, laid, pages = reused(result.stdout + result.stderr)
    assert laid == 0 and pages >= 30
    cold, _ = build(root, tmp_path / "fresh-cache", "cold")
    assert differences(root / "lost", cold) == []
    # Each was kept again as it was laid out: the next build reuses every page.
    again, log = build(root, cache, "again")
    _, _, laid, pages = reused(log)
    assert laid == pages
    for folder in (root / "lost", cold, again):
        shutil.rmtree(folder)


@pytest.mark.parametrize("path, old, new", [
    ("mkdocs.yml", "site_name: Tamar and Teign Maths Network", "site_name: Tamar Maths"),
    # Named on the unit's item pages, their cards on every list, the map, the unit's page and feeds.
    ("mkdocs.yml", "title: Proportional reasoning", "title: Ratio and proportion"),
    ("theme/partials/copyright.html", "A Centre for Excellence", "A proud Centre for Excellence"),
], ids=["setting", "unit-title", "theme-override"])
def test_a_changed_setting_or_theme_override_lays_out_every_page_again(warmed, tmp_path, path, old, new):
    root, cache = warm_cache(warmed, tmp_path)
    changed = root / path
    saved = changed.read_text()
    assert old in saved
    changed.write_text(saved.replace(old, new))
    try:
        log = _warm_equals_cold(root, cache, tmp_path)
    finally:
        changed.write_text(saved)
    _, _, laid, _ = reused(log)
    assert laid == 0, log


def test_a_theme_that_prints_the_build_date_gets_it_on_every_build(warmed, tmp_path):
    root, cache = warm_cache(warmed, tmp_path)
    override = root / "theme" / "partials" / "copyright.html"
    saved = override.read_text()
    override.write_text(saved + "<p>Built {{ build_date_utc }}</p>\n")
    try:
        build(root, cache, "earlier")
        # An hour on: no session starts or ends, no item comes out; only the printed date changes.
        log = _warm_equals_cold(root, cache, tmp_path, epoch=str(int(BUILD_ENV["SOURCE_DATE_EPOCH"]) + 3600))
    finally:
        override.write_text(saved)
    _, _, laid, _ = reused(log)
    assert laid == 0, log


def test_a_rendering_warning_is_told_again_when_the_render_is_reused(tmp_path):
    root = copy_example(tmp_path / "site")
    (root / "content" / "about.md").write_text("# About\n\nSee [the old page](missing-page.md).\n")
    # A warning of it `check` now gives first, and --strict stops before anything is rendered; as a note
    # (shown with -v) it is MkDocs' own, told by the rendering, and by the cache when that is reused.
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("validation:\n  links:\n    not_found: info\n")
    cache = tmp_path / "cache"
    first = run_build("build", "-v", "-d", "one", cwd=root, env={"TESSELLATE_CACHE": str(cache)})
    assert first.returncode == 0 and "content/about.md:3: body: " in first.stderr
    # Every rendering is reused now, the page with the broken link too, and its note is still told.
    again = run_build("build", "--strict", "-v", "-d", "two", cwd=root, env={"TESSELLATE_CACHE": str(cache)})
    assert again.returncode == 0
    assert "content/about.md:3: body: warning: the linked page 'missing-page.md' is not found" in again.stderr
    reused_renders, renders, _, _ = reused(again.stdout + again.stderr)
    assert reused_renders == renders, again.stderr


def test_a_file_an_item_names_is_checked_again_though_the_item_is_unchanged(tmp_path):
    root = copy_example(tmp_path / "site")
    cache = tmp_path / "cache"
    sheet = root / "content" / "resources" / "best-buys-prices.txt"
    assert sheet.is_file() and "best-buys-prices.txt" in (root / "content" / "resources" / "best-buys-ratio.md").read_text()
    build(root, cache, "one")
    sheet.write_bytes(sheet.read_bytes() * 3)  # a bigger file: its page shows the new size
    out, _ = build(root, cache, "two")
    cold, _ = build(root, tmp_path / "fresh-cache", "cold")
    assert differences(out, cold) == []
    sheet.unlink()
    result = run_build("build", "-d", "three", cwd=root, env={"TESSELLATE_CACHE": str(cache)})
    assert result.returncode == 1
    assert "best-buys-ratio.md" in result.stdout and "'best-buys-prices.txt' does not exist" in result.stdout, result.stdout


def test_an_added_and_a_removed_item_show_as_a_build_from_nothing_shows_them(warmed, tmp_path):
    root, cache = warm_cache(warmed, tmp_path)
    added = root / "content" / "resources" / "added-since.md"
    removed = root / "content" / "stories" / "lidwell-park-another-way.md"
    saved = removed.read_text()
    model = (root / "content" / "resources" / "recipe-scaling-proportion.md").read_text()
    added.write_text(re.sub(r"^title: .*$", 'title: "Added since the last build"', model, count=1, flags=re.M))
    removed.unlink()
    try:
        _warm_equals_cold(root, cache, tmp_path)
    finally:
        added.unlink()
        removed.write_text(saved)


def kits_reused(log: str) -> tuple[int, int]:
    found = re.search(r"(\d+) of (\d+) kits reused", log)
    assert found, log
    return int(found[1]), int(found[2])


def test_builds_over_one_site_folder_keep_every_kit_for_the_next(tmp_path):
    """Builds over one site folder reuse every kept kit; an edited item's kit, a failed build and the
    site itself come out as a build from nothing."""
    root = copy_example(tmp_path / "site")
    cache = tmp_path / "cache"
    out, log = build(root, cache, "out")
    kits = kits_reused(log)[1]
    for _ in range(2):
        _, log = build(root, cache, "out")
        assert kits_reused(log) == (kits, kits), log

    source = root / "content" / "resources" / "best-buys-ratio.md"
    saved = source.read_text()
    source.write_text(saved.replace('title: "Best buys: is the bigger pack always better value?"',
                                    'title: "Best buys, edited"'))
    _, log = build(root, cache, "out")
    assert kits_reused(log) == (kits - 1, kits), log
    _, log = build(root, cache, "out")
    assert kits_reused(log) == (kits, kits), log

    # A build that fails after its kits were placed leaves the live site as it was.
    live = {str(path): path.read_bytes() for path in (out / "share").rglob("*") if path.is_file()}
    # (A link to a missing anchor, with anchors checked: only rendering finds it, so `check` passes
    # and the build fails at its very end, after its kits were written.)
    config, about = root / "mkdocs.yml", root / "content" / "about.md"
    config.write_text(config.read_text() + "validation:\n  anchors: warn\n")
    about.write_text(about.read_text() + "\nSee [the old part](#nowhere).\n")
    # Not --verbose: MkDocs checks links to anchors at the end of a build only when it is not logging debug.
    failed = run_build("build", "--strict", "-d", "out", cwd=root, env={"TESSELLATE_CACHE": str(cache)})
    assert failed.returncode != 0 and "the link '#nowhere' leads to no heading" in failed.stderr, failed.stderr
    assert {str(path): path.read_bytes() for path in (out / "share").rglob("*") if path.is_file()} == live
    shutil.copy(REPO / "mkdocs.yml", config)
    shutil.copy(REPO / "content" / "about.md", about)
    _, log = build(root, cache, "out")
    assert kits_reused(log) == (kits, kits), log
    cold, _ = build(root, tmp_path / "fresh-cache", "cold")
    assert differences(out, cold) == []


def test_a_site_last_built_with_another_cache_gives_none_of_its_kits_to_this_one(tmp_path):
    """Only the very files a build moved out of the cache go back into it: an old site's kit from
    elsewhere, here made from an edited item, never becomes the cache's copy of the unedited one."""
    root = copy_example(tmp_path / "site")
    ours, theirs = tmp_path / "cache", tmp_path / "other-cache"
    build(root, ours, "primer")  # our cache holds every kit of the example as it is
    source = root / "content" / "resources" / "best-buys-ratio.md"
    saved = source.read_text()
    source.write_text(saved.replace('title: "Best buys: is the bigger pack always better value?"',
                                    'title: "Best buys, edited"'))
    build(root, theirs, "out")
    source.write_text(saved)
    for _ in range(2):
        out, log = build(root, ours, "out")
    assert kits_reused(log)[0] > 0, log
    cold, _ = build(root, tmp_path / "fresh-cache", "cold")
    assert differences(out, cold) == []
