"""Make front-matter text safe in templates that MkDocs renders without autoescape."""

from __future__ import annotations

from markupsafe import Markup, escape


def as_text(value):
    """Escape text once; Markup (already escaped) passes through."""
    return value if isinstance(value, Markup) or value is None else escape(str(value))


def escape_meta(value):
    """Escape every string in a page's meta, which Material prints raw into titles and attributes."""
    if isinstance(value, dict):
        return {key: escape_meta(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [escape_meta(inner) for inner in value]
    return as_text(value) if isinstance(value, str) else value


def safe_striptags(value) -> Markup:
    """Jinja's striptags unescapes entities, turning an escaped `&lt;/title&gt;` back into markup;
    strip tags, then escape what is left."""
    return escape(Markup(str(value)).striptags()) if value is not None else Markup("")
