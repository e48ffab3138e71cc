"""What the command line shows while it works: colour on a terminal only, progress, a summary line.

Colour and the progress counter go only to a terminal (never into a pipe or a log file), and
colour never when NO_COLOR is set (https://no-color.org), so CI logs and scripts get plain text.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import TextIO

from mkdocs.plugins import BasePlugin

from .model import Problem

_RED, _YELLOW, _BOLD, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """True for a terminal, unless NO_COLOR is set (to anything but "") or the terminal is dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _is_terminal(stream)


def shown(path: Path) -> Path:
    """`path` as messages give it: relative to the current folder when it lies inside it, else whole."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else Path(relative)


def problem_line(problem: Problem, colour: bool) -> str:
    """`path:line: field: message (hint)`, with the place in bold and the kind of problem in colour."""
    text = str(problem)
    if not colour:
        return text
    place, _, rest = text.partition(f": {problem.field}: ")
    marker = f"{_YELLOW}warning{_RESET}" if not problem.is_error else f"{_RED}error{_RESET}"
    rest = rest.removeprefix("warning: ")
    return f"{_BOLD}{place}{_RESET}: {marker}: {problem.field}: {rest}"


class Progress(BasePlugin):
    """A page counter on a terminal, redrawn in place; nothing at all when the output is piped."""

    def __init__(self, stream: TextIO, show: bool) -> None:
        super().__init__()
        self.stream, self.show = stream, show and _is_terminal(stream)
        self.total = self.done = 0
        self.drawn = 0.0

    def on_files(self, files, config):
        self.total = len(files.documentation_pages())
        return files

    def on_post_page(self, output, page, config):
        self.done += 1
        now = time.monotonic()
        if self.show and (now - self.drawn > 0.1 or self.done == self.total):
            self.drawn = now
            self.stream.write(f"\rBuilding pages: {self.done}/{self.total}")
            self.stream.flush()
        return output

    def on_post_build(self, config):
        if self.show and self.done:
            self.stream.write("\r\033[K")  # clear the counter before the summary line
            self.stream.flush()


class WarningCounter(logging.Handler):
    """Counts the warnings MkDocs and its plugins log during a build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class AlreadyShown(logging.Filter):
    """Drops the plugin's log line for a content warning the command line has already printed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.shown = {str(problem) for problem in problems}

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.shown


def summary_line(site_dir: Path, warnings: int, seconds: float, target: str) -> str:
    """`Built 57 pages, 22 feeds, 29 snippets, 0 warnings in 4.2 s into site`, counted from the built files
    (a snippet is an item's share kit; its files are not counted again as pages)."""
    pages = feeds = snippets = 0
    # One walk, names only (no file is opened or stat'ed): a large site has tens of thousands of files.
    for folder, _, names in os.walk(site_dir):
        shared = "share" in Path(folder).relative_to(site_dir).parts
        snippets += shared and "social.json" in names
        pages += 0 if shared else sum(name.endswith(".html") for name in names)
        feeds += ("feed.xml" in names) + ("feed.atom" in names) + ("feed.json" in names)
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    return (f"Built {plural(pages, 'page')}, {plural(feeds, 'feed')}, {plural(snippets, 'snippet')}, "
            f"{plural(warnings, 'warning')} in {seconds:.1f} s into {target}")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
