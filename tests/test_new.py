"""`build.py new`: a file that passes check, stays off the site as a draft, and bad input writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import frontmatter
import pytest

from conftest import FOREIGN_SITE, run_build

KINDS = ("resources", "cpd", "stories", "events")
TITLE = "Bar models: ratio & proportion"
SLUG = "bar-models-ratio-proportion"


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "network"
    shutil.copytree(FOREIGN_SITE, root)
    story = root / "docs" / "stories" / "brackenfold-kitchen-maths.md"  # a name of its own, not its file's
    story.write_text(story.read_text(encoding="utf-8").replace("\ntitle:", "\nslug: kitchen-maths\ntitle:", 1), encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_new_files_pass_check_and_publish_only_without_draft(site):
    for kind in KINDS:
        result = run_build("new", kind, TITLE, "--topic", "fractions", "--phase", "y8", cwd=site)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"Wrote docs/{kind}/{SLUG}.md: a draft until you remove 'draft: true'.\n"
        post = frontmatter.load(site / "docs" / kind / f"{SLUG}.md")
        assert (post["title"], post["topics"], post["phases"], post["draft"]) == (TITLE, ["fractions"], ["y8"], True)
        assert str(post["date"]) == "2026-11-25"  # today, as the tests fix it (SOURCE_DATE_EPOCH)
    check = run_build("check", cwd=site)
    assert (check.returncode, check.stdout.splitlines()[-1]) == (0, "0 errors, 0 warnings in 14 files"), check.stdout

    run_build("build", "-d", "out", cwd=site)
    for kind in KINDS:
        assert not (site / "out" / kind / SLUG).exists()
        assert SLUG not in (site / "out" / "feed.xml").read_text(encoding="utf-8")

    for kind in KINDS:
        page = site / "docs" / kind / f"{SLUG}.md"
        text = page.read_text(encoding="utf-8")
        assert text.count("\ndraft: true\n") == 1
        page.write_text(text.replace("\ndraft: true\n", "\n"), encoding="utf-8")
    built = run_build("build", "-d", "out", cwd=site)
    assert built.returncode == 0, built.stdout + built.stderr
    for kind in KINDS:
        html = (site / "out" / kind / SLUG / "index.html").read_text(encoding="utf-8")
        assert "Bar models: ratio &amp; proportion" in html


def test_every_field_of_the_kind_is_in_the_file_with_a_comment(site):
    """Fields not written with a value are there commented out, each with a comment above it."""
    run_build("new", "cpd", "Questioning", cwd=site)
    lines = (site / "docs" / "cpd" / "questioning.md").read_text(encoding="utf-8").split("\n")
    fields = [line.lstrip("# ").split(":", 1)[0] for line in lines if ":" in line and
              (line.startswith("# ") and line[2:3].islower() or line[:1].isalpha())]
    for needed in ("title", "summary", "date", "topics", "video", "duration", "captions", "chapters", "live", "draft"):
        assert needed in fields
        assert lines[lines.index(next(line for line in lines if line.lstrip("# ").startswith(f"{needed}:"))) - 1].startswith("# ")


@pytest.mark.parametrize("args, message", [
    (("new", "video", "A title"), "error: 'video' is not a kind of content (use resources, cpd, stories or events)\n"),
    (("new", "cpd", "!!! ???"), "error: the title '!!! ???' has no letters a-z or digits to make a file name from; "
                                "give a title with words in it\n"),
    (("new", "resources", "Reading bar charts"), "error: docs/resources/reading-bar-charts.md already has the name "
                                                  "'reading-bar-charts'; choose a different title, or edit that file\n"),
    (("new", "stories", "Kitchen maths"), "error: docs/stories/brackenfold-kitchen-maths.md already has the name "
                                          "'kitchen-maths'; choose a different title, or edit that file\n"),
    (("new", "resources", "Fractions in year 7", "--topic", "fraction"),
     "error: --topic 'fraction' is not a topic in mkdocs.yml (did you mean 'fractions'?)\n"),
    (("new", "stories", "A story", "--phase", "ks9"), "error: --phase 'ks9' is not a phase in mkdocs.yml "
                                                      "(phases are: y7, y8, adult)\n"),
])
def test_bad_input_is_one_line_and_writes_nothing(site, args, message):
    before = snapshot(site)
    result = run_build(*args, cwd=site)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", message)
    assert snapshot(site) == before
