"""`build.py newsletter`: a digest for a date range, checked the way a coordinator would want it told."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import markdown

from ..model import Catalogue, build_time
from ..sanitise import sanitise_html
from .digest import Digest, digest, in_range
from .options import ShareOptions


class NewsletterError(Exception):
    """A mistake in the command's arguments, said in one line."""


def parse_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise NewsletterError(f"{option} '{value}' is not a date (write it as YYYY-MM-DD, e.g. 2026-01-31)") from None


def check_range(since: date, until: date) -> None:
    if until < since:
        raise NewsletterError(f"--until {until} is before --since {since} (give the earlier date with --since)")


def intro_html(text: str, extensions: list, configs: dict, embeds: tuple[str, ...]) -> str:
    """The intro's Markdown as the site renders Markdown (its own extensions), sanitised like a body."""
    return sanitise_html(markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text), embeds)


def newsletter(catalogue: Catalogue, options: ShareOptions, since: date, until: date | None, title: str = "",
               intro: tuple[str, str] = ("", ""), now: datetime | None = None) -> Digest:
    """The digest for items published from `since` to `until` (default: today); `intro` is (html, text)."""
    now = now or build_time()
    until = until or now.astimezone(catalogue.site.zone).date()
    check_range(since, until)
    if not in_range(catalogue, since, until):
        newest = catalogue.items[0].published.astimezone(catalogue.site.zone).date() if catalogue.items else None
        hint = f"the newest item is dated {newest}" if newest else "the site has no published items"
        raise NewsletterError(f"no items were published from {since} to {until} ({hint})")
    return digest(catalogue, options, since, until, now, title, *intro)


def write(made: Digest, output: Path) -> tuple[Path, Path]:
    """FILE.html and FILE.txt beside it."""
    text_file = output.with_suffix(".txt")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(made.html, encoding="utf-8")
    text_file.write_text(made.text, encoding="utf-8")
    return output, text_file
