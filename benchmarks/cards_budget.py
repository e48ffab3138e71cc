"""Three social cards per item against one: cold and warm builds of the same generated network, by two engines.

    python benchmarks/cards_budget.py --base /tmp/cards-base [--items 1000] [--runs 3]

`--base` is a checkout of the engine from before the tall cards (`git worktree add /tmp/cards-base
<commit>`), which draws one card per item; this checkout draws three. Each run builds the same site
cold (no cache) with each engine, alternating which goes first, then warm with this one (a warm
build must draw no card). Other work on a shared machine blurs wall time most, so the runs are
interleaved and the load average is printed beside the medians. Budget (issue 21): this engine's
cold wall time at most 1.1 × the base's.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import REPO, _MEASURE, configs  # noqa: E402
from generate import write_items  # noqa: E402

BUDGET = 1.10


def build(engine: Path, site: Path, verbose: bool = False) -> tuple[float, float, float, str]:
    """(wall s, CPU s of the build and its workers, peak MB, log) of one build of `site` by the engine at `engine`."""
    command = [sys.executable, "-c", _MEASURE.replace("stderr=subprocess.DEVNULL", "stderr=None"),
               sys.executable, str(engine / "build.py"), "build", "-v" if verbose else "-q", "-d", "out"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(engine / "plugins")}
    result = subprocess.run(command, cwd=site, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"the build by {engine} failed in {site}:\n{result.stderr[-2000:]}")
    wall, cpu, peak = map(float, result.stdout.split())
    return wall, cpu, peak, result.stderr


def cold(engine: Path, site: Path) -> tuple[float, float, float, str]:
    shutil.rmtree(site / ".cache", ignore_errors=True)
    shutil.rmtree(site / "out", ignore_errors=True)
    return build(engine, site, verbose=True)


def drawn(log: str) -> str:
    found = re.search(r"Share kit: (\d+) social card\(s\) drawn, (\d+) unchanged", log)
    return f"{found[1]} drawn, {found[2]} unchanged" if found else "?"


def load() -> float:
    return os.getloadavg()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="a checkout of the one-card engine")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    engines = {"one card (base)": args.base.resolve(), "three cards": REPO}
    figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in engines}
    warm: list[tuple[float, float, float]] = []
    loads, counts = [], {}
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        write_items(root / "docs", args.items)
        config, _ = configs(root, root / "docs")
        sites = {name: root / name.split()[0] for name in engines}
        for site in sites.values():
            site.mkdir()
            shutil.copy(config, site / "mkdocs.yml")
        for run in range(args.runs):
            order = list(engines) if run % 2 == 0 else list(reversed(engines))
            for name in order:
                loads.append(load())
                wall, cpu, peak, log = cold(engines[name], sites[name])
                figures[name].append((wall, cpu, peak))
                counts[name] = drawn(log)
                print(f"run {run + 1}, {name}, cold: {wall:.1f} s wall, {cpu:.1f} s CPU, {peak:.0f} MB "
                      f"({counts[name]}; load {loads[-1]:.1f})", flush=True)
            loads.append(load())
            *measured, log = build(REPO, sites["three cards"], verbose=True)
            warm.append(tuple(measured))
            counts["warm"] = drawn(log)
            print(f"run {run + 1}, three cards, warm: {measured[0]:.1f} s wall, {measured[1]:.1f} s CPU "
                  f"({counts['warm']}; load {loads[-1]:.1f})", flush=True)

    def median(values, index):
        return statistics.median(v[index] for v in values)
    base, three = figures["one card (base)"], figures["three cards"]
    print(f"\n{args.items} items, {os.cpu_count()} cores, Python {sys.version.split()[0]}, medians of {args.runs} "
          f"interleaved cold builds; load average (1 min) during the runs: median {statistics.median(loads):.1f}, "
          f"{min(loads):.1f}-{max(loads):.1f}")
    print(f"{'':<24}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}   cards")
    for name, values in (("one card (base)", base), ("three cards", three)):
        print(f"{name:<24}{median(values, 0):>9.1f}{median(values, 1):>9.1f}{median(values, 2):>9.0f}   {counts[name]}")
    print(f"{'three cards, warm':<24}{median(warm, 0):>9.1f}{median(warm, 1):>9.1f}{median(warm, 2):>9.0f}   {counts['warm']}")
    ratio = median(three, 0) / median(base, 0)
    print(f"cold wall, three cards / one: {ratio:.2f} (budget {BUDGET:.2f}); CPU: {median(three, 1) / median(base, 1):.2f}")
    print("every cold run (wall/CPU): " + "; ".join(
        f"{name}: {', '.join(f'{w:.0f}/{c:.0f}' for w, c, _ in values)}" for name, values in figures.items()))
    print("within budget" if ratio <= BUDGET and counts["warm"].startswith("0 drawn") else "OVER BUDGET")


if __name__ == "__main__":
    main()
