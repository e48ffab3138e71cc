"""What is wrong with a content file, where, and how to fix it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path


_ONE_LINE = re.compile(r"[^\S\n\r]*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, reported to a coordinator as `path:line: field: message (hint)`."""

    path: Path
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        warning = "warning: " if self.severity is Severity.WARNING else ""
        # One problem, one line: a quoted value may span lines in the file.
        return _ONE_LINE.sub(" ", f"{self.path.as_posix()}:{self.line}: {self.field}: {warning}{self.message}{hint}")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def shown_from(self, folder: Path) -> Problem:
        """The same problem with its path relative to `folder` when it lies inside it."""
        relative = os.path.relpath(self.path, folder)
        if relative.startswith(".."):
            return self
        return replace(self, path=Path(relative))


class Problems(list):
    """Problems collected while reading; nothing stops at the first one."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def error(self, line: int, field: str, message: str, hint: str = "") -> None:
        self.append(Problem(self.path, line, field, message, hint))

    def warn(self, line: int, field: str, message: str, hint: str = "") -> None:
        self.append(Problem(self.path, line, field, message, hint, Severity.WARNING))


def summary(problems: list[Problem], files: int) -> str:
    """The closing line of a check: counts of errors and warnings."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"
