"""The GitHub Actions workflows pass zizmor's audit, run only actions pinned to a commit, and
Dependabot keeps those pins (and the Python and npm ones) current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
DEPENDABOT = REPO / ".github" / "dependabot.yml"
# The zizmor installed with the test extras, beside this Python.
ZIZMOR = Path(sys.executable).parent / "zizmor"
# `uses: owner/repo[/path]@<40 hex> # v1.2.3`: the commit, and the release it is, for Dependabot.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def zizmor(*inputs: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ZIZMOR), "--offline", "--color=never", *inputs], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("inputs", [".github/workflows/", ".github/dependabot.yml"])
def test_zizmor_finds_nothing(inputs):
    result = zizmor(inputs)
    assert result.returncode == 0, f"zizmor --offline {inputs}:\n{result.stdout}\n{result.stderr}"


def test_zizmor_fails_an_unpinned_checkout(tmp_path):
    """The audit above would catch a regression: the same workflow with `@v4` fails it."""
    workflow = (WORKFLOWS / "test.yml").read_text(encoding="utf-8")
    unpinned, count = re.subn(r"uses: actions/checkout@.*$", "uses: actions/checkout@v4", workflow,
                              flags=re.M)
    assert count == 1
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "test.yml").write_text(unpinned, encoding="utf-8")
    result = zizmor(str(tmp_path / ".github" / "workflows"))
    assert result.returncode != 0 and "unpinned-uses" in result.stdout, result.stdout


def uses_lines() -> list[tuple[str, str]]:
    found = []
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*(?:-\s+)?uses:\s*(.*?)\s*$", line)
            if match:
                found.append((path.name, match.group(1)))
    return found


def test_every_action_is_pinned_to_a_commit_with_its_release():
    found = uses_lines()
    assert len(found) >= 8  # checkout, setup-python, -java, -node, configure-pages, cache, pages x2
    unpinned = [f"{name}: {uses}" for name, uses in found if not PINNED.match(uses)]
    assert not unpinned, "not pinned as owner/repo@<40-hex sha> # vX.Y.Z:\n" + "\n".join(unpinned)


def test_each_action_is_pinned_to_one_commit_everywhere():
    commits: dict[str, set[str]] = {}
    for _, uses in uses_lines():
        action, ref = uses.split("@", 1)
        commits.setdefault(action, set()).add(ref)
    assert {action: refs for action, refs in commits.items() if len(refs) > 1} == {}


def test_every_checkout_drops_its_credentials():
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, path.name


def test_dependabot_keeps_actions_python_and_npm_current():
    config = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert {"github-actions", "pip", "npm"} <= set(updates)
    for update in updates.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"
