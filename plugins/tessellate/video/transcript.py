"""A CPD page's transcript (the body's `## Transcript` section) folded into <details>: out of the
way until wanted, still in the page's text, so find-in-page and the site's search reach it."""

from __future__ import annotations

import re

_SECTION = re.compile(r'<h2 id="(?P<id>[^"]*)">\s*Transcript\b.*?</h2>(?P<body>.*?)(?=<h[12][\s>]|\Z)',
                      re.DOTALL | re.IGNORECASE)


def fold_transcript(body_html: str) -> str:
    """The body with its transcript section inside a <details> that keeps the heading's id."""
    return _SECTION.sub(lambda m: f'<details class="tx-transcript" id="{m["id"]}">'
                                  f'<summary>Transcript</summary>{m["body"]}</details>', body_html, count=1)
