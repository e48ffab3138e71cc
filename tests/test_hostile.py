"""Hostile text through every field into every output: it must reach readers as text, never as markup.

The outputs are registered in `outputs.py`; a new output joins this test by registering there."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from conftest import run_build
from outputs import OUTPUTS
from reading import main, page, text

# Breaks out of <title>, attributes, JSON and Jinja if anything along the way is unescaped.
HOSTILE = """</title><script>alert(1)</script>"'><img src=x onerror=alert(2)>{{ 7*7 }}{% raw %}&amp;"""
assert len(HOSTILE) <= 120

CONFIG = """\
site_name: Hostile test
site_url: https://example.org/sub/
theme: {name: material}
plugins:
  - search
  - tessellate:
      taxonomy:
        topics: {number: Number}
        phases: {ks3: Key Stage 3}
        resource_types: {lesson: Lesson}
"""

# Every text field of the contract, each holding the hostile string (YAML-escaped in double quotes).
Q = json.dumps(HOSTILE)
RESOURCE = f"""---
title: {Q}
summary: {Q}
date: 2026-02-07
topics: [number]
phases: [ks3]
resource_type: lesson
licence: {Q}
authors:
  - {{name: {Q}, organisation: {Q}}}
image: {{src: pic.svg, alt: {Q}}}
downloads:
  - {{file: sheet.txt, label: {Q}}}
extra: {{note: {Q}}}
---

Body text with `<img src=x onerror=alert(3)>` in code, and raw HTML:

<script>alert(4)</script>
<a href="javascript:alert(5)" onclick="alert(6)">click</a>
<form action="https://evil.example/"><input name="q"></form>
<iframe src="https://evil.example/frame"></iframe>
<iframe src="https://www.geogebra.org/material/iframe/id/abc"></iframe>
<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="data">

![A tracking pixel](https://tracker.example/pixel.png)

Template syntax stays literal: {{{{ config.site_name }}}} and {{% if true %}}shown{{% endif %}}.
"""
CPD = f"""---
title: {Q}
summary: {Q}
date: 2026-02-08
topics: [number]
video: https://www.youtube.com/watch?v=abcdefghijk
duration: "5:00"
presenters: [{Q}]
outcomes: [{Q}]
reflection: [{Q}]
chapters:
  - {{at: "0:00", title: {Q}}}
series: {{name: {Q}, part: 1}}
---

## Transcript

{HOSTILE}
"""
STORY = f"""---
title: {Q}
summary: {Q}
date: 2026-02-09
topics: [number]
organisation: {Q}
quote: {{text: {Q}, by: {Q}, role: {Q}}}
impact:
  - {Q}
  - {{measure: {Q}, before: {Q}, after: {Q}}}
consent: true
---

A story.
"""
# An ordinary page, rendered by Material's own templates from MkDocs' own front matter.
ORDINARY = f"""---
title: {Q}
description: {Q}
---

An ordinary page.
"""

# A page titled by its heading: Material prints that title through Jinja's striptags, which
# turns escaped entities back into markup.
HEADING = "# Heading &lt;/title&gt;&lt;script&gt;alert(7)&lt;/script&gt;\n\nText.\n"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    docs = root / "docs"
    for path, content in {"index.md": "# Home\n", "ordinary.md": ORDINARY, "heading.md": HEADING, "resources/r.md": RESOURCE,
                          "resources/sheet.txt": "answers\n", "cpd/c.md": CPD, "stories/s.md": STORY,
                          "resources/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'}.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(content)
    (root / "mkdocs.yml").write_text(CONFIG)
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return root / "out"


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_hostile_text_is_inert_in(name, hostile_site):
    assert list(OUTPUTS[name](hostile_site)) == []


@pytest.mark.parametrize("url", ["resources/r/", "cpd/c/", "stories/s/", "ordinary/"])
def test_hostile_text_reads_as_typed(url, hostile_site):
    tree = page(hostile_site, url)
    assert tree.find(".//title").text.startswith(HOSTILE)
    assert text(main(tree).cssselect("h1")[0]) == HOSTILE
    assert tree.cssselect('meta[name="description"]')[0].get("content") == HOSTILE
    assert "49" not in text(main(tree)).replace("2026", "")


def test_a_title_taken_from_the_heading_stays_text(hostile_site):
    tree = page(hostile_site, "heading/")
    assert tree.find(".//title").text.startswith("Heading </title><script>alert(7)</script>")
    assert not tree.cssselect("head script:not([src])") or "alert(7)" not in "".join(
        s.text or "" for s in tree.cssselect("script"))


@pytest.mark.parametrize("url", ["resources/r/", "cpd/c/", "stories/s/"])
def test_structured_data_reads_as_typed(url, hostile_site):
    script = page(hostile_site, url).cssselect('script[type="application/ld+json"]')[0]
    data = json.loads(script.text)
    assert data["name"] == HOSTILE and data["description"] == HOSTILE
    assert "<" not in script.text


def test_every_field_reaches_the_page_as_text(hostile_site):
    for url, expected in (("resources/r/", 5), ("cpd/c/", 6), ("stories/s/", 8)):
        shown = text(main(page(hostile_site, url)))
        assert shown.count(HOSTILE) >= expected, (url, shown.count(HOSTILE))


def test_navigation_and_breadcrumbs_show_titles_as_text(hostile_site):
    tree = page(hostile_site, "ordinary/")
    labels = [" ".join(a.text_content().split()) for a in tree.cssselect("nav.md-nav--primary a")]
    assert HOSTILE in labels


def test_body_html_passes_the_allowlist(hostile_site):
    body = main(page(hostile_site, "resources/r/")).cssselect(".tx-body")[0]
    html = lxml.html.tostring(body, encoding="unicode")
    assert not body.cssselect("script, form, input")
    assert not body.cssselect("iframe"), "embeds wait for a click"
    assert [e.get("data-tx-src") for e in body.cssselect(".tx-embed")] == ["https://www.geogebra.org/material/iframe/id/abc"]
    assert "javascript:" not in html and "onclick" not in html and "data:image" not in html
    assert "<img src=x onerror=alert(3)>" in text(body)  # code samples survive as text
    assert not [img for img in body.cssselect("img") if "//" in img.get("src", "")], "no request to another site"
    assert body.cssselect('a[href="https://tracker.example/pixel.png"]')[0].text_content() == \
        "A tracking pixel (image on tracker.example)"
    assert "{{ config.site_name }}" in text(body) and "{% if true %}shown{% endif %}" in text(body)


def test_check_warns_about_each_removed_piece(hostile_site, tmp_path):
    result = run_build("check", "-f", str(hostile_site.parent / "mkdocs.yml"))
    warnings = [line for line in result.stdout.splitlines() if "warning:" in line and "resources/r.md" in line]
    assert len(warnings) >= 6, result.stdout
    assert any("pixel.png is on another site" in line for line in warnings)
    assert result.returncode == 0
    assert run_build("check", "--strict", "-f", str(hostile_site.parent / "mkdocs.yml")).returncode == 1
