"""The same site builds the same way under MkDocs 1.6 and ProperDocs, its maintained continuation."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import BUILD_ENV, REPO

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build_with(tool: str, out: Path) -> dict[str, bytes]:
    result = subprocess.run([sys.executable, "-m", tool, "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)],
                            capture_output=True, env={**os.environ, **BUILD_ENV, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr.decode()
    # The generator tag names the tool and its version; everything else must match.
    return {p.relative_to(out).as_posix(): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(out.rglob("*")) if p.is_file() and p.suffix != ".gz"}


def test_properdocs_builds_the_same_site(tmp_path):
    mkdocs, properdocs = build_with("mkdocs", tmp_path / "mkdocs"), build_with("properdocs", tmp_path / "properdocs")
    assert mkdocs.keys() == properdocs.keys()
    assert [name for name in mkdocs if mkdocs[name] != properdocs[name]] == []
    assert b"tx-meta" in mkdocs["resources/mini-whiteboards-guide/index.html"]
