"""The theme's static files, listed once per preview rather than at every save.

Each build, MkDocs lists every file of every theme folder to find the static ones: Material's
folders hold thousands of icons, and walking and filtering them was the largest single cost of a
rebuild (0.26 s of 2.2 s profiled, at 1,000 items). An installed theme does not change while the
preview runs, and the folders that can (the site's custom_dir, the engine's templates) are listed
again at every save, so an added or removed file still counts."""

from __future__ import annotations

import os
from pathlib import Path


class ThemeFiles:
    """Remembers the last listing, keyed by what it was made from."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._names: list[str] = []

    def remember(self, config) -> None:
        """Make `config`'s theme give environments whose listing of templates is remembered."""
        theme = config.theme
        make_env = theme.get_env

        def get_env():
            env = make_env()
            list_all = env.list_templates

            def list_templates(extensions=None, filter_func=None):
                if extensions is not None or filter_func is None:
                    return list_all(extensions, filter_func)
                # The filter is MkDocs' own (its code), reading the theme's static templates.
                key = (filter_func.__code__, tuple(theme.static_templates), tuple(theme.dirs),
                       tuple(_files(folder) for folder in theme.dirs if not _installed(folder)))
                if key != self._key:
                    self._key, self._names = key, list_all(extensions, filter_func)
                return list(self._names)

            env.list_templates = list_templates
            return env

        theme.get_env = get_env


def _installed(folder: str) -> bool:
    return bool({"site-packages", "dist-packages"} & set(Path(folder).parts))


def _files(folder: str) -> tuple[str, ...]:
    return tuple(sorted(os.path.relpath(os.path.join(parent, name), folder)
                        for parent, _, names in os.walk(folder) for name in names))
