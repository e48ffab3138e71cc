"""The engine installs as a package that carries its templates, CSS, scripts and fonts, and registers itself:
the wheel holds every file the sources do, and a fresh environment with nothing but the installed wheel
(beside its dependencies) builds the example site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from PIL import Image

from conftest import BUILD_ENV, REPO

PACKAGE = REPO / "plugins" / "tessellate"
# What the example site needs beside the engine: its settings, content, theme overrides and content guide.
EXAMPLE = ("mkdocs.yml", "content", "theme", "docs")


def data_files() -> set[str]:
    """Every file of the package's sources that is not Python: templates, CSS, scripts, fonts and their licence."""
    return {f"tessellate/{p.relative_to(PACKAGE).as_posix()}" for p in PACKAGE.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".py", ".pyc")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel as `pip wheel` builds it (not an editable install), offline, with the installed setuptools."""
    folder = tmp_path_factory.mktemp("wheel")
    # Built from a copy: setuptools writes build/ and *.egg-info/ beside the sources it builds.
    source = folder / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "build", "site", ".cache",
                                                                "*.egg-info", "__pycache__", ".pytest_cache"))
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                             "-w", str(folder), str(source)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return next(folder.glob("tessellate-*.whl"))


def test_the_wheel_carries_every_template_asset_and_font(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = data_files()
    assert {"tessellate/video/assets/player.js", "tessellate/share/fonts/DejaVuSans.ttf",
            "tessellate/pages/templates/tessellate/partials/card.html"} <= shipped
    assert len(shipped) > 40
    assert sorted(shipped - names) == [], "pyproject.toml's [tool.setuptools.package-data] leaves these out"


def test_the_plugin_registers_through_the_mkdocs_entry_point():
    plugin = [e for e in entry_points(group="mkdocs.plugins") if e.name == "tessellate"]
    assert [e.value for e in plugin] == ["tessellate.pages.plugin:TessellatePlugin"]
    assert plugin[0].load().__name__ == "TessellatePlugin"


def fresh_environment(root: Path, wheel: Path) -> tuple[Path, Path]:
    """(python, site-packages) of a new venv holding the wheel, installed by pip, and this venv's dependencies,
    reached through a .pth file, without this checkout's editable install. Offline: nothing is downloaded."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], check=True, timeout=120)
    python = root / "venv" / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    # The dependencies as installed here, one link each, leaving out tessellate itself: its dist-info and the
    # editable install's path file and finder, which would put this checkout's plugins/ on the path.
    dependencies = root / "dependencies"
    dependencies.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        name = entry.name.lower()
        if not (name.startswith(("tessellate", "__editable__", "__pycache__")) or name.endswith(".pth")):
            (dependencies / entry.name).symlink_to(entry)
    (purelib / "dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
                             str(wheel)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return python, purelib


def test_the_installed_wheel_builds_the_example_site(wheel, tmp_path):
    python, purelib = fresh_environment(tmp_path, wheel)
    site = tmp_path / "example"
    site.mkdir()
    for name in EXAMPLE:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, site / name)
    # Nothing of this checkout's environment reaches the fresh one; its own cache starts empty, so every card is drawn.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "TESSELLATE_CACHE")}
    env.update(BUILD_ENV, PYTHONNOUSERSITE="1", NO_MKDOCS_2_WARNING="1", TESSELLATE_CACHE=str(tmp_path / "cache"))
    # Pillow looks for a font it cannot open in the machine's font folders (XDG_DATA_HOME and XDG_DATA_DIRS), where
    # Debian keeps DejaVu too: pointed at an empty folder, a card can only be drawn with the fonts the wheel carries.
    (tmp_path / "no-fonts").mkdir()
    env.update(XDG_DATA_HOME=str(tmp_path / "no-fonts"), XDG_DATA_DIRS=str(tmp_path / "no-fonts"))

    where = subprocess.run([str(python), "-c", "import importlib.metadata as m, json, sys, tessellate; print(json.dumps("
                            "[tessellate.__file__, str(m.distribution('tessellate').locate_file('')), sys.path]))"],
                           cwd=site, env=env, capture_output=True, text=True, timeout=60)
    assert where.returncode == 0, where.stderr
    module, distribution, path = json.loads(where.stdout)
    assert Path(module).is_relative_to(purelib / "tessellate"), f"tessellate was imported from {module}"
    assert Path(distribution) == purelib
    assert not [p for p in path if p and Path(p).resolve().is_relative_to(REPO)], f"the checkout is on the path: {path}"

    result = subprocess.run([str(python), "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                            cwd=site, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "out"
    # pages/templates: the engine's page templates, its 404 and its search box (all Material's, were they missing).
    item = (out / "resources" / "best-buys-ratio" / "index.html").read_text(encoding="utf-8")
    assert 'class="tx-body"' in item and 'class="tx-summary"' in item
    assert "data-tx-search=" in (out / "index.html").read_text(encoding="utf-8")
    assert "There is no page at this address" in (out / "404.html").read_text(encoding="utf-8")
    # pages/assets, video/assets and search/assets: served as the sources hold them.
    for folder in ("pages/assets", "video/assets", "search/assets"):
        for asset in (PACKAGE / folder).iterdir():
            served = out / "assets" / "tessellate" / asset.name
            assert served.is_file() and served.read_bytes() == asset.read_bytes(), f"{folder}/{asset.name}"
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    # share/templates: the share kit's pages and emails, and the digest.
    for name in ("index.html", "card.png", "digest/email.html", "digest/email.txt",
                 "resources/best-buys-ratio/email.html", "resources/best-buys-ratio/social.json"):
        assert (out / "share" / name).is_file(), f"share/{name}"
    # share/fonts: every social card drawn with the engine's fonts.
    cards = sorted((out / "share").rglob("card.png"))
    assert len(cards) > 20
    with Image.open(out / "share" / "resources" / "best-buys-ratio" / "card.png") as card:
        assert card.format == "PNG" and card.size == (1200, 630)
