"""What counting X posts as twitter-text does costs: 1,000 typical posts counted, and fitted into 280.

    python benchmarks/x_count_speed.py [--posts 1000] [--seed 7]

A kit's X post is its title and summary, a tracked link and hashtags; fitting it counts it about a
dozen times (share/social.py: the whole text, then a binary search for the longest start that fits).
Posts are drawn from generate.py's vocabulary, one in five mentions bare domains ("nrich.maths.org"),
one in ten carries an emoji, some summaries are too long for 280. Figures are CPU seconds of this
process; the first count, which imports and compiles twitter-text-parser, is shown apart.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))
from generate import sentence, title  # noqa: E402

from tessellate.share.counting import _links, _port, x_length  # noqa: E402
from tessellate.share.social import fit  # noqa: E402

EXTRAS = ["", "", "", "", " Try nrich.maths.org and www.ncetm.org.uk, then compare.", "", "", "",
          " Students’ work — shared 🎉.", " See https://www.ncetm.org.uk/resources/ratio."]


def texts(count: int, seed: int) -> list[tuple[str, str]]:
    """(title and summary, tail) of `count` X posts."""
    rng = random.Random(seed)
    found = []
    for n in range(count):
        summary = " ".join(sentence(rng) for _ in range(rng.randint(2, 6))) + EXTRAS[n % len(EXTRAS)]
        link = f"https://maths.example.org/resources/item-{n}/?utm_source=x&utm_medium=social&utm_campaign=spring"
        tail = f"\n\n{link}\n\n#MathsChat #Number #RatioAndProportion via @maths"
        found.append((f"{title(rng, n)}\n\n{summary}", tail))
    return found


def cpu(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    posts = texts(args.posts, args.seed)
    finished = [head + tail for head, tail in posts]
    first = cpu(lambda: x_length(finished[0]))
    counted = cpu(lambda: [x_length(post) for post in finished])
    _links.cache_clear()  # fitting starts with no link found yet, as a build does
    fitted = cpu(lambda: [fit(head, lambda text, tail=tail: x_length(text + tail), 280) for head, tail in posts])
    port = cpu(lambda: [_port().parse_tweet(post) for post in finished[:100]]) * len(finished) / 100
    print(f"{args.posts} X posts, Python {sys.version.split()[0]}, CPU seconds")
    print(f"{'first count (imports the port)':<36}{first:>8.2f} s")
    print(f"{'count each finished post':<36}{counted:>8.2f} s")
    print(f"{'fit each post into 280':<36}{fitted:>8.2f} s")
    print(f"{'the port parse_tweet, each post':<36}{port:>8.2f} s   (from 100 posts)")


if __name__ == "__main__":
    main()
