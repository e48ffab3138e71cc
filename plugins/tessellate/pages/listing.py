"""A list of cards a reader can narrow: a kind's index or a topic page, with its facets and pages.

Each list shows its first `per_page` cards of each kind; the rest are a click away. With JavaScript,
filter.js reads the list's data file (every item's facet values, `cards.json` beside the page) the
first time a reader narrows the list or asks for more, then only the files holding the cards it
shows (CHUNKS pages' worth of cards each), so neither a page's first load nor a narrowed list grows
with the number of items a network has. Without JavaScript a kind's index continues on static pages
(`resources/page/2/`, linked with rel=next/prev, each holding FURTHER times the first's cards), so
every item is still a link away, and a topic page links each kind's full list, narrowed to the topic."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence

from ..model import KINDS, Item, Site

DATA_FILE = "cards.json"
CHUNKS = 2  # a data file of cards holds this many pages' worth: a narrowed list's first screen needs one or two
NO_PHASE = "none"
# CPD length, in the choices the filter offers: (value, label, longest in seconds).
LENGTHS = (("5", "Up to 5 minutes", 300), ("10", "Up to 10 minutes", 600), ("15", "Up to 15 minutes", 900),
           ("longer", "Longer than 15 minutes", None))
FACET_LABELS = {"topic": ("Topic", "All topics"), "unit": ("Unit", "All units"), "phase": ("Phase", "All phases"),
                "type": ("Resource type", "All types"), "length": ("Length", "Any length")}
# The controls of a kind's index, in the panel's order; a topic page's are the same but the topic.
INDEX_FACETS = ("topic", "unit", "phase", "type", "length")
TOPIC_FACETS = INDEX_FACETS[1:]


def facet_values(item: Item) -> dict[str, list[str]]:
    """The values an item has for each facet: one list per facet, so every filter is `value in list`."""
    seconds = getattr(item, "duration", None)
    resource_type = getattr(item, "resource_type", "")
    return {"topic": list(item.topics), "unit": list(item.units), "phase": list(item.phases) or [NO_PHASE],
            "type": [resource_type] if resource_type else [],
            "length": [] if seconds is None else
            [value for value, _, longest in LENGTHS if (seconds > 900 if longest is None else seconds <= longest)]}


def facets(items: Sequence[Item], names: Sequence[str], site: Site) -> list[dict]:
    """The filter's controls: per facet, its options that some item has, each with how many have it.
    Units come in `groups`, one per stage of the curriculum, as the select's optgroups."""
    taxonomy = site.taxonomy
    labels = {"topic": dict(taxonomy.topics), "unit": site.choices("units"),
              "phase": {**taxonomy.phases, NO_PHASE: "No phase given"},
              "type": dict(taxonomy.resource_types), "length": {value: label for value, label, _ in LENGTHS}}
    found = []
    for name in names:
        counts = Counter(value for item in items for value in facet_values(item)[name])
        options = [{"value": value, "label": label, "count": counts[value]}
                   for value, label in labels[name].items() if counts[value]]
        if options:
            label, every = FACET_LABELS[name]
            found.append({"name": name, "label": label, "every": every, "count": len(items), "options": options,
                          "groups": _by_stage(options, site) if name == "unit" else []})
    return found


def _by_stage(options: list[dict], site: Site) -> list[dict]:
    """The unit options under their stages' titles, in the curriculum's order."""
    groups: dict[str, dict] = {}
    for option in options:
        unit = site.units[option["value"]]
        groups.setdefault(unit.stage, {"label": unit.stage_title, "options": []})["options"].append(option)
    return list(groups.values())


# Further pages of an index are read without JavaScript only; they hold more cards each, so a big
# bank adds a quarter as many pages to every build.
FURTHER = 4


def pages(total: int, per_page: int) -> int:
    """How many pages a kind's index takes: `per_page` cards on the first, FURTHER times as many after."""
    return 1 + math.ceil(max(0, total - per_page) / (per_page * FURTHER))


def page_slice(number: int, per_page: int) -> slice:
    """Which of an index's cards its page `number` shows."""
    if number == 1:
        return slice(0, per_page)
    start = per_page + (number - 2) * per_page * FURTHER
    return slice(start, start + per_page * FURTHER)


def page_path(kind: str, number: int) -> str:
    """The site-relative address of a kind index's page `number` (1 is the index itself)."""
    return f"{kind}/" if number == 1 else f"{kind}/page/{number}/"


def data_files(items: Sequence[Item], card: Callable[[Item], str], chunk: int) -> dict[str, str]:
    """The list's data files, by name, to sit beside its page: DATA_FILE holds each item's kind and
    facet values in list order, and the cards are `chunk` to a file (cards-1.json, cards-2.json...),
    so a narrowed list fetches only the files that hold the cards it shows."""
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    files = {DATA_FILE: json.dumps({"chunk": chunk, "items": [{"kind": item.kind, "facets": facet_values(item)}
                                                              for item in items]}, **compact)}
    for number, start in enumerate(range(0, len(items), chunk), start=1):
        files[cards_file(number)] = json.dumps({"cards": [str(card(item)) for item in items[start:start + chunk]]},
                                               **compact)
    return files


def cards_file(number: int) -> str:
    """The name of a list's data file holding its `number`th chunk of cards (filter.js names it so too)."""
    return DATA_FILE.replace(".json", f"-{number}.json")


def more_label(kind: str, total: int, topic_label: str = "") -> str:
    what = KINDS[kind].listed
    return f"All {total} {what} on {topic_label}" if topic_label else f"All {total} {what}"
