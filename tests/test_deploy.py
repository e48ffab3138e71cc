"""The deploy workflow does what the README's "Publishing your site" steps promise."""

from __future__ import annotations

import re

import yaml

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "deploy.yml"


def test_the_workflow_builds_checked_content_and_publishes_daily():
    workflow = yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    triggers = workflow["on"]
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    cron = triggers["schedule"][0]["cron"]
    minute, hour, *every = cron.split()
    assert every == ["*", "*", "*"] and minute.isdigit() and hour.isdigit()  # once a day, every day
    # Nothing by default; only the deploy job may write to Pages.
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step["run"] for step in steps if "build.py" in step.get("run", ""))
    assert "-c constraints.txt" in build and re.search(r"build\.py build --strict -d site\b", build)
    assert "SOURCE_DATE_EPOCH" not in build  # the clock decides when an embargoed item goes live
    uploaded = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert uploaded["with"]["path"] == "site"
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in workflow["jobs"]["deploy"]["steps"])


def test_the_readme_walks_through_the_same_schedule():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    cron = yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["on"]["schedule"][0]["cron"]
    minute, hour = (int(part) for part in cron.split()[:2])
    steps = readme.split("## Publishing your site on GitHub Pages", 1)[1].split("\n## ", 1)[0]
    assert f'cron: "{cron}"' in steps and f"{hour:02d}:{minute:02d} UTC" in steps
    assert [int(n) for n in re.findall(r"^(\d+)\. \*\*", steps, re.M)] == list(range(1, 11))
    assert "GitHub Actions" in steps and "site_url" in steps


def test_the_deploy_build_starts_from_the_last_builds_cache():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    caches = [step["with"] for step in workflow["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/cache")]
    assert caches and caches[0]["path"] == ".cache/tessellate" and caches[0]["restore-keys"] == "tessellate-"
    # Restored before the build that uses it.
    names = [step.get("uses", step.get("run", "")) for step in workflow["jobs"]["build"]["steps"]]
    assert names.index(next(n for n in names if n.startswith("actions/cache"))) < next(
        i for i, n in enumerate(names) if "build.py build" in n)
