"""The content security policy the preview sends with each file, as the site's host will send it.

A built page carries its policy twice: in a <meta> tag of its own, and in the `_headers` file,
which Netlify and Cloudflare Pages send as a Content-Security-Policy header for every address it
covers. The preview sends that header too, so a script the policy refuses is refused, and reported
in the browser's console, while the coordinator is still looking at the preview. Until a rebuild
has written its `_headers` (it is written just after the pages show), a page is sent with the
policy of its own <meta> tag, which the browser enforces anyway."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..pages.csp import HEADERS_FILE

_HEADER = "content-security-policy"
_META = re.compile(rb'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"', re.I)


def policies(site_dir: Path, address: str | None, page: bytes | None) -> list[str]:
    """The policies for the file at `address` (site-relative, from "/"; None when outside the
    site): those `_headers` gives it, or else those of `page`'s own <meta> tags."""
    given = _from_headers_file(site_dir / HEADERS_FILE, address) if address is not None else []
    if given or page is None:
        return given
    head = page[:page.find(b"</head>")] if b"</head>" in page else page
    return [html.unescape(found.decode()) for found in _META.findall(head)]


def _from_headers_file(path: Path, address: str) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # not written yet, or removed with the site it served
        return []
    found, applies = [], False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():  # an address pattern; the indented lines after it are its headers
            applies = _matches(line.strip(), address)
        elif applies and line.strip().startswith("!"):  # "! Name" detaches a header an earlier rule set
            if line.strip()[1:].strip().lower() == _HEADER:
                found.clear()
        elif applies and ":" in line:
            name, value = line.split(":", 1)
            if name.strip().lower() == _HEADER and value.strip():
                found.append(value.strip())
    return found


def _matches(pattern: str, address: str) -> bool:
    """Whether a `_headers` address pattern covers `address`: `*` stands for any text (slashes too),
    `:name` for one part of the path, as Netlify and Cloudflare Pages read them."""
    if not pattern.startswith("/"):  # a pattern with a host names an address the preview does not serve
        return False
    parts = re.split(r"(\*|:[A-Za-z]\w*)", pattern)
    expression = "".join(".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
                         for part in parts if part)
    return re.fullmatch(expression, address) is not None
