"""Which published items coordinators should check again: those whose review has fallen due.

Plain data for the review page. An item falls due `review_after_months` after it was last checked:
its `reviewed:` date, or else when it was last updated or published (model/catalogue.py decides).
"""

from __future__ import annotations

from datetime import datetime

from .model import KIND_LABELS, Catalogue, Item
from .model.catalogue import checked_by, last_checked, review_due
from .model.items import organisations


def due_items(catalogue: Catalogue, now: datetime) -> list[Item]:
    """The published items due for review at `now`, the longest unchecked first."""
    return [item for item in catalogue.due_for_review(now) if not item.draft]  # the preview shows drafts too


def review_rows(catalogue: Catalogue, now: datetime) -> list[dict]:
    """Each item due for review at `now`, as the review page lists it."""
    months = catalogue.site.review_after_months
    return [{"title": item.title, "url": item.url, "kind": KIND_LABELS[item.kind],
             "organisations": organisations(item), "checked": last_checked(item), "checked_by": checked_by(item),
             "due": review_due(last_checked(item), months)}
            for item in due_items(catalogue, now)]
