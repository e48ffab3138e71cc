"""What the share kit costs: a warm build of generated items with the share kit, and with `share: false`.

    python benchmarks/share_speed.py [--items 1000] [--runs 2]

Budget: the share kit adds at most 15 % to a warm build of 1,000 items. "Warm" means the cache beside
mkdocs.yml holds what an earlier build of the same content made (cards, kits, Markdown renders,
pages), as on a coordinator's machine or a CI cache; the cold build, which makes everything, is
printed too. Figures are CPU seconds of the build process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import REPO, configs, measure  # noqa: E402
from generate import write_items  # noqa: E402

BUDGET = 0.15


def build(site: Path) -> float:
    """CPU seconds (user + system) of one build: what other work on the machine blurs least."""
    _, cpu, _ = measure([sys.executable, str(REPO / "build.py"), "build", "-q", "-d", "out"], site)
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="warm builds per setting (the median is reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        write_items(root / "docs", args.items)
        config, _ = configs(root, root / "docs")  # the example network's mkdocs.yml, reading the generated items
        settings = yaml.safe_load(config.read_text())
        for plugin in settings["plugins"]:
            if isinstance(plugin, dict) and "tessellate" in plugin:
                plugin["tessellate"]["share"] = False
        # Each setting has its own folder, so its own cache beside mkdocs.yml: both builds are warm.
        without = root / "without-share"
        without.mkdir()
        (without / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False))
        sites = {"share: false": without, "share kit, warm": config.parent}
        cold = build(config.parent)
        cards = len(list((config.parent / ".cache" / "tessellate" / "cards").glob("*.png")))
        build(without)
        # Alternating the two settings, so a machine that slows down or speeds up part-way (other
        # work on it) does not favour one of them.
        runs: dict[str, list[float]] = {name: [] for name in sites}
        for _ in range(args.runs):
            for name, site in sites.items():
                runs[name].append(build(site))
        times = {name: statistics.median(seconds) for name, seconds in runs.items()}
    base, warm = times["share: false"], times["share kit, warm"]
    overhead = warm / base - 1
    print(f"{args.items} items, Python {sys.version.split()[0]}, CPU seconds, median of {args.runs} warm build(s)")
    print(f"{'share: false':<30}{base:>8.1f} s")
    print(f"{'share kit, warm caches':<30}{warm:>8.1f} s   ({overhead:+.1%}; budget +{BUDGET:.0%})")
    print(f"{'share kit, cold (draws cards)':<30}{cold:>8.1f} s   ({cards} cards drawn)")
    print("every run: " + "; ".join(f"{name}: {', '.join(f'{t:.1f}' for t in seconds)}" for name, seconds in runs.items()))
    print("within budget" if overhead <= BUDGET else "OVER BUDGET")


if __name__ == "__main__":
    main()
