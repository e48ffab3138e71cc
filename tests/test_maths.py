"""Maths notation without MkDocs: finding formulas, MathML, plain and spoken text, email pictures,
the Markdown extension and the search index, each read back as a reader or a parser sees it."""

from __future__ import annotations

import io
import json
from importlib.metadata import version
from pathlib import Path

import lxml.html
import markdown
import pytest
from lxml import etree
from PIL import Image

from outputs import live_markup
from tessellate import raster
from tessellate.maths import MathsError, convert, formulas, images, plain_text, split
from tessellate.maths.images import FormulaPictures
from tessellate.maths.markdown import MathsExtension
from tessellate.maths.mathml import element
from tessellate.maths.search import searchable
from tessellate.maths.tex import Formula
from tessellate.maths.words import spoken
from tessellate.model import Site
from tessellate.sanitise import sanitise_html
from tessellate.store import Store

SITE = Site(name="Maths", docs_dir=Path("/nonexistent"), url="https://maths.example.org/sub/")


def mathml(tex: str, display: bool = False) -> etree._Element:
    """The MathML for `tex`, parsed as XML: it must be well-formed."""
    return etree.fromstring(convert(tex, display))


def render(text: str) -> lxml.html.HtmlElement:
    """Markdown through the site's usual extensions plus maths, sanitised as pages are."""
    html = markdown.markdown(text, extensions=["fenced_code", "tables", MathsExtension()])
    return lxml.html.fragment_fromstring(sanitise_html(html, ()), create_parent="div")


# -- Where formulas are

@pytest.mark.parametrize("text", ["It costs £3.20.", "Pay $5 or $10.", "A $5 note and a $10 note",
                                  "Between $ 3 and 4 $ dollars", "US$100 and $20"])
def test_prices_are_not_maths(text):
    assert formulas(text) == []
    assert plain_text(text) == text


def test_inline_display_and_escaped_dollars():
    parts = list(split(r"Area $\pi r^2$, then $$\frac{a}{b}$$ and \$4."))
    assert [p if isinstance(p, str) else (p.tex, p.display) for p in parts] == \
        ["Area ", (r"\pi r^2", False), ", then ", (r"\frac{a}{b}", True), " and ", "$", "4."]


# -- MathML

def test_fraction_power_and_roots_have_their_structure():
    fraction = mathml(r"\frac{3}{4}")
    assert fraction.tag == "math" and fraction.get("alttext") == r"\frac{3}{4}"
    assert fraction.get("display") == "inline"
    (frac,) = fraction.iter("mfrac")
    assert ["".join(part.itertext()) for part in frac] == ["3", "4"]
    (sup,) = mathml("x^2").iter("msup")
    assert [(c.tag, c.text) for c in sup] == [("mi", "x"), ("mn", "2")]
    assert "".join(next(mathml(r"\sqrt{2}").iter("msqrt")).itertext()) == "2"
    root = next(mathml(r"\sqrt[3]{8}").iter("mroot"))
    assert ["".join(part.itertext()) for part in root] == ["8", "3"]


def test_display_maths_is_a_block_and_aligned_equations_are_a_table():
    math = mathml("\\begin{aligned} 2x + 3 &= 11 \\\\ x &= 4 \\end{aligned}", display=True)
    assert math.get("display") == "block"
    rows = list(math.iter("mtr"))
    assert len(rows) == 2
    assert ["".join(row.itertext()) for row in rows] == ["2x+3=11", "x=4"]


@pytest.mark.parametrize("tex, reason", [
    (r"\frac{1}{", "a { has no matching }"), ("x^", "a ^ or _ has nothing after it"),
    (r"\fraction{3}{4}", r"'\fraction' is not a command the site knows"),
    (r"\begin{matrix} a", r"a \begin has no matching \end"), ("", "the formula is empty"),
    (r"\href{https://x.org}{x}", r"a link (\href) cannot be kept inside a formula; write the link outside the $...$"),
    (r"\url{https://x.org}", r"a link (\url) cannot be kept inside a formula; write the link outside the $...$"),
])
def test_bad_latex_says_why(tex, reason):
    with pytest.raises(MathsError) as raised:
        convert(tex)
    assert str(raised.value) == reason


@pytest.mark.parametrize("tex", [r"\text{<script>alert(1)</script>}",
                                 r"\text{<img src=x onerror=alert(1)>}", r"\mathrm{\"><svg onload=alert(1)>}"])
def test_hostile_latex_yields_no_live_markup(tex):
    html = sanitise_html(f"<p>{convert(tex)}</p>", ())
    assert not live_markup(html), html
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not tree.xpath("//*[@href or @src or @onerror or @onload]")
    assert not tree.xpath("//script|//img|//svg")
    assert tree.xpath("//math/@alttext") == [tex]


def test_the_sanitiser_keeps_mathml_and_drops_what_is_hostile():
    html = ('<math display="block" alttext="x"><semantics><mrow><mfrac linethickness="0"><mi mathvariant="bold">x</mi>'
            '<mn>2</mn></mfrac><mo stretchy="false" lspace="0" onclick="alert(1)">(</mo></mrow>'
            '<annotation encoding="application/x-tex">x</annotation></semantics>'
            '<mi href="javascript:alert(2)">y</mi><script>alert(3)</script></math>')
    tree = lxml.html.fragment_fromstring(sanitise_html(html, ()), create_parent="div")
    math = tree.find("math")
    assert math.get("display") == "block" and math.get("alttext") == "x"
    assert [e.tag for e in math.iter()] == ["math", "semantics", "mrow", "mfrac", "mi", "mn", "mo", "annotation", "mi"]
    assert tree.find(".//mfrac").get("linethickness") == "0" and tree.find(".//mi").get("mathvariant") == "bold"
    assert tree.find(".//mo").attrib == {"stretchy": "false", "lspace": "0"}
    assert not tree.xpath("//@href|//@onclick|//script")


# -- Plain and spoken text

@pytest.mark.parametrize("text, plain", [
    ("$x^2 + 5x + 6$", "x² + 5x + 6"), (r"$\frac{3}{4}$ of a cake", "3/4 of a cake"), (r"$\sqrt{2}$", "√2"),
    (r"$\frac{x+1}{2}$", "(x + 1)/2"), (r"$\sqrt{x+1}$", "√(x + 1)"), ("$2^{10}$ and $a_1$", "2¹⁰ and a₁"),
    ("$x^{2y}$", "x^(2y)"), (r"$3 \times 4 - 1 \le 11$", "3 × 4 − 1 ≤ 11"), (r"Save \$5 on $x$", "Save $5 on x"),
    (r"Broken $\frac{1}{$ stays", r"Broken $\frac{1}{$ stays"), ("No maths at all", "No maths at all"),
])
def test_plain_text(text, plain):
    assert plain_text(text) == plain


@pytest.mark.parametrize("tex, said", [
    ("x^2 + 5x + 6", "x squared plus 5 x plus 6"), (r"\frac{3}{4}", "3 over 4"),
    (r"\sqrt{2}", "the square root of 2"), (r"\sqrt[3]{8}", "the cube root of 8"), ("y^3 = 2^5", "y cubed equals 2 to the power 5"),
])
def test_spoken_text(tex, said):
    assert spoken(element(tex)) == said


# -- Pictures for email

def pictures(tmp_path: Path, cache: str = "cache") -> FormulaPictures:
    """A build's email pictures: kept in a store under `tmp_path`/`cache`, written into `tmp_path`/site."""
    return FormulaPictures(Store(tmp_path / cache, "formulas"), tmp_path / "site")


def test_email_form_draws_each_formula_once_as_png_at_twice_its_size_on_the_sites_own_host(tmp_path):
    area, fraction, root = convert(r"\pi r^2"), convert(r"\frac{3}{4}"), convert(r"\sqrt{2}", True)
    body = f'<p>Area {area} and {fraction}, again {area}.</p><div class="tx-maths">{root}</div>'
    drawn = pictures(tmp_path)
    tree = lxml.html.fragment_fromstring(drawn.for_email(body, SITE), create_parent="div")
    assert not tree.xpath("//math")
    images = tree.xpath("//img")
    assert [img.get("alt") for img in images] == [r"\pi r^2", r"\frac{3}{4}", r"\pi r^2", r"\sqrt{2}"]
    assert images[0].get("src") == images[2].get("src") != images[1].get("src")
    files = sorted((tmp_path / "site" / "assets" / "maths").iterdir())
    assert len(files) == 3 and drawn.drawn == 3, "one file per distinct formula"
    for img in images:
        assert img.get("src").startswith("https://maths.example.org/sub/assets/maths/") and img.get("src").endswith(".png")
        with Image.open(tmp_path / "site" / img.get("src").removeprefix("https://maths.example.org/sub/")) as png:
            assert png.format == "PNG"
            assert png.size == (2 * int(img.get("width")), 2 * int(img.get("height")))
            assert int(img.get("width")) > 5 and int(img.get("height")) > 5
            assert _inked(png), "the formula is drawn, not a blank picture"
    assert int(images[1].get("height")) > int(images[0].get("height")), "a fraction stands taller than a power"


def _inked(png: Image.Image) -> bool:
    """Whether the picture holds dark strokes on its light background."""
    darkest, lightest = png.convert("L").getextrema()
    return darkest < 64 and lightest > 192


def test_email_form_alt_is_the_latex_escaped(tmp_path):
    tex = r"\text{<script>alert(1)</script>} + \text{\"a\" & b}"
    html = pictures(tmp_path).for_email(f"<p>{convert(tex)}</p>", SITE)
    (img,) = lxml.html.fragment_fromstring(html, create_parent="div").xpath("//img")
    assert img.get("alt") == tex
    assert "<script" not in html and not lxml.html.fragment_fromstring(html, create_parent="div").xpath("//script")


def test_email_form_draws_a_formula_once_and_publishes_the_kept_bytes(tmp_path):
    html = f"<p>{convert('x^2')}</p>"
    cold = pictures(tmp_path)
    first = cold.for_email(html, SITE)
    (published,) = (tmp_path / "site" / "assets" / "maths").iterdir()
    cold_bytes = published.read_bytes()
    published.write_bytes(b"edited in place")  # a later build must not read what is published
    warm = pictures(tmp_path)
    assert warm.for_email(html, SITE) == first
    assert (warm.drawn, warm.reused) == (0, 1), "an unchanged formula is not drawn again"
    assert published.read_bytes() == cold_bytes


def test_email_form_draws_again_a_damaged_kept_picture(tmp_path):
    html = f"<p>{convert('x^3')}</p>"
    first = pictures(tmp_path).for_email(html, SITE)
    published = next((tmp_path / "site" / "assets" / "maths").iterdir()).read_bytes()
    (kept,) = [p for p in (tmp_path / "cache" / "formulas").rglob("*") if p.is_file()]
    kept.write_bytes(kept.read_bytes()[:-10])
    again = pictures(tmp_path)
    assert again.for_email(html, SITE) == first and again.drawn == 1
    assert next((tmp_path / "site" / "assets" / "maths").iterdir()).read_bytes() == published


def test_naming_formulas_reads_the_drawing_packages_versions_once_not_once_a_formula(monkeypatch):
    # A maths network's emails name thousands of formulas every build, warm or cold; each lookup of a
    # package's version costs over a millisecond.
    looked_up = []

    def counted(name: str) -> str:
        looked_up.append(name)
        return version(name)

    monkeypatch.setattr(images, "version", counted)
    monkeypatch.setattr(raster, "version", counted)
    names = {images.key(Formula(f"x^{{{n}}}", False)) for n in range(50)}
    assert len(names) == 50 and len(looked_up) <= 3, looked_up


@pytest.mark.parametrize("box", ["0 0 95 57", "0,0,95,57", " 0, 0 95,57 "])
def test_a_picture_whose_units_are_not_pixels_keeps_its_scale_when_grown_to_whole_pixels(box):
    # 9.5 by 5.7 pixels showing 95 by 57 units: the right half black. Grown to 10 by 6, it must still
    # show the whole drawing at its scale, not its top-left corner.
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="9.5" height="5.7" viewBox="{box}">'
           '<rect x="47.5" width="47.5" height="57" fill="#000"/></svg>')
    data, width, height = raster.png(svg, 2)
    with Image.open(io.BytesIO(data)) as picture:
        grey = picture.convert("L")
        assert (width, height) == (10, 6) and grey.size == (20, 12)
        assert grey.getpixel((2, 6)) > 192 and grey.getpixel((16, 6)) < 64, "the left half white, the right half black"


# -- The Markdown extension

def test_markdown_typesets_maths_and_leaves_code_and_prices_alone():
    tree = render("Costs $5 or $10, £3.20, and \\$4. Area $\\pi r^2$ and `$x$` in code.\n\n"
                  "$$\\frac{1}{2}$$\n\n```math\n\\sqrt{2}\n```\n\n```python\nprice = \"$5 and $x$\"\n```\n")
    paragraph = tree.find("p")
    assert paragraph.text_content().startswith("Costs $5 or $10, £3.20, and $4. Area ")
    assert [m.get("alttext") for m in tree.iter("math")] == [r"\pi r^2", r"\frac{1}{2}", r"\sqrt{2}"]
    assert [c.text for c in tree.iter("code")] == ["$x$", 'price = "$5 and $x$"\n']
    displays = tree.xpath("./div[@class='tx-maths']/math")
    assert [m.get("display") for m in displays] == ["block", "block"]


def test_markdown_shows_bad_latex_as_code():
    tree = render("Try $\\frac{1}{$ now.")
    (code,) = tree.iter("code")
    assert code.text == "$\\frac{1}{$" and code.get("class") == "tx-maths-error"
    assert not list(tree.iter("math"))


# -- Search

def test_search_reads_each_formula_as_its_source_and_its_words():
    content = f"<h2 id='q'>Quadratics</h2><p>Expand {convert('(x+2)(x+3)')} to get {convert('x^2 + 5x + 6')}.</p>"
    seen = lxml.html.fragment_fromstring(searchable(content), create_parent="div")
    assert not list(seen.iter("math"))
    assert " ".join(seen.find("p").text_content().split()) == \
        "Expand (x+2)(x+3) (open bracket x plus 2 close bracket open bracket x plus 3 close bracket) " \
        "to get x^2 + 5x + 6 (x squared plus 5 x plus 6) ."


def test_search_text_of_hostile_latex_is_text():
    formula = convert(r"\text{<script>alert(1)</script>}")
    html = searchable(f"<p>{formula}</p>")
    assert not live_markup(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# -- The cache between builds

def test_typeset_formulas_are_kept_between_builds(tmp_path, monkeypatch):
    from tessellate.maths import cache as cache_module
    from tessellate.maths import mathml as mathml_module
    from tessellate.store import Store
    path = Store(tmp_path / ".cache", "maths")
    first = cache_module.FormulaCache()
    monkeypatch.setattr(mathml_module, "CACHE", first)
    first.load(path)
    typeset = convert(r"\frac{5}{7}")
    with pytest.raises(MathsError):
        convert(r"\frac{5}{")
    first.save()
    second = cache_module.FormulaCache()
    monkeypatch.setattr(mathml_module, "CACHE", second)
    second.load(Store(tmp_path / ".cache", "maths"))
    # A second build reads both answers from the file, without converting again.
    monkeypatch.setattr(mathml_module, "_typeset", lambda tex, display: pytest.fail(f"converted {tex} again"))
    assert convert(r"\frac{5}{7}") == typeset
    with pytest.raises(MathsError, match="a { has no matching }"):
        convert(r"\frac{5}{")


def test_a_cache_from_another_converter_version_is_dropped(tmp_path):
    from tessellate.maths.cache import KEY, FormulaCache
    from tessellate.store import Store
    store = Store(tmp_path, "maths")
    store.write(KEY, json.dumps({"version": "0/latex2mathml 0.0", "formulas": {"Ix": ["mathml", "<math>stale</math>"]}}).encode())
    cache = FormulaCache()
    cache.load(Store(tmp_path, "maths"))
    assert cache.get("Ix") is None


def test_feed_addresses_are_made_absolute_around_formulas():
    from tessellate.feeds.content import absolutise

    class Item:
        url = "resources/a/"
    half = convert(r"\frac{1}{2}", True)
    html = f'<p>See <a href="b/">b</a> AT&amp;T {convert("x^2")} then <img src="p.png" alt="a"></p><div>{half}</div><p>end</p>'
    tree = lxml.html.fragment_fromstring(absolutise(html, Item, SITE), create_parent="div")
    assert [e.tag for e in tree.iter() if e.tag in ("a", "math", "img", "div", "p")] == \
        ["div", "p", "a", "math", "img", "div", "math", "p"]
    assert tree.find(".//a").get("href") == "https://maths.example.org/sub/resources/a/b/"
    assert tree.find(".//img").get("src") == "https://maths.example.org/sub/resources/a/p.png"
    assert " ".join(tree.text_content().split()) == "See b AT&T x2 then 12end"
