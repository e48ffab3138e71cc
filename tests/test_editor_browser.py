"""The browser editor at admin/, used as a coordinator uses it: `build.py serve` on a copy of the example
site, admin/ opened in headless Chromium, Login (the preview's own local backend, no GitHub), then new
items made through Decap's form and published. What the editor writes, `check --strict` accepts and
`build` publishes: file names made from the titles as `build.py new` makes them, an upload beside its
page, every typed value on the built page, and hostile text kept as plain text, shown escaped."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
import yaml

from conftest import BUILD_ENV, REPO, run_build
from test_serve import fetch_until
from gates.common import browser, missing_tools, new_context
from tessellate.scaffold import slugify

# What a coordinator types (dates before BUILD_ENV's build time, so the items are published).
RESOURCE = {"title": r"Ratio: sharing $\frac{3}{4}$ of a pizza",
            "summary": "Pupils share pizzas between friends in a given ratio, then say what fraction of a pizza each gets.",
            "date": "2026-03-04", "topics": {"ratio": "Ratio and proportion", "number": "Number"},
            "phase": ("ks3", "Key Stage 3"), "type": ("rich-task", "Rich task"), "label": "Pizza cards (PDF)"}
UPLOAD = "pizza-cards.pdf"
PDF = (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
       b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")
CPD = {"title": "Sharing in a ratio with bar models", "summary": "A short film on sharing an amount in a ratio with a bar model.",
       "date": "2026-04-01", "topic": ("ratio", "Ratio and proportion"),
       "video": "https://www.youtube.com/watch?v=Tq7mB2xKp4w", "duration": "7:45",
       "chapters": [("0:00", "Why bar models?"), ("3:10", "Sharing £45 in the ratio 2:3")],
       "transcript": "Today we share £45 in the ratio 2:3 with one bar of five equal parts."}
HOSTILE = '<script>alert(1)</script> & "quotes"'
STORY = {"title": HOSTILE, "summary": "A department tried bar models for ratio.", "date": "2026-05-01",
         "topic": ("algebra", "Algebra"), "organisation": "Polventon Academy"}
STARTS = 60  # seconds for the preview's first build
SAVES = 30  # seconds for the editor to save an entry
MISSING = missing_tools("chromium", "playwright")
needs_a_browser = pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def editing(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The example site copied to `tmp_path`/site and previewed by `build.py serve` on a free loopback port:
    (site folder, preview address ending in /). The preview builds in a temporary folder of its own."""
    site = tmp_path / "site"
    site.mkdir()
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy2(REPO / "mkdocs.yml", site / "mkdocs.yml")
    (tmp_path / "tmp").mkdir()
    port = free_port()
    log = tmp_path / "serve.log"
    environment = {**os.environ, **BUILD_ENV, "TMPDIR": str(tmp_path / "tmp")}
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "-f", str(site / "mkdocs.yml"),
                                   "-a", f"127.0.0.1:{port}"], env=environment, cwd=site,
                                  stdout=output, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + STARTS
        while "Previewing at" not in log.read_text() and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "Previewing at" in log.read_text(), log.read_text()
        yield site, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)
    said = log.read_text()
    assert "Traceback" not in said and "The editor's request" not in said, said
    assert server.returncode == 0, said
    assert not list((tmp_path / "tmp").glob("tessellate-*")), said


# -- Decap's form, by what a coordinator sees: labels ("Title", "Video (optional)") and buttons.

def fields(page, label: str):
    """Every field of the form labelled `label`, in the form's order."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(optional\))?$"))


def field(page, label: str):
    """The item's own field labelled `label`: the first, since a set of fields below it may have a part of the
    same name (a story's chart: has a title too)."""
    return fields(page, label).first


def choose(page, label: str, *options: str) -> None:
    """Pick `options` (as shown) in a select: typed into react-select's input, Enter takes the match."""
    box = field(page, label)
    for option in options:
        box.fill(option)
        box.press("Enter")


def new_item(page, base: str, kind: str) -> None:
    """The form for a new item of `kind`, in a page of its own (as a coordinator opens it in a new tab).

    Moving from a saved entry to a new one within the same page, Decap shows the saved entry's form until it
    has made the new, empty one, then replaces it: what was typed in between is lost. A page loaded afresh
    shows no form until the new entry is made. Signed in once, the editor stays signed in."""
    from playwright.sync_api import expect
    page.goto("about:blank")
    page.goto(base + f"admin/#/collections/{kind}/new")
    expect(field(page, "Title")).to_have_value("")
    expect(page.get_by_role("switch", name=re.compile(r"^Draft\b"))).to_have_attribute("aria-checked", "true")


def publish_as_draft_no_more(page) -> None:
    """Untick Draft: a new item starts as a draft, as `build.py new` writes it."""
    from playwright.sync_api import expect
    draft = page.get_by_role("switch", name=re.compile(r"^Draft\b"))
    expect(draft).to_have_attribute("aria-checked", "true")
    draft.click()
    expect(draft).to_have_attribute("aria-checked", "false")


def write_markdown(page, text: str) -> None:
    """Type `text` into the Text field in its Markdown mode (lines as typed, no rich-text shortcuts)."""
    page.get_by_text("Rich Text", exact=True).locator("xpath=..").get_by_role("switch").click()
    page.locator("[data-slate-editor]").click()
    for number, line in enumerate(text.split("\n")):
        if number:
            page.keyboard.press("Enter")
        page.keyboard.type(line)


def publish(page, kind: str, slug: str, problems: list[str], shots: Path) -> None:
    """Publish, then Publish now (simple mode); Decap then shows the saved entry at its own address."""
    from playwright.sync_api import expect
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_role("menuitem", name="Publish now").click()
    try:
        expect(page).to_have_url(re.compile(rf"#/collections/{kind}/entries/{re.escape(slug)}$"), timeout=SAVES * 1000)
    except AssertionError as error:
        shot = shots / f"not-saved-{kind}.png"
        page.screenshot(path=shot, full_page=True)
        said = page.locator("[class*=ControlErrorsList] li").all_text_contents()
        raise AssertionError(f"the editor did not save the {kind} entry {slug}: the form says {said}; "
                             f"the page reported {problems}; see {shot}") from error


def front_matter(path: Path, loader=yaml.SafeLoader) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), text
    return yaml.load(text.split("---\n", 2)[1], Loader=loader)


def built(out: Path, where: str) -> lxml.html.HtmlElement:
    path = out / where / "index.html"
    assert path.is_file(), f"{where} was not built (still a draft?)"
    return lxml.html.parse(str(path)).getroot()


def words(element) -> str:
    return " ".join(element.text_content().split())


def meta(page: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """The item's facts as its page lists them: {"Topics": ["Number", ...], ...}."""
    found = {}
    for row in page.cssselect("dl.tx-meta > div"):
        items = row.cssselect("dd li") or row.cssselect("dd")
        found[words(row.cssselect("dt")[0])] = [words(item) for item in items]
    return found


@needs_a_browser
def test_items_made_in_the_browser_editor_pass_check_and_are_published(tmp_path):
    """A resource with a formula in its title and an uploaded PDF, a CPD video with chapters, and a success
    story whose title is hostile text, each typed into the form and published; then checked and built."""
    upload = tmp_path / UPLOAD
    upload.write_bytes(PDF)
    problems: list[str] = []  # what the editor's page reports: uncaught errors, refused requests, policy violations
    with editing(tmp_path) as (site, base), browser() as chromium:
        context = new_context(chromium, base)  # nothing beyond the preview: every other address is refused
        # The preview's reload script would reload the editor at each rebuild that a save starts, losing what is
        # typed into the next item meanwhile (test_what_is_typed_in_the_editor_survives_the_preview_rebuilding).
        context.route("**/livereload/script.js", lambda route: route.fulfill(content_type="text/javascript", body=""))
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"uncaught {error}"))
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("response", lambda response: problems.append(f"{response.status} {response.url}")
                if "/admin/api/v1" in response.url and not response.ok else None)
        page.goto(base + "admin/")
        page.get_by_role("button", name="Login").click()
        page.get_by_role("heading", name="Collections").wait_for()  # signed in: the list of collections

        # A resource, with a formula and a colon in its title and a file uploaded through the media library.
        new_item(page, base, "resources")
        field(page, "Title").fill(RESOURCE["title"])
        field(page, "Summary").fill(RESOURCE["summary"])
        field(page, "Date").fill(RESOURCE["date"])  # <input type=date>: the value is always YYYY-MM-DD
        choose(page, "Topics", *RESOURCE["topics"].values())
        choose(page, "Phases", RESOURCE["phase"][1])
        choose(page, "Resource type", RESOURCE["type"][1])
        page.get_by_role("button", name="Add downloads").click()
        page.get_by_role("button", name="Choose a file").click()
        page.locator("input[type=file]").set_input_files(upload)  # the media library's Upload
        page.get_by_role("button", name="Choose selected").click()
        field(page, "Label").fill(RESOURCE["label"])
        publish_as_draft_no_more(page)
        resource_slug = slugify(RESOURCE["title"])
        publish(page, "resources", resource_slug, problems, tmp_path)

        # A CPD video: its YouTube address, how long it runs, two chapters and a transcript.
        new_item(page, base, "cpd")
        field(page, "Title").fill(CPD["title"])
        field(page, "Summary").fill(CPD["summary"])
        field(page, "Date").fill(CPD["date"])
        choose(page, "Topics", CPD["topic"][1])
        field(page, "Video").fill(CPD["video"])
        field(page, "Duration").fill(CPD["duration"])
        for number, (at, title) in enumerate(CPD["chapters"]):
            page.get_by_role("button", name="Add chapters").click()
            fields(page, "At").nth(number).fill(at)
            fields(page, "Title").nth(number + 1).fill(title)  # the first Title is the item's own
        write_markdown(page, f"## Transcript\n\n{CPD['transcript']}")  # a video without captions needs one
        publish_as_draft_no_more(page)
        cpd_slug = slugify(CPD["title"])
        publish(page, "cpd", cpd_slug, problems, tmp_path)

        # Hostile text in a title: a success story.
        new_item(page, base, "stories")
        field(page, "Title").fill(STORY["title"])
        field(page, "Summary").fill(STORY["summary"])
        field(page, "Date").fill(STORY["date"])
        choose(page, "Topics", STORY["topic"][1])
        field(page, "Organisation").fill(STORY["organisation"])
        publish_as_draft_no_more(page)
        story_slug = slugify(STORY["title"])
        publish(page, "stories", story_slug, problems, tmp_path)

        # Each save is a save like any other: the preview rebuilds and shows the new pages.
        fetch_until(base + f"resources/{resource_slug}/", RESOURCE["label"])
        fetch_until(base + f"cpd/{cpd_slug}/", CPD["chapters"][0][1])
        fetch_until(base + f"stories/{story_slug}/", STORY["organisation"])
        context.close()
    assert not problems, problems

    # The files, named from the titles as `build.py new` names them, the upload beside its page.
    content = site / "content"
    resource_file, cpd_file, story_file = (content / "resources" / f"{resource_slug}.md",
                                           content / "cpd" / f"{cpd_slug}.md", content / "stories" / f"{story_slug}.md")
    assert (content / "resources" / UPLOAD).read_bytes() == PDF
    written = front_matter(resource_file)
    assert written["title"] == RESOURCE["title"] and written["summary"] == RESOURCE["summary"]
    assert str(written["date"]) == RESOURCE["date"] and written["draft"] is False
    assert (written["topics"], written["phases"]) == (list(RESOURCE["topics"]), [RESOURCE["phase"][0]])
    assert written["resource_type"] == RESOURCE["type"][0]
    assert written["downloads"] == [{"file": UPLOAD, "label": RESOURCE["label"]}]
    # As text: a YAML 1.1 reader (PyYAML) would take the unquoted 7:45 Decap writes as 465; Tessellate's reader does not.
    written = front_matter(cpd_file, yaml.BaseLoader)
    assert (written["title"], written["video"], written["duration"]) == (CPD["title"], CPD["video"], CPD["duration"])
    assert written["chapters"] == [{"at": at, "title": title} for at, title in CPD["chapters"]]
    assert written["topics"] == [CPD["topic"][0]] and written["draft"] == "false"
    assert cpd_file.read_text(encoding="utf-8").split("---\n", 2)[2].strip() == f"## Transcript\n\n{CPD['transcript']}"
    written = front_matter(story_file)
    assert written["title"] == HOSTILE  # plain text, exactly as typed
    assert not list(site.rglob("*.editing"))  # every write whole, renamed into place

    # What the editor wrote, check accepts, even strictly; the build publishes it.
    checked = run_build("check", "--strict", "-f", str(site / "mkdocs.yml"), cwd=site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    out = tmp_path / "out"
    result = run_build("build", "-f", str(site / "mkdocs.yml"), "-d", str(out), cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr

    where = f"resources/{resource_slug}/"
    page = built(out, where)
    heading = page.cssselect("h1")[0]
    for formula in heading.cssselect("math"):  # the formula is shown as MathML; its source is kept beside it
        formula.tail = f"${formula.get('alttext')}${formula.tail or ''}"
        formula.drop_tree()
    assert heading.text_content() == RESOURCE["title"]
    assert words(page.cssselect(".tx-summary")[0]) == RESOURCE["summary"]
    facts = meta(page)
    assert facts["Topics"] == list(RESOURCE["topics"].values())
    assert facts["Phases"] == [RESOURCE["phase"][1]]
    assert RESOURCE["type"][1] in facts["Type"][0]
    links = {words(a): a.get("href") for a in page.cssselect("a.tx-download")}
    assert list(links) == [RESOURCE["label"]], links
    published = out / urljoin(where, links[RESOURCE["label"]])
    assert published.name == UPLOAD and published.read_bytes() == PDF

    page = built(out, f"cpd/{cpd_slug}/")
    assert words(page.cssselect("h1")[0]) == CPD["title"]
    assert meta(page)["Duration"] == [CPD["duration"]]
    chapters = [(words(c.cssselect("time")[0]), words(c)) for c in page.cssselect("ol.tx-chapters a.tx-chapter")]
    assert chapters == [(at, f"{at} {title}") for at, title in CPD["chapters"]]
    assert page.cssselect(".tx-player")[0].get("data-tx-provider") == "youtube"
    assert CPD["transcript"] in words(page.cssselect(".tx-body")[0])

    where = f"stories/{story_slug}/"
    page = built(out, where)
    assert page.cssselect("h1")[0].text_content() == HOSTILE  # shown as text
    assert page.findtext(".//title").startswith(HOSTILE)
    assert "<script>alert" not in (out / where / "index.html").read_text()
    scripts = list(page.iter("script"))
    assert not [s for s in scripts if "alert(1)" in (s.text or "") and s.get("type") != "application/ld+json"]
    described, = [json.loads(s.text) for s in scripts if s.get("type") == "application/ld+json"]
    assert described["name"] == HOSTILE


@needs_a_browser
def test_what_is_typed_in_the_editor_survives_the_preview_rebuilding(tmp_path):
    """A save (the editor's own, or one in a text editor) rebuilds the preview; the editor's page is not the
    site's and must not reload then, or the item being typed is lost."""
    with editing(tmp_path) as (site, base), browser() as chromium:
        context = new_context(chromium, base)
        page = context.new_page()
        page.goto(base + "admin/")
        page.get_by_role("button", name="Login").click()
        new_item(page, base, "resources")
        field(page, "Title").fill(RESOURCE["title"])
        about = site / "content" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nSaved meanwhile.\n", encoding="utf-8")
        fetch_until(base + "about/", "Saved meanwhile.")
        page.wait_for_timeout(3000)  # the reload script asks every moment whether the site was rebuilt
        assert field(page, "Title").input_value() == RESOURCE["title"]
        context.close()


def test_the_editor_stays_open_while_the_content_has_a_problem(tmp_path):
    """An item the editor saved with a mistake (here a resource without its resource type) stops the preview's
    build; the editor must still open, so the coordinator can mend the item where they made it."""
    with editing(tmp_path) as (site, base):
        broken = site / "content" / "resources" / "half-done.md"
        broken.write_text("---\ntitle: Half done\nsummary: Not finished.\ndate: 2026-03-04\ntopics: [ratio]\n"
                          "phases: [ks3]\n---\n", encoding="utf-8")
        fetch_until(base, "waiting for 1 problem", seconds=120)  # a rebuild, on a machine busy with other tests
        try:
            with urllib.request.urlopen(base + "admin/", timeout=10) as answer:
                status, page = answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            status, page = error.code, error.read().decode()
        assert status == 200 and 'src="decap-cms.js"' in page, f"admin/ answered {status}: {page[:300]}"
