"""The share kit's templates: HTML autoescaped, plain text strict, both shipped with the package."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import css_inline
import jinja2

TEMPLATES = Path(__file__).parent / "templates"
_CSS = (TEMPLATES / "email.css").read_text(encoding="utf-8")
_CLASS = re.compile(r'\sclass="[^"]*"')
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False)


@lru_cache(maxsize=None)
def _env(html: bool) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=html,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True)


def html(template: str, **data) -> str:
    return _env(True).get_template(template).render(**data)


def text(template: str, **data) -> str:
    return _env(False).get_template(template).render(**data)


def email_fragment(template: str, **data) -> str:
    """An email's markup with the shared stylesheet inlined into style attributes and classes removed:
    Gmail and Outlook drop <style> blocks and class-based rules when a message is forwarded or pasted."""
    inlined = _INLINER.inline_fragment(html(template, **data), _CSS)
    # Autoescaping turns every quote in text into &#34;, so ` class="` can only be an attribute.
    return _CLASS.sub("", inlined)
