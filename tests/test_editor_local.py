"""The editor's local backend in `build.py serve`: it writes only inside the content folder, and only
for the preview's own page; a page on another site cannot write a coordinator's files."""

from __future__ import annotations

import base64
import io
import json
import os
from pathlib import Path

import pytest

from tessellate.admin.local_api import LocalFiles, Refused, answer, wrap

PORT = 8123


@pytest.fixture
def repo(tmp_path) -> Path:
    """A site's folder, one level into the test's own folder: what a write escaping it would reach is the
    test's too (tmp_path's parent holds every other test's folders)."""
    root = tmp_path / "repo"
    (root / "content" / "resources").mkdir(parents=True)
    (root / "content" / "resources" / "a.md").write_text("---\ntitle: A\n---\n")
    (root / "mkdocs.yml").write_text("site_name: X\n")
    return root


def files_of(repo: Path) -> LocalFiles:
    return LocalFiles(repo, repo / "content")


def persist(path: str, raw: str = "---\ntitle: B\n---\n", assets: list | None = None) -> dict:
    return {"action": "persistEntry", "params": {"entry": {"path": path, "raw": raw, "slug": "b"},
                                                 "assets": assets or [], "options": {"commitMessage": "x"}}}


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("path", ["../outside.md", "content/../../outside.md", "content/../mkdocs.yml", "/tmp/x.md",
                                  "mkdocs.yml", "content\\..\\mkdocs.yml", "C:/x.md", ""])
def test_a_write_outside_the_content_folder_is_refused_and_writes_nothing(repo, path):
    before, absolute = tree(repo.parent), Path(path).is_absolute() and Path(path).exists()
    with pytest.raises(Refused) as refused:
        answer(files_of(repo), persist(path))
    assert refused.value.status in (400, 403)
    assert tree(repo.parent) == before
    assert (Path(path).is_absolute() and Path(path).exists()) == absolute


def test_a_symbolic_link_out_of_the_content_folder_is_not_followed(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    os.symlink(outside, repo / "content" / "resources" / "elsewhere")
    with pytest.raises(Refused):
        answer(files_of(repo), persist("content/resources/elsewhere/x.md"))
    assert list(outside.iterdir()) == []
    listed = answer(files_of(repo), {"action": "entriesByFolder",
                                     "params": {"folder": "content/resources", "extension": "md", "depth": 5}})
    assert [entry["file"]["path"] for entry in listed] == ["content/resources/a.md"]


def test_an_upload_into_a_path_outside_is_refused_before_the_entry_is_written(repo):
    upload = {"path": "../evil.sh", "content": base64.b64encode(b"x").decode(), "encoding": "base64"}
    with pytest.raises(Refused):
        answer(files_of(repo), persist("content/resources/b.md", assets=[upload]))
    assert not (repo / "content" / "resources" / "b.md").exists()


def test_an_entry_and_its_upload_are_written_beside_each_other(repo):
    upload = {"path": "content/resources/sheet.pdf", "content": base64.b64encode(b"%PDF-1.4").decode(),
              "encoding": "base64"}
    answer(files_of(repo), persist("content/resources/b.md", assets=[upload]))
    assert (repo / "content" / "resources" / "b.md").read_text() == "---\ntitle: B\n---\n"
    assert (repo / "content" / "resources" / "sheet.pdf").read_bytes() == b"%PDF-1.4"
    entry = answer(files_of(repo), {"action": "getEntry", "params": {"path": "content/resources/b.md"}})
    assert entry["data"] == "---\ntitle: B\n---\n" and len(entry["file"]["id"]) == 64


def call(app, body: object, origin: str = f"http://127.0.0.1:{PORT}", host: str = f"127.0.0.1:{PORT}",
         method: str = "POST", content_type: str = "application/json") -> tuple[str, dict]:
    data = json.dumps(body).encode()
    environ = {"PATH_INFO": "/admin/api/v1", "REQUEST_METHOD": method, "HTTP_HOST": host, "HTTP_ORIGIN": origin,
               "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(data)), "wsgi.input": io.BytesIO(data)}
    answered = {}
    reply = b"".join(app(environ, lambda status, headers: answered.update(status=status)))
    return answered["status"], json.loads(reply)


def site(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"{}"]


@pytest.mark.parametrize("origin, host, method, content_type, status", [
    ("https://evil.example", f"127.0.0.1:{PORT}", "POST", "application/json", "403"),
    ("null", f"127.0.0.1:{PORT}", "POST", "application/json", "403"),
    ("", f"127.0.0.1:{PORT}", "POST", "application/json", "403"),
    (f"http://127.0.0.1:{PORT + 1}", f"127.0.0.1:{PORT}", "POST", "application/json", "403"),
    (f"http://evil.example:{PORT}", f"evil.example:{PORT}", "POST", "application/json", "403"),  # DNS rebinding
    (f"http://127.0.0.1:{PORT}", f"127.0.0.1:{PORT}", "POST", "text/plain", "415"),  # a plain form's post
    (f"http://127.0.0.1:{PORT}", f"127.0.0.1:{PORT}", "GET", "application/json", "405"),
])
def test_a_request_not_from_the_preview_itself_is_refused(repo, origin, host, method, content_type, status):
    app = wrap(site, files_of(repo), "/", "127.0.0.1", PORT)
    before = tree(repo)
    answered, reply = call(app, persist("content/resources/b.md"), origin, host, method, content_type)
    assert answered.startswith(status) and "error" in reply
    assert tree(repo) == before


def test_the_preview_s_own_page_may_write(repo):
    app = wrap(site, files_of(repo), "/", "127.0.0.1", PORT)
    answered, reply = call(app, persist("content/resources/b.md"))
    assert answered.startswith("200"), reply
    assert (repo / "content" / "resources" / "b.md").is_file()
    assert call(app, {"action": "info"})[1]["type"] == "local_fs"


def test_a_preview_on_another_address_than_loopback_offers_no_endpoint(repo):
    app = wrap(site, files_of(repo), "/", "0.0.0.0", PORT)
    answered, _ = call(app, persist("content/resources/b.md"), origin=f"http://0.0.0.0:{PORT}", host=f"0.0.0.0:{PORT}")
    assert answered.startswith("403")
    assert not (repo / "content" / "resources" / "b.md").exists()


def post(base: str, body: dict, origin: str) -> tuple[int, dict]:
    import urllib.error
    import urllib.request
    request = urllib.request.Request(base + "admin/api/v1", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Origin": origin})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_preview_answers_its_own_editor_and_refuses_others(tmp_path):
    """`build.py serve` end to end: the editor's saves land in the content folder and show like any
    save, the problem page included; another origin, or a path out of the folder, changes nothing."""
    from urllib.parse import urlsplit

    from test_serve import fetch_until, preview
    with preview(tmp_path) as (site, base):
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
        fetch_until(base, "Northern Numeracy")
        config = (site / "mkdocs.yml").read_bytes()
        assert post(base, {"action": "info"}, origin)[0] == 200
        assert post(base, persist("docs/../mkdocs.yml", "site_name: Hijacked\n"), origin)[0] == 403
        assert post(base, persist("docs/resources/x.md"), "https://evil.example")[0] == 403
        assert (site / "mkdocs.yml").read_bytes() == config and not (site / "docs" / "resources" / "x.md").exists()

        item = ("---\ntitle: \"Made in the editor: fractions\"\nsummary: Written through the editor's form.\n"
                "date: 2026-03-01\ntopics: [fractions]\nphases: [y7]\nresource_type: worksheet\n---\n\nBody.\n")
        status, reply = post(base, persist("docs/resources/made-in-the-editor.md", item), origin)
        assert status == 200, reply
        fetch_until(base + "resources/made-in-the-editor/", "Made in the editor: fractions")
        status, _ = post(base, persist("docs/resources/made-in-the-editor.md", item.replace("summary:", "sumary:")), origin)
        assert status == 200
        page = fetch_until(base, "made-in-the-editor.md")  # the problem page, naming file, line and field
        assert ("<td><code>docs/resources/made-in-the-editor.md</code></td><td>3</td><td><code>sumary</code></td>"
                "<td>&#x27;sumary&#x27; is not a field</td>") in page, page
