"""MkDocs' link checks in a coordinator's terms: which of them warn, and their warnings retold.

MkDocs warns of a link as it renders a page, in its own words and with no line ("Doc file
'resources/a.md' contains a link 'figure2.png', but the target 'resources/figure2.png' is not found
among documentation files."). `check` has already found the same link (model/targets.py), with its
line and the nearest file; the build prints that problem instead, and drops it when `check` has
printed it already. The retelling is done where the lines are printed, by the handlers' formatters,
not by changing the record: a page reused from the cache tells the warnings its rendering logged
again (pages/reused_bodies.py), from whatever folder the next build runs in, so what is kept must
stay MkDocs' own words, and each time they are told they are retold."""

from __future__ import annotations

import copy
import logging
import re
from pathlib import Path

from . import terminal
from .model import Catalogue, Problem, Severity
from .model.files import addresses

_RELATIVE_TO_DOCS = -1  # MkDocs' level for `validation: links: absolute_links: relative_to_docs`
_LOGGERS = ("mkdocs", "properdocs")
_DOC = r"Doc file '(?P<source>.+?)' contains "
_SUGGESTION = r"(?: Did you mean '(?P<suggestion>.*)'\?)?"
# MkDocs' words (mkdocs/structure/pages.py, the same in ProperDocs) for each link it cannot follow.
_WARNINGS = tuple((re.compile(pattern, re.DOTALL), what, hint) for pattern, what, hint in (
    (_DOC + r"a link '(?P<address>.*?)', but the target(?: '(?P<target>.*?)')? is not found among documentation files\."
     + _SUGGESTION + "$", "the link '{address}' is not found",
     "correct the address, or save the file at {target} in the content folder"),
    (_DOC + r"an unrecognized relative link '(?P<address>.*?)', it was left as is\." + _SUGGESTION + "$",
     "the link '{address}' leads to no page or file", "link to the page's .md file, e.g. 'fractions.md'"),
    (_DOC + r"an absolute link '(?P<address>.*?)', it was left as is\." + _SUGGESTION + "$",
     "the link '{address}' starts with /, so it is not checked", "write it relative to this page"),
    (_DOC + r"a link '(?P<address>.*?)', but there is no such anchor on this page\.(?P<context>.*)$",
     "the link '{address}' leads to no heading or anchor on this page",
     "use the anchor a heading shows in its ¶ link, or remove the #part"),
    (_DOC + r"a link '(?P<address>.*?)', but the doc '(?P<target>.*?)' does not contain an anchor '#(?P<anchor>.*?)'\.$",
     "the link '{address}' leads to no heading or anchor '#{anchor}' in {target}",
     "use the anchor a heading shows in its ¶ link, or remove the #part"),
    (_DOC + r"a link to '(?P<address>.*?)' which is excluded from the built site\.$",
     "the link '{address}' leads to a page left out of the site", "remove the link, or publish the page"),
))


_NAV = re.compile(r"A reference to '(?P<entry>.*?)' is included in the 'nav' configuration, which is not found in "
                  r"the documentation files\.$")


def warning_checks(config) -> frozenset[str]:
    """Which of MkDocs' link checks warn, from mkdocs.yml's `validation: links:`, for the model's Site."""
    links = config.validation.links
    names = {name for name in ("not_found", "unrecognized_links", "absolute_links") if links[name] >= logging.WARNING}
    return frozenset(names | ({"relative_to_docs"} if links["absolute_links"] == _RELATIVE_TO_DOCS else set()))


class Retold(logging.Filter):
    """While attached, the handlers of MkDocs' loggers print its link warnings as `check`'s problems
    (`content/a.md:12: body: warning: the image ...`), and none `check` has printed already."""

    def __init__(self, catalogue: Catalogue, here: Path) -> None:
        super().__init__()
        self.docs, self.here = Path(catalogue.site.docs_dir), here
        self.shown = set(catalogue.problems)
        self.links: dict[tuple[str, str], list[Problem]] = {}
        for link in catalogue.broken_links:
            self.links.setdefault((link.source, link.address), []).append(link.problem)
        self.told: dict[tuple[str, str], int] = {}
        self.attached: list[tuple[logging.Handler, logging.Formatter | None]] = []

    def attach(self) -> Retold:
        handlers = {id(h): h for name in _LOGGERS for h in logging.getLogger(name).handlers}
        for handler in handlers.values():
            self.attached.append((handler, handler.formatter))
            handler.addFilter(self)
            colour = terminal.use_colour(getattr(handler, "stream", None))  # as `check` prints it
            handler.setFormatter(_Retelling(self, handler.formatter or logging.Formatter(), colour))
        return self

    def detach(self) -> None:
        for handler, formatter in self.attached:
            handler.removeFilter(self)
            handler.setFormatter(formatter)
        self.attached.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        return self.problem(record) not in self.shown

    def problem(self, record: logging.LogRecord) -> Problem | None:
        """The problem a link warning tells of, worked out once per record (each handler asks)."""
        if not hasattr(record, "tessellate_problem"):
            try:
                record.tessellate_problem = self._retell(record.getMessage())
            except Exception:  # noqa: BLE001 - a message is never lost to its retelling: MkDocs' words stand
                record.tessellate_problem = None
        return record.tessellate_problem

    def _retell(self, message: str) -> Problem | None:
        if nav := _NAV.match(message):  # an entry of mkdocs.yml's nav: check found it (pages/nav_check.py)
            return next((p for p in self.shown if p.field == "nav" and f"'{nav['entry']}'" in p.message), None)
        for pattern, what, hint in _WARNINGS:
            if match := pattern.match(message):
                break
        else:
            return None
        source, address = match["source"], match["address"]
        # The n-th warning of a link is the n-th place it is written, as MkDocs reads a page in order.
        told = self.told[source, address] = self.told.get((source, address), -1) + 1
        if found := self.links.get((source, address)):
            return found[min(told, len(found) - 1)]
        fields = {k: v or "" for k, v in match.groupdict().items()}
        fields["target"] = fields.get("target") or address.lstrip("/")  # MkDocs leaves out one that is the address
        if fields.get("suggestion"):
            hint = f"did you mean '{fields['suggestion']}'?"
        elif "footnote" in fields.get("context", ""):
            hint = "a footnote that is never referenced: refer to it with [^name], or remove it"
        else:
            hint = hint.format(**fields)
        return Problem(self.docs / source, self._line(source, address), "body", what.format(**fields), hint,
                       Severity.WARNING)

    def _line(self, source: str, address: str) -> int:
        """The line of the file where `address` is first written, or 1."""
        try:
            text = (self.docs / source).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return 1
        if front := re.match(r"---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", text, re.DOTALL):
            first, body = front.group(0).count("\n") + 1, text[front.end():]
        else:
            first, body = 1, text
        lines = [a.line for a in addresses(body) if a.text == address or address.startswith(f"{a.text}#")]
        if lines:
            return first + lines[0]
        at = text.find(address)
        return text.count("\n", 0, at) + 1 if at >= 0 else 1


class _Retelling(logging.Formatter):
    """A handler's formatter, given a copy of each link warning record that carries the problem's line."""

    def __init__(self, retold: Retold, formatter: logging.Formatter, colour: bool) -> None:
        super().__init__()
        self.retold, self.formatter, self.colour = retold, formatter, colour

    def format(self, record: logging.LogRecord) -> str:
        problem = self.retold.problem(record)
        if problem is not None:
            record = copy.copy(record)
            record.msg, record.args = terminal.problem_line(problem.shown_from(self.retold.here), self.colour), None
        return self.formatter.format(record)
