"""What a file whose front matter cannot be read breaks elsewhere, said once, in that file's problem.

An unreadable resource leaves the CPD videos that link to it pointing nowhere, and the files it
names (its downloads) used by no item. Reported separately, those would come first or read as
causes of their own ("'best-buys-ratio' is not a resource"); the fix is in the unreadable file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .problems import Problem
from .source import MAX_FILE_BYTES


def files_named_in(path: Path, docs_dir: Path) -> set[str]:
    """Files beside `path` that its raw text names (docs-relative): what its front matter most likely uses."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return set()
        text = path.read_text(encoding="utf-8", errors="replace")
        siblings = sorted(path.parent.iterdir())
    except OSError:
        return set()
    return {sibling.relative_to(docs_dir).as_posix() for sibling in siblings
            if sibling.suffix.lower() != ".md" and sibling.is_file() and sibling.name in text}


def fold(problems: list[Problem], links: dict[Path, list[str]], files: dict[Path, set[str]]) -> None:
    """Add to the first error of each unreadable file what it breaks: links to it, and files it names."""
    for cause in sorted(set(links) | {path for path, named in files.items() if named}):
        sources = sorted(set(links.get(cause, ())))
        named = sorted(name.rsplit("/", 1)[-1] for name in files.get(cause, ()))
        clauses = [f"breaks {len(sources)} link{'s' if len(sources) > 1 else ''} to it from {_and(sources)}"] if sources else []
        clauses += [f"keeps back the file{'s' if len(named) > 1 else ''} it names, {_and(named)}"] if named else []
        first = next(n for n, p in enumerate(problems) if p.path == cause and p.is_error)
        problems[first] = replace(problems[first], message=f"{problems[first].message}, which also {' and '.join(clauses)}")


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
