"""Build time, peak memory and output size: Tessellate against plain mkdocs-material on the same items.

    python benchmarks/build_speed.py [--items 1000]

Plain Material puts every page into the navigation, which it renders into every page, so its
cost grows with the square of the bank; Tessellate keeps items out of the navigation.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOPICS = ["number", "algebra", "ratio", "geometry", "statistics", "probability"]
PLAIN_CONFIG = "site_name: Plain Material\nsite_url: https://example.org/\ntheme: {name: material, font: false}\nplugins: [search]\n"


def write_items(docs: Path, count: int) -> None:
    """`count` resources with realistic front matter and a few paragraphs each."""
    body = "\n\n".join(f"## Part {n}\n\nStudents work in pairs on the task, then compare methods. " * 3 for n in range(4))
    for n in range(count):
        folder = docs / "resources" / TOPICS[n % len(TOPICS)]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"item-{n:05d}.md").write_text(
            f"---\ntitle: Generated resource {n}\nsummary: A generated resource for the benchmark, number {n}.\n"
            f"date: 2025-{1 + n % 12:02d}-{1 + n % 28:02d}\ntopics: [{TOPICS[n % 6]}]\nphases: [ks3]\n"
            f"resource_type: lesson\n---\n\n{body}\n")
    (docs / "index.md").write_text("# Benchmark\n")


def tessellate_config() -> str:
    text = (REPO / "mkdocs.yml").read_text()
    return text.replace("custom_dir: theme", "").replace("docs_dir: content", "docs_dir: docs").split("nav:")[0] + \
        "plugins:" + text.split("\nplugins:")[1]


# A fresh parent per build, so the peak memory it reports is that build's alone.
_PEAK = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], capture_output=True).returncode;"
         " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds and the build's peak resident memory in MB."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _PEAK, *command], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed (exit {result.returncode})")
    return elapsed, int(result.stdout.split()[-1]) / 1024


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        rows = []
        for name, config in (("tessellate", tessellate_config()), ("plain mkdocs-material", PLAIN_CONFIG)):
            site = root / name.split()[0]
            write_items(site / "docs", args.items)
            (site / "mkdocs.yml").write_text(config)
            command = ([sys.executable, str(REPO / "build.py"), "build", "-q", "-d", "out"] if name == "tessellate"
                       else [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out"])
            seconds, peak = measure(command, site)
            rows.append((name, seconds, peak, size_mb(site / "out"), len(list((site / "out").rglob("*.html")))))
            shutil.rmtree(site)
    print(f"{args.items} items, Python {sys.version.split()[0]}")
    print(f"{'build':<24}{'seconds':>9}{'peak MB':>10}{'site MB':>10}{'pages':>8}")
    for name, seconds, peak, size, pages in rows:
        print(f"{name:<24}{seconds:>9.1f}{peak:>10.0f}{size:>10.1f}{pages:>8}")


if __name__ == "__main__":
    main()
