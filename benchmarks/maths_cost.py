"""What typeset maths costs: page weight of a page with 50 formulas, and build time of a bank of
1,000 items with 10 formulas each, each against the same content with the formulas as plain text.

    python benchmarks/maths_cost.py [--items 1000] [--formulas 10]

Budgets (issue 11): at most 10 KB gzip more per page with 50 formulas and no maths script;
at most 10 % more build time for a warm build: the same site built before, so its caches hold the
unchanged bank and both sides pay the same for imports and the disk cache. A second table shows
builds that render every page's Markdown again, where the maths extension does its work.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import REPO, configs, measure  # noqa: E402

sys.path.insert(0, str(REPO / "plugins"))
from tessellate.maths import plain_text  # noqa: E402

TOPICS = ["number", "algebra", "ratio", "geometry", "statistics", "probability"]
# What a maths department writes: fractions, indices, surds, equations, inequalities.
FORMULAS = [r"\frac{{{n}}}{{{d}}}", "x^{p} + {n}x + {d}", r"\sqrt{{{n}}}", r"(x + {n})(x - {d})",
            r"\frac{{x + {n}}}{{{d}}} = {p}", r"{n}x - {d} < {p}", r"a^{p} \times a^{n} = a^{{{s}}}",
            r"\sqrt[3]{{{c}}} = {n}", r"y = {n}x^2 - {d}", r"\frac{{{n}}}{{{d}}} + \frac{{1}}{{{p}}}"]


def formula(k: int) -> str:
    # Every formula different, as if no two lessons shared one: the cache only helps between builds.
    n, d, p = 1 + k % 97, 2 + k // 97, 2 + k % 3
    return FORMULAS[k % len(FORMULAS)].format(n=n, d=d, p=p, s=n + p, c=n ** 3)


def body(start: int, count: int, maths: bool) -> str:
    """Paragraphs holding `count` formulas (inline, every fifth one displayed), or their plain text."""
    parts = []
    for k in range(start, start + count):
        tex = formula(k)
        source = f"$${tex}$$" if k % 5 == 4 else f"${tex}$"
        written = source if maths else plain_text(source)
        parts.append(f"\n\n{written}\n\n" if k % 5 == 4 else f"Students work out {written} and compare methods. ")
    return "".join(parts)


def write_site(root: Path, items: int, formulas: int, maths: bool) -> None:
    docs = root / "docs"
    for n in range(items):
        folder = docs / "resources" / TOPICS[n % len(TOPICS)]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"item-{n:05d}.md").write_text(
            f"---\ntitle: Generated resource {n}\nsummary: A generated resource for the benchmark, number {n}.\n"
            f"date: 2025-{1 + n % 12:02d}-{1 + n % 28:02d}\ntopics: [{TOPICS[n % 6]}]\nphases: [ks3]\n"
            f"resource_type: lesson\n---\n\n## Part 1\n\n{body(n * formulas, formulas, maths)}\n", encoding="utf-8")
    (docs / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    configs(root, docs)  # root/tessellate/mkdocs.yml: the example network's settings, reading docs


def build(root: Path, rendered: bool = False) -> tuple[float, float]:
    """(wall, CPU) seconds of a warm build: one build first (imports compiled, files and caches warm).
    `rendered`: every page's Markdown rendered and laid out again (only typeset formulas and cards
    kept), as after an engine upgrade, which shows what maths costs when a body is rendered."""
    command = [sys.executable, str(REPO / "build.py"), "build", "-q", "-f", "mkdocs.yml", "-d", "out"]
    site = root / "tessellate"
    if not (site / "out").exists():
        measure(command, site)
    if rendered:
        for kept in ("bodies", "pages", "kits"):
            shutil.rmtree(site / ".cache" / "tessellate" / kept, ignore_errors=True)
    wall, cpu, _ = measure(command, site)
    return wall, cpu


def page_weight(maths: bool, temp: Path) -> tuple[int, int, int]:
    """(gzip bytes, raw bytes, scripts) of one item page with 50 formulas or their plain text."""
    root = temp / f"page-{maths}"
    write_site(root, 1, 50, maths)
    build(root)
    html = next((root / "tessellate" / "out" / "resources").rglob("item-00000/index.html")).read_bytes()
    scripts = len(re.findall(rb"<script\b", html))
    return len(gzip.compress(html, 9)), len(html), scripts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--formulas", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        temp = Path(name)
        with_maths, without = page_weight(True, temp), page_weight(False, temp)
        print("One page, 50 formulas        gzip bytes   raw bytes   <script> tags")
        print(f"  typeset as MathML          {with_maths[0]:>10}  {with_maths[1]:>10}  {with_maths[2]:>14}")
        print(f"  as plain text              {without[0]:>10}  {without[1]:>10}  {without[2]:>14}")
        print(f"  difference                 {with_maths[0] - without[0]:>10}  {with_maths[1] - without[1]:>10}"
              f"  {with_maths[2] - without[2]:>14}")
        # The two banks' builds take turns, and the median of each counts. CPU time is shown too:
        # it is what other work on the machine blurs least.
        roots = {maths: temp / f"bank-{maths}" for maths in (True, False)}
        for maths, root in roots.items():
            write_site(root, args.items, args.formulas, maths)
        for rendered, title in ((False, "Warm build (caches hold the unchanged bank)"),
                                (True, "Every page rendered again (only typeset formulas and cards kept)")):
            times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
            for _ in range(args.runs):
                for maths, root in roots.items():
                    times[maths].append(build(root, rendered))
            report(title, times, args)


def report(title: str, times: dict[bool, list[tuple[float, float]]], args) -> None:
    wall = {maths: statistics.median(t[0] for t in runs) for maths, runs in times.items()}
    cpu = {maths: statistics.median(t[1] for t in runs) for maths, runs in times.items()}
    print(f"\n{title}, {args.items} items x {args.formulas} formulas, median of {args.runs}, "
          f"Python {sys.version.split()[0]}")
    print("                             wall s    CPU s   (CPU of each run)")
    for maths, label in ((True, "typeset as MathML"), (False, "as plain text")):
        print(f"  {label:<25}{wall[maths]:>8.1f} {cpu[maths]:>8.1f}   ({', '.join(f'{t[1]:.1f}' for t in times[maths])})")
    print(f"  difference               {100 * (wall[True] / wall[False] - 1):>+7.1f}% "
          f"{100 * (cpu[True] / cpu[False] - 1):>+7.1f}%")


if __name__ == "__main__":
    main()
