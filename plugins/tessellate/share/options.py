"""What the share kit needs to know beyond the model's Site: brand, newsletter and tracking settings."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEFAULT_COLOUR = "#1b5e8a"


@dataclass(frozen=True)
class ShareOptions:
    """Plain settings, read from mkdocs.yml by whoever calls the share kit."""

    colour: str = DEFAULT_COLOUR
    logo: str = ""  # docs-relative path of the network's logo
    from_name: str = ""
    unsubscribe: str = ""  # the mailing tool's merge tag, e.g. *|UNSUB|*
    utm_campaign: str = ""  # when set, links carry utm_source/utm_medium/utm_campaign per channel
    enabled: bool = True


# The medium each channel reports under, so analytics group social posts together.
_MEDIUM = {"email": "email", "x": "social", "bluesky": "social", "mastodon": "social", "linkedin": "social"}


def tracked(url: str, channel: str, options: ShareOptions) -> str:
    """`url` with UTM parameters for `channel` when the network asked for them (newsletter.utm)."""
    if not options.utm_campaign or channel not in _MEDIUM:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")]
    query += [("utm_source", channel), ("utm_medium", _MEDIUM[channel]), ("utm_campaign", options.utm_campaign)]
    return urlunsplit(parts._replace(query=urlencode(query)))
