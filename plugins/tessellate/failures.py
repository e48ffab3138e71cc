"""Why a run stopped, as one line a maintainer can act on: a template that does not compile or render,
or a disk that will not take what is written. Anything else is a genuine crash, and says so.

Jinja names the template and line of a syntax error in the exception (`filename`, `lineno`); for an
error while rendering it names neither, but it rewrites the traceback so that each template being
rendered appears as a frame of its own file and line, and the innermost of them is where the mistake
is. A full disk says nothing of the file being written (`write()` fails, not `open()`), so a build's
failure names the site folder it was writing."""

from __future__ import annotations

import errno
import logging
import re
import sys
import traceback
from pathlib import Path

import jinja2

from .model import Problem
from .publish import LOCK_PREFIX, RETIRED_PREFIX, STAGING_PREFIX
from .terminal import shown

_WRITE = {  # errno: what it means, how to fix it in a build, and elsewhere
    errno.ENOSPC: ("no space left on the device", "free some space and build again", "free some space and try again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space and build again", "free some space and try again"),
    errno.EROFS: ("the disk is read-only", "build into a folder on a writable disk with -d", "write to a writable disk"),
    errno.EACCES: ("permission denied", "let this user write to the folder that holds it, or build into another with -d",
                   "let this user write there"),
}
_WRITE[errno.EPERM] = _WRITE[errno.EACCES]
_UNCLOSED = re.compile(r"The innermost block that needs to be closed is '(\w+)'")


def explain(error: BaseException, site_dir: Path | None = None) -> str | None:
    """One line for a failure a maintainer can fix (`site_dir`: the site a build was writing), or None."""
    return _template_problem(error) or _write_problem(error, site_dir)


class ExplainedElsewhere(logging.Filter):
    """Drops MkDocs' "Error building page 'x': ..." when the failure it announces is explained in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = sys.exc_info()[1]  # MkDocs logs it while handling the failure, just before raising it again
        return not (error and str(record.msg).startswith("Error building page ") and explain(error))


def _template_problem(error: BaseException) -> str | None:
    if isinstance(error, jinja2.TemplateSyntaxError):  # also an unknown filter or test (TemplateAssertionError)
        path, line = error.filename or error.name, error.lineno
        text, hint = _syntax(error.message or str(error))
    else:
        frames = traceback.extract_tb(error.__traceback__)
        inside = [frame for frame in frames if _is_template(frame.filename)]
        if not inside or not (isinstance(error, jinja2.TemplateError) or inside[-1] == frames[-1]):
            return None  # a template called into Python, which failed: the engine's fault, not the template's
        path, line = inside[-1].filename, inside[-1].lineno or 0
        text, hint = _runtime(error)
    if not path:
        return None
    return str(Problem(Path(path), line, "template", " ".join(text.split()), hint).shown_from(Path.cwd()))


def _syntax(message: str) -> tuple[str, str]:
    if message.startswith("Unexpected end of template") and (block := _UNCLOSED.search(message)):
        return f"{{% {block[1]} %}} is never closed", f"add {{% end{block[1]} %}} where it should end"
    if message.startswith(("No filter named", "No test named")):
        return message.rstrip("."), "check its spelling: MkDocs, Material and Tessellate define the filters a theme can use"
    return message, "fix the Jinja syntax on that line"


def _runtime(error: BaseException) -> tuple[str, str]:
    if isinstance(error, jinja2.TemplateNotFound):
        names = " or ".join(f"'{name}'" for name in error.templates)
        return f"no template {names}", "check the name, or add the template to the theme's custom_dir"
    if isinstance(error, jinja2.UndefinedError):
        return error.message or str(error), "check the spelling, or test it first with {% if ... is defined %}"
    return str(error) or error.__class__.__name__, "fix the template on that line"


def _is_template(filename: str) -> bool:
    """A frame Jinja put in the traceback for a template: its file is the template, not Python."""
    return not filename.endswith(".py") and not filename.startswith("<")


def _write_problem(error: BaseException, site_dir: Path | None) -> str | None:
    if not isinstance(error, OSError) or error.errno not in _WRITE:
        return None
    reason, building_hint, hint = _WRITE[error.errno]
    path = Path(error.filename) if isinstance(error.filename, (str, Path)) else None
    if site_dir is not None and (path is None or _part_of_site(path, site_dir)):
        return f"{shown(site_dir).as_posix()}: cannot write the new site: {reason} ({building_hint})"
    if path is None:
        return f"cannot write: {reason} ({hint})"
    return f"{shown(path).as_posix()}: cannot write: {reason} ({hint})"


def _part_of_site(path: Path, site_dir: Path) -> bool:
    """True for the site, and for the lock and staging folder that a build of it writes beside it."""
    path, site_dir = path.absolute(), site_dir.absolute()
    beside = (f"{STAGING_PREFIX}{site_dir.name}-", f"{RETIRED_PREFIX}{site_dir.name}-", f"{LOCK_PREFIX}{site_dir.name}")
    return path == site_dir or site_dir in path.parents or any(
        part.parent == site_dir.parent and part.name.startswith(beside) for part in (path, *path.parents))
