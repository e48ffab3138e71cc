"""What a list page weighs at N items: its first load, and what narrowing it downloads.

    .venv/bin/python benchmarks/list_weight.py [--items 5000] [--site DIR]

Builds a generated network (benchmarks/generate.py; or reads a built `--site`), serves it locally and
loads, in headless Chromium, each kind's index, a topic page and a narrowed address, counting the
bytes of every response after gzip (as a host sends them). The search index is counted apart: it is
the search engine's, loaded by every page alike."""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from card_speed import config  # noqa: E402
from generate import write_items  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PAGES = ["resources/", "cpd/", "stories/", "topics/algebra/", "resources/?topic=algebra&phase=ks3&type=rich-task"]


def weigh(site: Path) -> None:
    sys.path.insert(0, str(REPO / "tests"))
    from gates.common import browser, serve
    with serve(site) as base, browser() as chromium:
        print(f"{'page':<52} {'HTML KB':>8} {'first load KB':>14} {'search index KB':>16} {'list data KB':>13}")
        for url in PAGES:
            context = chromium.new_context()
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
            sizes: dict[str, int] = {}

            def count(response, sizes=sizes):
                with contextlib.suppress(Exception):  # a response cut short has no body
                    sizes[response.url] = len(gzip.compress(response.body(), 6))
            context.on("response", count)
            context.new_page().goto(base + url, wait_until="networkidle")
            html = sum(v for k, v in sizes.items() if k == base + url)
            search = sum(v for k, v in sizes.items() if "search_index.json" in k or "/workers/" in k)
            data = sum(v for k, v in sizes.items() if k.endswith("cards.json"))
            total = sum(sizes.values()) - search
            print(f"{url:<52} {html / 1024:8.1f} {total / 1024:14.1f} {search / 1024:16.1f} {data / 1024:13.1f}")
            context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--site", type=Path, default=None)
    args = parser.parse_args()
    if args.site:
        weigh(args.site)
        return
    with tempfile.TemporaryDirectory(prefix="tessellate-weight-") as folder:
        root = Path(folder)
        write_items(root / "docs", args.items)
        path = config(root, root / "docs", None)
        subprocess.run([sys.executable, str(REPO / "build.py"), "build", "-q", "-f", str(path), "-d", str(root / "site")],
                       check=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1795564800"},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"{args.items} items")
        weigh(root / "site")


if __name__ == "__main__":
    main()
