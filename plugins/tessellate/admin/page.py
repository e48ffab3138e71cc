"""The editor's page, `admin/`: Decap CMS served from the site itself, with a policy of its own.

The page loads nothing but the site's own files until a coordinator signs in: the bundle and its
chunks are the engine's copy (assets/decap/), the icon is the site's, and the policy allows the network
only its own host. It is kept out of search engines (`noindex`), and, being a file rather than a
page, out of the sitemap, the search index and the feeds.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

FOLDER = "admin/"
ASSETS = Path(__file__).parent / "assets"
DECAP = ASSETS / "decap"
DECAP_VERSION = "3.16.3"
# Where the editor talks once signed in (GitHub's API, its avatars), and nowhere before: the policy
# lets the page reach them, the page itself asks for nothing there until a coordinator signs in.
GITHUB = ("https://api.github.com", "https://avatars.githubusercontent.com", "https://raw.githubusercontent.com")


def policy(auth: str = "") -> str:
    """The admin page's content security policy: as narrow as Decap allows.

    Decap checks its configuration with compiled validators (ajv), which needs 'unsafe-eval'; it sets
    styles from script (emotion), which needs 'unsafe-inline' for styles. Neither is allowed anywhere
    else on the site. An upload is held as a blob: address of the page's own, which Decap fetches to
    send it with the entry (connect-src blob:); without it, saving an entry with an upload fails."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",  # which covers the WebAssembly its image chunks compile
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {' '.join(GITHUB)}",
        "font-src 'self' data:",
        "media-src 'self' blob:",
        f"connect-src 'self' blob: {' '.join(GITHUB)}{' ' + auth if auth else ''}",
        "worker-src 'self' blob:",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


def index_html(site_name: str, icon: str, auth: str = "") -> str:
    """The page Decap fills: its configuration beside it (config.yml), its bundle, the site's icon
    (`icon`, site-relative), nothing else."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{escape(policy(auth))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Content editor · {escape(site_name)}</title>
<link rel="icon" href="../{escape(icon)}">
<link rel="stylesheet" href="admin.css">
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="decap-cms.js"></script>
</body>
</html>
"""


def site_files(site_name: str, icon: str, config_yaml: str, auth: str = "") -> dict[str, bytes | Path]:
    """Every file of `admin/`, by site path: the page, its configuration, Decap's bundle and licences."""
    files: dict[str, bytes | Path] = {
        f"{FOLDER}index.html": index_html(site_name, icon, auth).encode(),
        f"{FOLDER}config.yml": config_yaml.encode(),
        f"{FOLDER}admin.css": ASSETS / "admin.css",
    }
    for path in sorted(DECAP.iterdir()):
        if path.name != "README.md":
            files[f"{FOLDER}{path.name}"] = path
    return files
