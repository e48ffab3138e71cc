"""Bad settings, templates and disks: each ends in one line naming the file, the line and the fix.

A case edits a copy of the foreign site (tests/data/site) whose site was built before into `out`,
then builds again from the site's folder, in this process, so a disk can be made to fail by a patch:
the build exits 1, standard error is that one line and the usual "not built" line (no traceback, no
line of MkDocs' own), and `out` is byte for byte the site built before, with no staging left beside it.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable
from pathlib import Path

import mkdocs.utils
import pytest

from conftest import BUILD_ENV, FOREIGN_SITE
from tessellate import publish
from tessellate.cli import main

NOT_BUILT = "The site was not built; the previous site is unchanged."


def settings(old: str, new: str) -> Callable[[Path], None]:
    """An edit of the site's mkdocs.yml: `old` (which it holds once) becomes `new`."""
    def edit(root: Path) -> None:
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
        assert config.count(old) == 1, old
        (root / "mkdocs.yml").write_text(config.replace(old, new), encoding="utf-8")
    return edit


def override(name: str, text: str) -> Callable[[Path], None]:
    """A theme override, `theme/NAME`, with the site's theme given `custom_dir: theme`."""
    def edit(root: Path) -> None:
        settings("  name: material\n", "  name: material\n  custom_dir: theme\n")(root)
        (root / "theme" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "theme" / name).write_text(text, encoding="utf-8")
    return edit


TESSELLATE = "      licence: CC-BY-SA-4.0\n"
CASES = {
    "yaml-colon-in-a-value": (
        settings("site_name: Northern Numeracy Partnership", "site_name: Numeracy: the North"),
        "mkdocs.yml:1: not valid YAML: mapping values are not allowed here "
        "(put quotes around a value that holds ': ', e.g. site_name: \"Maths: a network\")"),
    "yaml-tab": (
        settings("  name: material", "\tname: material"),
        "mkdocs.yml:5: not valid YAML: found character '\\t' that cannot start any token (indent with spaces, not tabs)"),
    "yaml-list-not-closed": (
        settings("{y7: Year 7,", "[y7: Year 7,"),
        "mkdocs.yml:11: not valid YAML: expected ',' or ']', but got '}' "
        "(close the [ opened on that line with ], and quote an item that holds ': ' or ',')"),
    "yaml-key-twice": (
        settings("docs_dir: docs\n", "docs_dir: docs\ndocs_dir: content\n"),
        "mkdocs.yml:4: docs_dir: set twice, first on line 3 (keep one of them)"),
    "unknown-setting": (
        settings("docs_dir: docs\n", "docs_dir: docs\nsite_nmae: Numeracy\n"),
        "mkdocs.yml:4: site_nmae: not a setting (did you mean 'site_name'?)"),
    "mistyped-setting": (
        settings("docs_dir: docs\n", "docs_dir: docs\nuse_directory_urls: maybe\n"),
        "mkdocs.yml:4: use_directory_urls: expected true or false, got text "
        "(write use_directory_urls: true or use_directory_urls: false)"),
    "number-for-text": (
        settings("docs_dir: docs\n", "docs_dir: docs\ncopyright: 2026\n"),
        "mkdocs.yml:4: copyright: expected text, got a whole number (put it in quotes: copyright: \"2026\")"),
    "missing-setting": (
        settings("site_name: Northern Numeracy Partnership\n", ""),
        "mkdocs.yml: site_name: missing (add a line 'site_name: ...')"),
    "unknown-theme": (
        settings("  name: material", "  name: materal"),
        "mkdocs.yml:5: theme.name: 'materal' is not an installed theme (did you mean 'material'?)"),
    "unknown-plugin": (
        settings("  - tessellate:", "  - tesselate:"),
        "mkdocs.yml:7: plugins: 'tesselate' is not an installed plugin (did you mean 'tessellate'?)"),
    "unknown-tessellate-setting": (
        settings(TESSELLATE, TESSELLATE + "      bite_sized_minute: 20\n"),
        "mkdocs.yml:9: tessellate.bite_sized_minute: not a setting (did you mean 'bite_sized_minutes'?)"),
    "mistyped-tessellate-setting": (
        settings(TESSELLATE, TESSELLATE + "      bite_sized_minutes: fifteen\n"),
        "mkdocs.yml:9: tessellate.bite_sized_minutes: expected a whole number, got text "
        "(write a number, e.g. bite_sized_minutes: 15)"),
    "unknown-tessellate-sub-setting": (
        settings(TESSELLATE, TESSELLATE + "      brand:\n        color: '#1b5e8a'\n"),
        "mkdocs.yml:10: tessellate.brand.color: not a setting (did you mean 'colour'?)"),
    "bad-tessellate-value": (
        settings(TESSELLATE, TESSELLATE + "      timezone: Europe/Londn\n"),
        "mkdocs.yml:9: tessellate.timezone: 'Europe/Londn' is not a time zone (use a name such as Europe/London)"),
    "bad-topic-id": (
        settings("{place-value: Place value,", "{Place Value: Place value,"),
        "mkdocs.yml:10: tessellate.taxonomy.topics: 'Place Value' is not a valid id "
        "(use lower-case letters, digits and hyphens; quote ids like 'yes')"),
    "template-syntax-error": (
        override("partials/copyright.html", "<div>\n  {{ config.copyright }}\n  {{ config.site_name {{ }}\n</div>\n"),
        "theme/partials/copyright.html:3: template: expected token 'end of print statement', got '{' "
        "(fix the Jinja syntax on that line)"),
    "template-block-not-closed": (
        override("partials/copyright.html", "<div>\n  {% if config.copyright %}{{ config.copyright }}\n</div>\n"),
        "theme/partials/copyright.html:2: template: {% if %} is never closed (add {% endif %} where it should end)"),
    "template-unknown-filter": (
        override("partials/copyright.html", "<div>\n  {{ config.site_name | shout }}\n</div>\n"),
        "theme/partials/copyright.html:2: template: No filter named 'shout' "
        "(check its spelling: MkDocs, Material and Tessellate define the filters a theme can use)"),
    "template-calls-an-undefined-name": (
        override("partials/copyright.html", "<div>\n  {{ config.site_name }}\n  {{ year_now() }}\n</div>\n"),
        "theme/partials/copyright.html:3: template: 'year_now' is undefined "
        "(check the spelling, or test it first with {% if ... is defined %})"),
    "template-attribute-of-undefined": (
        override("tessellate/partials/meta.html", "<p>\n  {{ item.title }}\n  {{ itme.licence.name }}\n</p>\n"),
        "theme/tessellate/partials/meta.html:3: template: 'itme' is undefined "
        "(check the spelling, or test it first with {% if ... is defined %})"),
    "template-missing-include": (
        override("partials/copyright.html", "<div>\n  {% include 'partials/licence.html' %}\n</div>\n"),
        "theme/partials/copyright.html:2: template: no template 'partials/licence.html' "
        "(check the name, or add the template to the theme's custom_dir)"),
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(root: Path, capsys, monkeypatch) -> tuple[int, str]:
    """`build.py build -d out` from the site's folder; the exit code and standard error."""
    monkeypatch.chdir(root)
    capsys.readouterr()
    code = main(["build", "-f", "mkdocs.yml", "-d", "out"])
    return code, capsys.readouterr().err


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The foreign site, built once into `out`."""
    root = tmp_path_factory.mktemp("built") / "site"
    shutil.copytree(FOREIGN_SITE, root)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in BUILD_ENV.items():
            patch.setenv(name, value)
        patch.chdir(root)
        assert main(["build", "-q", "-f", "mkdocs.yml", "-d", "out"]) == 0
    return root


@pytest.fixture()
def site(built, tmp_path, monkeypatch) -> Path:
    """A copy of the built site, its `out` holding a file no build makes."""
    for name, value in BUILD_ENV.items():
        monkeypatch.setenv(name, value)
    root = tmp_path / "site"
    shutil.copytree(built, root, symlinks=True)
    (root / "out" / "marker.txt").write_text("the previous site\n", encoding="utf-8")
    return root


def assert_one_line(root: Path, before: dict[str, bytes], code: int, err: str, message: str) -> None:
    assert (code, err) == (1, f"error: {message}\n{NOT_BUILT}\n")
    assert snapshot(root / "out") == before
    assert not [p.name for p in root.iterdir() if p.name.startswith((publish.STAGING_PREFIX, publish.RETIRED_PREFIX))]


@pytest.mark.parametrize("name", CASES)
def test_a_bad_setting_or_template_is_one_line(name, site, capsys, monkeypatch):
    edit, message = CASES[name]
    before = snapshot(site / "out")
    edit(site)
    code, err = build(site, capsys, monkeypatch)
    assert_one_line(site, before, code, err, message)


def test_a_full_disk_while_writing_pages(site, capsys, monkeypatch):
    written = []
    write_file = mkdocs.utils.write_file

    def fill_up(content: bytes, output_path: str) -> None:
        if len(written) == 5:  # the theme's pages and a few of the site's, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(output_path)
        write_file(content, output_path)

    before = snapshot(site / "out")
    monkeypatch.setattr(mkdocs.utils, "write_file", fill_up)
    code, err = build(site, capsys, monkeypatch)
    assert_one_line(site, before, code, err,
                    "out: cannot write the new site: no space left on the device (free some space and build again)")
    assert len(written) == 5


@pytest.mark.parametrize("number, message", [
    (errno.EROFS, "out: cannot write the new site: the disk is read-only (build into a folder on a writable disk with -d)"),
    (errno.EACCES, "out: cannot write the new site: permission denied "
                   "(let this user write to the folder that holds it, or build into another with -d)"),
])
def test_a_folder_that_cannot_be_written(number, message, site, capsys, monkeypatch):
    """The site's folder is on a read-only disk, or in a folder this user may not write to: the first
    thing a build writes beside the site, its lock, fails. (The tests run as root, whom chmod does not stop.)"""
    def refuse(path, *args, **kwargs):
        raise OSError(number, "refused", str(path))

    before = snapshot(site / "out")
    monkeypatch.setattr(publish, "open", refuse, raising=False)
    code, err = build(site, capsys, monkeypatch)
    assert_one_line(site, before, code, err, message)


def test_a_full_disk_outside_a_build_is_one_line_too(tmp_path, capsys, monkeypatch):
    """`guide` writes docs/CONTENT.md; a full disk there is the same kind of line, without a site to name."""
    shutil.copytree(FOREIGN_SITE, tmp_path / "site")
    monkeypatch.chdir(tmp_path / "site")

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    code = main(["guide", "-f", "mkdocs.yml"])
    assert (code, capsys.readouterr().err) == (1, "error: cannot write: no space left on the device (free some space and try again)\n")


def test_a_crash_is_still_a_crash(site, capsys, monkeypatch):
    """A failure nobody can fix in the settings, templates or disk keeps its exit code 2."""
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(mkdocs.utils, "write_file", broken)
    code, err = build(site, capsys, monkeypatch)
    assert code == 2
    assert err.startswith("error: the build stopped unexpectedly: RuntimeError: a bug\n")
