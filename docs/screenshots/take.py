"""The README's pictures, taken again: the example site and its editor, in headless Chromium.

    .venv/bin/python docs/screenshots/take.py [FOLDER]

It previews a copy of the example network with `build.py serve` (so the editor works on files, as a
coordinator's does), opens each page in Debian's Chromium and writes the PNGs beside this script (or into FOLDER).
Nothing in the repository changes but the pictures."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM = os.environ.get("TESSELLATE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
# Each picture: file name, address in the preview, what to wait for before taking it. The editor's
# form (editor.png) is taken last, after signing in to the preview's local editing.
PAGES = (
    ("home.png", "", ".md-content h1"),
    ("cpd-page.png", "cpd/bar-models-for-fractions/", ".md-content h1"),
    ("filtered-list.png", "resources/?topic=algebra", ".md-content h1"),
    ("share-kit.png", "share/resources/best-buys-ratio/", "h1"),
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def preview(root: Path, port: int) -> subprocess.Popen:
    """`build.py serve` of the copy at `root`, once it answers."""
    env = {**os.environ, "TESSELLATE_CACHE": str(root / ".cache")}
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in server.stdout:
        if "Feeds, search index and share kits updated" in line:
            return server
    raise SystemExit(f"the preview did not start (exit {server.wait()})")


def main(out: Path = HERE) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="tessellate-screenshots-") as temp:
        root = Path(temp)
        for name in ("content", "theme"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        port = free_port()
        server = preview(root, port)
        base = f"http://127.0.0.1:{port}/"
        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = chromium.new_page(viewport={"width": 1280, "height": 800})
                for name, address, ready in PAGES:
                    page.goto(base + address, wait_until="load")
                    page.locator(ready).first.wait_for()
                    page.wait_for_timeout(500)  # fonts and the filtered list settle
                    page.screenshot(path=str(out / name))
                page.goto(base + "admin/", wait_until="load")
                page.get_by_role("button", name="Login").click()
                page.goto(base + "admin/#/collections/cpd/new")
                page.get_by_text("Title", exact=True).first.wait_for()
                page.locator("input").first.fill("Bar models for ratio: a second look")
                page.wait_for_timeout(500)
                page.screenshot(path=str(out / "editor.png"))
                chromium.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"Pictures written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE)
