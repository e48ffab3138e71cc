"""The "Writing content" guide: generated from the model, in the repository and on the site, never drifting."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
import yaml

from conftest import FOREIGN_SITE, REPO, run_build
from tessellate.model import Site, Taxonomy, load_catalogue

KINDS = {"Resources": "resources", "CPD": "cpd", "Success stories": "stories", "Events": "events"}
_ROW = re.compile(r"^\| `([a-z_.]+)` \|")


def guide_fields(markdown: str) -> dict[str, list[str]]:
    """The field names listed in each kind's table of the guide."""
    found: dict[str, list[str]] = {}
    kind = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            kind = KINDS.get(line[3:])
        elif kind and (match := _ROW.match(line)):
            found.setdefault(kind, []).append(match[1])
    return found


def used_fields(front: dict, prefix: str = "") -> set[str]:
    """Every field name a content file uses, sub-fields as `parent.child` (extra: is free-form)."""
    names = set()
    for key, value in front.items():
        names.add(prefix + key)
        entries = value if isinstance(value, list) else [value]
        if key != "extra" and not prefix:
            for entry in entries:
                if isinstance(entry, dict):
                    names |= used_fields(entry, f"{key}.")
    return names


def front_matter(path: Path) -> dict | None:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    return yaml.safe_load(text.split("\n---", 1)[0][4:])


def test_docs_content_md_is_what_the_model_generates(tmp_path):
    result = run_build("guide", "-o", str(tmp_path / "CONTENT.md"))
    assert result.returncode == 0, result.stderr
    assert (REPO / "docs" / "CONTENT.md").read_text(encoding="utf-8") == (tmp_path / "CONTENT.md").read_text(encoding="utf-8"), \
        "docs/CONTENT.md is out of date: run `python build.py guide`"


def test_the_guide_covers_every_field_used_in_any_content():
    fields = guide_fields((REPO / "docs" / "CONTENT.md").read_text(encoding="utf-8"))
    assert set(fields) == set(KINDS.values())
    sources = [*(REPO / "content").rglob("*.md"), *(REPO / "tests" / "data" / "items").glob("*.md"),
               *(FOREIGN_SITE / "docs").rglob("*.md")]
    checked = 0
    for path in sources:
        kind = next((k for k in KINDS.values() if f"/{k}/" in path.as_posix() or path.name.startswith(k[:-1] if k != "cpd" else "cpd-")), None)
        front = front_matter(path)
        if kind is None or not front:
            continue
        checked += 1
        missing = used_fields(front) - set(fields[kind])
        assert not missing, f"{path.name} uses fields the guide does not list: {sorted(missing)}"
    assert checked > 30


@pytest.mark.parametrize("kind", KINDS.values())
def test_every_field_in_the_guide_is_one_the_checker_accepts(kind, tmp_path):
    fields = guide_fields((REPO / "docs" / "CONTENT.md").read_text(encoding="utf-8"))[kind]
    docs = tmp_path / "docs"
    (docs / kind).mkdir(parents=True)
    for n, name in enumerate(fields):
        parent, _, child = name.partition(".")
        line = f"{parent}: {{{child}: x}}" if child else f"{name}: x"
        (docs / kind / f"f{n}.md").write_text(f"---\ntitle: T\n{line}\n---\n", encoding="utf-8")
    site = Site(name="n", docs_dir=docs, taxonomy=Taxonomy(topics={"a": "A"}))
    unknown = [str(p) for p in load_catalogue(site).problems if "is not a field" in p.message]
    assert unknown == []
    # ...and the probe can fail: a name the guide does not list is refused.
    (docs / kind / "zz.md").write_text("---\ntitle: T\ncolour: x\n---\n", encoding="utf-8")
    assert [p.field for p in load_catalogue(site).problems if "is not a field" in p.message] == ["colour"]


def test_the_guide_lists_the_taxonomy_as_configured():
    configured = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    taxonomy = next(p["tessellate"] for p in configured["plugins"] if isinstance(p, dict))["taxonomy"]
    guide = (REPO / "docs" / "CONTENT.md").read_text(encoding="utf-8")
    for group in ("topics", "phases", "resource_types"):
        for key, label in taxonomy[group].items():
            assert f"| `{key}` | {label} |" in guide


def test_the_site_publishes_the_same_guide(example_site):
    page = lxml.html.parse(str(example_site / "guide" / "index.html")).getroot()
    article = page.cssselect("article")[0]
    assert article.cssselect("h1")[0].text.strip() == "Writing content"
    published = [row.cssselect("td")[0].text_content() for table in article.cssselect("table")
                 if len(table.cssselect("thead th")) == 7 for row in table.cssselect("tbody tr")]
    in_repository = guide_fields((REPO / "docs" / "CONTENT.md").read_text(encoding="utf-8"))
    assert published == [name for kind in KINDS.values() for name in in_repository[kind]]
    footer = {a.text_content().strip(): a.get("href") for a in page.cssselect("footer a")}
    assert footer["Writing content"] == "./" and footer["Coverage"] == "../coverage/"


@pytest.mark.parametrize("kind", KINDS.values())
def test_what_the_guide_calls_required_the_checker_requires(kind, tmp_path):
    """A file of the guide's required fields (with its examples) passes; leaving out any one is an error."""
    markdown = (REPO / "docs" / "CONTENT.md").read_text(encoding="utf-8")
    section = markdown.split(f"## {next(k for k, v in KINDS.items() if v == kind)}\n", 1)[1].split("\n## ", 1)[0]
    rows = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in section.splitlines() if _ROW.match(line)]
    required = {row[0].strip("`"): row[6].strip("`") for row in rows if row[3] == "yes" and "." not in row[0]}
    assert {"title", "summary", "date"} <= set(required)
    assert ("topics" in required) == (kind != "events")  # an event need not be about a topic
    docs = tmp_path / "docs"
    (docs / kind).mkdir(parents=True)
    site = Site(name="n", docs_dir=docs, taxonomy=Taxonomy(topics={"number": "Number"}, phases={"ks3": "KS3", "ks4": "KS4"},
                                                           resource_types={"rich-task": "Rich task"}))
    extra = {"cpd": {"video": '"https://www.youtube.com/watch?v=Tq7mB2xKp4w"', "duration": '"7:45"'}}.get(kind, {})
    if kind == "resources":
        required["phases"] = "[ks3]"
    for name in [None, *required]:
        fields = {**required, **extra}
        fields.pop(name, None)
        (docs / kind / "a.md").write_text("---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items())
                                          + "---\n\n## Transcript\n\nWords.\n", encoding="utf-8")
        problems = [(p.field, p.message) for p in load_catalogue(site).problems]
        assert problems == ([] if name is None else [(name, f"'{name}' is missing")]), name
