"""What the share kit costs: a warm build of generated items with the share kit, and with `share: false`.

    python benchmarks/share_speed.py [--items 1000] [--runs 2]

Budget: the share kit adds at most 15 % to a warm build of 1,000 items. "Warm" means the social-card
cache beside mkdocs.yml already holds every card (an earlier build drew them), as on a coordinator's
machine or a CI cache; the cold build, which draws every card, is printed too.
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
    seconds, _, _ = measure([sys.executable, str(REPO / "build.py"), "build", "-q", "-d", "out"], site)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="warm builds per setting (the median is reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        write_items(root / "docs", args.items)
        config, _ = configs(root, root / "docs")  # the example network's mkdocs.yml, reading the generated items
        site = config.parent
        with_share = config.read_text()
        settings = yaml.safe_load(with_share)
        for plugin in settings["plugins"]:
            if isinstance(plugin, dict) and "tessellate" in plugin:
                plugin["tessellate"]["share"] = False
        without = yaml.safe_dump(settings, sort_keys=False)
        cold = build(site)
        cards = len(list((site / ".cache" / "tessellate" / "cards").glob("*.png")))
        # Alternating the two settings, so a machine that slows down or speeds up part-way (other
        # work on it) does not favour one of them.
        runs: dict[str, list[float]] = {"share: false": [], "share kit, warm": []}
        for _ in range(args.runs):
            for name, config in (("share: false", without), ("share kit, warm", with_share)):
                (site / "mkdocs.yml").write_text(config)
                runs[name].append(build(site))
        times = {name: statistics.median(seconds) for name, seconds in runs.items()}
    base, warm = times["share: false"], times["share kit, warm"]
    overhead = warm / base - 1
    print(f"{args.items} items, Python {sys.version.split()[0]}, median of {args.runs} warm build(s)")
    print(f"{'share: false':<30}{base:>8.1f} s")
    print(f"{'share kit, warm card cache':<30}{warm:>8.1f} s   (+{overhead:.1%}; budget +{BUDGET:.0%})")
    print(f"{'share kit, cold (draws cards)':<30}{cold:>8.1f} s   ({cards} cards drawn)")
    print("every run: " + "; ".join(f"{name}: {', '.join(f'{t:.1f}' for t in seconds)}" for name, seconds in runs.items()))
    print("within budget" if overhead <= BUDGET else "OVER BUDGET")


if __name__ == "__main__":
    main()
