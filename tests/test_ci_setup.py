"""`.ci/run` installs every system tool it uses on a clean Debian machine: `.ci/system-packages`
names the Debian packages for whatever is missing, and nothing once they are installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import REPO

SCRIPT = REPO / ".ci" / "system-packages"


def missing(path: str, chromium: str) -> list[str]:
    result = subprocess.run(["/bin/bash", str(SCRIPT)], capture_output=True, text=True, timeout=60,
                            env={"PATH": path, "TESSELLATE_CHROMIUM": chromium})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout.split()


def test_a_bare_machine_gets_every_tool(tmp_path):
    bare = tmp_path / "bin"  # a shell and nothing else: no Python, Node, npm, Java, openssl or Chromium
    bare.mkdir()
    os.symlink(shutil.which("bash"), bare / "bash")
    assert missing(str(bare), str(tmp_path / "no-chromium")) == [
        "python3", "python3-venv", "python3-pip", "nodejs", "npm", "openjdk-17-jre-headless", "openssl", "chromium"]


def test_a_python_without_venv_gets_it(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").write_text("#!/bin/sh\nexit 1\n")  # a Python whose venv module will not import
    (bin_dir / "python3").chmod(0o755)
    for tool in ("node", "npm", "java"):
        if shutil.which(tool):
            os.symlink(shutil.which(tool), bin_dir / tool)
    os.symlink(shutil.which("bash"), bin_dir / "bash")
    assert missing(str(bin_dir), "/bin/sh")[:2] == ["python3-venv", "python3-pip"]


def test_this_machine_after_ci_run_lacks_nothing():
    chromium = os.environ.get("TESSELLATE_CHROMIUM", "/usr/bin/chromium")
    if not os.environ.get("CI") and not Path(chromium).exists():
        import pytest
        pytest.skip("the gate tools are installed by bash .ci/run")
    assert missing(os.environ["PATH"], chromium) == []
