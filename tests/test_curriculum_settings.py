"""The curriculum as a coordinator writes it: `curriculum:` in mkdocs.yml, `units:`, `step:` and `reviewed:`
in front matter. Each mistake is one line naming the file, the line and the field, with the nearest id;
`build.py new --unit` writes the unit in; the guide and the editor's form offer this site's units."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import frontmatter
import pytest
import yaml

from conftest import FOREIGN_SITE, run_build
from tessellate.model import Site, Stage, Unit
from tessellate.model.catalogue import review_due

CURRICULUM = """      curriculum:
        - id: y7
          title: Year 7
          units:
            - {id: y7-place-value, title: Place value, term: autumn}
            - {id: y7-fractions, title: Fractions}
        - id: y8
          title: Year 8
          units:
            - {id: y8-ratio, title: Ratio, term: spring}
"""


@pytest.fixture
def site(tmp_path) -> Path:
    """The foreign site with a curriculum of two stages under its tessellate block."""
    root = tmp_path / "network"
    shutil.copytree(FOREIGN_SITE, root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - tessellate:\n" in text
    config.write_text(text.replace("  - tessellate:\n", "  - tessellate:\n" + CURRICULUM, 1), encoding="utf-8")
    return root


def an_item(root: Path) -> Path:
    return next(p for p in sorted((root / "docs" / "resources").rglob("*.md")) if not p.name.startswith("_"))


def add_lines(path: Path, after: str, lines: str) -> int:
    """Insert `lines` after the front-matter line starting with `after`; the number of the first inserted line."""
    text = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(text) if line.startswith(after)) + 1
    text[at:at] = lines.rstrip("\n").split("\n")
    path.write_text("\n".join(text), encoding="utf-8")
    return at + 1


def check(root: Path) -> tuple[int, list[str]]:
    result = run_build("check", cwd=root)
    assert "Traceback" not in result.stdout + result.stderr
    return result.returncode, (result.stdout + result.stderr).splitlines()


@pytest.mark.parametrize("lines, at, message", [
    ("units: [y7-fractoins]", 0, "units: 'y7-fractoins' is not a unit (did you mean 'y7-fractions'?)"),
    ("step: 2", 0, "step: places the item in no unit"),
    ("units: []\nstep: 2", 1, "step: places the item in no unit"),
    ("units: [y8-ratio]\nstep: second", 1, "step: must be a whole number from 1, not 'second'"),
    ("reviewed: 2001-01-01", 0, "reviewed: 2001-01-01 is earlier than date, "),
], ids=["unknown-unit", "step-without-units", "step-in-no-unit", "step-not-a-number", "reviewed-before-date"])
def test_a_mistake_in_front_matter_is_named_at_its_line(site, lines, at, message):
    """Each names the file, the line and the field; an unknown unit the nearest one."""
    item = an_item(site)
    line = add_lines(item, "topics:", lines) + at
    code, said = check(site)
    where = item.relative_to(site).as_posix()
    assert code == 1
    assert any(s.startswith(f"{where}:{line}: {message}") for s in said), said


def test_an_item_published_at_a_time_may_be_reviewed_that_day(site):
    item = an_item(site)
    day = str(frontmatter.load(item)["date"])
    item.write_text(item.read_text(encoding="utf-8").replace(f"date: {day}\n", f"date: {day}T15:00:00+00:00\n", 1),
                    encoding="utf-8")
    add_lines(item, "topics:", f"reviewed: {day}")
    code, said = check(site)
    assert code == 0, said


def test_units_and_steps_written_right_pass_check(site):
    add_lines(an_item(site), "topics:", "units: [y7-fractions, y8-ratio]\nstep: 1\nreviewed: 2026-11-01")
    code, said = check(site)
    assert code == 0, said


@pytest.mark.parametrize("mistake, message", [
    ("- {id: y7-place-value, title: Ratio}", "tessellate.curriculum[1].units[0].id: 'y7-place-value' is given twice "
                                             "(also at curriculum[0].units[0])"),
    ("- {id: Y8 Ratio, title: Ratio}", "tessellate.curriculum[1].units[0].id: 'Y8 Ratio' is not a valid id"),
    ("- {id: y8-ratio, title: Ratio, colour: red}", "tessellate.curriculum[1].units[0].colour: not a setting of a unit "
                                                   "(allowed: id, title, term)"),
    ("- {id: y8-ratio}", "tessellate.curriculum[1].units[0].title: the unit needs a title"),
    ("- {title: Ratio}", "tessellate.curriculum[1].units[0].id: the unit needs an id (e.g. id: y9-proportion)"),
    ("- {id: 8, title: Ratio}", "tessellate.curriculum[1].units[0].id: 8 is a number, not an id "
                                "(put it in quotes, id: '8', or use a word, e.g. id: y9-proportion)"),
])
def test_a_mistake_in_the_curriculum_is_one_line_at_its_place(site, mistake, message):
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("- {id: y8-ratio, title: Ratio, term: spring}", mistake, 1), encoding="utf-8")
    line = next(n for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if mistake in text)
    code, said = check(site)
    assert code == 1
    assert any(s.startswith(f"error: mkdocs.yml:{line}: {message}") for s in said), said


def test_a_stage_without_an_id_is_one_line_at_its_place(site):
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("- id: y8\n", "- title: Year 8\n", 1)
                      .replace("          title: Year 8\n", "", 1), encoding="utf-8")
    line = next(n for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if "- title: Year 8" in text)
    code, said = check(site)
    assert code == 1
    assert f"error: mkdocs.yml:{line}: tessellate.curriculum[1].id: the stage needs an id (e.g. id: y9)" in said, said


@pytest.mark.parametrize("written, got", [("curriculum: Year 9", "text"), ("curriculum: {id: y9}", "a set of fields")])
def test_a_curriculum_that_is_not_a_list_says_how_stages_are_written(site, written, got):
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("      curriculum:\n")
    end = text.index("        - {id: y8-ratio, title: Ratio, term: spring}\n", start) + len("        - {id: y8-ratio, title: Ratio, term: spring}\n")
    config.write_text(text[:start] + f"      {written}\n" + text[end:], encoding="utf-8")
    line = next(n for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if written in text)
    code, said = check(site)
    assert code == 1
    assert f"error: mkdocs.yml:{line}: tessellate.curriculum: expected a list of stages, got {got} (write each stage " \
           "on its own line under curriculum:, as - id: y9, with its title: and units: below it)" in said, said


@pytest.mark.parametrize("months, message", [
    ("true", "tessellate.review_after_months: true is not a number "
              "(write a whole number, e.g. review_after_months: 24)"),
    ("100000", "tessellate.review_after_months: 100000 months is over a hundred years (use at most 1200, e.g. 24)"),
])
@pytest.mark.parametrize("command", ["check", "build"])
def test_review_after_months_is_a_plausible_number_of_months(site, months, message, command):
    """A slip of the keyboard (true, which YAML makes 1; a hundred years and more) is said at its line,
    by check and build alike, as a mistake in the settings."""
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - tessellate:\n", f"  - tessellate:\n      review_after_months: {months}\n", 1), encoding="utf-8")
    line = next(n for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if "review_after" in text)
    result = run_build(command, *(["-d", "out"] if command == "build" else []), cwd=site)
    said = (result.stdout + result.stderr).splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr, said
    assert f"error: mkdocs.yml:{line}: {message}" in said, said


def test_new_writes_the_units_given_and_refuses_an_unknown_one(site):
    made = run_build("new", "resources", "Sharing in a ratio", "--topic", "fractions", "--phase", "y8",
                     "--unit", "y8-ratio", "--unit", "y7-fractions", cwd=site)
    assert made.returncode == 0, made.stderr
    post = frontmatter.load(site / "docs" / "resources" / "sharing-in-a-ratio.md")
    assert post["units"] == ["y8-ratio", "y7-fractions"]
    assert check(site)[0] == 0
    refused = run_build("new", "cpd", "Place value", "--unit", "y7-place-valeu", cwd=site)
    assert refused.returncode == 1 and not (site / "docs" / "cpd" / "place-value.md").exists()
    assert refused.stderr.strip() == "error: --unit 'y7-place-valeu' is not a unit in mkdocs.yml (did you mean 'y7-place-value'?)"


def test_the_guide_and_the_editor_offer_this_sites_units_in_teaching_order(site):
    built = run_build("build", "-d", "out", cwd=site)
    assert built.returncode == 0, built.stdout + built.stderr
    guide = (site / "out" / "guide" / "index.html").read_text(encoding="utf-8")
    rows = [guide.index(f"<code>{unit}</code>") for unit in ("y7-place-value", "y7-fractions", "y8-ratio")]
    assert rows == sorted(rows)
    editor = yaml.safe_load((site / "out" / "admin" / "config.yml").read_text(encoding="utf-8"))
    for collection in editor["collections"]:
        if collection["name"] not in ("resources", "cpd", "stories"):
            continue
        units = next(f for f in collection["fields"] if f["name"] == "units")
        assert units["widget"] == "select" and units["multiple"] is True
        assert units["options"] == [{"label": "Year 7 · Place value", "value": "y7-place-value"},
                                    {"label": "Year 7 · Fractions", "value": "y7-fractions"},
                                    {"label": "Year 8 · Ratio", "value": "y8-ratio"}]
        step = next(f for f in collection["fields"] if f["name"] == "step")
        assert (step["widget"], step["value_type"], step["min"]) == ("number", "int", 1)


def test_review_falls_due_the_same_day_months_later_or_at_the_end_of_a_shorter_month():
    utc = timezone.utc
    assert review_due(datetime(2024, 11, 5, tzinfo=utc), 24) == datetime(2026, 11, 5, tzinfo=utc)
    assert review_due(datetime(2024, 1, 31, tzinfo=utc), 1) == datetime(2024, 2, 29, tzinfo=utc)
    assert review_due(datetime(2025, 12, 15, tzinfo=utc), 13) == datetime(2027, 1, 15, tzinfo=utc)


def test_a_review_beyond_the_calendar_is_never_due():
    utc = timezone.utc
    assert review_due(datetime(9999, 6, 1, tzinfo=utc), 24) == datetime.max.replace(tzinfo=utc)
    assert review_due(datetime(9998, 6, 1, tzinfo=utc), 18) == datetime(9999, 12, 1, tzinfo=utc)


def test_an_item_reviewed_in_the_far_future_builds_and_is_not_due(site):
    item = an_item(site)
    add_lines(item, "topics:", "reviewed: 9999-06-01")
    result = run_build("build", "-d", "out", cwd=site)
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    slug = item.stem
    assert slug not in (site / "out" / "review" / "index.html").read_text(encoding="utf-8")


def test_units_are_labelled_by_stage_and_kept_in_teaching_order():
    units = (Unit("a", "Place value", "y7", "Year 7"), Unit("b", "Fractions", "y7", "Year 7"))
    site = Site(name="N", docs_dir=Path("."), curriculum=(Stage("y8", "Year 8", (Unit("c", "Ratio", "y8", "Year 8"),)),
                                                           Stage("y7", "Year 7", units)))
    assert site.choices("units") == {"c": "Year 8 · Ratio", "a": "Year 7 · Place value", "b": "Year 7 · Fractions"}
