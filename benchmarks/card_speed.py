"""How long the pages that list cards take to render: each kind's index, the topic pages, the home page.

    .venv/bin/python benchmarks/card_speed.py [--items 1000] [--runs 3] [--cards-per-page N]

Builds a generated network (benchmarks/generate.py) in this process, timing MkDocs' rendering of
each page (`_build_page`), and prints the median over the runs for the pages that list cards, and
the whole build's wall time. Search and the share kit are left out: they do not render cards.
`--cards-per-page` larger than the site makes every list render all its cards on one page, to compare
the cost of rendering cards with a build from before lists were split."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_items  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def config(root: Path, docs: Path, per_page: int | None) -> Path:
    example = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    example.update(docs_dir=str(docs), site_dir=str(root / "site"))
    example["theme"]["custom_dir"] = str(REPO / "theme")
    example["nav"] = [{"Home": "index.md"}, *({k: v} for entry in example["nav"] for k, v in entry.items()
                                              if v.split("/")[0] in ("resources", "cpd", "stories", "topics"))]
    plugins = [p for p in example["plugins"] if p != "search"]
    for plugin in plugins:
        if isinstance(plugin, dict) and "tessellate" in plugin:
            plugin["tessellate"]["share"] = False
            if per_page:
                plugin["tessellate"]["cards_per_page"] = per_page
    example["plugins"] = plugins
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(example, sort_keys=False))
    return path


def listing(url: str) -> str | None:
    """Which kind of card list a page URL is, or None."""
    parts = url.strip("/").split("/")
    if url == "":
        return "home"
    if len(parts) == 1 and parts[0] in ("resources", "cpd", "stories"):
        return f"{parts[0]} index"
    if len(parts) == 2 and parts[0] == "topics":
        return "topic page"
    if len(parts) == 3 and parts[1] == "page":
        return "further index pages"
    return None


def build_once(path: Path) -> tuple[dict[str, float], float]:
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    timings: dict[str, float] = defaultdict(float)
    original = mkdocs_build._build_page

    def timed(page, config, doc_files, nav, env, dirty=False, excluded=False):
        started = time.perf_counter()
        result = original(page, config, doc_files, nav, env, dirty, excluded)
        if (name := listing(page.url)) is not None:
            timings[name] += time.perf_counter() - started
        return result

    mkdocs_build._build_page = timed
    try:
        started = time.perf_counter()
        mkdocs_build.build(load_config(str(path)))
        return timings, time.perf_counter() - started
    finally:
        mkdocs_build._build_page = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cards-per-page", type=int, default=None)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795564800")
    with tempfile.TemporaryDirectory(prefix="tessellate-cards-") as folder:
        root = Path(folder)
        write_items(root / "docs", args.items)
        path = config(root, root / "docs", args.cards_per_page)
        runs = [build_once(path) for _ in range(args.runs)]
    print(f"{args.items} items, median of {args.runs} runs (seconds):")
    for name in sorted({name for timings, _ in runs for name in timings}):
        print(f"  {name:<22} {statistics.median(t.get(name, 0.0) for t, _ in runs):7.3f}")
    print(f"  {'whole build':<22} {statistics.median(total for _, total in runs):7.3f}")


if __name__ == "__main__":
    main()
