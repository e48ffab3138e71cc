"""`check` and the build agree: what the build would warn of, `check` says first, in the same words.

A site that passes `check --strict` builds with `--strict` (the deploy workflow's command). A link
or image in a body that leads to no file is told as `file:line: body: ...` with the nearest file,
by `check` before anything is built, and by the build when MkDocs warns of it (in its own words,
"Doc file '...' contains a link '...', but the target '...' is not found among documentation
files.", which no coordinator should have to read), also when a page's rendering is reused from
the cache and its warnings told again."""

from __future__ import annotations

import io
import logging
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import FOREIGN_SITE, REPO, run_build
from test_bad_input import CASES, build_case, expected, expected_exit

ITEM = "docs/resources/cmep/real-1.md"
# A resource as Pandoc writes one from LaTeX: formulas, attributes on a figure, a reference-style
# link, raw HTML. Every file it names is missing or saved under another name.
REAL_1 = r"""---
title: The real numbers
summary: Notes on the real numbers, converted from LaTeX with Pandoc.
date: 2026-05-05
topics: [measures]
phases: [adult]
resource_type: unit
---

Let $x \in \mathbb{R}$ with $x^2 = 2$, and $[0,1](0.5)$ the interval's indicator at a half: maths, not links.

![Figure 2: the number line](figure2.png){#fig:two width="50%"}

The data are in [Table 1][tab], and the proof in [the appendix](appendix.pdf).

[tab]: table1.csv "Table 1"

<img src="diagram.svg" alt="The real line, with the square root of 2 marked">

Compare [rounding](../rounding-draft.md) and [the editors' notes](../_notes.md).

Code is text, not a link: `![an image](missing.png)`. So are [all resources](../index.md),
[the topics](../../topics/index.md), [a unit](../measures-in-the-kitchen.md), [the answers](#answers),
[another site](https://example.org/figure.png) and [the network](mailto:hello@example.net).
"""
# The files as saved: beside the page, under names a little different from the ones it gives.
SAVED = {"docs/resources/cmep/figure-2.png": b"\x89PNG\r\n\x1a\n", "docs/resources/cmep/table-1.csv": b"x,y\n1,2\n"}
BODY_LINES = [
    f"{ITEM}:12: body: warning: the image 'figure2.png' is not found (did you mean 'figure-2.png'?)",
    f"{ITEM}:14: body: warning: the linked file 'appendix.pdf' is not found "
    "(save the file as resources/cmep/appendix.pdf in the content folder, or correct the address)",
    f"{ITEM}:16: body: warning: the linked file 'table1.csv' is not found (did you mean 'table-1.csv'?)",
    f"{ITEM}:18: body: warning: the image 'diagram.svg' is not found "
    "(save the file as resources/cmep/diagram.svg in the content folder, or correct the address)",
    f"{ITEM}:20: body: warning: the linked page '../_notes.md' is not published: a name starting with _ never is "
    "(rename resources/_notes.md without the _ to publish it, or remove the link)",
    f"{ITEM}:20: body: warning: the linked page '../rounding-draft.md' is a draft, so it is not published "
    "(remove draft: true from it to publish it, or remove the link)",
]
_PROBLEM = re.compile(r"^(?:(?:INFO|WARNING) +-  )?(?P<line>\S+:\d+: [^:]+: .*)$")


@pytest.fixture
def site(tmp_path) -> Path:
    """The foreign test site, with the Pandoc resource and the files it means saved beside it."""
    root = tmp_path / "site"
    shutil.copytree(FOREIGN_SITE, root)
    (root / ITEM).parent.mkdir(parents=True)
    (root / ITEM).write_text(REAL_1, encoding="utf-8")
    for name, data in SAVED.items():
        (root / name).write_bytes(data)
    return root


def problem_lines(output: str) -> list[str]:
    """The `file:line: field: ...` lines of an output, without the level MkDocs' --verbose puts first."""
    return [match["line"] for line in output.splitlines() if (match := _PROBLEM.match(line))]


def body_lines(output: str) -> list[str]:
    return [line for line in problem_lines(output) if ": body: " in line]


def fix(root: Path) -> None:
    """What the coordinator does on reading the lines: names corrected, missing files saved, drafts unlinked."""
    text = (root / ITEM).read_text(encoding="utf-8")
    for wrong, right in (("figure2.png", "figure-2.png"), ("table1.csv", "table-1.csv"),
                         ("Compare [rounding](../rounding-draft.md) and [the editors' notes](../_notes.md).", "")):
        text = text.replace(wrong, right)
    (root / ITEM).write_text(text, encoding="utf-8")
    (root / ITEM).with_name("appendix.pdf").write_bytes(b"%PDF-1.4 proof")
    (root / ITEM).with_name("diagram.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")


def test_check_gives_each_missing_file_its_line_and_the_nearest_file(site):
    result = run_build("check", "--strict", "-f", "mkdocs.yml", cwd=site)
    assert body_lines(result.stdout) == BODY_LINES
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_build_strict_refuses_with_the_same_lines_and_none_of_mkdocs_words(site):
    result = run_build("build", "--strict", "-f", "mkdocs.yml", "-d", "out", cwd=site)
    assert result.returncode == 1
    assert body_lines(result.stdout + result.stderr) == BODY_LINES
    assert "Doc file" not in result.stdout + result.stderr
    assert not (site / "out").exists()


def test_a_build_tells_each_warning_once(site):
    """Without --strict the site is built; MkDocs' own warnings of the same links are not told again."""
    result = run_build("build", "-f", "mkdocs.yml", "-d", "out", cwd=site)
    assert result.returncode == 0, result.stderr
    assert body_lines(result.stdout + result.stderr) == BODY_LINES
    assert "Doc file" not in result.stdout + result.stderr


def test_once_fixed_check_and_build_both_pass(site):
    fix(site)
    check = run_build("check", "--strict", "-f", "mkdocs.yml", cwd=site)
    assert check.returncode == 0, check.stdout
    build = run_build("build", "--strict", "-f", "mkdocs.yml", "-d", "out", cwd=site)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (site / "out/resources/cmep/real-1/index.html").is_file()
    assert (site / "out/resources/cmep/figure-2.png").is_file()


def test_links_mkdocs_notes_but_does_not_warn_of_are_retold_too(site):
    """With `not_found: info` MkDocs only notes a missing file (shown with --verbose); `check` is
    silent, as the build warns of nothing, and the notes carry the line, the first time a page is
    rendered and when its rendering is reused from the cache and its notes told again."""
    with (site / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("validation:\n  links:\n    not_found: info\n")
    check = run_build("check", "-f", "mkdocs.yml", cwd=site)
    assert check.returncode == 0 and body_lines(check.stdout) == [], check.stdout
    told = [line for line in BODY_LINES if "diagram.svg" not in line]  # MkDocs never looks in raw HTML
    for build in ("first", "reused"):
        result = run_build("build", "-v", "-f", "mkdocs.yml", "-d", "out", cwd=site)
        assert result.returncode == 0, result.stderr
        assert sorted(body_lines(result.stderr)) == sorted(told), build
        assert "Doc file" not in result.stderr
    assert re.search(r"Reused from earlier builds: (\d+) of \1 Markdown renders", result.stderr)


def test_warnings_check_cannot_foresee_are_retold_with_their_line(site):
    """Which anchors a page has is known only once it is rendered, so `check` leaves them to MkDocs;
    the build still names the file and line."""
    with (site / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("validation:\n  anchors: warn\n")
    fix(site)
    result = run_build("build", "--strict", "-f", "mkdocs.yml", "-d", "out", cwd=site)
    assert result.returncode == 1
    assert body_lines(result.stderr) == [
        f"{ITEM}:23: body: warning: the link '#answers' leads to no heading or anchor on this page "
        "(use the anchor a heading shows in its ¶ link, or remove the #part)"]
    assert "Doc file" not in result.stderr


def test_a_retold_warning_is_told_again_when_replayed(site, monkeypatch):
    """The rewriting is in the handlers, so a message logged again word for word (as a reused
    rendering logs it, under the logger that first logged it) is rewritten again."""
    from mkdocs.config import load_config

    from tessellate.mkdocs_links import Retold
    from tessellate.model import load_catalogue
    from tessellate.pages.config import site_from_config

    monkeypatch.chdir(site)
    config = load_config(str(site / "mkdocs.yml"))
    # As with `not_found: info`: check reports nothing, so nothing is dropped as already shown.
    quiet = replace(site_from_config(config, config.plugins["tessellate"].config), link_warnings=frozenset())
    catalogue = load_catalogue(quiet)
    assert body_lines("\n".join(str(problem) for problem in catalogue.problems)) == []
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("mkdocs")
    monkeypatch.setattr(logger, "handlers", [handler])
    monkeypatch.setattr(logger, "propagate", False)
    original = handler.formatter
    retold = Retold(catalogue, site).attach()
    try:
        message = ("Doc file 'resources/cmep/real-1.md' contains a link 'figure2.png', "
                   "but the target 'resources/cmep/figure2.png' is not found among documentation files.")
        for _ in range(2):
            logging.getLogger("mkdocs.structure.pages").log(logging.WARNING, message)
        logging.getLogger("mkdocs.plugins.other").warning("some other plugin's warning")
    finally:
        retold.detach()
    assert stream.getvalue().splitlines() == [f"WARNING {BODY_LINES[0]}"] * 2 + ["WARNING some other plugin's warning"]
    assert handler.formatter is original and retold not in handler.filters  # detached, the handler is as it was


# Every fixture a coordinator could build: the example network, the foreign site, and each bad
# input that only warns (one with errors is never built).
FIXTURES = ["example", "foreign"] + [name for name in CASES if expected_exit(expected(name)) == 0]


@pytest.mark.parametrize("fixture", FIXTURES)
def test_what_the_build_warns_of_check_says_first(fixture, tmp_path):
    config = {"example": REPO / "mkdocs.yml", "foreign": FOREIGN_SITE / "mkdocs.yml"}.get(fixture)
    if config is None:
        build_case(fixture, tmp_path)
        config = tmp_path / "mkdocs.yml"
    check = run_build("check", "--strict", "-f", str(config), cwd=tmp_path)
    strict = run_build("build", "--strict", "-f", str(config), "-d", str(tmp_path / "strict"), cwd=tmp_path)
    built = run_build("build", "-f", str(config), "-d", str(tmp_path / "built"), cwd=tmp_path)
    said = problem_lines(check.stdout)
    assert strict.returncode == check.returncode, strict.stdout + strict.stderr
    for result in (strict, built):
        output = result.stdout + result.stderr
        assert set(problem_lines(output)) <= set(said), output
        assert "Doc file" not in output and "WARNING" not in output, output
    # Built without --strict, MkDocs checked every link: it warned of nothing `check` had not said.
    assert built.returncode == 0, built.stderr
    assert f" {len(said)} warning{'' if len(said) == 1 else 's'} in " in built.stderr, built.stderr


def test_a_render_kept_by_a_verbose_build_still_tells_a_missing_anchor(site, tmp_path):
    """MkDocs keeps a page's links to anchors for checking only when it is not logging debug messages:
    a render kept by a --verbose build is not reused by a plain one, which would then miss the anchor."""
    with (site / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("validation:\n  anchors: warn\n")
    fix(site)
    cache = {"TESSELLATE_CACHE": str(tmp_path / "shared-cache")}
    assert run_build("build", "-v", "-f", "mkdocs.yml", "-d", "out", cwd=site, env=cache).returncode in (0, 1)
    result = run_build("build", "--strict", "-f", "mkdocs.yml", "-d", "out", cwd=site, env=cache)
    assert result.returncode == 1, result.stderr
    assert f"{ITEM}:23: body: warning: the link '#answers' leads to no heading or anchor" in result.stderr


def test_a_nav_entry_to_no_page_is_found_by_check_and_told_once_by_the_build(site):
    """MkDocs warns of a nav entry naming no page only as it builds; check finds it first, in its own words."""
    fix(site)
    with (site / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("nav:\n  - Home: index.md\n  - Partners: partnrs.md\n")
    line = sum(1 for _ in (site / "mkdocs.yml").open(encoding="utf-8"))
    expected = f"mkdocs.yml:{line}: nav: warning: 'partnrs.md' is not a page in the content folder (correct the entry, or remove it)"
    check = run_build("check", "--strict", "-f", "mkdocs.yml", cwd=site)
    assert check.returncode == 1 and expected in check.stdout.splitlines(), check.stdout
    build = run_build("build", "-f", "mkdocs.yml", "-d", "out", cwd=site)
    assert build.returncode == 0, build.stderr
    told = (build.stdout + build.stderr).splitlines()
    assert told.count(expected) == 1 and not any("is included in the 'nav' configuration" in t for t in told), told
    assert run_build("build", "--strict", "-f", "mkdocs.yml", "-d", "out", cwd=site).returncode == 1
