"""The swap of a finished build into place, on both paths: at every step the site folder holds the
complete old site or the complete new one, and a failure at any step leaves the old site serving."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tessellate import publish

from conftest import BUILD_ENV, FOREIGN_SITE, REPO

OLD = {"index.html": "old home", "resources/a/index.html": "old a", "only-old.txt": "gone after the swap"}
NEW = {"index.html": "new home", "resources/a/index.html": "new a", "resources/b/index.html": "new b"}


def write_tree(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def read_tree(folder: Path) -> dict[str, str] | None:
    if not folder.is_dir():
        return None
    return {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*") if p.is_file()}


def prepare(tmp_path: Path) -> tuple[Path, Path]:
    site = tmp_path / "site"
    write_tree(site, OLD)
    staging = publish.staging_dir(site)
    write_tree(staging, NEW)
    return staging, site


class Steps:
    """Wraps each file-system step `publish` takes: records the site's state after it, and can fail one."""

    def __init__(self, monkeypatch, site: Path, fail_at: int | None = None, exchange: bool = True) -> None:
        self.site, self.fail_at, self.states, self.aside, self.count = site, fail_at, [], [], 0
        real_rename, real_rmtree, real_exchange = os.rename, shutil.rmtree, publish.exchange
        monkeypatch.setattr(publish.os, "rename", self._step(real_rename))
        monkeypatch.setattr(publish.shutil, "rmtree", self._step(real_rmtree))
        monkeypatch.setattr(publish, "exchange", self._step(real_exchange) if exchange else lambda a, b: False)

    def _step(self, real):
        def step(*args, **kwargs):
            self.count += 1
            if self.count == self.fail_at:
                if kwargs.get("ignore_errors"):  # how rmtree(ignore_errors=True) fails: it leaves files
                    return None
                raise OSError(5, "Input/output error")
            result = real(*args, **kwargs)
            self.states.append(read_tree(self.site))
            if self.states[-1] is None:  # is the old site kept whole, ready to be put back?
                self.aside.append(any(read_tree(p) == OLD for p in self.site.parent.glob(".tessellate-retired-*/site")))
            return result
        return step


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "fallback"])
def test_every_step_shows_a_whole_site(tmp_path, monkeypatch, exchange):
    staging, site = prepare(tmp_path)
    steps = Steps(monkeypatch, site, exchange=exchange)
    publish.publish(staging, site)
    assert read_tree(site) == NEW
    whole = [state for state in steps.states if state is not None]
    assert all(state in (OLD, NEW) for state in whole), "a step left a mix of two builds"
    # Old until the swap, new from then on; never back again.
    assert whole == sorted(whole, key=lambda state: state == NEW)
    if exchange:
        assert None not in steps.states, "with renameat2 the site folder is never missing"
    else:
        # The fallback's one gap: between its two renames, and only there, with the old site kept whole.
        assert steps.states.count(None) == 1 and steps.aside == [True]
    assert not list(tmp_path.glob(".tessellate-*")), "nothing is left beside the site"


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "fallback"])
def test_a_failure_at_any_step_leaves_the_old_site(tmp_path, monkeypatch, exchange):
    staging, site = prepare(tmp_path)
    steps_taken = Steps(monkeypatch, site, exchange=exchange)
    publish.publish(staging, site)
    monkeypatch.undo()
    assert steps_taken.count >= 2
    for fail_at in range(1, steps_taken.count + 1):
        shutil.rmtree(tmp_path)
        staging, site = prepare(tmp_path)
        Steps(monkeypatch, site, fail_at=fail_at, exchange=exchange)
        try:
            publish.publish(staging, site)
        except OSError:
            assert read_tree(site) == OLD, f"a failure at step {fail_at} did not leave the old site"
        else:  # the failure hit the clean-up after the swap, which may fail harmlessly
            assert read_tree(site) == NEW, f"step {fail_at}"
        monkeypatch.undo()


def test_renameat2_is_what_linux_uses(tmp_path):
    staging, site = prepare(tmp_path)
    assert publish.exchange(staging, site), "renameat2 is available on this machine"
    assert read_tree(site) == NEW and read_tree(staging) == OLD


def test_a_second_build_into_the_same_folder_refuses_with_one_line(tmp_path):
    root = tmp_path / "network"
    shutil.copytree(FOREIGN_SITE, root)
    (root / "out").mkdir()
    (root / "out" / "live.txt").write_text("the live site")
    with publish.exclusive(root / "out"):
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "-f", str(root / "mkdocs.yml"),
                                 "-d", str(root / "out")], capture_output=True, text=True,
                                env={**os.environ, **BUILD_ENV}, timeout=600)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: another build (process {os.getpid()}) is writing {os.path.relpath(root / 'out')}; "
                     "wait for it to finish, then build again"]
    assert read_tree(root / "out") == {"live.txt": "the live site"}
    assert not list(root.glob(".tessellate-staging-*")), "the refused build wrote nothing"


def test_two_builds_started_at_once_never_interleave(tmp_path):
    root = tmp_path / "network"
    shutil.copytree(FOREIGN_SITE, root)
    command = [sys.executable, str(REPO / "build.py"), "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out")]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, **BUILD_ENV}) for _ in range(2)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in processes]
    for process in processes:
        process.stdout.close()
        process.stderr.close()
    codes = sorted(code for code, _ in results)
    # Either the second started after the first finished (both built), or it refused in one line.
    assert codes in ([0, 0], [0, 1]), results
    for code, stderr in results:
        if code:
            assert "another build" in stderr and "Traceback" not in stderr
    assert (root / "out" / "index.html").is_file()
    assert not list(root.glob(".tessellate-staging-*")) and not list(root.glob(".tessellate-retired-*"))
