"""Publishing follows the content, not the folder: a draft's mark scheme is never on the site.

A built site is compared with the exact list of files a reader may fetch, so a file that leaks in
(or a published one that goes missing) fails the test, whichever rule let it through."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import forked_builds

from conftest import REPO

NOW = "1795564800"  # 2026-11-25
AFTER_EMBARGO = "1799020800"  # 2027-01-04, after the mock exam's date
CONFIG = """\
site_name: Embargo Network
site_url: https://example.net/
docs_dir: docs
theme: {name: material}
plugins:
  - tessellate:
      taxonomy:
        topics: {number: Number}
        phases: {ks4: Key Stage 4}
        resource_types: {assessment: Assessment}
"""
ITEM = """\
---
title: {title}
summary: A test item.
date: {date}
topics: [number]
phases: [ks4]
resource_type: assessment
{more}---

{body}
"""
FILES = {
    # Published today: its own sheet, a shared data set, and a diagram linked from its body.
    "resources/published.md": ITEM.format(title="Published", date="2026-09-01", body="![Bar](diagram.svg)",
                                          more="downloads:\n  - {file: sheet.pdf, label: Sheet}\n"
                                               "  - {file: shared/data.csv, label: Data}\n"),
    "resources/sheet.pdf": "%PDF-1.4 sheet",
    "resources/diagram.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "resources/shared/data.csv": "a,b\n",
    # A draft with its mark scheme, sharing the data set with the published item.
    "resources/draft.md": ITEM.format(title="Draft", date="2026-09-01", body="See [the answers](draft-marks.txt).",
                                      more="draft: true\ndownloads:\n  - {file: secret-answers.pdf, label: Answers}\n"
                                           "  - {file: shared/data.csv, label: Data}\n"),
    "resources/secret-answers.pdf": "%PDF-1.4 answers",
    "resources/draft-marks.txt": "marks",
    # A mock exam embargoed until January, in its own folder with a reference-style link.
    "resources/mock/exam.md": ITEM.format(title="Mock exam", date="2027-01-03", body="[scheme]: mark-scheme.pdf\n\n[Mark scheme][scheme]",
                                          more="downloads:\n  - {file: paper.pdf, label: Paper}\n"),
    "resources/mock/paper.pdf": "%PDF-1.4 paper",
    "resources/mock/mark-scheme.pdf": "%PDF-1.4 scheme",
    # Underscore names: never published, whatever links them.
    "resources/_private.pdf": "%PDF-1.4 private",
    "resources/_notes/marks.csv": "marks",
    "resources/_notes/plan.md": "---\ntitle: x\n---\n",
    "resources/_template.md": ITEM.format(title="Template", date="2026-01-01", body="",
                                          more="downloads:\n  - {file: template-only.pdf, label: T}\n"),
    "resources/template-only.pdf": "%PDF-1.4 template",
    # Linked by nothing: published, as before, and `check` warns.
    "resources/old-sheet.pdf": "%PDF-1.4 old",
    # Plain pages and the site's own assets keep working; a plain page may link a file in a kind's folder.
    "index.md": "# Home\n\n![Logo](assets/logo.svg)\n",
    "about.md": "# About\n\n[Our policy](resources/policy.pdf)\n",
    "resources/policy.pdf": "%PDF-1.4 policy",
    "assets/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
}
PUBLISHED_NOW = {"resources/sheet.pdf", "resources/diagram.svg", "resources/shared/data.csv",
                 "resources/old-sheet.pdf", "resources/policy.pdf", "assets/logo.svg"}
EMBARGOED = {"resources/mock/paper.pdf", "resources/mock/mark-scheme.pdf"}
NEVER = {"resources/secret-answers.pdf", "resources/draft-marks.txt", "resources/_private.pdf",
         "resources/_notes/marks.csv", "resources/template-only.pdf"}


def make_site(root: Path) -> Path:
    for name, text in FILES.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return root / "mkdocs.yml"


def run(*args: str, epoch: str) -> subprocess.CompletedProcess:
    return forked_builds.run(list(args), REPO, {**os.environ, "SOURCE_DATE_EPOCH": epoch})


def content_files(site: Path) -> set[str]:
    """Every file in the built site that came from the content folder (not pages, feeds or theme)."""
    sources = {name for name in FILES if not name.endswith(".md")}
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} & (sources | NEVER | EMBARGOED)


@pytest.fixture(scope="module")
def site_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("embargo")
    make_site(root)
    return root


def test_only_files_of_published_items_are_published(site_root):
    result = run("build", "-f", str(site_root / "mkdocs.yml"), "-d", str(site_root / "now"), epoch=NOW)
    assert result.returncode == 0, result.stdout + result.stderr
    site = site_root / "now"
    assert content_files(site) == PUBLISHED_NOW
    assert not (site / "resources/_notes").exists() and not (site / "resources/_notes/plan").exists()
    assert (site / "about/index.html").is_file()
    # No page mentions a withheld file either.
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    for name in NEVER | EMBARGOED:
        assert Path(name).name not in pages, name


def test_an_embargoed_item_s_files_appear_on_its_day(site_root):
    result = run("build", "-f", str(site_root / "mkdocs.yml"), "-d", str(site_root / "later"), epoch=AFTER_EMBARGO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert content_files(site_root / "later") == PUBLISHED_NOW | EMBARGOED
    assert (site_root / "later/resources/mock/exam/index.html").is_file()


def test_check_warns_about_each_file_no_item_links(site_root):
    result = run("check", "-f", str(site_root / "mkdocs.yml"), epoch=NOW)
    assert result.returncode == 0, result.stdout + result.stderr
    old = site_root / "docs/resources/old-sheet.pdf"
    assert result.stdout.splitlines() == [
        f"{old}:1: file: warning: linked by no item; it is published at resources/old-sheet.pdf "
        "(link it from an item, or remove it)",
        "0 errors, 1 warning in 3 files"]


@pytest.mark.parametrize("body, expected", [
    ("[a](x.pdf) ![b](img/y.png 'title') [c](<with space.pdf>)", {"cpd/x.pdf", "cpd/img/y.png", "cpd/with space.pdf"}),
    ("[ref]: ../resources/z.csv\n\n[ref][ref]", {"resources/z.csv"}),
    ('<a href="a%20b.pdf">a</a> <video src=v.mp4 poster=\'p.png\'></video>', {"cpd/a b.pdf", "cpd/v.mp4", "cpd/p.png"}),
    ("[abs](/assets/logo.svg) [q](x.pdf?v=2#top)", {"assets/logo.svg", "cpd/x.pdf"}),
    # Other sites, mail, anchors and escapes from the content folder name no local file.
    ("[w](https://example.org/x.pdf) [m](mailto:a@b.c) [t](#top) [up](../../etc/passwd)", set()),
    # Code is shown as text: a file named in it is not linked.
    ("`[a](code.pdf)`\n\n```\n[b](fenced.pdf)\n```\n", set()),
])
def test_body_links_are_the_files_a_reader_can_follow(body, expected):
    from tessellate.model.files import body_links
    assert body_links(body, "cpd/page.md") == expected
