"""Split a Markdown file into front matter and body, with line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import yamltext
from .problems import Problems

MAX_FILE_BYTES = 1_000_000
FENCES = ("---", "...")


@dataclass(frozen=True)
class Source:
    """A content file read from disk: its fields, its Markdown body and where the body starts."""

    path: Path
    fields: yamltext.Mapping
    body: str
    body_line: int


def read_source(path: Path, problems: Problems) -> Source | None:
    """Read `path`, recording every problem; None when the front matter cannot be used."""
    text = _read_text(path, problems)
    if text is None:
        return None
    if text.startswith("\ufeff"):
        problems.error(1, "front matter", "the file starts with an invisible byte-order mark (BOM)",
                       "save the file as UTF-8 without BOM")
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() != "---":
        problems.error(1, "front matter", "the file does not start with front matter",
                       "begin with a line of three dashes (---), the fields, then another ---")
        return None
    closing = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() in FENCES), None)
    if closing is None:
        problems.error(1, "front matter", "the front matter is not closed",
                       "add a line of three dashes (---) after the last field")
        return None
    value, yaml_problems = yamltext.parse("\n".join(lines[1:closing]), first_line=2)
    for found in yaml_problems:
        problems.error(found.line, found.field, found.message, found.hint)
    if yaml_problems:
        return None
    if not isinstance(value, yamltext.Mapping):
        shape = "empty" if value is None else "a list" if isinstance(value, list) else "a single value"
        problems.error(2, "front matter", f"the front matter is {shape}",
                       "write one field per line as name: value, e.g. title: Fractions on a number line")
        return None
    return Source(path, value, "\n".join(lines[closing + 1:]), closing + 2)


def _read_text(path: Path, problems: Problems) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.error(1, "file", f"is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                           "split it into smaller pages, or move large material into a download")
            return None
        raw = path.read_bytes()
    except OSError as error:
        problems.error(1, "file", f"cannot be read: {error.strerror}", "check that the file exists and is readable")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.error(line, "file", f"is not valid UTF-8 text (byte 0x{raw[error.start]:02x})",
                       "save the file as UTF-8 in your editor")
        return None
    if not text.strip():
        problems.error(1, "file", "is empty", "copy the template _template.md and fill in its fields")
        return None
    return text
