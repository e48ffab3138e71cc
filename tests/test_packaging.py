"""The engine installs as a package that carries its templates, CSS and script, and registers itself."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import entry_points
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "plugins" / "tessellate"
DATA_FOLDERS = ("pages", "video")  # outputs that ship templates or scripts


def test_the_wheel_carries_every_template_and_asset(tmp_path):
    # Built from a copy: setuptools writes build/ and *.egg-info/ beside the sources it builds.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "build", "site",
                                                                "*.egg-info", "__pycache__", ".pytest_cache"))
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                             "-w", str(tmp_path), str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("tessellate-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"tessellate/{p.relative_to(PACKAGE).as_posix()}" for folder in DATA_FOLDERS
               for p in (PACKAGE / folder).rglob("*") if p.is_file() and p.suffix in (".html", ".css", ".js")}
    assert "tessellate/video/assets/player.js" in shipped
    assert len(shipped) > 15 and shipped <= names


def test_the_plugin_registers_through_the_mkdocs_entry_point():
    plugin = [e for e in entry_points(group="mkdocs.plugins") if e.name == "tessellate"]
    assert [e.value for e in plugin] == ["tessellate.pages.plugin:TessellatePlugin"]
    assert plugin[0].load().__name__ == "TessellatePlugin"
