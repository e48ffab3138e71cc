"""The content model used directly, without MkDocs: typed items, and what the catalogue publishes.

tests/data/items/NAME.md are valid items; NAME.expected.json is the item the model makes of each
(`dataclasses.asdict`, dates and times in ISO form). A fixture's name says where it goes, as in
test_bad_input: `resource-x.md` -> `resources/x.md`, `cpd-year7--x.md` -> `cpd/year7/x.md`. All
fixtures share one site (a CPD video may name a resource), and every local file a fixture names
(a .pdf, .vtt, .png, ...) is created beside it, holding its own name and a newline.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tessellate.model import Cpd, Resource, Site, Story, Taxonomy, build_time, load_catalogue, summary
from tessellate.model.problems import Problem, Severity

from test_bad_input import destination, source_name

ITEMS = Path(__file__).parent / "data" / "items"
ITEM_CASES = sorted(path.stem for path in ITEMS.glob("*.md"))
NOW = datetime(2026, 11, 25, tzinfo=timezone.utc)
TAXONOMY = Taxonomy(
    topics={"number": "Number", "algebra": "Algebra", "ratio": "Ratio and proportion", "statistics": "Statistics"},
    phases={"ks3": "Key Stage 3", "ks4": "Key Stage 4", "post16": "Post-16 and FE"},
    resource_types={"rich-task": "Rich task", "lesson": "Lesson", "guide": "Guide"},
)
# A local file named in front matter: a path ending in a known extension, not part of an address.
_COMPANION = re.compile(r"(?<![\w./:-])[\w-][\w/-]*\.(?:pdf|docx|csv|vtt|png|jpg|svg|mp4|webm)\b")


def make_site(docs: Path, **options) -> Site:
    docs.mkdir(parents=True, exist_ok=True)
    return Site(name="Test Maths Network", docs_dir=docs, url="https://example.net/", taxonomy=TAXONOMY, **options)


def write(docs: Path, source: str, fields: str = "", body: str = "Body.") -> Path:
    """A content file at docs-relative `source`: a valid item of its kind, plus `fields` (YAML lines)."""
    kind = source.split("/", 1)[0]
    defaults = {"title": "An item", "summary": "A summary.", "date": "2026-02-07", "topics": "[number]",
                **{"resources": {"phases": "[ks3]", "resource_type": "lesson"},
                   "cpd": {"video": "https://youtu.be/Tq7mB2xKp4w", "duration": '"5:00"', "captions": "c.vtt"},
                   "stories": {"organisation": "Trenvallow Academy"}}[kind]}
    given = {line.split(":", 1)[0] for line in fields.splitlines()}
    lines = "".join(f"{key}: {value}\n" for key, value in defaults.items() if key not in given)
    path = docs / source
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "cpd":
        (path.parent / "c.vtt").write_text("WEBVTT\n", encoding="utf-8")
    path.write_text(f"---\n{lines}{fields}---\n\n{body}\n", encoding="utf-8")
    return path


def as_json(item) -> dict:
    """An item as plain JSON values: what the expected files hold."""
    return json.loads(json.dumps(dataclasses.asdict(item), default=_iso))


def _iso(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {value!r}")


# -- the item fixtures ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fixture_catalogue(tmp_path_factory):
    docs = tmp_path_factory.mktemp("items") / "docs"
    site = make_site(docs)
    for name in ITEM_CASES:
        fixture = ITEMS / f"{name}.md"
        target = destination(docs, fixture.name)
        shutil.copyfile(fixture, target)
        for companion in _COMPANION.findall(fixture.read_text(encoding="utf-8")):
            (target.parent / companion).parent.mkdir(parents=True, exist_ok=True)
            (target.parent / companion).write_text(f"{companion}\n", encoding="utf-8")
    return load_catalogue(site, now=NOW)


def test_item_fixtures_are_clean(fixture_catalogue):
    assert [str(p) for p in fixture_catalogue.problems] == []
    assert len(fixture_catalogue.items) == len(ITEM_CASES) >= 8
    assert {item.kind for item in fixture_catalogue.items} == {"resources", "cpd", "stories"}


@pytest.mark.parametrize("name", ITEM_CASES)
def test_item_is_read_as_expected(name, fixture_catalogue):
    source = source_name(f"{name}.md")
    item = fixture_catalogue.by_source(source)
    assert item is not None, f"{source} is not in the catalogue"
    expected = json.loads((ITEMS / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert as_json(item) == expected


def test_yaml_1_1_traps_stay_as_written(fixture_catalogue):
    """What a YAML 1.1 loader would turn into numbers and booleans is kept as the coordinator typed it."""
    resource = fixture_catalogue.by_source("resources/fractions-number-line.md")
    assert resource.extra == {"country": "NO", "phone": "0161 496 0000", "room": "0161", "ratings": ["4", "5"]}
    assert fixture_catalogue.by_source("resources/number/2026-challenge.md").title == "2026"
    cpd = fixture_catalogue.by_source("cpd/bar-models-for-ratio.md")
    assert cpd.duration == 290  # `duration: 4:50` unquoted: YAML 1.1 reads 290 as a number; we read 4:50
    assert cpd.outcomes[-1] == "yes" and cpd.chapters[-1].title == "NO" and cpd.chapters[-1].at == 220
    story = fixture_catalogue.by_source("stories/okewater-rainfall.md")
    assert (story.impact[-1].before, story.impact[-1].after) == ("NO", "yes")
    assert fixture_catalogue.by_source("stories/minimal.md").quote.text == "yes"


def test_types_of_the_fixture_items(fixture_catalogue):
    kinds = {item.source: type(item) for item in fixture_catalogue.items}
    assert kinds["resources/number/2026-challenge.md"] is Resource  # a sub-folder keeps the kind
    assert kinds["cpd/year7/vimeo-recording.md"] is Cpd
    assert kinds["stories/minimal.md"] is Story


# -- what the catalogue publishes ----------------------------------------------------------------
def test_drafts_future_items_and_underscore_files(tmp_path):
    docs = tmp_path / "docs"
    site = make_site(docs)
    write(docs, "resources/published.md")
    write(docs, "resources/draft.md", "draft: true\n")
    write(docs, "resources/draft-with-error.md", "draft: true\nphases: [year7]\n")
    write(docs, "resources/future.md", "date: 2026-12-25\n")
    write(docs, "resources/future-with-error.md", "date: 2027-01-01\nlicence: [x]\n")
    write(docs, "resources/_template.md", "title:\nphases: [year7]\n")
    write(docs, "resources/_notes/ideas.md", "nonsense: true\n")
    catalogue = load_catalogue(site, now=NOW)
    assert [item.source for item in catalogue.items] == ["resources/published.md"]
    # Drafts and future items are checked, so they can be published later without surprises.
    assert [(p.path.name, p.field) for p in catalogue.problems] == [
        ("draft-with-error.md", "phases"), ("future-with-error.md", "licence")]
    # Files starting with _ are templates and notes: not published, not checked.
    assert catalogue.files_checked == 5
    assert {"resources/draft.md", "resources/future.md", "resources/_template.md",
            "resources/_notes/ideas.md"} <= catalogue.hidden
    assert "resources/published.md" not in catalogue.hidden


def test_items_with_errors_are_not_published(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "resources/good.md")
    write(docs, "resources/bad.md", "phases: [year7]\n")
    catalogue = load_catalogue(make_site(docs), now=NOW)
    assert [item.source for item in catalogue.items] == ["resources/good.md"]
    assert "resources/bad.md" in catalogue.hidden
    assert [str(p) for p in catalogue.errors] == [
        f"{docs}/resources/bad.md:7: phases: 'year7' is not a phase (phases are: ks3, ks4, post16)"]


def test_items_are_newest_first(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "resources/older.md", "date: 2025-09-01\n")
    write(docs, "stories/newest.md", "date: 2026-03-01T09:00:00+00:00\n")
    write(docs, "cpd/same-day-morning.md", "date: 2026-03-01\n")
    write(docs, "resources/middle.md", "date: 2026-01-15\n")
    catalogue = load_catalogue(make_site(docs), now=NOW)
    assert [item.source for item in catalogue.items] == [
        "stories/newest.md", "cpd/same-day-morning.md", "resources/middle.md", "resources/older.md"]
    assert [item.source for item in catalogue.of_kind("resources")] == ["resources/middle.md", "resources/older.md"]


def test_related_items_share_a_topic_newest_first_without_self(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "resources/subject.md", "topics: [number, ratio]\ndate: 2026-02-01\n")
    write(docs, "resources/old-number.md", "topics: [number]\ndate: 2025-01-01\n")
    write(docs, "cpd/new-ratio.md", "topics: [ratio]\ndate: 2026-05-01\n")
    write(docs, "stories/mid-number.md", "topics: [number]\ndate: 2026-03-01\n")
    write(docs, "resources/algebra.md", "topics: [algebra]\ndate: 2026-06-01\n")
    write(docs, "resources/both.md", "topics: [ratio, number]\ndate: 2024-01-01\n")
    catalogue = load_catalogue(make_site(docs), now=NOW)
    subject = catalogue.by_source("resources/subject.md")
    related = [item.source for item in catalogue.related(subject)]
    # Sharing both topics ranks first; then newest first; never the item itself or an unrelated one.
    assert related == ["resources/both.md", "cpd/new-ratio.md", "stories/mid-number.md", "resources/old-number.md"]
    assert [item.source for item in catalogue.related(subject, limit=2)] == related[:2]
    assert catalogue.related(catalogue.by_source("resources/algebra.md")) == []


def test_topics_featured_and_links_between_kinds(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "resources/fractions.md", "topics: [number]\nfeatured: true\n")
    write(docs, "resources/unused.md", "topics: [algebra]\n")
    write(docs, "cpd/part-2.md", "series: {name: Bar models, part: 2}\nresources: [fractions]\ndate: 2026-02-09\n")
    write(docs, "cpd/part-1.md", "series: {name: Bar models, part: 1}\ndate: 2026-02-08\n")
    catalogue = load_catalogue(make_site(docs), now=NOW)
    fractions, part_2 = catalogue.by_source("resources/fractions.md"), catalogue.by_source("cpd/part-2.md")
    assert [i.source for i in catalogue.on_topic("algebra")] == ["resources/unused.md"]
    assert catalogue.featured() == [fractions]
    assert catalogue.resources_for(part_2) == [fractions]
    assert catalogue.cpd_using(fractions) == [part_2]
    assert [i.source for i in catalogue.series_of(part_2)] == ["cpd/part-1.md", "cpd/part-2.md"]


# -- addresses, slugs and defaults ---------------------------------------------------------------
def test_urls_follow_the_file(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "resources/number/x.md")
    write(docs, "stories/okewater/index.md")
    catalogue = load_catalogue(make_site(docs), now=NOW)
    assert catalogue.by_source("resources/number/x.md").url == "resources/number/x/"
    folder = catalogue.by_source("stories/okewater/index.md")
    assert (folder.url, folder.slug) == ("stories/okewater/", "okewater")
    flat = make_site(docs, directory_urls=False)
    assert flat.page_url("resources/number/x.md") == "resources/number/x.html"


def test_absolute_address_keeps_the_site_sub_path():
    site = Site(name="n", docs_dir=Path("docs"), url="https://example.net/sub")
    assert site.absolute("resources/x/") == "https://example.net/sub/resources/x/"
    assert site.absolute("/resources/x/") == "https://example.net/sub/resources/x/"
    assert Site(name="n", docs_dir=Path("docs"), url="https://example.net/").absolute("") == "https://example.net/"


def test_default_licence_and_slug(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "resources/plain.md")
    write(docs, "resources/own.md", "licence: CC-BY-NC-4.0\nslug: my-own\n")
    catalogue = load_catalogue(make_site(docs, licence="CC-BY-SA-4.0"), now=NOW)
    plain, own = catalogue.by_source("resources/plain.md"), catalogue.by_source("resources/own.md")
    assert (plain.licence, plain.slug) == ("CC-BY-SA-4.0", "plain")
    assert (own.licence, own.slug) == ("CC-BY-NC-4.0", "my-own")
    assert Site(name="n", docs_dir=docs).licence == "CC-BY-4.0"


def test_source_date_epoch_decides_what_is_published(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    write(docs, "resources/now.md", "date: 2026-02-07\n")
    write(docs, "resources/later.md", "date: 2026-06-01T12:00:00+01:00\n")
    site = make_site(docs)
    before = int(datetime(2026, 6, 1, 10, 59, tzinfo=timezone.utc).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(before))
    assert build_time() == datetime(2026, 6, 1, 10, 59, tzinfo=timezone.utc)
    assert [i.source for i in load_catalogue(site).items] == ["resources/now.md"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(before + 60))
    assert [i.source for i in load_catalogue(site).items] == ["resources/later.md", "resources/now.md"]


def test_ordinary_pages_and_section_indexes_are_not_items(tmp_path):
    docs = tmp_path / "docs"
    (docs / "resources").mkdir(parents=True)
    (docs / "about.md").write_text("No front matter at all.\n", encoding="utf-8")
    (docs / "join.md").write_text("---\ntitle: [unchecked\n---\n", encoding="utf-8")
    (docs / "resources" / "index.md").write_text("# All resources\n", encoding="utf-8")
    catalogue = load_catalogue(make_site(docs), now=NOW)
    assert (catalogue.items, catalogue.problems, catalogue.files_checked) == ((), [], 0)


def test_missing_content_folder(tmp_path):
    catalogue = load_catalogue(Site(name="n", docs_dir=tmp_path / "nowhere"), now=NOW)
    assert [(p.field, p.message) for p in catalogue.problems] == [("docs_dir", "the content folder does not exist")]


# -- problems as coordinators read them -----------------------------------------------------------
def test_problem_lines():
    error = Problem(Path("/site/docs/resources/a.md"), 5, "topics", "'algebr' is not a topic", "did you mean 'algebra'?")
    warning = Problem(Path("/site/docs/cpd/b.md"), 7, "duration", "is long", severity=Severity.WARNING)
    assert str(error) == "/site/docs/resources/a.md:5: topics: 'algebr' is not a topic (did you mean 'algebra'?)"
    assert str(warning) == "/site/docs/cpd/b.md:7: duration: warning: is long"
    assert str(error.shown_from(Path("/site"))) == "docs/resources/a.md:5: topics: 'algebr' is not a topic (did you mean 'algebra'?)"
    assert error.shown_from(Path("/elsewhere")).path == Path("/site/docs/resources/a.md")
    spread = Problem(Path("a.md"), 5, "topics", "'algebra\n  ratio' is not a topic", "first line\r\nsecond")
    assert str(spread) == "a.md:5: topics: 'algebra ratio' is not a topic (first line second)"  # one problem, one line
    assert summary([error, warning, warning], 1) == "1 error, 2 warnings in 1 file"
    assert summary([], 0) == "0 errors, 0 warnings in 0 files"


def test_unlisted_vimeo_links_keep_their_privacy_hash_to_the_feed_player():
    from tessellate.feeds.render import _player
    from tessellate.model.fields import Fields
    from tessellate.model.problems import Problems
    from tessellate.model.video import read_video as _video
    from tessellate.model.yamltext import Mapping, Text

    fields = Fields(Mapping(1), Problems(Path("x.md")))
    for address in ("https://vimeo.com/76979871/8272103f6e", "https://player.vimeo.com/video/76979871?h=8272103f6e"):
        video = _video(fields, Text(address, 3))
        assert video.url == "https://vimeo.com/76979871/8272103f6e"
        assert _player(video) == "https://player.vimeo.com/video/76979871?h=8272103f6e"
    public = _video(fields, Text("https://vimeo.com/76979871", 3))
    assert _player(public) == "https://player.vimeo.com/video/76979871"
    assert not fields.problems


def test_two_files_collide_only_when_mkdocs_would_give_them_one_address(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "resources/fractions.md")
    write(docs, "resources/fractions/index.md")
    write(docs, "resources/Ratio.md")
    write(docs, "resources/ratio.md")
    collisions = lambda site: sorted(f"{p.path.name} {p.message}" for p in load_catalogue(site, now=NOW).problems  # noqa: E731
                                     if "same address" in p.message)
    assert collisions(make_site(docs)) == ["index.md would publish to the same address as resources/fractions.md",
                                           "ratio.md would publish to the same address as resources/Ratio.md"]
    # Without directory URLs, fractions.md is fractions.html and fractions/index.md is fractions/index.html.
    assert collisions(make_site(docs, directory_urls=False)) == [
        "ratio.md would publish to the same address as resources/Ratio.md"]


# -- occasions -----------------------------------------------------------------------------------
_LIVE = ('live: {{start: "2027-01-20T16:00:00+00:00", end: "2027-01-20T17:00:00+00:00", '
         'join_url: "https://meet.example.net/{name}"{status}}}\n')


def test_live_sessions_are_occasions_soonest_first_and_can_be_cancelled(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "cpd/later.md", _LIVE.format(name="later", status="").replace("20T", "27T"))
    write(docs, "cpd/called-off.md", _LIVE.format(name="off", status=", status: cancelled"))
    write(docs, "cpd/recorded.md")
    write(docs, "resources/sheet.md")
    catalogue = load_catalogue(make_site(docs), now=NOW)
    assert not catalogue.errors
    assert [i.source for i in catalogue.occasions()] == ["cpd/called-off.md", "cpd/later.md"]
    called_off = catalogue.by_source("cpd/called-off.md").occasion
    assert (called_off.cancelled, called_off.where, called_off.join_url) == (True, "Online", "https://meet.example.net/off")
    assert catalogue.by_source("cpd/later.md").occasion.cancelled is False


def test_an_unknown_status_is_one_error_at_its_line(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "cpd/x.md", _LIVE.format(name="x", status=", status: postponed"))
    catalogue = load_catalogue(make_site(docs), now=NOW)
    assert [(p.field, p.line, p.message) for p in catalogue.errors] == [
        ("live.status", 9, "'postponed' is not a status")]
    assert "status: cancelled" in catalogue.errors[0].hint


def test_updated_on_the_day_of_a_timed_date_is_that_day_and_earlier_days_are_refused(tmp_path):
    docs = tmp_path / "docs"
    write(docs, "resources/same-day.md", 'date: "2026-02-20T12:00:00+00:00"\nupdated: 2026-02-20\n')
    write(docs, "resources/day-before.md", 'date: "2026-02-20T12:00:00+00:00"\nupdated: 2026-02-19\n')
    write(docs, "resources/hour-before.md", 'date: "2026-02-20T12:00:00+00:00"\nupdated: "2026-02-20T11:00:00+00:00"\n')
    catalogue = load_catalogue(make_site(docs), now=NOW)
    assert sorted((p.path.name, p.field) for p in catalogue.errors) == [
        ("day-before.md", "updated"), ("hour-before.md", "updated")]
    same_day = catalogue.by_source("resources/same-day.md")
    assert same_day.updated == same_day.published  # never before it came out, in feeds or anywhere
