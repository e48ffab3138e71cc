"""Material's search against Pagefind on the same synthetic site: what a first search costs a reader.

    .venv/bin/python benchmarks/search_engines.py [--items 5000] [--runs 3] [--query fractions]

Both sites read the same generated Markdown (benchmarks/generate.py) with the same theme, features
and `markdown_extensions` (compare.py's two configurations): plain mkdocs-material with its `search`
plugin, and Tessellate, whose search is Pagefind. Each is served on 127.0.0.1 and opened in
headless Chromium (every request elsewhere is refused); the query is typed into the header's
search box, and the script prints, as medians of the runs (interleaved, each in a fresh browser
context, so nothing is cached):

- bytes downloaded before the first results show, gzip-compressed as a host would send them,
  counted from the page's navigation (the page itself, then the search), and of those the bytes
  fetched after the page had loaded;
- milliseconds from the last keystroke to the first results on screen, both read from the page's
  own clock (a key listener and a MutationObserver), so the driver's round trips are not counted.

`first_query_bytes(page_url)` measures the same bytes for any served page, for compare.py."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import CHROMIUM, REPO, chromium_page, configs, gzip_bytes_of  # noqa: E402
from generate import write_items  # noqa: E402

QUERY = "fractions"
RESULT = ".md-search-result__item"
# Times read in the page: the last key pressed, and each change to the results that follows it.
CLOCK = """
window.__lastKey = 0; window.__shown = 0;
document.addEventListener('keydown', () => { window.__lastKey = performance.now(); window.__shown = 0; }, true);
new MutationObserver((changes) => {
  const inResults = changes.some(c => c.target.closest && c.target.closest('.md-search-result__list'));
  if (!window.__shown && window.__lastKey && inResults && document.querySelector('.md-search-result__item'))
    window.__shown = performance.now();
}).observe(document, {subtree: true, childList: true});
"""


def first_search(context, page_url: str, query: str = QUERY, key_delay: float = 0) -> dict[str, float]:
    """Open `page_url` in `context`, search for `query` from the header (`key_delay` ms between
    keys, 0 for as fast as the driver types); bytes (gzip) and timing."""
    tab = context.new_page()
    tab.add_init_script(CLOCK)
    loaded = gzip_bytes_of(context, lambda: tab.goto(page_url, wait_until="load"))

    def search() -> None:
        tab.locator(".md-search__input").click()
        tab.keyboard.type(query, delay=key_delay)
        tab.locator(RESULT).first.wait_for(timeout=120_000)
    searched = gzip_bytes_of(context, search)
    shown = tab.wait_for_function("() => window.__shown && window.__shown - window.__lastKey", timeout=120_000)
    figures = {"page + search KB": (loaded + searched) / 1024, "search KB": searched / 1024,
               "last key to results ms": shown.json_value()}
    tab.close()
    return figures


def first_query_bytes(page_url: str, query: str = QUERY) -> int:
    """Bytes (gzip) a fresh browser downloads from opening `page_url` until the first results of a
    search typed into the header show: the page, then whatever its search fetches."""
    with chromium_page() as context:
        figures = first_search(context, page_url, query)
    return round(figures["page + search KB"] * 1024)


def build(name: str, config: Path) -> float:
    """Build one site into `out/` beside its config; returns the wall time in seconds."""
    command = ([sys.executable, str(REPO / "build.py"), "build", "-q"] if name == "tessellate"
               else [sys.executable, "-m", "mkdocs", "build", "-q"])
    started = time.perf_counter()
    subprocess.run([*command, "-f", str(config), "-d", str(config.parent / "out")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def index_size(name: str, site: Path) -> tuple[int, int]:
    """Files and bytes on disk of the site's search index."""
    folder = site / ("pagefind" if name == "tessellate" else "search")
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default=QUERY)
    parser.add_argument("--key-delay", type=float, default=0, help="ms between keys (default: as fast as possible)")
    parser.add_argument("--keep", type=Path, help="build into this folder, and reuse the sites already built there")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    sys.path.insert(0, str(REPO / "tests"))
    from gates.common import serve

    with tempfile.TemporaryDirectory() as temp:
        root = args.keep or Path(temp)
        if not (root / "docs").is_dir():
            write_items(root / "docs", args.items)
        tessellate, plain = configs(root, root / "docs")
        sites = {"Material search": ("plain", plain), "Pagefind (Tessellate)": ("tessellate", tessellate)}
        for engine, (name, config) in sites.items():
            if args.keep and (config.parent / "out").is_dir():
                continue
            seconds = build(name, config)
            files, size = index_size(name, config.parent / "out")
            print(f"{engine}: built {args.items:,} items in {seconds:.0f} s; index {files:,} files, "
                  f"{size / 1024 / 1024:.1f} MB on disk", flush=True)
        runs: dict[str, list[dict[str, float]]] = {engine: [] for engine in sites}
        with serve(plain.parent / "out") as plain_url, serve(tessellate.parent / "out") as tessellate_url:
            urls = {"Material search": plain_url, "Pagefind (Tessellate)": tessellate_url}
            for _ in range(args.runs):
                for engine in sites:  # interleaved
                    with chromium_page() as context:
                        runs[engine].append(first_search(context, urls[engine], args.query, args.key_delay))
                        print(f"  {engine}: {runs[engine][-1]}", flush=True)
    typing = f"{args.key_delay:.0f} ms between keys" if args.key_delay else "typed as fast as the driver can"
    print(f"\nFirst search for {args.query!r} ({typing}) at {args.items:,} items, medians of {args.runs} runs:\n")
    print("| engine | page + search KB (gzip) | of which search KB | last key to results ms |")
    print("| --- | ---: | ---: | ---: |")
    for engine, figures in runs.items():
        medians = [statistics.median(run[key] for run in figures) for key in figures[0]]
        print(f"| {engine} | {medians[0]:.0f} | {medians[1]:.0f} | {medians[2]:.0f} |")


if __name__ == "__main__":
    main()
