"""The header's search box without Material's search plugin.

Material's header shows its search box (partials/search.html, which the engine overrides) only
while a plugin named `material/search` is configured and enabled. Tessellate stands in that place
with a plugin that does nothing, so a site listing only `tessellate` has the box; Material's own
plugin, if listed, is switched off, since it would build a second index that no page reads."""

from __future__ import annotations

import logging

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

log = logging.getLogger("mkdocs.plugins.tessellate")
SLOT = "material/search"


class _SlotConfig(Config):
    enabled = c.Type(bool, default=True)


class SearchSlot(BasePlugin[_SlotConfig]):
    """What Material's header template asks about: an enabled search plugin. It handles no event."""


def take_search_slot(config) -> None:
    """Switch Material's search plugin off, if listed, and put the stand-in where the header looks."""
    material = config.plugins.get(SLOT)
    if isinstance(material, SearchSlot):
        return  # `serve` rebuilds with the same plugins
    if material is not None:
        material.config.enabled = False  # each of its events returns at once
        log.info("Material's search plugin is switched off: Tessellate's own search answers the search box. "
                 "Remove '- search' from plugins in mkdocs.yml to skip this message.")
    slot = SearchSlot()
    slot.load_config({})
    # Set on the dict itself: registering events would add the base class's empty handlers to every event.
    dict.__setitem__(config.plugins, SLOT, slot)
