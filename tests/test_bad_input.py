"""Bad content: each malformed input gives exactly the lines a coordinator sees from `build.py check`.

A case is a `NAME.expected.txt` in tests/data/bad/: the whole standard output of `check`
(one line per problem, then the count line). Its site is a fresh tmp folder holding a small
mkdocs.yml (SITE_CONFIG below) and a `docs/` content folder made from:

- `NAME.md`, when present, copied into the folder of the kind its name starts with, without
  the prefix: `resource-x.md` -> `docs/resources/x.md`, `cpd-x.md` -> `docs/cpd/x.md`,
  `story-x.md` -> `docs/stories/x.md`; `--` is a sub-folder: `resource-number--x.md` ->
  `docs/resources/number/x.md` (tests/data/items/ names its fixtures the same way).
- `NAME.setup.py`, when present, run after the copy with `docs` and `root` (Paths to the
  content folder and the site folder) in scope, for what a Markdown file in the repository
  should not hold: raw bytes, invisible characters, more files, symlinks, huge files.

Each case runs from the site folder, so paths show as `docs/...`. The exit code expected
follows from the lines: 1 when any line is an error, 0 when all are warnings (those cases
also run with --strict and expect 1). No run may print a traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tessellate.cli import main

REPO = Path(__file__).resolve().parent.parent
BAD = Path(__file__).parent / "data" / "bad"
KIND_PREFIXES = {"resource-": "resources", "cpd-": "cpd", "story-": "stories", "event-": "events"}
SITE_CONFIG = """\
site_name: Test Maths Network
site_url: https://example.net/
docs_dir: docs
theme: {name: material}
plugins:
  - tessellate:
      bite_sized_minutes: 15
      taxonomy:
        topics: {number: Number, algebra: Algebra, ratio: Ratio and proportion, geometry: Geometry, statistics: Statistics}
        phases: {ks3: Key Stage 3, ks4: Key Stage 4, post16: Post-16 and FE}
        resource_types: {rich-task: Rich task, lesson: Lesson, assessment: Assessment, guide: Guide}
"""
CASES = sorted(path.name.removesuffix(".expected.txt") for path in BAD.glob("*.expected.txt"))
_PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<field>[^:]+): (?P<warning>warning: )?.+")


def make_site(root: Path) -> Path:
    """A tmp site with an empty content folder for each kind; returns the content folder."""
    (root / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    docs = root / "docs"
    for kind in KIND_PREFIXES.values():
        (docs / kind).mkdir(parents=True, exist_ok=True)
    return docs


def source_name(name: str) -> str:
    """The docs-relative path of a fixture named `resource-x.md` (or `cpd-`, `story-`; `--` for a sub-folder)."""
    for prefix, kind in KIND_PREFIXES.items():
        if name.startswith(prefix):
            return f"{kind}/{name.removeprefix(prefix).replace('--', '/')}"
    raise ValueError(f"{name}: a fixture's name starts with one of {', '.join(KIND_PREFIXES)}")


def destination(docs: Path, name: str) -> Path:
    """Where the fixture `name` goes in the site whose content folder is `docs` (its folder is created)."""
    target = docs / source_name(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def build_case(name: str, root: Path) -> None:
    docs = make_site(root)
    markdown = BAD / f"{name}.md"
    if markdown.exists():
        shutil.copyfile(markdown, destination(docs, markdown.name))
    setup = BAD / f"{name}.setup.py"
    if setup.exists():
        exec(compile(setup.read_text(encoding="utf-8"), str(setup), "exec"), {"docs": docs, "root": root})


def expected(name: str) -> list[str]:
    return (BAD / f"{name}.expected.txt").read_text(encoding="utf-8").splitlines()


def expected_exit(lines: list[str]) -> int:
    problems = [match for line in lines if (match := _PROBLEM.match(line))]
    return 1 if any(not match["warning"] for match in problems) else 0


def run_check(root: Path, capsys, monkeypatch, *options: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    code = main(["check", "-f", "mkdocs.yml", *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_there_are_enough_cases():
    assert len(CASES) >= 45
    orphans = {p.name for p in BAD.iterdir()} - {f"{c}{s}" for c in CASES for s in (".md", ".setup.py", ".expected.txt")}
    assert not orphans, "every fixture belongs to a case with an .expected.txt"


def test_every_case_has_a_source():
    assert all((BAD / f"{c}.md").exists() or (BAD / f"{c}.setup.py").exists() for c in CASES)


@pytest.mark.parametrize("name", CASES)
def test_check_reports_exactly(name, tmp_path, capsys, monkeypatch):
    build_case(name, tmp_path)
    code, out, err = run_check(tmp_path, capsys, monkeypatch)
    lines = expected(name)
    assert out.splitlines() == lines
    assert code == expected_exit(lines)
    assert "Traceback" not in out + err
    assert err == ""


@pytest.mark.parametrize("name", [c for c in CASES if expected_exit(expected(c)) == 0])
def test_strict_makes_warnings_fail(name, tmp_path, capsys, monkeypatch):
    build_case(name, tmp_path)
    code, out, _ = run_check(tmp_path, capsys, monkeypatch, "--strict")
    assert code == 1
    assert out.splitlines() == expected(name)


def real_process_cases() -> list[str]:
    """The cases run as the real command too: every one whose site a setup script makes (raw bytes, symlinks,
    huge or unreadable files), every one whose output is not ASCII (what a pipe's encoding could break), and
    the first of each kind's that exit 0 and 1. The rest share their path through build.py with these, and
    test_check_reports_exactly runs each of them through the same main(): a process for each of 96 cases was
    a ninth of the suite's time."""
    chosen, firsts = [], set()
    for name in CASES:
        lines = expected(name)
        first = (next(p for p in KIND_PREFIXES if name.startswith(p)), expected_exit(lines))
        if (BAD / f"{name}.setup.py").exists() or not "".join(lines).isascii() or first not in firsts:
            chosen.append(name)
        firsts.add(first)
    return chosen


@pytest.mark.parametrize("name", real_process_cases())
def test_check_in_a_real_process(name, tmp_path):
    """The real command: same output, the exit code, and never a traceback."""
    build_case(name, tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "-f", "mkdocs.yml"],
                            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    lines = expected(name)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == lines
    assert result.returncode == expected_exit(lines)
