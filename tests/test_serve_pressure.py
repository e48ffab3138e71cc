"""`build.py serve` with the site's content security policy, and under pressure: saves faster than
rebuilds, a file removed while a rebuild reads it, a broken theme override, and a build or a second
preview sharing the cache. Each ends with the preview showing what the files say, and answering."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import lxml.html
import pytest

from conftest import BUILD_ENV, FOREIGN_SITE, REPO, run_build
from test_serve import KITCHEN, PICK_UP, edit, fetch_until, free_port

THEME = '{% extends "base.html" %}\n{% block announce %}Theme version one{% endblock %}\n'
KITCHEN_SOURCE = Path("docs/resources/measures-in-the-kitchen.md")
REBUILT = r"^(Preview rebuilt in|The browser shows the problems)"  # the lines that end a rebuild
STARTED = r"^\d+ errors?, \d+ warnings? in \d+ files?$"  # printed as each rebuild has read the content


def site_copy(folder: Path, theme: str = THEME) -> Path:
    """The foreign site copied to `folder`, with a theme folder of its own holding `theme` as main.html."""
    shutil.copytree(FOREIGN_SITE, folder)
    (folder / "theme").mkdir()
    (folder / "theme" / "main.html").write_text(theme)
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  custom_dir: theme\n", 1))
    return folder


class Served:
    """`build.py serve` of one site on a free port, its output read as it comes."""

    def __init__(self, site: Path, scratch: Path, env: dict[str, str], options: tuple[str, ...]) -> None:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}/numeracy/"  # site_url's sub-path, which the preview keeps
        self.scratch = scratch  # where it builds (TMPDIR), to be left as found
        scratch.mkdir(parents=True, exist_ok=True)
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", *options],
            cwd=site, env={**os.environ, **BUILD_ENV, "TMPDIR": str(scratch), **env},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def count(self, pattern: str) -> int:
        """How many lines printed so far match `pattern`."""
        return sum(1 for line in list(self.lines) if re.search(pattern, line.rstrip("\n")))

    def wait_for(self, pattern: str, count: int, seconds: float = 60) -> None:
        """Wait until `count` lines matching `pattern` have been printed."""
        deadline = time.monotonic() + seconds
        while self.count(pattern) < count:
            assert time.monotonic() < deadline, f"{pattern!r} never printed {count} times:\n{''.join(self.lines)}"
            assert self.process.poll() is None, f"the preview stopped:\n{''.join(self.lines)}"
            time.sleep(0.05)

    def settle(self, quiet: float = 3, seconds: float = 60) -> None:
        """Wait until the preview has printed nothing for `quiet` seconds: no rebuild, no writing."""
        deadline = time.monotonic() + seconds
        seen, since = len(self.lines), time.monotonic()
        while time.monotonic() - since < quiet:
            assert time.monotonic() < deadline, f"the preview never settled:\n{''.join(self.lines)}"
            time.sleep(0.1)
            if len(self.lines) != seen:
                seen, since = len(self.lines), time.monotonic()

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join(timeout=10)
        output = "".join(self.lines)
        assert "Traceback" not in output, output
        assert self.process.returncode == 0, output
        assert not list(self.scratch.glob("tessellate-*")), "the preview left its folders behind"
        return output


@contextlib.contextmanager
def serving(site: Path, scratch: Path, env: dict[str, str] | None = None, options: tuple[str, ...] = ()):
    served = Served(site, scratch, env or {}, options)
    try:
        yield served
    except BaseException:
        served.process.terminate()
        served.process.wait(timeout=30)
        raise
    served.stop()


def answer(url: str) -> tuple[int, dict, bytes]:
    """The status, headers and body the preview answers `url` with (0 when it does not answer)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except OSError:  # not answering yet
        return 0, {}, b""


def status_until(url: str, wanted: int, seconds: float = PICK_UP) -> bytes:
    deadline = time.monotonic() + seconds
    while (got := answer(url))[0] != wanted:
        assert time.monotonic() < deadline, f"{url} answered {got[0]}, never {wanted}: {got[2][:200]!r}"
        time.sleep(0.2)
    return got[2]


def headers_policy(headers_file: Path) -> str:
    """The policy a `_headers` file gives every address (its first rule, `/*`)."""
    rule = headers_file.read_text().split("\n/")[0]
    found = re.findall(r"^  Content-Security-Policy: (.+)$", rule, re.M)
    assert rule.startswith("/*\n") and len(found) == 1, rule
    return found[0]


def meta_policy(page: lxml.html.HtmlElement) -> str:
    metas = page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert len(metas) == 1
    return metas[0]


def set_title(source: Path, title: str) -> None:
    source.write_text(re.sub(r"^title: .*$", f"title: {title}", source.read_text(), count=1, flags=re.M))


# -- The site's content security policy, in the preview.

def test_the_policy_comes_from_headers_for_the_address_or_else_from_the_page(tmp_path):
    from tessellate.preview.policy import policies
    page = b'<head><meta http-equiv="Content-Security-Policy" content="script-src &#39;self&#39;"></head>'
    assert policies(tmp_path, "/a/", page) == ["script-src 'self'"]  # no _headers yet
    assert policies(tmp_path, None, page) == ["script-src 'self'"]
    (tmp_path / "_headers").write_text("/*\n  Content-Security-Policy: default-src 'self'\n  X-Frame-Options: DENY\n"
                                       "/share/*\n  Content-Security-Policy: img-src 'self'\n"
                                       "/topics/:topic/\n  content-security-policy: frame-src 'none'\n"
                                       "/admin/*\n  ! Content-Security-Policy\n  Content-Security-Policy: img-src blob:\n")
    assert policies(tmp_path, "/a/", page) == ["default-src 'self'"]
    assert policies(tmp_path, "/share/resources/b/card.png", None) == ["default-src 'self'", "img-src 'self'"]
    assert policies(tmp_path, "/topics/fractions/", page) == ["default-src 'self'", "frame-src 'none'"]
    assert policies(tmp_path, "/admin/", page) == ["img-src blob:"]  # the site-wide one detached there
    assert policies(tmp_path, None, page) == ["script-src 'self'"]  # not an address of the site


def test_a_preview_page_is_sent_with_the_policy_the_published_site_gives_it(tmp_path):
    site = site_copy(tmp_path / "site")
    built = tmp_path / "built"
    result = run_build("build", "-q", "-d", str(built), cwd=site, env={"TESSELLATE_CACHE": str(tmp_path / "build-cache")})
    assert result.returncode == 0, result.stdout + result.stderr
    published = headers_policy(built / "_headers")
    with serving(site, tmp_path / "tmp") as served:
        status_until(served.base + "_headers", 200, seconds=60)  # written just after the pages
        for address in (KITCHEN, "", "share/" + KITCHEN, "share/" + KITCHEN + "card.png", "no-such-page/"):
            status, headers, body = answer(served.base + address)
            assert status == (404 if address == "no-such-page/" else 200)
            assert headers.get_all("Content-Security-Policy") == [published], address
        page = lxml.html.fromstring(answer(served.base + KITCHEN)[2])
        # The page keeps the policy of its own it is published with; every inline script in it is the
        # theme's, allowed by hash; the reload script is a file from the preview's own address.
        assert meta_policy(page) == meta_policy(lxml.html.parse(str(built / KITCHEN / "index.html")).getroot())
        from gates.csp import JS_TYPES, script_sources, sha256
        inline = [s.text or "" for s in page.iter("script") if s.get("src") is None and (s.get("type") or "") in JS_TYPES]
        assert inline and all(sha256(text) in script_sources(published) for text in inline)
        assert [s.get("src") for s in page.iter("script") if "livereload" in (s.get("src") or "")] == ["/livereload/script.js"]
        status, headers, _ = answer(served.base.replace("/numeracy/", "/livereload/script.js"))
        assert (status, headers["Content-Type"]) == (200, "application/javascript")


LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') +
  (e.originalPolicy.includes('frame-ancestors') ? ' by the header' : ' by the meta tag')));
"""


def test_the_preview_refuses_what_the_policy_refuses_and_still_reloads_within_it(tmp_path):
    """In Chromium: a theme override's inline event handler, which the published policy refuses, is
    refused in the preview, by the header and by the page's own policy; nothing else is (the theme's
    scripts, search, the reload script), and a save still reloads the page."""
    from gates import common
    if missing := common.missing_tools("chromium", "playwright"):
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"missing: {', '.join(missing)}")
    theme = THEME.replace("Theme version one", '<button id="tx-try" onclick="document.title = \'ran\'">Try</button>')
    site = site_copy(tmp_path / "site", theme)
    with serving(site, tmp_path / "tmp") as served, common.browser() as chromium:
        status_until(served.base + "_headers", 200, seconds=60)  # written just after the pages
        page = chromium.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.add_init_script(LISTEN)
        page.goto(served.base + KITCHEN)
        page.keyboard.press("/")  # search loads its worker and index only when used
        page.keyboard.type("fractions")
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        page.keyboard.press("Escape")
        page.click("#tx-try")
        refused = {"script-src-attr blocked inline by the header", "script-src-attr blocked inline by the meta tag"}
        assert set(page.evaluate("window.__cspViolations")) == refused
        assert page.title() != "ran"
        assert any("Content Security Policy" in message for message in console)
        edit(site / KITCHEN_SOURCE, "title: ", "title: Reloaded, ")
        page.wait_for_function("() => document.querySelector('h1').textContent.startsWith('Reloaded, ')",
                               timeout=PICK_UP * 1000)
        # The reloaded page is as strict (its header may be its own policy until `_headers` is written again).
        assert {v.rsplit(" by ", 1)[0] for v in page.evaluate("window.__cspViolations")} == {"script-src-attr blocked inline"}
        page.close()


# -- Under pressure.

def test_ten_saves_within_a_second_end_with_the_last_shown(tmp_path):
    site = site_copy(tmp_path / "site")
    with serving(site, tmp_path / "tmp") as served:
        fetch_until(served.base + "share/" + KITCHEN, "Copy for email")
        for n in range(1, 11):  # titles of one length: the file's size tells no save from another
            set_title(site / KITCHEN_SOURCE, f"Save {n:02} of ten")
            time.sleep(0.09)
        fetch_until(served.base + KITCHEN, "Save 10 of ten", seconds=PICK_UP * 2)
        served.settle()
        # Once every rebuild is done, every output shows the last save: no earlier one came back.
        for address in (KITCHEN, "resources/", "feed.xml", "share/" + KITCHEN):
            status, _, body = answer(served.base + address)
            assert status == 200 and "Save 10 of ten" in body.decode(), address
            assert not re.search(r"Save 0\d of ten", body.decode()), address


def test_an_item_removed_or_renamed_while_a_rebuild_reads_it_is_gone_from_the_preview(tmp_path):
    site = site_copy(tmp_path / "site")
    docs = site / "docs"
    with serving(site, tmp_path / "tmp") as served:
        for address in ("resources/reading-bar-charts/", "share/resources/reading-bar-charts/", "stories/ravensholme-starters/"):
            status_until(served.base + address, 200, seconds=60)
        served.settle()
        # Removed as the rebuild a save started has read the content, and is laying out the pages.
        started = served.count(STARTED)
        edit(docs / "resources" / "measures-in-the-kitchen.md", "title: ", "title: Revised, ")
        served.wait_for(STARTED, started + 1)
        (docs / "resources" / "reading-bar-charts.md").unlink()
        fetch_until(served.base + KITCHEN, "Revised, ")
        # Renamed as the next rebuild's pages show, while its feeds, index and share kits are written.
        rebuilt = served.count(REBUILT)
        edit(docs / "resources" / "measures-in-the-kitchen.md", "title: Revised, ", "title: Twice revised, ")
        served.wait_for(REBUILT, rebuilt + 1)
        (docs / "stories" / "ravensholme-starters.md").rename(docs / "stories" / "ravensholme-fraction-walls.md")
        fetch_until(served.base + KITCHEN, "Twice revised, ")
        served.settle()
        for gone in ("resources/reading-bar-charts/", "share/resources/reading-bar-charts/",
                     "stories/ravensholme-starters/", "share/stories/ravensholme-starters/"):
            assert answer(served.base + gone)[0] == 404, gone
        assert "Ravensholme" in fetch_until(served.base + "stories/ravensholme-fraction-walls/", "tx-meta")
        assert "Copy for email" in fetch_until(served.base + "share/stories/ravensholme-fraction-walls/", "Ravensholme")
        listed = lxml.html.fromstring(answer(served.base + "resources/")[2]).text_content()
        assert "Twice revised, " in listed and "Reading bar charts" not in listed


def test_a_link_to_an_item_removed_during_a_rebuild_is_named_on_the_problem_page_with_strict(tmp_path):
    site = site_copy(tmp_path / "site")
    docs = site / "docs"
    kitchen = docs / "resources" / "measures-in-the-kitchen.md"
    kitchen.write_text(kitchen.read_text() + "\nThen try [the bar charts](reading-bar-charts.md).\n")
    removed = docs / "resources" / "reading-bar-charts.md"
    text = removed.read_text()
    with serving(site, tmp_path / "tmp", options=("--strict",)) as served:
        fetch_until(served.base + KITCHEN, "tx-meta", seconds=60)
        served.settle()
        started = served.count(STARTED)
        edit(kitchen, "title: ", "title: Revised, ")
        served.wait_for(STARTED, started + 1)
        removed.unlink()
        problem = fetch_until(served.base + KITCHEN, "to be fixed", seconds=PICK_UP * 2)
        assert "reading-bar-charts.md" in problem and "measures-in-the-kitchen.md" in problem
        assert answer(served.base + "cpd/")[0] == 404  # the problem page answers every address
        removed.write_text(text)
        fetch_until(served.base + KITCHEN, "Revised, ", seconds=PICK_UP * 2)


def test_a_broken_theme_override_shows_the_problem_page_and_mending_it_the_site(tmp_path):
    site = site_copy(tmp_path / "site")
    main = site / "theme" / "main.html"
    with serving(site, tmp_path / "tmp") as served:
        fetch_until(served.base + KITCHEN, "Theme version one", seconds=60)
        edit(main, "Theme version one{% endblock %}", "Theme version one{% endblock")
        problem = fetch_until(served.base + KITCHEN, "to be fixed", seconds=PICK_UP)
        message = lxml.html.fromstring(problem).findtext(".//pre")
        assert message.startswith("theme/main.html:2: template: unexpected end of template"), message
        _, headers, body = answer(served.base + KITCHEN)
        assert headers.get_all("Content-Security-Policy") == [meta_policy(lxml.html.fromstring(body))]
        edit(main, "Theme version one{% endblock", "Theme version two{% endblock %}")
        fetch_until(served.base + KITCHEN, "Theme version two", seconds=PICK_UP)
        fetch_until(served.base + "share/" + KITCHEN, "Copy for email", seconds=PICK_UP)


# -- A build, or a second preview, sharing the cache.

def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def kits_of(site: Path) -> list[str]:
    """The share kits of a built site, by address."""
    return sorted(path.parent.relative_to(site).as_posix() + "/" for path in site.glob("share/**/social.json"))


def assert_serves_kits(base: str, kits: list[str], title: str = "") -> None:
    for kit in kits:
        for name in ("index.html", "email.html", "email.txt", "social.json", "card.png"):
            status, _, body = answer(base + kit + name)
            assert status == 200, f"{base}{kit}{name} answered {status}"
            if name == "card.png":
                assert body.startswith(b"\x89PNG"), kit
        if title and "measures-in-the-kitchen" in kit:
            assert title in answer(base + kit)[2].decode()


def test_a_build_beside_a_preview_sharing_the_cache_is_the_site_built_from_nothing(tmp_path):
    site = site_copy(tmp_path / "site")
    cache = {"TESSELLATE_CACHE": str(tmp_path / "cache")}
    with serving(site, tmp_path / "tmp", env=cache) as served:
        fetch_until(served.base + "share/" + KITCHEN, "Copy for email", seconds=60)
        served.settle()
        # A save as the build starts: the preview rebuilds while the build runs, on the same cache.
        started = served.count(STARTED)
        edit(site / KITCHEN_SOURCE, "title: ", "title: Revised, ")
        served.wait_for(STARTED, started + 1)
        beside = run_build("build", "-q", "-d", str(tmp_path / "beside"), cwd=site, env=cache)
        assert beside.returncode == 0, beside.stdout + beside.stderr
        served.settle()
        fresh = run_build("build", "-q", "-d", str(tmp_path / "fresh"), cwd=site,
                          env={"TESSELLATE_CACHE": str(tmp_path / "empty-cache")})
        assert fresh.returncode == 0, fresh.stdout + fresh.stderr
        one, other = files_of(tmp_path / "beside"), files_of(tmp_path / "fresh")
        assert sorted(one) == sorted(other)
        assert [name for name in one if one[name] != other[name]] == []
        # The preview still serves every item's page and share kit, and follows the next save.
        kits = kits_of(tmp_path / "fresh")
        assert len(kits) > 5
        for kit in kits:
            assert answer(served.base + kit.removeprefix("share/"))[0] == 200, kit
        assert_serves_kits(served.base, kits, "Revised, ")
        edit(site / KITCHEN_SOURCE, "title: Revised, ", "title: Twice revised, ")
        fetch_until(served.base + "share/" + KITCHEN, "Twice revised, ", seconds=PICK_UP)
        served.settle()
        assert_serves_kits(served.base, kits, "Twice revised, ")


def kits_listed(base: str) -> list[str]:
    """The share kits the preview's share index lists (drafts' and future items' too), by address."""
    index = lxml.html.fromstring(fetch_until(base + "share/", "Share kit"))
    return sorted({"share/" + href for href in index.xpath("//a/@href") if re.fullmatch(r"(resources|cpd|stories)/.+/", href)})


def test_two_previews_of_one_site_sharing_the_cache_each_keep_serving_share_kits(tmp_path):
    site = site_copy(tmp_path / "site")
    cache = {"TESSELLATE_CACHE": str(tmp_path / "cache")}
    with serving(site, tmp_path / "tmp-one", env=cache) as one:
        fetch_until(one.base + "share/" + KITCHEN, "Copy for email", seconds=60)
        one.settle()
        kits = kits_listed(one.base)
        assert len(kits) == 10
        with serving(site, tmp_path / "tmp-two", env=cache) as two:
            fetch_until(two.base + "share/" + KITCHEN, "Copy for email", seconds=60)
            two.settle()
            for served in (one, two):  # the second's first build left the first's kits be
                assert_serves_kits(served.base, kits)
            for title in ("Revised, ", "Twice revised, "):
                set_title(site / KITCHEN_SOURCE, title + "Measures in the kitchen")
                for served in (one, two):
                    fetch_until(served.base + "share/" + KITCHEN, title, seconds=PICK_UP * 2)
                one.settle()
                two.settle()
                for served in (one, two):
                    assert_serves_kits(served.base, kits, title)
