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


# Settings Material prints raw into <title>, the header and <meta> attributes. `copyright` is left
# alone: MkDocs documents it as HTML, written by the maintainer.
SITE_TEXT = ("site_name", "site_description", "site_author")


def escape_site_settings(config) -> None:
    """Escape the site's own text in `config` for the theme. Call it after the model has read the
    site from `config`: outputs take the site's name and description from the model, as typed."""
    for key in SITE_TEXT:
        config[key] = as_text(config[key])
