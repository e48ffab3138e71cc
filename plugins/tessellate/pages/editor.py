"""The browser editor's files in the site (`admin/`), from the plugin's settings: MkDocs glue only.

What the editor offers is the content model's (tessellate/admin/config.py); this module says where it
signs in, which of the network's own pages it edits, and, in the preview, where its local backend is.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..admin import local_api
from ..admin.config import config_yaml, editor_config
from ..admin import page
from ..model import Site
from . import generated

# The network's own pages the editor offers, when the site has them: file name, label.
PAGES = (("index.md", "Home"), ("about.md", "About"), ("join.md", "Join"))


def backend(admin: dict) -> dict:
    """Decap's GitHub backend, as the `admin:` settings give it."""
    found = {"name": "github", "repo": admin.get("repo", ""), "branch": admin.get("branch", "main")}
    found.update({key: admin[key] for key in ("base_url", "auth_endpoint") if admin.get(key)})
    return found


def auth_host(admin: dict) -> str:
    """The sign-in service's origin, which the admin page's policy lets it reach."""
    base = admin.get("base_url", "")
    return "/".join(base.split("/")[:3]) if base else ""


def site_files(config, site: Site, admin: bool | dict, preview: bool) -> dict[str, bytes | Path]:
    """Every file of `admin/` by site path, none with `admin: false`; the preview's editor edits the
    files on disk."""
    if admin is False:
        return {}
    settings = admin if isinstance(admin, dict) else {}
    docs = os.path.relpath(config.docs_dir, Path(config.config_file_path).parent).replace(os.sep, "/")
    pages = [(name, label) for name, label in PAGES if (Path(config.docs_dir) / name).is_file()]
    local = site.absolute(local_api.PATH) if preview else None
    yaml = config_yaml(editor_config(site, backend(settings), local_api=local, docs=docs, pages=pages))
    icon = config.theme.get("favicon") or "assets/images/favicon.png"
    return page.site_files(site.name, icon, yaml, auth_host(settings))


def add_files(files, config, site: Site, admin: bool | dict, preview: bool) -> None:
    """Add `admin/` to the site, unless `admin: false`."""
    generated.add_files(files, config, site_files(config, site, admin, preview))


def admin_policy(admin: bool | dict) -> tuple[str, str] | None:
    """The admin folder and its own policy, for the site's `_headers`; None without the editor."""
    if admin is False:
        return None
    return page.FOLDER, page.policy(auth_host(admin if isinstance(admin, dict) else {}))
