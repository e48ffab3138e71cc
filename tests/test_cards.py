"""The tall social cards (Instagram's feed, stories) and the cards' fallback font, as a coordinator meets
them: the pictures in each share kit and on its page, what the Instagram text says to post, a Chinese or
Japanese title drawn in a font that has it, or else a warning from `check`."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from conftest import REPO, run_build
from test_share import BESIDE_CONFIG, SMALL_CONFIG, small_item

TEST_FONT = REPO / "tests/data/fonts/DroidSansFallback-subset.ttf"  # 18 CJK characters, see its README
CJK_TITLE = "数学の教室: 分数と比例"
SIZES = {"card.png": (1200, 630), "card-portrait.png": (1080, 1350), "card-story.png": (1080, 1920)}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cards")
    for name, text in {"index.md": "# Small\n",
                       "resources/walls.md": small_item("Fraction walls", "Equivalence on a wall.", "2026-03-02"),
                       "stories/win.md": small_item("A win", "It worked.", "2026-03-20", kind="stories")}.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(SMALL_CONFIG)
    result = run_build("build", "-v", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out"), env=BESIDE_CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 social card(s) drawn, 0 unchanged" in result.stderr  # three per item, and the site's own
    return root


def test_every_kit_has_a_portrait_and_a_story_card_of_their_sizes(site):
    for kit in ("resources/walls", "stories/win"):
        for name, size in SIZES.items():
            with Image.open(site / "out/share" / kit / name) as card:
                assert (card.format, card.size) == ("PNG", size), f"{kit}/{name}"
                shown = card.convert("RGB")
            # The brand band at the top, the stripe at the foot; dark title text on white between.
            brand = (0x7A, 0x1B, 0x5E)
            assert shown.getpixel((5, 5)) == brand and shown.getpixel((5, size[1] - 3)) == brand
            middle = {colour for _, colour in shown.crop((0, size[1] // 4, size[0], size[1] // 2)).getcolors(size[0] * size[1])}
            assert (0x1A, 0x1A, 0x1A) in middle and (255, 255, 255) in middle, f"{kit}/{name}"


def test_the_tall_cards_draw_the_title_bigger(site):
    def tallest_letter(path: Path, top: int) -> int:
        """Height in pixels of the title's first line: dark rows below `top` until the first white gap."""
        with Image.open(path) as card:
            grey = card.convert("L")
        rows = [grey.crop((0, y, grey.width, y + 1)).getextrema()[0] < 100 for y in range(top, grey.height)]
        start = rows.index(True)
        return rows[start:].index(False)
    wide = tallest_letter(site / "out/share/resources/walls/card.png", 200)
    assert tallest_letter(site / "out/share/resources/walls/card-portrait.png", 330) > 1.3 * wide
    assert tallest_letter(site / "out/share/resources/walls/card-story.png", 540) > 1.3 * wide


def test_an_unchanged_site_draws_no_card_and_publishes_the_same_pictures(site):
    cache = site / ".cache" / "tessellate" / "cards"
    kept = {p.name: p.read_bytes() for p in cache.glob("*/*")}  # (reading an entry touches it: not its time)
    assert len(kept) == 7
    result = run_build("build", "-v", "-f", str(site / "mkdocs.yml"), "-d", str(site / "again"), env=BESIDE_CONFIG)
    assert result.returncode == 0, result.stderr
    assert "0 social card(s) drawn, 7 unchanged" in result.stderr
    assert {p.name: p.read_bytes() for p in cache.glob("*/*")} == kept  # none added, none changed
    for name in SIZES:
        assert (site / "again/share/resources/walls" / name).read_bytes() == (site / "out/share/resources/walls" / name).read_bytes()


def test_the_kit_page_offers_each_card_with_its_size_and_alt_text(site):
    page = lxml.html.parse(str(site / "out/share/resources/walls/index.html")).getroot()
    cards = page.xpath(".//section[h2='Social cards']")[0]
    assert [img.get("src") for img in cards.iter("img")] == list(SIZES)
    assert all("Fraction walls" in img.get("alt") for img in cards.iter("img"))
    downloads = {a.get("href"): " ".join(a.text_content().split()) for a in cards.xpath(".//a[@download]")}
    assert downloads == {"card.png": "Download the social card (PNG, 1200 × 630)",
                         "card-portrait.png": "Download the portrait card (PNG, 1080 × 1350)",
                         "card-story.png": "Download the story card (PNG, 1080 × 1920)"}
    captions = " ".join(cards.xpath("string(.)").split())
    assert "Instagram's feed" in captions and "Instagram and TikTok stories" in captions


def test_the_instagram_text_says_to_post_it_with_the_portrait_card(site):
    page = lxml.html.parse(str(site / "out/share/resources/walls/index.html")).getroot()
    instagram = page.xpath(".//div[h3='Instagram']")[0]
    said = " ".join(instagram.xpath("string(.)").split())
    assert "Post it with the portrait card" in said and "TikTok" in said
    assert [a.get("href") for a in instagram.xpath(".//a[@download]")] == ["card-portrait.png", "card-story.png"]
    # The other platforms show the page's own card under its link: no picture to attach.
    assert not page.xpath(".//div[h3='X']//a[@download]")


# -- Titles in scripts the shipped font lacks.

@pytest.fixture
def fonts(monkeypatch):
    """The cards' font search, emptied of what this machine has; caches cleared before and after."""
    from tessellate.share import cards, typefaces

    def clear():
        for cached in (typefaces.fallbacks, typefaces.has, cards._title, cards._background):
            cached.cache_clear()
    clear()
    monkeypatch.setattr(typefaces, "KNOWN", ())
    monkeypatch.setattr(typefaces.shutil, "which", lambda name: None)  # no fc-list
    yield typefaces
    clear()


def test_a_cjk_title_is_drawn_in_a_fallback_font_where_the_machine_has_one(fonts, monkeypatch):
    from tessellate.share import cards
    from tessellate.share.cards import PORTRAIT, Card, draw

    card = Card(CJK_TITLE, "Resource", "Key Stage 3", "Small network", "#7a1b5e")
    assert fonts.missing(CJK_TITLE) == "数学の教室分と比例"  # DejaVu Sans has none of them: boxes
    boxes, key_with_boxes = draw(card, PORTRAIT).tobytes(), card.key(PORTRAIT)

    monkeypatch.setattr(fonts, "KNOWN", ((str(TEST_FONT), False),))
    fonts.fallbacks.cache_clear()
    cards._title.cache_clear()
    assert fonts.missing(CJK_TITLE) == ""
    assert fonts.has(fonts.Source(str(TEST_FONT)), "数") and not fonts.has(fonts.primary(True), "数")
    # Chosen per run of characters: the punctuation and space stay in the card's own font.
    assert [(Path(source.path).name, text) for source, text in fonts.runs(CJK_TITLE, True)] == [
        ("DroidSansFallback-subset.ttf", "数学の教室"), ("DejaVuSans-Bold.ttf", ": "),
        ("DroidSansFallback-subset.ttf", "分数と比例")]
    assert draw(card, PORTRAIT).tobytes() != boxes
    assert card.key(PORTRAIT) != key_with_boxes  # a font installed later makes a new card, not the kept boxes


def test_without_a_fallback_font_check_warns_once_with_file_line_and_how_to_fix_it(fonts, tmp_path, capsys):
    from tessellate.cli import main

    (tmp_path / "docs/resources").mkdir(parents=True)
    (tmp_path / "docs/index.md").write_text("# Small\n", encoding="utf-8")
    (tmp_path / "docs/resources/cjk.md").write_text(small_item(CJK_TITLE, "Fractions in Japanese.", "2026-03-02"),
                                                    encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(SMALL_CONFIG, encoding="utf-8")
    code = main(["check", "-f", str(tmp_path / "mkdocs.yml")])
    said = [line for line in capsys.readouterr().out.splitlines() if "social cards" in line]
    assert code == 0  # a warning: the site builds, and the coordinator knows why its cards would show boxes
    assert len(said) == 1, said
    assert said[0].endswith("resources/cjk.md:2: title: warning: the social cards' font has no 数, 学, の, 教, 室, 分, "
                            "と, 比, …: they would be drawn as boxes (install fonts that have them, e.g. fonts-noto-cjk "
                            "for Chinese, Japanese and Korean: apt-get install fonts-noto-cjk)"), said


@pytest.mark.parametrize("card", [
    ("Fraction walls and the bar model: seeing equivalence before the rule comes", "Resource", "Key Stage 3 · Number"),
    ("Short", "CPD", "8-minute video"), ("word " * 90, "Story", "Sixth form · " * 20), ("The network's own card", "", "")])
def test_a_cards_png_shows_exactly_the_drawn_card(card):
    # The PNG is put together from strips compressed once (card_png.py); a viewer must see draw()'s pixels.
    import io
    from tessellate.share.card_png import png
    from tessellate.share.cards import SHAPES, Card, draw

    shown = Card(*card, brand="Small network", colour="#7a1b5e")
    for shape in SHAPES:
        with Image.open(io.BytesIO(png(shown, shape))) as decoded:
            decoded.load()
            assert (decoded.format, decoded.size) == ("PNG", (shape.width, shape.height))
            assert decoded.convert("RGB").tobytes() == draw(shown, shape).convert("RGB").tobytes(), shape.file


def test_cards_drawn_on_other_cores_are_the_cards_the_build_draws_and_are_kept(tmp_path, monkeypatch):
    from tessellate.share import easel
    from tessellate.share.cards import SHAPES, Card
    from tessellate.store import Store

    monkeypatch.setattr(easel, "LEAST", 1)  # a build starts workers only for many cards; five items do here
    cards = [(Card(f"Card {n}", "Resource", "Key Stage 3", "Small network", "#7a1b5e"), shape)
             for n in range(5) for shape in SHAPES]
    first = easel.CardCache(Store(tmp_path / "cache", "cards"))
    first.start(cards, workers=1)
    for n, (card, shape) in enumerate(cards):
        first.copy_to(card, tmp_path / "out" / f"{n}.png", shape)
    first.close()
    assert (first.drawn, first.reused) == (15, 0)
    assert [(tmp_path / "out" / f"{n}.png").read_bytes() for n in range(15)] == [easel.png(c, s) for c, s in cards]
    # The next build finds them all kept: none drawn.
    again = easel.CardCache(Store(tmp_path / "cache", "cards"))
    again.start(cards, workers=1)
    for n, (card, shape) in enumerate(cards):
        again.copy_to(card, tmp_path / "again" / f"{n}.png", shape)
    assert (again.drawn, again.reused) == (0, 15)


def test_a_title_without_spaces_is_drawn_in_moments_and_cut_with_an_ellipsis():
    # A pasted URL, or a title in Chinese (no spaces between words): broken inside the word. Trying every
    # length from the longest down took over ten seconds a card for 1,000 characters.
    import time
    from tessellate.share.cards import LANDSCAPE, Card, draw, fit_title

    title = "分数" * 20 + "x" * 960
    began = time.process_time()
    draw(Card(title, "Resource", "Key Stage 3", "Small network", "#7a1b5e"), LANDSCAPE)
    assert time.process_time() - began < 4
    _, lines = fit_title(title, LANDSCAPE.width - 2 * LANDSCAPE.margin, LANDSCAPE.title_height, LANDSCAPE.title_sizes)
    assert lines[-1].endswith("…") and "".join(lines).replace("…", "") in title


def test_a_long_network_name_is_set_smaller_on_the_story_card_rather_than_cut():
    # Cut with an ellipsis, two networks' names that differ only at the end showed the same card.
    from tessellate.share.card_png import png
    from tessellate.share.cards import SHAPES, Card, draw

    for shape in SHAPES:
        tamar, netball = (Card("Fraction walls", "Resource", "Key Stage 3", name, "#1d5e8a")
                          for name in ("Tamar and Teign Maths Network", "Tamar and Teign Maths Netball"))
        assert draw(tamar, shape).tobytes() != draw(netball, shape).tobytes(), shape.file
        assert png(tamar, shape) != png(netball, shape), shape.file


def test_a_regular_fallback_font_installed_later_makes_a_new_card_for_a_fact_drawn_in_it(fonts, monkeypatch, tmp_path):
    import shutil
    from tessellate.share.cards import PORTRAIT, Card

    bold, regular = tmp_path / "Bold.ttf", tmp_path / "Regular.ttf"
    shutil.copy(TEST_FONT, bold)
    shutil.copy(TEST_FONT, regular)
    card = Card("Fraction walls", "Resource", "分数と比例", "Small network", "#7a1b5e")  # the fact is drawn regular
    monkeypatch.setattr(fonts, "KNOWN", ((str(bold), True),))
    fonts.fallbacks.cache_clear()
    only_bold = card.key(PORTRAIT)
    monkeypatch.setattr(fonts, "KNOWN", ((str(bold), True), (str(regular), False)))
    fonts.fallbacks.cache_clear()
    assert [Path(s.path).name for s, _ in fonts.runs(card.fact, False)] == ["Regular.ttf"]
    assert card.key(PORTRAIT) != only_bold  # the fact is now drawn in another font: not the kept card


def test_a_build_allowed_one_core_draws_its_cards_itself(tmp_path, monkeypatch):
    # A container or CI runner pinned to one core still reports the machine's cores in os.cpu_count.
    import multiprocessing
    import os
    from tessellate.share import easel
    from tessellate.share.cards import SHAPES, Card
    from tessellate.store import Store

    monkeypatch.setattr(easel, "LEAST", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    cards = [(Card(f"Card {n}", "Resource", "Key Stage 3", "Small network", "#7a1b5e"), shape)
             for n in range(3) for shape in SHAPES]
    cache = easel.CardCache(Store(tmp_path / "cache", "cards"))
    cache.start(cards)
    assert multiprocessing.active_children() == []
    for n, (card, shape) in enumerate(cards):
        cache.copy_to(card, tmp_path / "out" / f"{n}.png", shape)
    cache.close()
    assert (cache.drawn, cache.reused) == (9, 0)
