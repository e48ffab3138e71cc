"""`build.py serve` previews the site and rebuilds when a coordinator saves a file: drafts and future
items shown and marked, edits to content and templates picked up within seconds, and problems shown
in the browser until a save fixes them. The preview never hangs and never stops."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import BUILD_ENV, FOREIGN_SITE, REPO
from search_index import search_records


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_until(url: str, wanted: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode()
        except urllib.error.HTTPError as error:  # the problem page answers every address, as a 404
            body = error.read().decode()
        except OSError:
            pass
        if wanted in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {wanted!r}; last body began {body[:200]!r}")


PICK_UP = 5  # seconds from a save to the page showing it
KITCHEN = "resources/measures-in-the-kitchen/"


@contextlib.contextmanager
def preview(tmp_path: Path, env: dict[str, str] | None = None, where: Path | None = None, options: tuple[str, ...] = ()):
    """The foreign site copied, given a theme folder of its own, and previewed on a free port: (folder,
    base URL). It builds in a folder of its own (TMPDIR), or where it would by itself if `where`
    names that place; either way nothing it made is left there once it stops."""
    site = tmp_path / "site"
    shutil.copytree(FOREIGN_SITE, site)
    (site / "theme").mkdir()
    (site / "theme" / "main.html").write_text('{% extends "base.html" %}\n{% block announce %}Theme version one{% endblock %}\n')
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  custom_dir: theme\n", 1))
    port = free_port()
    temporary = where or tmp_path / "tmp"  # where the preview builds; it must be gone once the preview stops
    temporary.mkdir(exist_ok=True)
    before = _made_by_tessellate(temporary, shared=where is not None)
    environment = {**os.environ, **BUILD_ENV, "TMPDIR": str(temporary), **(env or {})}
    if where is not None:
        del environment["TMPDIR"]
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "-f", str(config),
                               "-a", f"127.0.0.1:{port}", *options], env=environment,
                              cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # site_url has the sub-path /numeracy/, which the preview keeps.
        yield site, f"http://127.0.0.1:{port}/numeracy/"
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
        assert "Traceback" not in output, output
        assert server.returncode == 0 and _made_by_tessellate(temporary, shared=where is not None) == before


def _made_by_tessellate(folder: Path, shared: bool = False) -> set[Path]:
    # In a folder that other processes use too (/dev/shm), the builds of tests running beside this one (other
    # pytest-xdist workers) make and remove tessellate-search-* folders at any moment: only the preview's own count.
    return {p for p in folder.glob("tessellate-*") if not shared or p.name.startswith(("tessellate-preview-", "tessellate-index-"))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_serve_picks_up_content_and_template_edits(tmp_path):
    with preview(tmp_path) as (site, base):
        fetch_until(base + KITCHEN, "tx-meta")
        edit(site / "docs" / "resources" / "measures-in-the-kitchen.md",
             "title: ", "title: Revised, ")
        fetch_until(base + KITCHEN, "Revised, ", seconds=PICK_UP)
        edit(site / "theme" / "main.html", "Theme version one", "Theme version two")
        fetch_until(base + KITCHEN, "Theme version two", seconds=PICK_UP)
        # A file added to the theme is served too: the theme's files are listed again at each save.
        (site / "theme" / "notice.txt").write_text("Theme file added")
        fetch_until(base + "notice.txt", "Theme file added", seconds=PICK_UP)


def test_feeds_search_and_share_kits_follow_an_edit_just_after_its_page(tmp_path):
    """The page shows first; feeds, the search index and the item's share kit are written just after."""
    with preview(tmp_path) as (site, base):
        fetch_until(base + "feed.xml", "<rss")
        fetch_until(base + "share/" + KITCHEN, "Copy for email")
        fetch_until(base + "pagefind/pagefind-entry.json", "version")
        edit(site / "docs" / "resources" / "measures-in-the-kitchen.md", "title: ", "title: Revised, ")
        fetch_until(base + KITCHEN, "Revised, ", seconds=PICK_UP)
        fetch_until(base + "feed.xml", "Revised, ", seconds=PICK_UP)
        fetch_until(base + "feed.json", "Revised, ", seconds=PICK_UP)
        fetch_until(base + "share/" + KITCHEN, "Revised, ", seconds=PICK_UP)
        # Cards are kept between rebuilds: the list shows the edited title, and the others' cards still.
        listed = fetch_until(base + "resources/", "Revised, ", seconds=PICK_UP)
        assert "Reading bar charts" in listed
        # The kits of items not edited are the ones kept from the last build, still served whole.
        other = "share/stories/ravensholme-starters/"
        assert "Copy for email" in fetch_until(base + other, "Ravensholme")
        assert urllib.request.urlopen(base + other + "card.png", timeout=5).read().startswith(b"\x89PNG")
        served = next(path for path in (tmp_path / "tmp").glob("tessellate-preview-*") if ".old-" not in path.name)
        deadline = time.monotonic() + PICK_UP
        while not any(r["url"].endswith(KITCHEN) and r["meta"]["title"].startswith("Revised, ")
                      for r in _records(served)):
            assert time.monotonic() < deadline, "the search index never showed the edited title"
            time.sleep(0.2)


def test_a_save_while_the_last_index_is_still_being_written_shows_without_waiting_for_it(tmp_path):
    # Pagefind made slow: every index it writes takes a minute. The pages a save replaces need no index.
    from pagefind.service import get_executable
    slow = tmp_path / "slow-pagefind"
    slow.write_text(f"#!{sys.executable}\nimport os, sys, time\ntime.sleep(60)\n"
                    f"os.execv({str(get_executable())!r}, [{str(get_executable())!r}, *sys.argv[1:]])\n")
    slow.chmod(0o755)
    with preview(tmp_path, env={"PAGEFIND_BINARY_PATH": str(slow)}) as (site, base):
        fetch_until(base + KITCHEN, "tx-meta")
        fetch_until(base + "feed.xml", "<rss")  # the writing after the pages has begun: the index is next
        edit(site / "docs" / "resources" / "measures-in-the-kitchen.md", "title: ", "title: Revised, ")
        fetch_until(base + KITCHEN, "Revised, ", seconds=PICK_UP)
        edit(site / "docs" / "resources" / "measures-in-the-kitchen.md", "title: Revised, ", "title: Twice revised, ")
        fetch_until(base + KITCHEN, "Twice revised, ", seconds=PICK_UP)


def _records(site: Path) -> list[dict]:
    with contextlib.suppress(OSError, EOFError, ValueError):  # caught mid-write: read again
        return search_records(site)
    return []


def test_the_preview_builds_in_memory_where_it_can_and_leaves_nothing_there(tmp_path, monkeypatch):
    # Thousands of small files made and removed at every save: on a slow disk that alone took seconds.
    from tessellate.scratch import scratch_parent
    monkeypatch.delenv("TMPDIR", raising=False)  # as the preview runs here: where it would by itself
    place = Path(scratch_parent() or tempfile.gettempdir())
    earlier = set(place.glob("tessellate-preview-*"))
    with preview(tmp_path, where=place) as (site, base):
        fetch_until(base + "share/" + KITCHEN, "Copy for email")
        assert set(place.glob("tessellate-preview-*")) - earlier, f"no preview folder made in {place}"
        edit(site / "docs" / "resources" / "measures-in-the-kitchen.md", "title: ", "title: Revised, ")
        fetch_until(base + KITCHEN, "Revised, ", seconds=PICK_UP)


def test_serve_strict_fails_on_a_warning_from_the_share_kit_too(tmp_path):
    # The share kit is written after the pages show; its warning (an SVG logo for emails) must still count.
    with preview(tmp_path, options=("--strict",)) as (site, base):
        fetch_until(base + KITCHEN, "tx-meta")
        (site / "docs" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>')
        config = site / "mkdocs.yml"
        config.write_text(config.read_text() + "      brand:\n        logo: logo.svg\n")
        problem = fetch_until(base + KITCHEN, "strict mode", seconds=PICK_UP * 3)
        assert "tx-meta" not in problem and "logo.svg is an SVG" in problem


def test_serve_shows_drafts_and_future_items_marked(tmp_path):
    with preview(tmp_path) as (site, base):
        draft = fetch_until(base + "resources/rounding-draft/", "tx-preview-note")
        assert "Remove &#39;draft: true&#39; to publish it." in draft
        future = fetch_until(base + "resources/percentages-in-2030/", "tx-preview-note")
        assert "Scheduled: this page goes live on" in future
        published = fetch_until(base + KITCHEN, "tx-meta")
        assert "tx-preview-note" not in published
        import lxml.html
        index = lxml.html.fromstring(fetch_until(base + "resources/", "tx-cards"))
        marked = {card.cssselect(".tx-card__title")[0].text_content().strip() for card in index.cssselect("li.tx-card")
                  if card.cssselect(".tx-label--preview")}
        titles = {page: next(line[6:].strip().strip('"') for line in (site / "docs" / "resources" / f"{page}.md").read_text().splitlines()
                             if line.startswith("title:")) for page in ("rounding-draft", "percentages-in-2030")}
        assert marked == set(titles.values())


def test_serve_shows_problems_in_the_browser_and_recovers(tmp_path):
    with preview(tmp_path) as (site, base):
        fetch_until(base + KITCHEN, "tx-meta")
        page = site / "docs" / "resources" / "measures-in-the-kitchen.md"
        edit(page, "title:", "titel:")
        problems = fetch_until(base + KITCHEN, "problems to be fixed", seconds=PICK_UP)
        import lxml.html
        rows = [[cell.text_content() for cell in row.cssselect("td")]
                for row in lxml.html.fromstring(problems).cssselect("tbody tr")]
        assert ["Error", "docs/resources/measures-in-the-kitchen.md", "2", "titel", "'titel' is not a field",
                "did you mean 'title'?"] in rows
        assert "livereload" in problems  # the page reloads itself
        assert "problems to be fixed" in fetch_until(base + "cpd/", "problems to be fixed", seconds=PICK_UP)
        edit(page, "titel:", "title:")
        fetch_until(base + KITCHEN, "tx-meta", seconds=PICK_UP)


def test_serve_starts_with_broken_content_and_shows_it(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FOREIGN_SITE, site)
    page = site / "docs" / "resources" / "measures-in-the-kitchen.md"
    edit(page, "title:", "titel:")
    port = free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "-f", str(site / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}"], env={**os.environ, **BUILD_ENV},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}/numeracy/"
        fetch_until(base, "The preview is waiting for 2 problems to be fixed")
        edit(page, "titel:", "title:")
        fetch_until(base + KITCHEN, "tx-meta", seconds=PICK_UP)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "'titel' is not a field (did you mean 'title'?)" in output  # the terminal says it too
    assert "Traceback" not in output


def test_the_browser_reloads_itself_on_save_and_through_problems(tmp_path):
    """In a real browser: the open page follows each save, to the problem page and back, with no click."""
    from gates import common
    if missing := common.missing_tools("chromium", "playwright"):
        import pytest
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"missing: {', '.join(missing)}")
    with preview(tmp_path) as (site, base), common.browser() as chromium:
        fetch_until(base + KITCHEN, "tx-meta")
        page = chromium.new_page()
        page.goto(base + KITCHEN)
        source = site / "docs" / "resources" / "measures-in-the-kitchen.md"
        edit(source, "title: ", "title: Reloaded, ")
        page.wait_for_function("() => document.querySelector('h1')?.textContent.startsWith('Reloaded, ')", timeout=PICK_UP * 1000)
        edit(source, "title:", "titel:")
        page.wait_for_function("() => document.title.includes('problems to fix')", timeout=PICK_UP * 1000)
        edit(source, "titel:", "title:")
        page.wait_for_function("() => document.querySelector('h1')?.textContent.startsWith('Reloaded, ')", timeout=PICK_UP * 1000)
        page.close()


def test_the_problem_page_shows_hostile_text_as_text():
    import lxml.html

    from tessellate.model import Problem
    from tessellate.preview.problem_page import problem_page
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    page = lxml.html.fromstring(problem_page([Problem(Path(f"docs/{hostile}.md"), 3, hostile, hostile, hostile)],
                                             [hostile], hostile))
    assert not page.xpath("//script|//img|//*[@onerror]")
    assert page.findtext(".//title").startswith("2 problems to fix")
    assert [cell.text_content() for cell in page.cssselect("tbody td")][1:] == [f"docs/{hostile}.md", "3", hostile, hostile, hostile]


def test_serve_follows_mkdocs_yml_through_a_mistake(tmp_path):
    with preview(tmp_path) as (site, base):
        fetch_until(base + KITCHEN, "tx-meta")
        config = site / "mkdocs.yml"
        edit(config, "site_name: Northern Numeracy Partnership", "site_name: [Northern Numeracy")
        broken = fetch_until(base + KITCHEN, "to be fixed", seconds=PICK_UP)
        assert "mkdocs.yml" in broken or "site_name" in broken
        edit(config, "site_name: [Northern Numeracy", "site_name: Northern Numeracy Network")
        fetch_until(base + KITCHEN, "Northern Numeracy Network", seconds=PICK_UP)


def test_serve_on_an_address_in_use_says_so_in_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "serve", "-q", "-f", str(FOREIGN_SITE / "mkdocs.yml"),
                                 "-a", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=120,
                                env={**os.environ, **BUILD_ENV}, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert result.stderr == (f"error: cannot serve on 127.0.0.1:{port}: Address already in use "
                             f"(give another address with -a, e.g. -a 127.0.0.1:8001)\n")


def test_the_problem_page_is_accessible_and_valid(tmp_path):
    """axe-core (WCAG 2.2 AA) and the Nu Html Checker on the page coordinators see while content is broken."""
    import pytest

    from gates import accessibility, common, html_validity
    from tessellate.model import Problem, Severity
    from tessellate.preview.problem_page import problem_page
    if missing := common.missing_tools("chromium", "playwright", "axe", "java", "vnu"):
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"missing: {', '.join(missing)}")
    (tmp_path / "index.html").write_text(problem_page(
        [Problem(Path("docs/resources/a.md"), 3, "topics", "'algebr' is not a topic", "did you mean 'algebra'?"),
         Problem(Path("docs/cpd/b.md"), 7, "duration", "is long", "split it", Severity.WARNING)],
        ["ConfigurationError: mkdocs.yml: site_name is not text"], "A network"), encoding="utf-8")
    assert accessibility.check(tmp_path) == []
    assert html_validity.check(tmp_path) == []


def test_a_share_kit_stopped_by_a_newer_save_writes_no_more_kits_and_leaves_the_kept_ones(tmp_path, monkeypatch):
    """The preview stops the last rebuild's writing when a save comes: the share kit, drawn afresh for
    every item of a new bank, stops with it rather than holding up the save, and the kits kept by
    earlier builds stay kept."""
    from mkdocs.config import load_config
    from tessellate import share
    from tessellate.pages.config import share_options
    monkeypatch.setenv("TESSELLATE_CACHE", str(tmp_path / "cache"))
    site = tmp_path / "site"
    shutil.copytree(FOREIGN_SITE, site)
    config = load_config(str(site / "mkdocs.yml"))
    plugin = config.plugins["tessellate"]
    plugin.on_config(config)

    def write(out: Path, stop: threading.Event, allow=lambda scripts: None) -> list[Path]:
        share.write(plugin.catalogue, share_options(plugin.config), out, config.config_file_path,
                    lambda html: (html, []), allow, stop=stop)
        return sorted(path.parent for path in out.rglob("social.json"))

    whole = write(tmp_path / "whole", threading.Event())
    assert len(whole) == len(plugin.catalogue.items) > 2
    def kept() -> dict[str, bytes]:
        return {str(path): path.read_bytes() for path in (tmp_path / "cache" / "kits").rglob("*") if path.is_file()}
    listed = kept()
    stop = threading.Event()
    # The save comes as the first kit is placed.
    stopped = write(tmp_path / "stopped", stop, allow=lambda scripts: stop.set())
    assert len(stopped) == 1
    assert kept() == listed
    assert write(tmp_path / "again", threading.Event()) == [tmp_path / "again" / p.relative_to(tmp_path / "whole") for p in whole]
