"""`build.py new`: a new content file with every field a coordinator needs, as a draft.

The file is written with python-frontmatter. Its YAML handler would dump bare values, but a
coordinator needs a short comment above each field; so a handler of our own exports YAML that
we format field by field (each value still dumped by PyYAML, so quoting is always right).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

from .model import KINDS, Site, build_time
from .model.kinds import in_words
from .model.contract import Field, field_named, fields_of
from .model.fields import did_you_mean

# What coordinators may type for a kind: the folder name, or the word they use for one item.
KIND_NAMES = {name: kind.id for kind in KINDS.values() for name in (kind.id, *kind.words)}


SUMMARY = "Replace this with one or two sentences: what it is, who it is for and why a teacher would use it."


class ScaffoldError(Exception):
    """Why nothing was written, in one line for the coordinator."""


@dataclass(frozen=True)
class Scaffold:
    path: Path
    text: str


def slugify(title: str) -> str:
    """`Bar models: ratio` -> `bar-models-ratio`; accents are dropped, anything else becomes a hyphen."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:80].strip("-")


def scaffold(site: Site, kind: str, title: str, topics: list[str], phases: list[str], today: date | None = None,
             taken: dict[str, str] | None = None, units: list[str] | tuple[str, ...] = ()) -> Scaffold:
    """The file `new` would write; raises ScaffoldError (and writes nothing) when it cannot. `taken` maps
    the slugs items already use (a `slug:` of their own included) to their files, by kind: `cpd/x`."""
    kind = _kind(kind)
    taxonomy = site.taxonomy
    _known(topics, taxonomy.topics, "topic", "--topic")
    _known(phases, taxonomy.phases, "phase", "--phase")
    _known(units, site.choices("units"), "unit", "--unit")
    title = " ".join(title.split())
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"the title {title!r} has no letters a-z or digits to make a file name from; "
                            "give a title with words in it")
    if len(title) > 120:
        raise ScaffoldError(f"the title is {len(title)} characters, over the limit of 120; shorten it")
    path = site.docs_dir / kind / f"{slug}.md"
    clash = _clash(site.docs_dir / kind, slug)
    if clash is None and (source := (taken or {}).get(f"{kind}/{slug}")):
        clash = site.docs_dir / source
    if clash is not None:
        raise ScaffoldError(f"{clash.relative_to(site.docs_dir.parent).as_posix()} already has the name "
                            f"'{slug}'; choose a different title, or edit that file")
    values = _values(kind, site, title, topics, phases, list(units), today or build_time().astimezone(site.zone).date())
    post = frontmatter.Post(KINDS[kind].body, **values)
    return Scaffold(path, frontmatter.dumps(post, handler=_CommentedYAML(kind, site)) + "\n")


def write(result: Scaffold) -> None:
    """Create the file; never overwrite one that appeared meanwhile."""
    result.path.parent.mkdir(parents=True, exist_ok=True)
    with open(result.path, "x", encoding="utf-8") as handle:
        handle.write(result.text)


def _kind(kind: str) -> str:
    if kind.lower() in KIND_NAMES:
        return KIND_NAMES[kind.lower()]
    hint = did_you_mean(kind, list(KIND_NAMES)) or f"use {in_words()}"
    raise ScaffoldError(f"'{kind}' is not a kind of content ({hint})")


def _known(ids: list[str], choices: dict[str, str], what: str, option: str) -> None:
    for one in ids:
        if one not in choices:
            hint = did_you_mean(one, choices) or (f"{what}s are: {', '.join(choices)}" if choices
                                                  else f"mkdocs.yml lists no {what}s yet")
            raise ScaffoldError(f"{option} '{one}' is not a {what} in mkdocs.yml ({hint})")


def _clash(folder: Path, slug: str) -> Path | None:
    """A file of the same kind that already uses `slug` as its name, anywhere in the kind's folder."""
    if not folder.is_dir():
        return None
    for path in sorted(folder.rglob("*.md")):
        name = path.parent.name if path.stem in ("index", "README") else path.stem
        if name.lower() == slug:
            return path
    return None


def _values(kind: str, site: Site, title: str, topics: list[str], phases: list[str], units: list[str],
            today: date) -> dict:
    """The fields written with a value: those required, with the coordinator's choices, and draft: true."""
    taxonomy = site.taxonomy
    needed = {name: field_named(name).required_for(kind) for name in ("topics", "phases")}
    given = {"title": title, "summary": SUMMARY, "date": today,
             "topics": topics or (list(taxonomy.topics)[:1] if needed["topics"] else []),
             "draft": True, "phases": phases or (list(taxonomy.phases)[:1] if needed["phases"] else []),
             "units": units}
    if kind == "resources":
        given["resource_type"] = next(iter(taxonomy.resource_types), "")
    values = {}
    for field in fields_of(kind):
        if field.name in given and given[field.name] not in ([], ""):
            values[field.name] = given[field.name]
        elif field.required_for(kind) or field.name in ("video", "duration"):
            values[field.name] = yaml.safe_load(field.example)
    return values


class _CommentedYAML(YAMLHandler):
    """Front matter with a comment above each field; optional fields without a value are written
    commented out, with an example, so a coordinator uncomments what they need."""

    def __init__(self, kind: str, site: Site) -> None:
        super().__init__()
        self.kind, self.site = kind, site

    def export(self, metadata: dict, **kwargs) -> str:
        lines = [f"# A new {KINDS[self.kind].one}. Remove 'draft: true' (the last field) to publish it.",
                 "# Lines starting with # are comments: uncomment an optional field to use it."]
        for field in fields_of(self.kind):
            if field.name == "draft":
                continue
            lines.append(f"# {self._comment(field)}")
            if field.name in metadata:
                lines.append(_dump(field.name, metadata[field.name]))
            else:
                lines.append(f"# {field.name}: {self._example(field)}")
        lines += ["# Remove this line when the item is ready to publish.", _dump("draft", metadata["draft"])]
        return "\n".join(lines)

    def _example(self, field: Field) -> str:
        """The contract's example, with this site's own ids for a taxonomy field."""
        choices = list(self.site.choices(field.allowed)) if field.allowed else []
        return (f"[{choices[0]}]" if field.example.startswith("[") else choices[0]) if choices else field.example

    def _comment(self, field: Field) -> str:
        needed = "Required" if field.required_for(self.kind) else (
            f"Required {field.required}" if field.required not in ("", "yes") else "Optional")
        choices = self.site.choices(field.allowed) if field.allowed else None
        allowed = f" One or more of: {', '.join(choices)}." if choices and field.is_list else (
            f" One of: {', '.join(choices)}." if choices else "")
        return f"{needed}. {field.help[0].upper()}{field.help[1:]}; {field.type}.{allowed}"


def _dump(name: str, value) -> str:
    """`name: value` on one line, the value quoted by PyYAML where YAML needs it; lists as [a, b]."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000)
    return f"{name}: {text.removesuffix(chr(10) + '...' + chr(10)).strip()}"
