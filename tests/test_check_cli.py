"""`build.py check` and `build.py build` as a coordinator runs them: every problem at once, from any folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import forked_builds
from test_bad_input import BAD, REPO, destination, expected, make_site

# Cases from tests/data/bad that do not interact (no shared slugs or links), for one site.
TOGETHER = ["cpd-chapters", "resource-duplicate-slug", "resource-missing-required", "resource-raw-html",
            "story-wrong-types"]


def check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = forked_builds.run(list(args), cwd, env, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def site_with(root: Path, *cases: str) -> Path:
    """A tmp site holding several bad cases at once; returns its mkdocs.yml."""
    docs = make_site(root)
    for name in cases:
        if (BAD / f"{name}.md").exists():
            shutil.copyfile(BAD / f"{name}.md", destination(docs, f"{name}.md"))
        if (setup := BAD / f"{name}.setup.py").exists():
            exec(compile(setup.read_text(encoding="utf-8"), str(setup), "exec"), {"docs": docs, "root": root})
    return root / "mkdocs.yml"


def problem_lines(*cases: str) -> list[str]:
    """The problem lines of each case alone, in the order one run over all of them prints: by file, then line."""
    lines = [line for name in cases for line in expected(name)[:-1]]
    place = re.compile(r"^(.*?):(\d+): ")
    return sorted(lines, key=lambda line: (place.match(line)[1], int(place.match(line)[2])))


def test_every_problem_in_every_file_in_one_run(tmp_path):
    site_with(tmp_path, *TOGETHER)
    result = check("check", "-f", "mkdocs.yml", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert lines[:-1] == problem_lines(*TOGETHER)
    assert lines[-1] == "15 errors, 6 warnings in 6 files"
    assert [line.split(":", 1)[0] for line in lines[:-1]] == sorted(line.split(":", 1)[0] for line in lines[:-1])
    assert result.returncode == 1
    assert result.stderr == ""


def test_config_file_from_any_working_directory(tmp_path):
    site = tmp_path / "network"
    site.mkdir()
    site_with(site, "resource-unknown-ids")
    one = expected("resource-unknown-ids")
    # From above the site, paths are relative to where the command runs...
    above = check("check", "-f", "network/mkdocs.yml", cwd=tmp_path)
    assert above.stdout.splitlines() == [f"network/{line}" for line in one[:-1]] + one[-1:]
    assert above.returncode == 1
    # ...and from a folder beside it, where a relative path would climb out, they are absolute.
    beside = tmp_path / "elsewhere"
    beside.mkdir()
    result = check("check", "-f", "../network/mkdocs.yml", cwd=beside)
    assert result.stdout.splitlines() == [f"{site}/{line}" for line in one[:-1]] + one[-1:]
    assert result.returncode == 1
    absolute = check("check", "-f", str(site / "mkdocs.yml"), cwd=beside)
    assert absolute.stdout == result.stdout


def test_missing_config_file(tmp_path):
    result = check("check", "-f", "nowhere/mkdocs.yml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "error: nowhere/mkdocs.yml: no such file (give the site's mkdocs.yml with -f)\n"
    default = check("check", cwd=tmp_path)
    assert (default.returncode, default.stderr) == (1, "error: mkdocs.yml: no such file (give the site's mkdocs.yml with -f)\n")


def test_broken_config_file(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: [Test\n", encoding="utf-8")
    result = check("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("error: mkdocs.yml:1: not valid YAML: expected ',' or ']', but got the end of the file "
                             "(close the [ opened on that line with ], and quote an item that holds ': ' or ',')\n")
    make_site(tmp_path)
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").replace("number: Number", "Number: Number")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = check("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "taxonomy.topics: 'Number' is not a valid id" in result.stderr


def test_strict_turns_warnings_into_failure(tmp_path):
    site_with(tmp_path, "resource-raw-html", "cpd-longer-than-bite-sized")
    relaxed = check("check", cwd=tmp_path)
    strict = check("check", "--strict", cwd=tmp_path)
    assert relaxed.returncode == 0
    assert strict.returncode == 1
    assert relaxed.stdout == strict.stdout
    assert relaxed.stdout.splitlines()[-1] == "0 errors, 7 warnings in 2 files"


def test_clean_site_passes(tmp_path):
    make_site(tmp_path)
    result = check("check", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 errors, 0 warnings in 0 files\n", "")


def test_build_refuses_broken_content_and_keeps_the_old_site(tmp_path):
    site_with(tmp_path, "resource-unknown-ids", "resource-raw-html")
    old = tmp_path / "site"
    old.mkdir()
    (old / "marker.txt").write_text("the live site\n", encoding="utf-8")
    result = check("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:-1] == problem_lines("resource-raw-html", "resource-unknown-ids")
    assert result.stdout.splitlines()[-1] == "6 errors, 6 warnings in 2 files"
    assert "The site was not built; the previous site is unchanged." in result.stderr
    assert [p.name for p in old.iterdir()] == ["marker.txt"]
    assert (old / "marker.txt").read_text(encoding="utf-8") == "the live site\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "mkdocs.yml", "site"]  # no staging left behind


def test_build_with_site_dir_refuses_too(tmp_path):
    site_with(tmp_path, "resource-missing-required")
    target = tmp_path / "public"
    target.mkdir()
    (target / "marker.txt").write_text("live\n", encoding="utf-8")
    result = check("build", "-d", "public", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected("resource-missing-required")
    assert [p.name for p in target.iterdir()] == ["marker.txt"]


def test_strict_build_refuses_warnings(tmp_path):
    site_with(tmp_path, "cpd-no-captions-or-transcript")
    result = check("build", "--strict", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected("cpd-no-captions-or-transcript")
    assert not (tmp_path / "site").exists()
