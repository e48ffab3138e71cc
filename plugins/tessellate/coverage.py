"""How well the network covers its taxonomy: counts per topic and phase, and who added what lately.

Plain data for the coverage page, which coordinators use to see where to ask partners for help.
"""

from __future__ import annotations

from urllib.parse import urlencode

from .model import KINDS, Catalogue, Item
from .model.items import organisations

NO_PHASE = "none"
NEWEST_PER_ORGANISATION = 3
# Teaching material: events are occasions, not something a topic and phase are covered by.
_COUNTED = {kind.id: (kind.one, kind.many) for kind in KINDS.values() if kind.counted}


def coverage_grid(catalogue: Catalogue) -> dict:
    """Rows of topics, columns of phases, each cell counting published items of every kind."""
    taxonomy = catalogue.site.taxonomy
    phases = list(taxonomy.phases.items())
    if any(not item.phases for item in catalogue.items):
        phases.append((NO_PHASE, "No phase given"))
    rows = []
    for topic, topic_label in taxonomy.topics.items():
        on_topic = catalogue.on_topic(topic)
        cells = []
        for phase, phase_label in phases:
            counts = []
            for kind, (one, many) in _COUNTED.items():
                count = sum(1 for item in on_topic if item.kind == kind and _in_phase(item, phase))
                query = urlencode({"topic": topic, "phase": phase})
                counts.append({"kind": kind, "count": count, "text": f"{count} {one if count == 1 else many}",
                               "href": f"{kind}/?{query}"})
            cells.append({"phase": phase, "phase_label": phase_label, "counts": counts,
                          "gap": not any(c["count"] for c in counts)})
        rows.append({"topic": topic, "label": topic_label, "cells": cells})
    return {"phases": [{"id": p, "label": label} for p, label in phases], "rows": rows,
            "kinds": [KINDS[kind].section for kind in _COUNTED]}


def newest_by_organisation(catalogue: Catalogue) -> list[dict]:
    """Each organisation named on an item, newest addition first, with its newest items."""
    groups: dict[str, list[Item]] = {}
    for item in catalogue.items:  # newest first already
        for organisation in organisations(item):
            groups.setdefault(organisation, []).append(item)
    ordered = sorted(groups.items(), key=lambda pair: (-pair[1][0].published.timestamp(), pair[0].lower()))
    return [{"organisation": name, "count": len(items), "items": items[:NEWEST_PER_ORGANISATION]}
            for name, items in ordered]


def _in_phase(item: Item, phase: str) -> bool:
    return phase in item.phases if phase != NO_PHASE else not item.phases
