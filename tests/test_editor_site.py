"""The editor as a built site publishes it: `admin/` with Decap served from the site itself, its
configuration generated from the model and mkdocs.yml, kept out of search engines, the sitemap, the
search index and the feeds, with a policy of its own; nothing requested elsewhere before sign-in."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import REPO, run_build
from gates.common import AXE_JS, browser, missing_tools, new_context, origin_for, read_headers_file, serve
from gates.csp import _header_policies
from tessellate.admin.page import DECAP, policy


def test_the_config_published_is_the_one_the_model_and_mkdocs_yml_give(example_site):
    """Generated, never hand-written: what the site publishes is what the contract says today."""
    from mkdocs.config import load_config

    from tessellate.admin.config import config_yaml, editor_config
    from tessellate.pages.config import site_from_config
    from tessellate.pages.editor import PAGES, backend

    config = load_config(str(REPO / "mkdocs.yml"))
    plugin = config.plugins["tessellate"]
    site = site_from_config(config, plugin.config)
    expected = config_yaml(editor_config(site, backend(plugin.config.admin), docs="content",
                                         pages=[p for p in PAGES if (REPO / "content" / p[0]).is_file()]))
    published = (example_site / "admin" / "config.yml").read_text(encoding="utf-8")
    assert published == expected
    parsed = yaml.safe_load(published)
    assert parsed["backend"] == {"name": "github", "repo": "tamar-teign/maths-network", "branch": "main"}
    assert "local_backend" not in parsed  # only the preview edits files on disk
    assert [c["name"] for c in parsed["collections"]] == ["resources", "cpd", "stories", "events", "pages"]
    assert [f["file"] for f in parsed["collections"][4]["files"]] == [
        "content/index.md", "content/about.md", "content/join.md"]


def test_decap_is_served_from_the_site_with_its_licences(example_site):
    admin = example_site / "admin"
    for path in DECAP.iterdir():
        if path.name != "README.md":
            assert (admin / path.name).read_bytes() == path.read_bytes(), path.name
    assert "MIT License" in (admin / "LICENSE").read_text(encoding="utf-8")
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in page and "http" not in page.split("<body>")[1]
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_the_editor_stays_out_of_the_sitemap_search_and_feeds(example_site):
    sitemap = ET.parse(example_site / "sitemap.xml").getroot()
    addresses = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert addresses and not any("/admin" in a for a in addresses)
    for feed in [*example_site.rglob("*.xml"), *example_site.rglob("feed.json")]:
        assert "/admin/" not in feed.read_text(encoding="utf-8"), feed
    fragments = list((example_site / "pagefind").rglob("*.pf_fragment"))
    assert fragments
    import gzip
    for fragment in fragments:
        data = gzip.decompress(fragment.read_bytes())
        assert b'"url":"/admin' not in data and b"Content editor" not in data


def test_the_editor_has_a_policy_of_its_own_in_the_page_and_in_headers(example_site):
    page = (example_site / "admin" / "index.html").read_text(encoding="utf-8")
    assert f'content="{policy()}"'.replace("'", "&#x27;") in page
    assert _header_policies(example_site, "admin/") == [f"{policy()}; frame-ancestors 'none'"]
    # Everywhere else the site-wide policy, with no 'unsafe-eval'.
    assert all("'unsafe-eval'" not in p for p in _header_policies(example_site, "resources/"))
    rules = dict(read_headers_file(example_site))
    assert ("X-Robots-Tag", "noindex, nofollow") in rules["/admin/*"]


def test_admin_false_leaves_the_editor_out(tmp_path):
    root = tmp_path / "site"
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, root / name)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("      admin:")
    end = text.index("branch: main", start) + len("branch: main")
    (root / "mkdocs.yml").write_text(text[:start] + "      admin: false" + text[end:], encoding="utf-8")
    result = run_build("build", "-d", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "out" / "admin").exists()
    assert "/admin/" not in (root / "out" / "_headers").read_text(encoding="utf-8")


@pytest.mark.skipif(bool(missing_tools("chromium", "playwright", "axe")), reason="needs Chromium, Playwright and axe")
def test_the_sign_in_screen_asks_nothing_of_another_host_fails_no_request_and_is_accessible(example_site):
    with serve(example_site) as local, browser() as chromium:
        base = origin_for(example_site, local)
        context = new_context(chromium, local, base)  # the policy in force, as a host sends it
        page = context.new_page()
        requested, failed, errors = [], [], []
        page.on("request", lambda r: requested.append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base + "admin/", wait_until="load")
        sign_in = page.get_by_role("button", name="Login with GitHub")
        sign_in.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)  # anything Decap asks for as it settles
        assert requested and all(url.startswith(base) for url in requested), requested
        assert failed == [] and errors == []
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})""")
        assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
        context.close()


@pytest.mark.skipif(bool(missing_tools("chromium", "playwright")), reason="needs Chromium and Playwright")
def test_the_readme_pictures_can_be_taken_again(tmp_path):
    """docs/screenshots/take.py remakes every picture the README shows, the editor's form included."""
    import os
    import subprocess
    import sys
    import tempfile

    from PIL import Image
    # Where its preview builds: not the shared /dev/shm, which another test watches; a short path, as
    # Chromium's own socket in it must fit in 108 bytes.
    scratch = tempfile.mkdtemp(prefix="tsl-", dir="/tmp")
    try:
        result = subprocess.run([sys.executable, str(REPO / "docs" / "screenshots" / "take.py"), str(tmp_path)],
                                capture_output=True, text=True, timeout=300, env={**os.environ, "TMPDIR": scratch})
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    assert result.returncode == 0, result.stdout + result.stderr
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("home.png", "cpd-page.png", "filtered-list.png", "share-kit.png", "editor.png"):
        with Image.open(tmp_path / name) as picture:
            assert picture.size == (1280, 800)
        assert f"docs/screenshots/{name}" in readme


def test_a_sign_in_address_that_would_widen_the_editor_s_policy_is_refused(tmp_path):
    """base_url goes into the admin page's policy: only an https:// address alone is taken."""
    root = tmp_path / "site"
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, root / name)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(text.replace("        branch: main", "        branch: main\n"
                                                  "        base_url: \"https://auth.example.org; script-src *\""),
                                     encoding="utf-8")
    result = run_build("check", cwd=root)
    assert result.returncode == 1
    assert ("admin.base_url: 'https://auth.example.org; script-src *' is not the address of a sign-in service "
            "(write its https:// address alone, e.g. base_url: https://auth.example.org)") in result.stderr, result.stderr
