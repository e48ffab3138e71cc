"""Tessellate against plain mkdocs-material on the same Markdown, at several sizes; writes RESULTS.md.

    .venv/bin/python benchmarks/compare.py [--sizes 100 1000 5000] [--runs 3] [--serve-items 1000]

Fair by construction: both sites read the same generated files (benchmarks/generate.py), with the
same theme, features and `markdown_extensions` (the example network's), and both keep items out of
the navigation (plain Material through `not_in_nav`). Builds are interleaved (Tessellate cold: no
cache; warm: the cache of the same content; one item edited since; plain; then again) and each
figure is the median of the runs: wall time, CPU time (user + system of the build process) and
peak memory. Plain Material has no cache to be warm or cold with: every build of it is the same. In headless Chromium, when installed, it
also measures a resource page's first load and a first search (bytes after gzip, as a host sends
them; the search timed in the page, from the last key pressed to the frame that paints the first
result), and how long `build.py serve` takes to show a one-file edit."""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_items  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("TESSELLATE_CHROMIUM", "/usr/bin/chromium"))
# A fresh parent per build, so the figures are that build's alone.
_MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter();"
            " code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode;"
            " u = resource.getrusage(resource.RUSAGE_CHILDREN);"
            " print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024); sys.exit(code)")


def configs(root: Path, docs: Path) -> tuple[Path, Path]:
    """mkdocs.yml for Tessellate (the example network's own) and for plain Material, reading `docs`."""
    example = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    example["docs_dir"] = str(docs)
    example["theme"]["custom_dir"] = str(REPO / "theme")
    example["nav"] = [{"Home": "index.md"}, *({k: v} for entry in example["nav"] for k, v in entry.items()
                                              if v.split("/")[0] in ("resources", "cpd", "stories", "topics"))]
    plain = {key: example[key] for key in ("site_name", "site_url", "markdown_extensions")}
    # Tessellate switches Material's Google Fonts off; the plain site does the same, and drops the
    # custom palette's colours and the network's overrides, which only Tessellate's CSS fills in.
    plain["theme"] = {**{k: v for k, v in example["theme"].items() if k != "custom_dir"}, "font": False}
    plain.update(docs_dir=str(docs), plugins=["search"], nav=[{"Home": "index.md"}],
                 not_in_nav="/resources/\n/cpd/\n/stories/\n")
    paths = []
    for name, config in (("tessellate", example), ("plain", plain)):
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
        paths.append(root / name / "mkdocs.yml")
    return paths[0], paths[1]


def measure(command: list[str], cwd: Path) -> tuple[float, float, float]:
    result = subprocess.run([sys.executable, "-c", _MEASURE, *command], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd} (exit {result.returncode})")
    wall, cpu, peak = map(float, result.stdout.split())
    return wall, cpu, peak


def build_figures(tessellate: Path, plain: Path, runs: int, edited: Path) -> dict[str, list[tuple[float, float, float]]]:
    """Cold (no cache), warm (the cache of the same content), one item edited since, and plain Material."""
    figures: dict[str, list] = {"tessellate cold": [], "tessellate warm": [], "tessellate, 1 item edited": [],
                                "plain": []}
    original = edited.read_text(encoding="utf-8")
    for run in range(runs):
        shutil.rmtree(tessellate.parent / ".cache", ignore_errors=True)
        for name in ("tessellate cold", "tessellate warm", "tessellate, 1 item edited"):
            if name.endswith("edited"):
                edited.write_text(original + f"\n\nA sentence added before run {run}.\n", encoding="utf-8")
            figures[name].append(measure([sys.executable, str(REPO / "build.py"), "build", "-q", "-f", str(tessellate),
                                          "-d", str(tessellate.parent / "out")], tessellate.parent))
        edited.write_text(original, encoding="utf-8")
        figures["plain"].append(measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain),
                                         "-d", str(plain.parent / "out")], plain.parent))
    return figures


def median(values: list[tuple[float, float, float]], index: int) -> float:
    return statistics.median(v[index] for v in values)


# -- In the browser --------------------------------------------------------------------------------

@contextlib.contextmanager
def chromium_page():
    sys.path.insert(0, str(REPO / "tests"))
    from gates.common import browser
    with browser() as chromium:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                      else route.abort())
        yield context
        context.close()


def gzip_bytes_of(context, action) -> int:
    """Bytes, after gzip, of every response the browser receives while `action` runs."""
    with _responses(context) as received:
        action()
    return sum(size for _, size in received)


@contextlib.contextmanager
def _responses(context):
    """Each response the browser receives meanwhile, as (when it ended, in ms since the epoch; its
    bytes after gzip), requests of the page's workers included."""
    received: list[tuple[float, int]] = []

    def count(response):
        with contextlib.suppress(Exception):  # a response cut short by navigation has no body
            size = len(gzip.compress(response.body(), 6))
            timing = response.request.timing
            received.append((timing["startTime"] + timing["responseEnd"], size))
    context.on("response", count)
    try:
        yield received
    finally:
        context.remove_listener("response", count)


# Times taken in the page itself, in ms since the epoch like the responses' timing: the last key
# pressed, and the frame that first paints a search result (not when the test's polling notices it).
_TIMES = """
addEventListener("keydown", () => { window.txLastKey = performance.timeOrigin + performance.now(); }, true);
new MutationObserver((_, observer) => {
  if (!document.querySelector(".md-search-result__item")) return;
  observer.disconnect();
  requestAnimationFrame(() => { window.txFirstResult = performance.timeOrigin + performance.now(); });
}).observe(document, { childList: true, subtree: true });
"""


def browser_figures(site: Path, resource_url: str) -> dict[str, float]:
    sys.path.insert(0, str(REPO / "tests"))
    from gates.common import serve
    figures = {}
    with serve(site) as base, chromium_page() as context:
        page = context.new_page()
        figures["resource page first load KB"] = gzip_bytes_of(
            context, lambda: page.goto(base + resource_url, wait_until="networkidle")) / 1024
        fresh = context.browser.new_context(viewport={"width": 1280, "height": 900})
        fresh.add_init_script(_TIMES)
        query = fresh.new_page()
        with _responses(fresh) as received:
            query.goto(base, wait_until="networkidle")
            started = query.evaluate("performance.timeOrigin + performance.now()")
            query.locator(".md-search__input").click()
            query.keyboard.type("fractions")
            query.locator(".md-search-result__item").first.wait_for(timeout=60_000)
            query.wait_for_function("window.txFirstResult !== undefined")
            last_key, shown = query.evaluate("[window.txLastKey, window.txFirstResult]")
        # Plain Material fetches its whole index as the page loads, Tessellate once a reader starts to
        # search: so both the bytes from opening the page and those the search added after it.
        figures["first query KB, page included"] = sum(size for end, size in received if end <= shown) / 1024
        figures["first query KB, after the page"] = sum(size for end, size in received if started < end <= shown) / 1024
        figures["first results after last key ms"] = shown - last_key
        fresh.close()
    return figures


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_edit_seconds(config: Path, source: str) -> float:
    """Seconds from saving an edit to one item until `build.py serve` shows it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{source[:-3]}/"
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "-q", "-f", str(config),
                                "-a", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(url, "", 900)
        # The preview writes feeds, search index and share kits just after the pages, the policy
        # headers file last; a coordinator reading the page saves the next edit later than that.
        wait_for(f"http://127.0.0.1:{port}/_headers", "", 300)
        path = Path(yaml.safe_load(config.read_text())["docs_dir"]) / source
        marker = f"edited-{time.time_ns()}"
        time.sleep(2)  # let the watcher settle after the first build
        path.write_text(path.read_text() + f"\n\n{marker}\n")
        saved = time.perf_counter()
        wait_for(url, marker, 300)
        return time.perf_counter() - saved
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for(url: str, text: str, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=10) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return
        time.sleep(0.05)
    sys.exit(f"{url} did not show {text!r} within {limit} s")


# -- Report ----------------------------------------------------------------------------------------

def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    from importlib.metadata import version
    return (f"{platform.platform()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}; "
            f"this machine's pace when the run began: {pace():.2f} s for a Python loop of ten million additions")


def pace() -> float:
    """A shared virtual machine's speed varies from hour to hour: seconds for a fixed piece of work,
    so runs at different times can be told apart (ratios to plain Material compare; seconds do not)."""
    started = time.process_time()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve-items", type=int, default=1000, help="0 to skip the serve measurement")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    lines = [f"# Benchmark results\n\n{machine()}. Every figure is the median of {args.runs} runs (builds "
             "interleaved); CPU is user + system time of the build.\n",
             "| items | build | wall s | CPU s | peak MB | pages | pages/s | CPU vs plain | memory vs plain |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    extra = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as temp:
            root = Path(temp)
            sources = write_items(root / "docs", size)
            tessellate, plain = configs(root, root / "docs")
            resource = next(s for s in sources if s.startswith("resources/"))
            figures = build_figures(tessellate, plain, args.runs, root / "docs" / resource)
            pages = {name: len(list((path.parent / "out").rglob("*.html")))
                     for name, path in (("tessellate", tessellate), ("plain", plain))}
            plain_cpu, plain_peak = median(figures["plain"], 1), median(figures["plain"], 2)
            for name, runs in figures.items():
                count = pages[name.split()[0].rstrip(",")]
                wall, cpu, peak = (median(runs, i) for i in range(3))
                lines.append(f"| {size:,} | {name} | {wall:.1f} | {cpu:.1f} | {peak:.0f} | {count:,} | {count / wall:.0f} "
                             f"| {cpu / plain_cpu:.2f}× | {peak / plain_peak:.2f}× |")
                print(lines[-1], flush=True)
            if CHROMIUM.exists():
                for name, path in (("tessellate", tessellate), ("plain", plain)):
                    measured = [browser_figures(path.parent / "out", resource[:-3] + "/") for _ in range(args.runs)]
                    for figure in measured[0]:
                        value = statistics.median(run[figure] for run in measured)
                        extra.append(f"| {size:,} | {name} | {figure} | {value:.0f} |")
                        print(extra[-1], flush=True)
            if size == args.serve_items:
                edited = next(s for s in sources if s.startswith("resources/"))
                seconds = statistics.median(serve_edit_seconds(tessellate, edited) for _ in range(args.runs))
                extra.append(f"| {size:,} | tessellate | serve: edit to visible, s | {seconds:.1f} |")
                print(extra[-1], flush=True)
    if extra:
        lines += ["", "| items | site | figure | value |", "| ---: | --- | --- | ---: |", *extra]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
