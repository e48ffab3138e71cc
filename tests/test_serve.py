"""`build.py serve` previews the site and rebuilds when a coordinator saves a file."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import BUILD_ENV, FOREIGN_SITE, REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_until(url: str, wanted: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode()
            if wanted in body:
                return body
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {wanted!r}; last body began {body[:200]!r}")


def test_serve_previews_and_rebuilds_on_save(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FOREIGN_SITE, site)
    port = free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "-f", str(site / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}"], env={**os.environ, **BUILD_ENV},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # site_url has the sub-path /numeracy/, which MkDocs serve keeps.
        url = f"http://127.0.0.1:{port}/numeracy/resources/measures-in-the-kitchen/"
        fetch_until(url, "tx-meta")
        page = site / "docs" / "resources" / "measures-in-the-kitchen.md"
        text = page.read_text()
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        page.write_text(text.replace(title, "title: Measures in the kitchen, revised", 1))
        fetch_until(url, "Measures in the kitchen, revised")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output


def test_serve_refuses_broken_content_with_the_problems(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FOREIGN_SITE, site)
    page = site / "docs" / "resources" / "measures-in-the-kitchen.md"
    page.write_text(page.read_text().replace("title:", "titel:", 1))
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "serve", "-f", str(site / "mkdocs.yml"),
                             "-a", f"127.0.0.1:{free_port()}"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **BUILD_ENV}, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert "'titel' is not a field (did you mean 'title'?)" in result.stdout
    assert "preview did not start" in result.stderr and "Traceback" not in result.stdout + result.stderr
