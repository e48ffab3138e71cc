"""The share kit in Debian's Chromium: an email fits 600px, and every copy button puts on the
clipboard exactly what the kit holds (HTML and plain flavours for "Copy for email")."""

from __future__ import annotations

import json
import os

import lxml.html
import pytest

from gates import common

KIT = "share/cpd/bar-models-for-fractions/"


def need_browser() -> None:
    missing = common.missing_tools("chromium", "playwright")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tools missing: {', '.join(missing)}")
        pytest.skip(f"browser tools missing: {', '.join(missing)}")


@pytest.fixture
def kit_page(example_site):
    need_browser()
    with common.serve(example_site) as local, common.browser() as chromium:
        base = common.origin_for(example_site, local)
        context = common.new_context(chromium, local, base, permissions=["clipboard-read", "clipboard-write"])
        yield context, base
        context.close()


@pytest.mark.parametrize("email", [KIT + "email.html", "share/stories/okewater-rainfall-project/email.html",
                                   "share/digest/email.html"])
def test_an_email_fits_600px_without_sideways_scrolling(kit_page, email):
    context, base = kit_page
    page = context.new_page()
    page.set_viewport_size({"width": 600, "height": 900})
    assert page.goto(base + email).ok
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                           " Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right))]")
    assert widths[0] <= widths[1] == 600 and widths[2] <= 600, widths
    images = page.evaluate("() => [...document.images].map(i => [i.naturalWidth > 0, i.getBoundingClientRect().width])")
    assert images and all(loaded and width <= 600 for loaded, width in images), images


def read_clipboard(page) -> dict[str, str]:
    return page.evaluate("""async () => {
        const out = {};
        for (const item of await navigator.clipboard.read())
            for (const type of item.types) out[type] = await (await item.getType(type)).text();
        return out; }""")


def settled(page, read, done, seconds: float = 5):
    """What `read` returns once `done` holds of it: a copy button writes the clipboard asynchronously,
    so a read straight after the click may still see what was there before."""
    for _ in range(int(seconds * 10)):
        value = read()
        if done(value):
            return value
        page.wait_for_timeout(100)
    return value


def test_every_copy_button_puts_the_snippet_on_the_clipboard(kit_page, example_site):
    context, base = kit_page
    folder = example_site / KIT
    fragment = lxml.html.parse(str(folder / "email.html")).getroot().body
    fragment_source = "".join(lxml.html.tostring(child, encoding="unicode") for child in fragment).strip()
    social = json.loads((folder / "social.json").read_text(encoding="utf-8"))
    page = context.new_page()
    assert page.goto(base + KIT).ok

    page.get_by_role("button", name="Copy for email").click()
    copied = settled(page, lambda: read_clipboard(page), lambda c: {"text/plain", "text/html"} <= set(c))
    assert copied["text/plain"] == (folder / "email.txt").read_text(encoding="utf-8")
    rich = lxml.html.fromstring(copied["text/html"])
    assert rich.xpath(".//a[normalize-space(.)='Watch the 8-minute video']")
    assert lxml.html.tostring(rich, encoding="unicode").count("<table") == fragment_source.count("<table") >= 3
    assert "Copied" in page.locator(".tx-copy__status").first.text_content()

    page.get_by_role("button", name="Copy HTML").click()
    source = settled(page, lambda: page.evaluate("() => navigator.clipboard.readText()"), lambda t: t.lstrip().startswith("<table"))
    assert source.lstrip().startswith("<table") and "</table>" in source
    assert lxml.html.fromstring(source).xpath(".//a/@href") == fragment.xpath(".//a/@href")

    for platform, label in (("x", "X"), ("bluesky", "Bluesky"), ("mastodon", "Mastodon"), ("linkedin", "LinkedIn"),
                            ("instagram", "Instagram")):
        page.get_by_role("button", name=f"Copy for {label}").click()
        text = settled(page, lambda: page.evaluate("() => navigator.clipboard.readText()"), lambda t: t == social[platform])
        assert text == social[platform], platform
