"""A synthetic network of N items for the benchmarks: all three kinds, varied text, realistic front matter.

    python benchmarks/generate.py DOCS_DIR --items 1000 [--seed 7]

The same seed gives the same files, so two builds (Tessellate and plain Material) read the same
Markdown. Text is drawn word by word from a maths-teaching vocabulary, so pages differ the way real
pages do (a search index of one sentence repeated would flatter every engine)."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

TOPICS = ["number", "algebra", "ratio", "geometry", "statistics", "probability"]
PHASES = ["ks3", "ks4", "post16"]
TYPES = ["rich-task", "lesson", "assessment", "guide"]
NOUNS = ("fraction decimal percentage ratio proportion equation inequality sequence graph gradient angle triangle "
         "polygon circle area perimeter volume probability outcome frequency mean median mode range histogram "
         "vector matrix surd index factor multiple prime bar-model number-line misconception method diagram "
         "student teacher class lesson task worksheet question answer example explanation department partner "
         "college school resit group pair discussion estimate calculator table chart data sample").split()
VERBS = ("compare explain justify estimate sketch convert simplify expand factorise solve plot measure "
         "calculate prove generalise notice predict check discuss record sort match reason model test").split()
ADJECTIVES = ("common careful quick visual useful surprising hard simple unfamiliar mixed negative equivalent "
              "proportional linear quadratic random fair biased accurate rough whole exact").split()
LINKERS = ("then after that because so that while before whenever although unless until").split()
NAMES = ["Sam Patel", "Jo Bloggs", "Priya Shah", "Tom Evans", "Ana Costa", "Lee Wong", "Mo Ahmed", "Kit Rowe"]
ORGS = ["Plymstock School", "Tamar College", "Okewater Academy", "Teign Valley School", "Dartside Sixth Form"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(ADJECTIVES), rng.choice(NOUNS) + "s", rng.choice(VERBS), "the", rng.choice(NOUNS),
             rng.choice(LINKERS), "students", rng.choice(VERBS), "a", rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    words = words[: rng.randint(7, len(words))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def title(rng: random.Random, n: int) -> str:
    return f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)}s and {rng.choice(NOUNS)}s {n}"


def body(rng: random.Random, transcript: bool = False) -> str:
    parts = []
    for heading in rng.sample(["Why this works", "How to run it", "What to listen for", "Going further",
                               "Common mistakes", "Adapting it"], 3):
        parts.append(f"## {heading}\n\n{paragraph(rng)}\n\n{paragraph(rng)}")
    if rng.random() < 0.4:
        parts.append("| Question | Answer |\n| --- | --- |\n" + "\n".join(
            f"| {sentence(rng)} | {rng.randint(2, 99)} |" for _ in range(4)))
    if transcript:
        parts.append("## Transcript\n\n" + "\n\n".join(paragraph(rng) for _ in range(4)))
    return "\n\n".join(parts)


def front_matter(rng: random.Random, kind: str, n: int, slugs: list[str]) -> str:
    lines = [f"title: {title(rng, n)}", f"summary: {sentence(rng)} {sentence(rng)}",
             f"date: {rng.randint(2021, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
             f"topics: [{', '.join(rng.sample(TOPICS, rng.randint(1, 2)))}]",
             f"authors: [{{name: {rng.choice(NAMES)}, organisation: {rng.choice(ORGS)}}}]"]
    if kind == "resources":
        lines += [f"phases: [{', '.join(rng.sample(PHASES, rng.randint(1, 2)))}]", f"resource_type: {rng.choice(TYPES)}"]
    elif kind == "cpd":
        minutes = rng.randint(3, 20)
        video_id = "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", k=11))
        lines += [f"video: https://www.youtube.com/watch?v={video_id}",
                  f'duration: "{minutes}:{rng.randint(0, 59):02d}"',
                  f"presenters: [{rng.choice(NAMES)}]", f"outcomes: [{sentence(rng)}, {sentence(rng)}]",
                  f'chapters: [{{at: "0:00", title: Introduction}}, {{at: "{minutes - 1}:00", title: Summary}}]']
        if slugs:
            lines.append(f"resources: [{', '.join(rng.sample(slugs, min(2, len(slugs))))}]")
    else:
        lines += [f"organisation: {rng.choice(ORGS)}",
                  f"impact: [{{measure: Pass rate, before: '{rng.randint(10, 40)}%', after: '{rng.randint(41, 90)}%'}}]"]
    return "\n".join(lines)


def write_items(docs: Path, count: int, seed: int = 7) -> list[str]:
    """Write `count` items (60 % resources, 25 % CPD, 15 % stories) under `docs`; returns their sources."""
    rng = random.Random(seed)
    sources, slugs = [], []
    for n in range(count):
        kind = "resources" if n % 20 < 12 else "cpd" if n % 20 < 17 else "stories"
        topic = TOPICS[n % len(TOPICS)]
        slug = f"item-{n:05d}"
        source = f"{kind}/{topic}/{slug}.md"
        path = docs / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front_matter(rng, kind, n, slugs)}\n---\n\n{body(rng, kind == 'cpd')}\n", encoding="utf-8")
        if kind == "resources":
            slugs.append(slug)
        sources.append(source)
    (docs / "index.md").write_text("# Benchmark network\n\nResources, CPD and stories.\n", encoding="utf-8")
    return sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{len(write_items(args.docs, args.items, args.seed))} items written to {args.docs}")


if __name__ == "__main__":
    main()
