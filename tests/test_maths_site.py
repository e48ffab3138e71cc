"""Maths end to end: a site built with the real command line, its page, feed and search index read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import lxml.html
import pytest
from PIL import Image

from conftest import run_build
from gates import common
from reading import main, page, text
from search_index import search_records

CONFIG = """\
site_name: Maths site
site_url: https://maths.example.org/
theme: {name: material}
plugins:
  - search
  - tessellate:
      taxonomy:
        topics: {algebra: Algebra}
        phases: {ks3: Key Stage 3}
        resource_types: {lesson: Lesson}
"""
QUADRATICS = r"""---
title: Factorising $x^2 + 5x + 6$
summary: Why $x^2 + 5x + 6 = (x + 2)(x + 3)$, from £3.20 a pack.
date: 2026-02-07
topics: [algebra]
phases: [ks3]
resource_type: lesson
---

A fraction $\frac{3}{4}$, a power $x^2$ and a root $\sqrt{2}$.

Prices stay as written: £3.20, $5 or $10, and \$3 is a dollar. Code stays code: `$x$`.

$$x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}$$

```math
\begin{aligned}
2x + 3 &= 11 \\
x &= 4
\end{aligned}
```

```python
price = "$5 and $x$"
```

A slip: $\frac{1}{$ is shown as written.

$$1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19 + 20 = \frac{20 \times 21}{2} = 210$$
"""
CPD = r"""---
title: Part {part} of completing $x^2 + bx$
summary: A short video.
date: 2026-01-0{part}
topics: [algebra]
video: https://www.youtube.com/watch?v=abcdefghijk
duration: "5:00"
chapters: [{{at: "0:00", title: 'Why $\sqrt{{2}}$'}}]
series: {{name: Completing the square, part: {part}}}
resources: [quadratics]
---

## Transcript

Hello.
"""
DOCS = {"index.md": "# Home\n", "resources/quadratics.md": QUADRATICS,
        "cpd/one.md": CPD.format(part=1), "cpd/two.md": CPD.format(part=2),
        "about.md": "# About\n\nOrdinary pages typeset $\\sqrt{2}$ too.\n"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("maths")
    for path, content in DOCS.items():
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_text(content, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return root / "out", result.stdout + result.stderr


def body(site: Path) -> lxml.html.HtmlElement:
    return main(page(site, "resources/quadratics/")).cssselect(".tx-body")[0]


def test_the_page_holds_mathml_with_its_structure(built):
    site, _ = built
    content = body(site)
    formulas = {m.get("alttext"): m for m in content.iter("math")}
    assert list(formulas)[:5] == [r"\frac{3}{4}", "x^2", r"\sqrt{2}", r"x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}",
                                  "\\begin{aligned}\n2x + 3 &= 11 \\\\\nx &= 4\n\\end{aligned}"]
    assert [text(part) for part in formulas[r"\frac{3}{4}"].find(".//mfrac")] == ["3", "4"]
    assert [(c.tag, c.text) for c in formulas["x^2"].find(".//msup")] == [("mi", "x"), ("mn", "2")]
    assert formulas[r"\sqrt{2}"].find(".//msqrt") is not None
    displays = [m for m in formulas.values() if m.get("display") == "block"]
    assert len(displays) == 3 and all(m.getparent().get("class") == "tx-maths" for m in displays)
    assert len(displays[1].findall(".//mtr")) == 2


def test_no_delimiter_is_left_and_prices_and_code_are_untouched(built):
    site, _ = built
    content = body(site)
    prose = " ".join(text(p) for p in content.iter("p") if p.find(".//code") is None or "Prices" in text(p))
    assert "Prices stay as written: £3.20, $5 or $10, and $3 is a dollar." in prose
    outside_code = re.sub(r"£3\.20|\$5 or \$10|\$3 is", "", "".join(
        t for t in content.xpath(".//text()[not(ancestor::code) and not(ancestor::math)]")))
    assert "$" not in outside_code
    assert [c.text for c in content.iter("code")] == ["$x$", 'price = "$5 and $x$"\n', r"$\frac{1}{$"]


def test_title_is_typeset_on_the_page_and_plain_everywhere_else(built):
    site, _ = built
    tree = page(site, "resources/quadratics/")
    heading = main(tree).cssselect("h1")[0]
    assert heading.find("math").get("alttext") == "x^2 + 5x + 6"
    assert tree.find(".//title").text.startswith("Factorising x² + 5x + 6 - ")
    assert tree.cssselect('meta[name="description"]')[0].get("content") == \
        "Why x² + 5x + 6 = (x + 2)(x + 3), from £3.20 a pack."
    data = json.loads(tree.cssselect('script[type="application/ld+json"]')[0].text)
    assert data["name"] == "Factorising x² + 5x + 6"


def test_lists_of_other_items_typeset_their_titles(built):
    site, _ = built
    places = {"resources/quadratics/": ["cpd/one/", "cpd/two/"], "cpd/one/": ["cpd/two/", "resources/quadratics/"]}
    for url, targets in places.items():
        article = main(page(site, url))
        for target in targets:
            links = [a for a in article.cssselect("a[href]") if a.get("href").rstrip("/").endswith(target.rstrip("/").split("/")[-1])
                     and a.cssselect("math")]
            assert links and not [a for a in links if "$" in text(a)], f"{url}: no link to {target} with its title typeset"
    chapter = main(page(site, "cpd/one/")).cssselect(".tx-chapter")[0]
    assert chapter.cssselect("math") and "$" not in text(chapter)
    play = main(page(site, "cpd/one/")).cssselect("button[aria-label]")[0]
    assert play.get("aria-label") == "Play: Part 1 of completing x² + bx, 5:00"


def test_the_share_kit_draws_formulas_for_email_and_writes_them_plainly_for_social(built):
    site, _ = built
    kit = site / "share" / "resources" / "quadratics"
    email = lxml.html.fragment_fromstring((kit / "email.html").read_text(encoding="utf-8"), create_parent="div")
    pictures = {img.get("alt"): img for img in email.iter("img")}
    assert {"x^2 + 5x + 6", "x^2 + 5x + 6 = (x + 2)(x + 3)"} <= set(pictures)
    for img in (pictures["x^2 + 5x + 6"], pictures["x^2 + 5x + 6 = (x + 2)(x + 3)"]):
        assert img.get("src").startswith("https://maths.example.org/assets/maths/")
        assert_a_sharp_png(site / img.get("src").removeprefix("https://maths.example.org/"), img)
    assert not list(email.iter("math"))
    assert "$" not in email.text_content()
    posts = json.loads((kit / "social.json").read_text(encoding="utf-8"))
    assert all(text.startswith("Factorising x² + 5x + 6") and "$" not in text.split("£")[0] for text in posts.values())
    assert (kit / "email.txt").read_text(encoding="utf-8").count("x² + 5x + 6") >= 2


def assert_a_sharp_png(path: Path, img: lxml.html.HtmlElement) -> None:
    """The picture at `path` is a PNG, twice the size its <img> shows it at each way, with ink on it."""
    with Image.open(path) as png:
        assert png.format == "PNG", path
        assert png.size == (2 * int(img.get("width")), 2 * int(img.get("height"))), (png.size, dict(img.attrib))
        darkest, lightest = png.convert("L").getextrema()
        assert darkest < 64 and lightest > 192, f"{path}: drawn blank"


def test_ordinary_pages_typeset_maths_too(built):
    site, _ = built
    assert [m.get("alttext") for m in main(page(site, "about/")).iter("math")] == [r"\sqrt{2}"]


def test_the_feed_entry_holds_the_mathml_and_a_plain_title(built):
    site, _ = built
    for name in ("feed.xml", "feed.atom"):
        (entry,) = feedparser.parse((site / "resources" / name).read_bytes()).entries
        assert entry.title == "Factorising x² + 5x + 6"
        content = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
        alttexts = [m.get("alttext") for m in content.iter("math")]
        assert r"\frac{3}{4}" in alttexts and "x^2" in alttexts
        assert content.find(".//mfrac") is not None and content.find(".//msqrt") is not None


def test_search_finds_a_formula_by_its_source_and_its_words(built):
    site, _ = built
    (record,) = [r for r in search_records(site) if r["url"] == "resources/quadratics/"]
    assert "x^2 (x squared)" in record["content"] and r"\frac{3}{4} (3 over 4)" in record["content"]
    assert "the square root of 2" in record["content"]
    assert record["meta"]["title"] == "Factorising x² + 5x + 6"


def test_a_malformed_formula_warns_and_the_page_still_builds(built):
    site, output = built
    assert "resources/quadratics.md:27: body: warning: the formula $\\frac{1}{$ cannot be typeset" in output
    assert body(site).cssselect("code.tx-maths-error")[0].text == r"$\frac{1}{$"


# -- In a browser: MathML Core laid out by Chromium, not raw text

def _need_browser() -> None:
    missing = common.missing_tools("chromium", "playwright")
    if missing:
        pytest.skip(f"browser tools missing: {', '.join(missing)}")


def _math(alttext: str, starts: bool = False) -> str:
    """A CSS selector for the <math> with this LaTeX source (a backslash is an escape in CSS)."""
    quoted = alttext.replace("\\", "\\\\").replace('"', '\\"')
    return f'math[alttext{"^" if starts else ""}="{quoted}"]'


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not rendered"
    return box


def test_formulas_are_laid_out_as_mathml_in_chromium(built, tmp_path):
    _need_browser()
    site, _ = built
    with common.serve(site) as local, common.browser() as chromium:
        context = common.new_context(chromium, local, common.origin_for(site, local))
        tab = context.new_page()
        tab.goto(common.origin_for(site, local) + "resources/quadratics/", wait_until="load")
        for alttext in (r"\frac{3}{4}", "x^2", r"\sqrt{2}", "\\begin{aligned}"):
            box = _box(tab, ".tx-body " + _math(alttext, starts=True))
            assert box["width"] > 4 and box["height"] > 8, (alttext, box)
        # A fraction's numerator sits above its denominator; a superscript above its base's baseline;
        # an aligned equation's second line below its first: laid out as maths, not as a line of text.
        fraction = _math(r"\frac{3}{4}")
        numerator = _box(tab, f".tx-body {fraction} mfrac > :first-child")
        denominator = _box(tab, f".tx-body {fraction} mfrac > :last-child")
        assert numerator["y"] + numerator["height"] <= denominator["y"] + 1
        base = _box(tab, '.tx-body math[alttext="x^2"] msup > :first-child')
        power = _box(tab, '.tx-body math[alttext="x^2"] msup > :last-child')
        assert power["y"] + power["height"] <= base["y"] + base["height"] - 3, "the power is raised"
        square_root = _math(r"\sqrt{2}")
        root = _box(tab, f".tx-body {square_root} msqrt")
        radicand = _box(tab, f".tx-body {square_root} msqrt mn")
        assert root["width"] > radicand["width"] + 4, "the radical sign is drawn"
        first, second = _box(tab, ".tx-body mtr:nth-child(1)"), _box(tab, ".tx-body mtr:nth-child(2)")
        assert second["y"] >= first["y"] + first["height"] - 1
        # ...and its two sides align on the =: `2x + 3` and `x` end together, both = start together.
        left_ends = [_box(tab, f".tx-body mtr:nth-child({n}) > mtd:first-child > :last-child") for n in (1, 2)]
        assert abs(left_ends[0]["x"] + left_ends[0]["width"] - left_ends[1]["x"] - left_ends[1]["width"]) < 1.5
        equals = [_box(tab, f".tx-body mtr:nth-child({n}) > mtd:last-child > mo") for n in (1, 2)]
        assert abs(equals[0]["x"] - equals[1]["x"]) < 1.5
        quadratic = _box(tab, '.tx-body .tx-maths > math[alttext^="x = "]')
        wrapper = _box(tab, '.tx-body .tx-maths:has(> math[alttext^="x = "])')
        centre = wrapper["x"] + wrapper["width"] / 2
        assert abs(quadratic["x"] + quadratic["width"] / 2 - centre) < 3, "display maths is centred"
        tab.locator(".tx-body").screenshot(path=str(tmp_path / "maths.png"))
        assert (tmp_path / "maths.png").stat().st_size > 5000
        context.close()


def test_a_wide_formula_scrolls_sideways_on_a_phone(built):
    _need_browser()
    site, _ = built
    with common.serve(site) as local, common.browser() as chromium:
        base = common.origin_for(site, local)
        context = common.new_context(chromium, local, base)
        tab = context.new_page()
        tab.set_viewport_size({"width": 360, "height": 740})
        tab.goto(base + "resources/quadratics/", wait_until="load")
        wide = tab.locator('.tx-maths:has(> math[alttext^="1 + 2"])')
        sizes = wide.evaluate("e => [e.scrollWidth, e.clientWidth, document.documentElement.scrollWidth, innerWidth]")
        assert sizes[0] > sizes[1], "the formula scrolls inside its box"
        assert sizes[2] <= sizes[3], "the page itself does not scroll sideways"
        assert wide.get_attribute("tabindex") == "0" and wide.get_attribute("role") == "region"
        narrow = tab.locator('.tx-maths:has(> math[alttext^="x = "])')
        assert narrow.get_attribute("tabindex") is None, "only a box that scrolls takes a Tab stop"
        context.close()


# -- Email: formulas as PNG pictures, on a site served from a sub-path, drawn once.

EMAIL_CONFIG = CONFIG.replace("site_url: https://maths.example.org/", "site_url: https://maths.example.org/network/")
HOSTILE = r"""---
title: 'Comparing $a < b$ and $<script>alert(1)</script>$'
summary: 'A quote in a formula: $\text{"&"} + \frac{1}{2}$, and a diagram.'
date: 2026-02-07
topics: [algebra]
phases: [ks3]
resource_type: lesson
image: {src: diagram.svg, alt: A bar split into halves}
---

A lesson.
"""
DIAGRAM = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>\n'


@pytest.fixture(scope="module")
def emailed(tmp_path_factory) -> tuple[Path, Path, str]:
    """A site at https://maths.example.org/network/ whose formulas reach email, built twice with one
    cache: (the first build, the second, the second's log)."""
    root = tmp_path_factory.mktemp("emailed")
    docs = {**DOCS, "resources/hostile.md": HOSTILE, "resources/diagram.svg": DIAGRAM}
    for path, content in docs.items():
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_text(content, encoding="utf-8")
    (root / "mkdocs.yml").write_text(EMAIL_CONFIG, encoding="utf-8")
    env = {"TESSELLATE_CACHE": str(root / "cache")}
    logs = []
    for out in ("cold", "warm"):
        result = run_build("build", "-v", "-f", str(root / "mkdocs.yml"), "-d", str(root / out), env=env)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr
        logs.append(result.stdout + result.stderr)
    return root / "cold", root / "warm", logs[1]


def formula_pictures(email: Path) -> list[lxml.html.HtmlElement]:
    tree = lxml.html.fragment_fromstring(email.read_text(encoding="utf-8"), create_parent="div")
    return [img for img in tree.iter("img") if "/assets/maths/" in img.get("src")]


def test_every_email_of_a_site_with_formulas_holds_no_svg(emailed):
    cold, _, _ = emailed
    emails = sorted((cold / "share").rglob("email.html"))
    assert len(emails) >= 4  # each item's and the digest
    for email in emails:
        source = email.read_text(encoding="utf-8")
        assert "<svg" not in source.lower() and ".svg" not in source.lower(), email
    # The item's own image is an SVG: its email shows the item's PNG card, and the diagram nowhere.
    hostile = lxml.html.fragment_fromstring((cold / "share/resources/hostile/email.html").read_text(encoding="utf-8"),
                                            create_parent="div")
    assert [img.get("src") for img in hostile.iter("img") if "/assets/maths/" not in img.get("src")] == [
        "https://maths.example.org/network/share/resources/hostile/card.png"]


def test_email_formulas_are_pngs_at_twice_their_size_on_the_sites_host_and_sub_path(emailed):
    cold, _, _ = emailed
    pictures = formula_pictures(cold / "share/resources/quadratics/email.html")
    assert [img.get("alt") for img in pictures] == ["x^2 + 5x + 6", "x^2 + 5x + 6 = (x + 2)(x + 3)"]  # title, summary
    for img in pictures:
        assert re.fullmatch(r"https://maths\.example\.org/network/assets/maths/[0-9a-f]{20}\.png", img.get("src"))
        assert_a_sharp_png(cold / img.get("src").removeprefix("https://maths.example.org/network/"), img)


def test_email_formula_alt_is_the_latex_and_hostile_latex_stays_text(emailed):
    cold, _, _ = emailed
    email = cold / "share/resources/hostile/email.html"
    assert [img.get("alt") for img in formula_pictures(email)] == [
        "a < b", "<script>alert(1)</script>", r'\text{"&"} + \frac{1}{2}']
    # Read back as a mail client parses it: the LaTeX stays inside its attribute, no element is made of it.
    tree = lxml.html.parse(str(email)).getroot()
    assert not tree.xpath("//script") and len(tree.xpath("//img")) == 4  # three formulas and the card
    for img in formula_pictures(email):
        assert_a_sharp_png(cold / img.get("src").removeprefix("https://maths.example.org/network/"), img)


def test_an_unchanged_formula_is_not_drawn_again_and_the_warm_site_has_the_cold_ones_bytes(emailed):
    cold, warm, log = emailed
    assert re.search(r"0 formula\(s\) drawn for email, [1-9]\d* unchanged", log), log
    drawn = sorted(path.name for path in (cold / "assets/maths").iterdir())
    assert drawn and sorted(path.name for path in (warm / "assets/maths").iterdir()) == drawn
    for name in drawn:
        assert (warm / "assets/maths" / name).read_bytes() == (cold / "assets/maths" / name).read_bytes()
    for email in (cold / "share").rglob("email.html"):
        assert (warm / email.relative_to(cold)).read_bytes() == email.read_bytes()
