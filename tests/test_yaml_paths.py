"""The fast libyaml reader and the careful reader agree on every front matter we hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from tessellate.model import yamltext

REPO = Path(__file__).resolve().parent.parent
def front_matter(path: Path) -> str | None:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (UnicodeDecodeError, OSError):
        return None
    closing = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == "---"), None)
    return "\n".join(lines[1:closing]) if lines and lines[0] == "---" and closing else None


FILES = sorted(p for folder in ("content", "tests/data") for p in (REPO / folder).rglob("*.md")
               if front_matter(p) is not None)


def shape(value):
    """Values with their lines, so two readings compare field by field."""
    if isinstance(value, yamltext.Mapping):
        return ("fields", value.line, sorted(value.key_lines.items()), {k: shape(v) for k, v in value.items()})
    if isinstance(value, yamltext.Sequence):
        return ("list", value.line, [shape(v) for v in value])
    return None if value is None else ("text", str(value), value.line)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_fast_reading_matches_careful_reading(path):
    text = front_matter(path)
    careful, problems = yamltext._careful_parse(text, 2)
    try:
        fast = yamltext._fast_parse(text, 2)
    except (yamltext._Unusual, yamltext.yaml.YAMLError, RecursionError):
        # Handing over is for front matter the careful reader has something to say about (or none at all);
        # handing over clean front matter would cost every build 25 times the time.
        assert problems or not text.strip(), "the fast reader handed over clean front matter"
        return
    assert not problems, "the fast reader accepted front matter with problems"
    assert shape(fast) == shape(careful)


def test_the_fast_reader_handles_ordinary_content():
    """Handing over costs 25 times the time: the example content must not need it."""
    examples = [p for p in FILES if p.is_relative_to(REPO / "content") and not p.name.startswith("_")]
    handed_over = []
    for path in examples:
        try:
            yamltext._fast_parse(front_matter(path), 2)
        except yamltext._Unusual:
            handed_over.append(path.name)
    assert handed_over == []
