"""`python build.py ARGS` for the tests, each run a process of its own without Python's start-up for each.

A test build used to start a new interpreter, which imported the engine and, on a cold cache, matplotlib,
twitter-text and the rest again: 0.5 to 2 CPU-seconds before any work, over 300 builds a run. Here one
process per test process (the zygote) imports all of that once, and each build is a fork of it: a new
process with its own memory, working folder, environment, standard streams and exit code, which nothing
of another build can reach, running the same `main()` that build.py runs, its output read back as
`subprocess.run` gives it. The zygote itself never builds, so no build starts with anything but the
modules imported. A fork keeps its zygote's string-hash seed, where each new interpreter draws its own:
so there are two zygotes with different seeds, taking builds in turn, and two builds in a row (a test
that a rebuild gives the same bytes) still differ in it as two commands would, so an output that hangs
on the order of a set cannot pass as deterministic. Tests that are about the real command (the bad-input
cases' process runs, kill -9, `serve`, the packaged wheel) still start `python build.py` themselves.

Run as a script, this file is the zygote: a request per line on its standard input (JSON: argv, cwd, env,
the files for the build's output, a timeout), the build's exit status per line on its standard output."""

from __future__ import annotations

import atexit
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUILD = REPO / "build.py"
# Loaded by builds only when they need them (a chart, a kit's X post, a formula drawn for email): loaded
# once here instead. Importing has no effect a build could see; what builds keep is all they share.
LATER_IMPORTS = ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg", "matplotlib.ticker",
                 "twitter_text", "ziamath", "resvg_py", "PIL.Image", "PIL.PngImagePlugin", "icalendar", "feedgen.feed",
                 "lxml.html", "nh3", "css_inline", "mkdocs.commands.build", "mkdocs.commands.serve",
                 "material.plugins.search.plugin", "markdown.extensions.toc", "markdown.extensions.tables",
                 "markdown.extensions.attr_list", "markdown.extensions.admonition", "markdown.extensions.fenced_code",
                 "markdown.extensions.codehilite", "markdown.extensions.sane_lists", "pymdownx.superfences",
                 "pymdownx.details", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.snippets",
                 "pymdownx.tabbed", "pymdownx.emoji", "pygments.formatters.html", "babel.dates")


class _Zygote:
    """A zygote of this test process, started at its first build, whose interpreter hashes with `seed`."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.process: subprocess.Popen | None = None
        self.scratch = Path(tempfile.mkdtemp(prefix="forked-builds-"))
        self.runs = 0
        atexit.register(self.stop)

    def stop(self) -> None:
        if self.process is not None:
            self.process.stdin.close()  # the zygote ends at the end of its input
            self.process.wait(timeout=60)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def start(self) -> subprocess.Popen:
        if self.process is None or self.process.poll() is not None:
            log = open(self.scratch / "zygote.log", "ab")
            self.process = subprocess.Popen([sys.executable, __file__], cwd=REPO, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=log,
                                            env={**os.environ, "PYTHONHASHSEED": str(self.seed)})
            log.close()
        return self.process

    def run(self, args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
        self.runs += 1
        out, err = self.scratch / f"{self.runs}.out", self.scratch / f"{self.runs}.err"
        process = self.start()
        request = {"argv": [str(BUILD), *args], "cwd": str(cwd), "env": env, "out": str(out), "err": str(err),
                   "timeout": int(timeout)}
        process.stdin.write(json.dumps(request).encode() + b"\n")
        process.stdin.flush()
        answer = process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the build zygote stopped: {(self.scratch / 'zygote.log').read_text(errors='replace')}")
        status = json.loads(answer)["status"]
        stdout, stderr = (path.read_text(encoding="utf-8", errors="replace") for path in (out, err))
        out.unlink()
        err.unlink()
        command = [sys.executable, *request["argv"]]
        if status == -signal.SIGALRM:
            raise subprocess.TimeoutExpired(command, timeout, stdout, stderr)
        return subprocess.CompletedProcess(command, status, stdout, stderr)


_SEEDS = random.sample(range(1, 2**32), 2)
_ZYGOTES = itertools.cycle([_Zygote(_SEEDS[0]), _Zygote(_SEEDS[1])])
_LOCK = threading.Lock()  # one build at a time through the zygotes


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    """`python build.py ARGS` in `cwd` with exactly the environment `env`, as subprocess.run(capture_output=True,
    text=True) gives it; a build started while another thread's runs is a real process of its own."""
    if not _LOCK.acquire(blocking=False):
        return subprocess.run([sys.executable, str(BUILD), *args], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    try:
        return next(_ZYGOTES).run(args, cwd, env, timeout)
    finally:
        _LOCK.release()


# -- The zygote

def _serve() -> None:
    import importlib
    import pkgutil

    sys.path[0] = str(REPO)  # as `python build.py` has it, not this file's folder
    # Threads do not survive a fork: numpy's OpenBLAS must not start a pool of them in the zygote.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    import tessellate
    for module in pkgutil.walk_packages(tessellate.__path__, "tessellate."):
        importlib.import_module(module.name)
    for name in LATER_IMPORTS:
        try:
            importlib.import_module(name)
        except ImportError:  # a library this machine lacks: the build that needs it says so itself
            pass
    for line in sys.stdin.buffer:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _build(request)  # never returns
        _, status = os.waitpid(pid, 0)
        answer = {"status": os.waitstatus_to_exitcode(status)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def _build(request: dict) -> None:
    """In the forked child: the build, as build.py runs it, then the exit."""
    import io
    import time
    import traceback

    code = 1
    try:
        signal.alarm(request["timeout"])  # its default action ends the process, as subprocess.run's timeout would
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        tempfile.tempdir = None  # found again from TMPDIR
        sys.argv = request["argv"]
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, path in ((1, request["out"]), (2, request["err"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        # Streams as Python makes them for a pipe: block-buffered stdout, line-buffered stderr.
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding="utf-8",
                                      errors="strict")
        sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)), encoding="utf-8",
                                      errors="backslashreplace", line_buffering=True)
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8")
        from tessellate.cli import main
        try:
            code = main(sys.argv[1:])
        except SystemExit as stop:
            code = stop.code
        if code is None:
            code = 0
        elif not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
        atexit._run_exitfuncs()
    except BaseException:  # as the interpreter reports an uncaught exception
        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


if __name__ == "__main__":
    _serve()
