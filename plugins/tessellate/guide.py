"""The "Writing content" guide, generated from the content contract and the site's taxonomy.

One text serves twice: the site publishes it at `guide/`, and `build.py guide` writes it into
the repository (docs/CONTENT.md), so what coordinators read is always what the checker enforces.
"""

from __future__ import annotations

from html import escape

from .model import KINDS, Site
from .model.contract import Field, fields_of
from .model.kinds import in_words

GUIDE_PAGE = "guide/index.md"
TITLE = "Writing content"
_GROUPS = (("topics", "Topics"), ("phases", "Phases"), ("resource_types", "Resource types"))


def guide_markdown(site: Site) -> str:
    """The whole guide as Markdown."""
    folder = site.docs_dir.name
    lines = [
        f"# {TITLE}",
        "",
        "<!-- Generated from the content model and mkdocs.yml by `python build.py guide`; edit those, not this file. -->",
        "",
        f"Each {in_words([kind.one for kind in KINDS.values()])} is a Markdown file in "
        f"{in_words([f'`{folder}/{kind}/`' for kind in KINDS])} (sub-folders are fine). It starts with front matter: "
        "fields between two lines of three dashes (`---`), one `name: value` per line; the text of the page follows.",
        "",
        "- Start a new one with `python build.py new resources \"Title\" --topic number --phase ks3` "
        f"(or {', '.join(f'`{kind}`' for kind in list(KINDS)[1:])}): it writes the file with every field ready to "
        "fill in, as a draft.",
        "- `python build.py serve` previews the site as you save, drafts and future items included, "
        "and shows any problem in the browser; `python build.py check` lists every problem.",
        "- A file's address is its path: `resources/number/x.md` becomes `resources/number/x/`.",
        "- Files whose names start with `_`, items with `draft: true` and items dated in the future "
        "appear nowhere in the built site.",
        "- Quote durations and times: `duration: \"7:45\"`. Put text containing `: ` in quotes.",
        "",
    ]
    for kind, label in ((kind.id, kind.section) for kind in KINDS.values()):
        lines += [f"## {label}", "", f"Files in `{folder}/{kind}/`.", "",
                  "| Field | What it holds | Type | Required | Default | Allowed values | Example |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for field in fields_of(kind):
            lines.append(_row(field, field.name, site, kind))
            lines += [_row(part, f"{field.name}.{part.name}", site, kind) for part in field.parts]
        lines.append("")
    lines += ["## The taxonomy of this site", "", "The ids to use, as configured under `taxonomy:` in `mkdocs.yml`.", ""]
    for group, label in _GROUPS:
        choices = getattr(site.taxonomy, group)
        lines += [f"### {label}", "", "| Id | Shown as |", "| --- | --- |"]
        lines += [f"| `{_cell(key)}` | {_cell(value)} |" for key, value in choices.items()] or ["| (none) | |"]
        lines.append("")
    lines += ["## The curriculum of this site", "",
              "The units to name in `units:`, in teaching order, as configured under `curriculum:` in `mkdocs.yml`. "
              "Give `step:` (1, 2, 3...) to place an item within its unit.", "",
              "| Id | Stage | Unit | Term |", "| --- | --- | --- | --- |"]
    lines += [f"| `{_cell(unit.id)}` | {_cell(unit.stage_title)} | {_cell(unit.title)} | {_cell(unit.term)} |"
              for unit in site.units.values()] or ["| (none) | | | |"]
    lines.append("")
    return "\n".join(lines)


def _row(field: Field, name: str, site: Site, kind: str) -> str:
    allowed = site.choices(field.allowed) if field.allowed else None
    allowed_text = ", ".join(f"`{_cell(key)}`" for key in allowed) if allowed is not None else _cell(field.allowed)
    required = {"": "no", "yes": "yes" if field.required_for(kind) else "no"}.get(field.required, field.required)
    cells = [f"`{name}`", _cell(field.help), _cell(field.type), _cell(required), _cell(field.default),
             allowed_text, f"`{field.example}`"]
    return "| " + " | ".join(cells) + " |"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: no markup, no column breaks, and no braces (which the
    attr_list extension would read as attributes for the cell)."""
    return escape(text, quote=False).replace("|", "&#124;").replace("{", "&#123;").replace("}", "&#125;")
