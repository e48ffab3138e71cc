"""The browser editor's admin/config.yml: generated from the content contract, never a second list of fields."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from tessellate.admin import FORM_ONLY, NOT_IN_EDITOR, config_yaml, editor_config
from tessellate.model import KIND_LABELS, KINDS, SECTION_LABELS, Site, Taxonomy, load_catalogue
from tessellate.model.contract import DURATION, HTTPS, SLUG, Field, fields_of
from tessellate.model.fields import Fields
from tessellate.model.problems import Problems
from tessellate.model.yamltext import parse

BACKEND = {"name": "github", "repo": "tamar-teign/maths", "branch": "main"}
PAGES = [("index.md", "Home"), ("about.md", "About the network"), ("join.md", "Join the network")]
GROUPS = {"topics": "topics", "phases": "phases", "resource_type": "resource_types"}


def example_site() -> Site:
    """The example network's settings, taxonomy as configured in mkdocs.yml."""
    configured = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    settings = next(p["tessellate"] for p in configured["plugins"] if isinstance(p, dict))["taxonomy"]
    return Site(name="Tamar and Teign Maths Network", docs_dir=REPO / configured["docs_dir"],
                url=configured["site_url"], taxonomy=Taxonomy(**{group: dict(settings[group]) for group in GROUPS.values()}))


SITE = example_site()
OTHER = Site(name="Other", docs_dir=Path("docs"), taxonomy=Taxonomy(
    topics={"fractions": "Fractions", "calculus": "Calculus"}, phases={"y12": "Year 12", "y13": "Year 13"},
    resource_types={"worksheet": "Worksheet", "slides": "Slides"}))


def config(site: Site = SITE, **options) -> dict:
    return editor_config(site, BACKEND, docs="content", pages=PAGES, **options)


def collection(kind: str, site: Site = SITE) -> dict:
    return next(c for c in config(site)["collections"] if c["name"] == kind)


def form_field(kind: str, name: str, site: Site = SITE) -> dict:
    return next(f for f in collection(kind, site)["fields"] if f["name"] == name)


# -- every field of every kind, as the contract declares it ---------------------------------------
def check_field(kind: str, field: Field, form: dict, group: Field | None = None) -> None:
    """`form` is how the editor asks for `field` (of a file of `kind`, within `group` if it is a sub-field)."""
    where = f"{kind}: {group.name + '.' if group else ''}{field.name}"
    assert form["name"] == field.name, where
    assert form["label"], where
    assert field.widget, f"{where}: the contract declares no widget (and it is not in NOT_IN_EDITOR)"
    assert form["widget"] == {"date": "datetime"}.get(field.widget, field.widget), where
    # Required as the contract says; within an optional set of fields the form only says so in the
    # hint, because Decap would otherwise demand the whole set on every item (decap-cms issue 7748).
    in_optional_set = group is not None and group.widget == "object" and not group.required_for(kind)
    assert form["required"] is (field.required_for(kind) and not in_optional_set), where
    if in_optional_set and field.required_for(kind):
        assert f"Needed when {group.name.capitalize()} is filled in" in form["hint"], where
    said = field.form_help or field.help
    assert said.casefold() in form["hint"].casefold(), where
    # A default is a value the contract gives (true/false), on the item's own fields only: one inside
    # a set of fields would make Decap write the set into every new item.
    default = {"draft": True}.get(field.name, {"true": True, "false": False}.get(field.default))
    if group is None and default is not None:
        assert form["default"] is default, where
    else:
        assert "default" not in form, where
    if field.widget in ("string", "text"):
        expected = field.pattern or ((rf"^[\s\S]{{0,{field.limit}}}$", f"At most {field.limit} characters")
                                     if field.limit else None)
        assert form.get("pattern") == (list(expected) if expected else None), where
        if field.limit:
            assert f"At most {field.limit} characters" in form["hint"], where
    if field.parts:
        assert [f["name"] for f in form["fields"]] == [p.name for p in field.parts], where
        for part, sub in zip(field.parts, form["fields"]):
            check_field(kind, part, sub, field)
    elif field.widget == "list":  # a list of single lines
        assert form["field"]["widget"] == "string" and form["field"]["required"] is True, where
        assert form["field"].get("pattern") == (list(field.pattern) if field.pattern else None), where
    if field.widget == "object" or field.is_list and field.widget != "select":
        assert form["widget"] in ("object", "list"), where


CASES = [(kind, field) for kind in KINDS for field in fields_of(kind)]


@pytest.mark.parametrize(("kind", "field"), CASES, ids=[f"{k}-{f.name}" for k, f in CASES])
def test_each_field_of_the_form_is_the_contracts(kind, field):
    names = [f["name"] for f in collection(kind)["fields"]]
    if field.name in NOT_IN_EDITOR:
        assert field.name not in names and not field.widget
        return
    check_field(kind, field, form_field(kind, field.name))


@pytest.mark.parametrize("kind", KINDS)
def test_the_form_has_the_contracts_fields_in_its_order_then_the_text(kind):
    fields = collection(kind)["fields"]
    assert [f["name"] for f in fields] == [f.name for f in fields_of(kind) if f.name not in NOT_IN_EDITOR] + ["body"]
    assert fields[-1] == {"name": "body", "label": "Text", "widget": "markdown", "required": False}
    # Decap counts a field that does not say as required: every field says.
    assert all(isinstance(f["required"], bool) for f in fields)


def test_what_the_form_cannot_offer_is_named_with_a_reason():
    every = {f.name for f in fields_of("resources") + fields_of("cpd") + fields_of("stories")}
    assert set(NOT_IN_EDITOR) == {"extra"} and set(FORM_ONLY) <= every
    assert all(len(reason) > 30 for reason in [*NOT_IN_EDITOR.values(), *FORM_ONLY.values()])
    assert {"authors", "presenters", "impact"} <= set(FORM_ONLY)


# -- choices from this site's taxonomy --------------------------------------------------------------
@pytest.mark.parametrize("site", [SITE, OTHER], ids=["example", "other"])
@pytest.mark.parametrize(("kind", "name"), [(k, f.name) for k in KINDS for f in fields_of(k) if f.name in GROUPS])
def test_taxonomy_fields_offer_this_sites_ids_and_labels(site, kind, name):
    form = form_field(kind, name, site)
    choices = getattr(site.taxonomy, GROUPS[name])
    assert form["widget"] == "select"
    assert [o["value"] for o in form["options"]] == list(choices)
    assert [o["label"] for o in form["options"]] == list(choices.values())
    assert form["multiple"] is (name != "resource_type")  # topics and phases are lists


def test_another_site_offers_only_its_own_taxonomy():
    for kind in KINDS:
        for name, group in GROUPS.items():
            if name not in [f.name for f in fields_of(kind)]:
                continue
            offered = {o["value"] for o in form_field(kind, name, OTHER)["options"]}
            assert offered == set(getattr(OTHER.taxonomy, group))
            assert not offered & set(getattr(SITE.taxonomy, group))


def test_topics_need_at_least_one():
    for kind in (k for k in KINDS if k != "events"):
        assert form_field(kind, "topics")["min"] == 1 and form_field(kind, "topics")["required"] is True
    assert "min" not in form_field("events", "topics") and form_field("events", "topics")["required"] is False
    assert form_field("resources", "phases")["required"] is True and form_field("cpd", "phases")["required"] is False


# -- what a new item starts as ------------------------------------------------------------------------
def new_item(fields: list[dict]) -> dict:
    """The values Decap gives a new entry (decap-cms-core's createEmptyDraftData): each default, and a set
    of fields or a list as soon as anything inside it has a default."""
    values = {}
    for field in fields:
        inner = field.get("fields") or ([field["field"]] if "field" in field else None)
        if inner is not None:
            sub = new_item(inner)
            if sub:
                values[field["name"]] = [sub] if field["widget"] == "list" else sub
        elif "default" in field:
            values[field["name"]] = field["default"]
    return values


def test_a_new_item_starts_as_a_draft_and_nothing_else_is_filled_in():
    for kind in KINDS:
        assert form_field(kind, "draft")["default"] is True
        assert "untick" in form_field(kind, "draft")["hint"]
        expected = {"draft": True, "featured": False} | ({"consent": False} if kind == "stories" else {})
        assert new_item(collection(kind)["fields"]) == expected


# -- dates and times ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_dates_are_dates_without_a_time(kind):
    for name in ("date", "updated"):
        form = form_field(kind, name)
        assert (form["widget"], form["format"], form["date_format"], form["time_format"]) == \
            ("datetime", "YYYY-MM-DD", "YYYY-MM-DD", False)


def test_a_live_session_is_times_with_their_offset():
    live = {f["name"]: f for f in form_field("cpd", "live")["fields"]}
    for name in ("start", "end"):
        assert live[name]["widget"] == "datetime" and live[name]["format"] == "YYYY-MM-DDTHH:mm:ssZ"
        assert "time_format" not in live[name]
    assert live["join_url"]["pattern"] == list(HTTPS)


def test_files_land_beside_the_page():
    for kind in KINDS:
        assert (collection(kind)["media_folder"], collection(kind)["public_folder"]) == ("", "")
    assert form_field("cpd", "poster")["widget"] == "image" and form_field("cpd", "captions")["widget"] == "file"
    image = {f["name"]: f for f in form_field("resources", "image")["fields"]}
    downloads = {f["name"]: f for f in form_field("resources", "downloads")["fields"]}
    assert image["src"]["widget"] == "image" and downloads["file"]["widget"] == "file"
    series = {f["name"]: f for f in form_field("cpd", "series")["fields"]}
    assert (series["part"]["widget"], series["part"]["value_type"], series["part"]["min"]) == ("number", "int", 1)


# -- the shapes the form checks are the shapes the reader accepts ---------------------------------------
def read(method: str, value: str) -> bool:
    """Whether the reader accepts `value` for a field read with Fields.`method`."""
    mapping, _ = parse(f"v: {json.dumps(value)}\n", 1)
    fields = Fields(mapping, Problems(Path("x.md")))
    result = fields.duration("v") if method == "duration" else fields.https("v", mapping["v"])
    return result is not None and not fields.problems


@pytest.mark.parametrize(("shape", "method", "values"), [
    (DURATION, "duration", ["7:45", "0:05", "59:59", "1:02:03", "100:00", "7:60", "7:5", "1:2:3", "1:02:60",
                            "7.45", "", "a:bc"]),
    (HTTPS, "https", ["https://www.youtube.com/watch?v=Tq7mB2xKp4w", "https://meet.example.org/x", "https://a.org",
                      "https://a.org?x=1", "http://a.org/", "ftp://a.org", "https://", "https://a.org/x y",
                      'https://a.org/"x"', "www.a.org"]),
], ids=["duration", "https"])
def test_a_pattern_accepts_what_the_reader_accepts(shape, method, values):
    form = re.compile(shape[0], re.ASCII)
    assert [bool(form.search(v)) for v in values] == [read(method, v) for v in values]


def test_the_slug_pattern_accepts_what_the_reader_accepts(tmp_path):
    values = ["fractions-number-line", "ks3-2", "a", "Fractions", "-start", "under_score", "two words", "café"]
    site = Site(name="n", docs_dir=tmp_path, taxonomy=Taxonomy(topics={"number": "Number"}))
    (tmp_path / "stories").mkdir()
    for n, value in enumerate(values):
        front = f"title: T\nsummary: S\ndate: 2026-02-07\ntopics: [number]\norganisation: O\nslug: {json.dumps(value)}\n"
        (tmp_path / "stories" / f"s{n}.md").write_text(f"---\n{front}---\n", encoding="utf-8")
    refused = {p.path.stem for p in load_catalogue(site).problems if p.field == "slug"}
    form = re.compile(SLUG[0], re.ASCII)
    assert [bool(form.search(v)) for v in values] == [f"s{n}" not in refused for n in range(len(values))]


# -- the whole file -------------------------------------------------------------------------------------
def test_the_yaml_says_it_is_generated_and_reads_back_as_the_configuration():
    generated = config(local_api="http://127.0.0.1:8000/api/v1")
    text = config_yaml(generated)
    assert text.startswith("# Generated by Tessellate from the content model and mkdocs.yml")
    assert "never edit it by hand" in text.splitlines()[0]
    assert yaml.safe_load(text) == generated


def test_settings_around_the_collections():
    generated = config()
    assert generated["backend"] == BACKEND and "local_backend" not in generated
    assert config(local_api="http://127.0.0.1:8000/api/v1")["local_backend"] == {"url": "http://127.0.0.1:8000/api/v1"}
    assert generated["publish_mode"] == "simple"
    assert generated["site_url"] == generated["display_url"] == "https://maths.example.org/"
    assert "site_url" not in config(OTHER) and "display_url" not in config(OTHER)
    assert (generated["media_folder"], generated["public_folder"]) == ("content/assets", "/assets")
    assert generated["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    assert editor_config(SITE, BACKEND, docs="site/docs")["collections"][0]["folder"] == "site/docs/resources"


def test_one_collection_per_kind_in_the_models_order():
    kinds = config()["collections"][:len(KINDS)]
    assert [c["name"] for c in kinds] == list(KINDS)
    for c in kinds:
        kind = c["name"]
        assert (c["label"], c["label_singular"]) == (SECTION_LABELS[kind], KIND_LABELS[kind])
        assert c["folder"] == f"content/{kind}"
        assert (c["create"], c["extension"], c["format"], c["slug"]) == (True, "md", "frontmatter", "{{slug}}")
        assert c["nested"]["depth"] >= 2 and c["nested"]["subfolders"] is False  # resources/number/x.md is listed
        assert (c["summary"], c["sortable_fields"]) == ("{{title}}", ["title", "date"])


def test_the_networks_own_pages():
    pages = config()["collections"][-1]
    assert (pages["name"], pages["label"]) == ("pages", "Network pages")
    assert [(f["file"], f["label"]) for f in pages["files"]] == [(f"content/{name}", label) for name, label in PAGES]
    assert all((REPO / f["file"]).is_file() for f in pages["files"])
    for page in pages["files"]:
        assert [(f["name"], f["widget"], f["required"]) for f in page["fields"]] == \
            [("title", "string", True), ("body", "markdown", False)]
    assert [c["name"] for c in editor_config(SITE, BACKEND, docs="content")["collections"]] == list(KINDS)
