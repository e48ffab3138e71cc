"""Stories' progress charts: drawn at build time from a CSV, shown on the story's page as an SVG named
for readers with its numbers in a table, carried by its email and feed entry as PNG, escaped
everywhere, and never drawn again while nothing it shows changed.

Bad CSVs are cases of test_bad_input (tests/data/bad/story-chart-*)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html
from PIL import Image

from conftest import run_build, write_site
from tessellate import charts
from tessellate.model import Site, load_catalogue
from tessellate.model.kept import KeptReads
from tessellate.store import Store
from test_model import TAXONOMY

BRAND = "#7a2e8e"
TITLE = 'Club <script>alert("title")</script> & "friends"'
LABELS = ["Week 1", "<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "Week 4", "Week 5"]
VALUES = [8, 9, 11, 10, 13]
GOAL = 12
CONFIG = f"""\
site_name: Test Maths Network
site_url: https://example.net/
docs_dir: docs
theme: {{name: material}}
plugins:
  - tessellate:
      brand: {{colour: "{BRAND}"}}
      taxonomy:
        topics: {{number: Number}}
        phases: {{ks3: Key Stage 3}}
        resource_types: {{guide: Guide}}
"""
STORY = f"""\
---
title: A maths club that grew
summary: More students come to the lunchtime maths club each week.
date: 2026-02-07
topics: [number]
organisation: Trenvallow Academy
chart: {{file: attendance.csv, title: {json.dumps(TITLE)}}}
---

What the club did.
"""


def csv_text(values=VALUES) -> str:
    rows = "".join(f'"{label.replace(chr(34), chr(34) * 2)}",{value},{GOAL}\n' for label, value in zip(LABELS, values))
    return "Week,Attendance,Goal\n" + rows


def build(root: Path, out: str) -> str:
    result = run_build("build", "-v", "-f", str(root / "mkdocs.yml"), "-d", str(root / out),
                       env={"TESSELLATE_CACHE": str(root / "cache")})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str, str]:
    """The site built cold, then again warm: (root, cold log, warm log)."""
    root = tmp_path_factory.mktemp("charts")
    write_site(root, CONFIG, {"stories/club.md": STORY, "stories/attendance.csv": csv_text()})
    return root, build(root, "cold"), build(root, "warm")


def page(root: Path, out: str = "cold"):
    return lxml_html.fromstring((root / out / "stories/club/index.html").read_bytes())


def no_live_markup(tree) -> None:
    """Nothing a CSV or a title carried became an element or an attribute."""
    assert not [s for s in tree.iter("script", "{*}script") if "alert" in (s.text or "")]
    assert not [e for e in tree.iter() if isinstance(e.tag, str) and any(a.lower().startswith("on") for a in e.attrib)]
    assert not [e for e in tree.iter("img") if e.get("src") == "x"]


def test_the_page_shows_the_chart_as_an_svg_named_for_readers(built):
    root, _, _ = built
    figure = page(root).xpath("//figure[@class='tx-chart']")[0]
    svg = figure.xpath(".//*[local-name()='svg']")[0]
    assert svg.get("role") == "img"
    named = figure.xpath(f".//*[@id='{svg.get('aria-labelledby')}']")[0]
    assert named.tag.endswith("title") and named.getparent() is svg
    assert named.text.startswith(TITLE + ": Attendance 8 (Week 1) to 13 (Week 5), goal 12")
    source = etree.tostring(svg, encoding="unicode")
    assert BRAND in source.lower()
    assert "@font-face" not in source and "font-family" not in source and "url(" not in source.replace("url(#", "")
    assert not [e for e in svg.iter() if isinstance(e.tag, str) and e.tag.endswith(("style", "script", "foreignObject"))]
    no_live_markup(figure)


def test_the_table_holds_every_row_under_a_caption(built):
    root, _, _ = built
    table = page(root).xpath("//figure[@class='tx-chart']//details/table")[0]
    assert table.xpath("caption")[0].text_content() == TITLE
    assert [th.text_content() for th in table.xpath("thead//th")] == ["Week", "Attendance", "Goal"]
    rows = [[cell.text_content() for cell in row.xpath("th|td")] for row in table.xpath("tbody/tr")]
    assert rows == [[label, str(value), str(GOAL)] for label, value in zip(LABELS, VALUES)]


def test_email_and_feed_carry_the_chart_as_png_with_alt_text(built):
    root, _, _ = built
    site = root / "cold"
    png = Image.open(io.BytesIO((site / "stories/club/chart.png").read_bytes()))
    assert png.format == "PNG" and png.size == (1104, 690)
    email_source = (site / "share/stories/club/email.html").read_text(encoding="utf-8")
    assert "<svg" not in email_source.lower()
    email = lxml_html.fromstring(email_source)
    chart = email.xpath("//img[@src='https://example.net/stories/club/chart.png']")[0]
    assert (chart.get("width"), chart.get("height")) == ("552", "345")
    assert chart.get("alt").startswith(TITLE)
    no_live_markup(email)
    feed = etree.parse(str(site / "stories/feed.xml"))
    content = lxml_html.fromstring(feed.xpath("//item/*[local-name()='encoded']")[0].text)
    image = content.xpath("//img[@src='https://example.net/stories/club/chart.png']")[0]
    assert image.get("alt").startswith(TITLE)
    no_live_markup(content)


def test_the_social_card_shows_the_chart_beside_the_title(built):
    root, _, _ = built
    card = Image.open(root / "cold/share/stories/club/card.png").convert("RGB")
    assert card.size == (1200, 630)
    brand = tuple(int(BRAND[n:n + 2], 16) for n in (1, 3, 5))
    left, top, right, bottom = charts.CARD_BOX
    line = sum(1 for pixel in card.crop((left, top, right, bottom)).get_flattened_data()
               if sum(abs(a - b) for a, b in zip(pixel, brand)) < 24)
    assert line > 500  # the chart's line, in the brand colour: nothing else of a card's is drawn there in it


def test_the_share_kit_page_and_social_text_escape_the_title(built):
    root, _, _ = built
    kit = root / "cold/share/stories/club"
    no_live_markup(lxml_html.fromstring((kit / "index.html").read_bytes()))
    social = json.loads((kit / "social.json").read_text(encoding="utf-8"))
    assert all("alert" not in text for text in social.values())  # the chart's title is not a post's


def test_a_warm_build_draws_no_chart_and_publishes_the_same_bytes(built):
    root, cold_log, warm_log = built
    assert "Charts: 1 drawn" in cold_log
    assert "Charts: 0 drawn" in warm_log, warm_log
    assert re.search(r"Share kit: \d+ social card\(s\) drawn", warm_log) and "Share kit: 0 social card(s) drawn" in warm_log
    for path in ("stories/club/chart.png", "stories/club/index.html"):
        assert (root / "cold" / path).read_bytes() == (root / "warm" / path).read_bytes(), path


def test_an_edited_csv_is_read_again_though_it_keeps_its_size(tmp_path):
    docs = tmp_path / "docs"
    (docs / "stories").mkdir(parents=True)
    (docs / "stories/club.md").write_text(STORY, encoding="utf-8")
    (docs / "stories/attendance.csv").write_text(csv_text(), encoding="utf-8")
    site = Site(name="Test Maths Network", docs_dir=docs, url="https://example.net/", taxonomy=TAXONOMY)

    def chart():
        catalogue = load_catalogue(site, kept=KeptReads(Store(tmp_path / "cache", "reads"), "settings"))
        assert not catalogue.problems, catalogue.problems
        return catalogue.items[0].chart

    assert chart().values == tuple(VALUES)
    edited = [*VALUES[:-1], 14]  # 13 -> 14: the same number of bytes
    (docs / "stories/attendance.csv").write_text(csv_text(edited), encoding="utf-8")
    assert chart().values == tuple(edited)


def test_a_spreadsheet_csv_with_a_byte_order_mark_and_blank_goals_is_read(tmp_path):
    docs = tmp_path / "docs"
    (docs / "stories").mkdir(parents=True)
    (docs / "stories/club.md").write_text(STORY.replace(json.dumps(TITLE), "Attendance"), encoding="utf-8")
    (docs / "stories/attendance.csv").write_bytes("\ufeffTerm,Pass rate,Notes,goal\r\nAutumn,18.5,,\r\n"
                                                  "Spring,22,half term,25\r\n\r\n".encode("utf-8"))
    site = Site(name="n", docs_dir=docs, url="https://example.net/", taxonomy=TAXONOMY)
    catalogue = load_catalogue(site)
    assert not catalogue.problems, catalogue.problems
    chart = catalogue.items[0].chart
    assert (chart.columns, chart.labels, chart.values, chart.goals) == (
        ("Term", "Pass rate", "goal"), ("Autumn", "Spring"), (18.5, 22.0), (None, 25.0))


def test_dollar_signs_in_a_csv_are_drawn_as_typed_not_read_as_formulas(tmp_path):
    """matplotlib reads text between two $ as its own formula language: "$5 to $10" lost its dollars,
    and a label it could not parse ($\\frac$) stopped the build."""
    labels = ["$5 a head", "$\\frac$ week", "Week $3"]
    rows = "".join(f"{label},{n}\n" for n, label in enumerate(labels, 1))
    write_site(tmp_path, CONFIG, {"stories/club.md": STORY, "stories/attendance.csv": "Week,Spend ($)\n" + rows})
    build(tmp_path, "out")
    table = page(tmp_path, "out").xpath("//figure[@class='tx-chart']//details/table")[0]
    assert [row.xpath("th")[0].text_content() for row in table.xpath("tbody/tr")] == labels
    assert (tmp_path / "out/stories/club/chart.png").is_file()


def test_a_site_without_charts_never_imports_matplotlib(tmp_path):
    import subprocess
    import sys
    code = ("import sys; from tessellate.charts import Charts, page_chart; import tessellate.pages.plugin; "
            "print('matplotlib' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "False", result.stdout + result.stderr
