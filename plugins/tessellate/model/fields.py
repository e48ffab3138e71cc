"""Read typed values out of front matter, reporting each problem with its line and a hint."""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .problems import Problems
from .yamltext import Mapping, Sequence, Text

# Characters that make text display differently from how it reads: bidi overrides and
# isolates (the "Trojan Source" trick) and invisible zero-width characters.
_HIDDEN = {"\u200b", "\u2060", "\ufeff", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?")
_DURATION = re.compile(r"(?:(\d+):([0-5]\d)|(\d+):([0-5]\d):([0-5]\d))")


HIDDEN_HINT = "retype the text; hidden characters can make it read differently from how it displays"


def hidden_characters(text: str) -> str:
    """The hidden characters in `text` as a message names them ("a hidden character, U+202E ..."), or ""."""
    hidden = sorted({ch for ch in text if ch in _HIDDEN or unicodedata.category(ch) == "Cc"})
    names = " and ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL CHARACTER')}" for ch in hidden)
    return f"{'a hidden character' if len(hidden) == 1 else 'hidden characters'}, {names}" if hidden else ""


def did_you_mean(word: str, choices: list[str] | dict[str, str]) -> str:
    """The closest choice as a hint, matching ids and (for a taxonomy) labels."""
    if isinstance(choices, dict):
        for key, label in choices.items():
            if word.strip().lower() in (key.lower(), label.lower()):
                return f"did you mean '{key}'?"
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class Fields:
    """A mapping of front matter being read: each read converts one field and records problems."""

    def __init__(self, mapping: Mapping, problems: Problems, prefix: str = "",
                 page_dir: Path | None = None, docs_dir: Path | None = None, looked_at: list[Path] | None = None) -> None:
        self.mapping, self.problems, self.prefix = mapping, problems, prefix
        self.page_dir, self.docs_dir = page_dir, docs_dir
        self.looked_at = [] if looked_at is None else looked_at  # files the item's fields name, found or not

    # -- plumbing -------------------------------------------------------------------------
    def name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def line(self, key: str) -> int:
        return self.mapping.key_lines.get(key, self.mapping.line)

    def error(self, key: str, message: str, hint: str = "", line: int | None = None) -> None:
        self.problems.error(line or self.line(key), self.name(key), message, hint)

    def raw(self, key: str, required: bool = False, hint: str = ""):
        value = self.mapping.get(key)
        if value is None and required:
            if key in self.mapping:
                self.problems.error(self.line(key), self.name(key), "is empty", f"write the {key} after the colon")
            else:
                self.problems.error(self.line(key), self.name(key), f"'{key}' is missing", hint or f"add a line {key}: ...")
        return value

    def sub(self, key: str, value: Mapping) -> Fields:
        return Fields(value, self.problems, f"{self.name(key)}.", self.page_dir, self.docs_dir, self.looked_at)

    def check_known(self, allowed: list[str]) -> None:
        for key in self.mapping:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or ("put fields of your own under extra:" if not self.prefix
                                                       else f"allowed here: {', '.join(allowed)}")
                self.error(key, f"'{key}' is not a field", hint)

    # -- scalar types ---------------------------------------------------------------------
    def text(self, key: str, required: bool = False, limit: int | None = None, allow_empty: bool = False) -> str:
        value = self.raw(key, required)
        if value is None:
            return ""
        return self.check_text(key, value, limit, allow_empty) or ""

    def check_text(self, key: str, value, limit: int | None = None, allow_empty: bool = False) -> str | None:
        line = getattr(value, "line", None)
        if not isinstance(value, Text):
            self.error(key, f"must be text, not {_shape(value)}", "write it on one line after the colon", line)
            return None
        text = " ".join(value.split()) if "\n" in value else value.strip()
        if found := hidden_characters(text):
            self.error(key, f"contains {found}", HIDDEN_HINT, line)
            return None
        if not text and not allow_empty:
            self.error(key, "is empty", f"write the {key} after the colon", line)
            return None
        if limit and len(text) > limit:
            self.error(key, f"is {len(text)} characters, over the limit of {limit}", "shorten it", line)
            return None
        return text

    def flag(self, key: str, required: bool = False, hint: str = "") -> bool | None:
        value = self.raw(key, required, hint)
        if value is None:
            return None
        if isinstance(value, Text) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        self.error(key, f"must be true or false, not {_shown(value)}", "write true or false")
        return None

    def number(self, key: str, required: bool = False) -> int | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, Text) and re.fullmatch(r"[0-9]+", value.strip()) and int(value) > 0:
            return int(value)
        self.error(key, f"must be a whole number from 1, not {_shown(value)}", "write a number such as 2")
        return None

    def when(self, key: str, zone: ZoneInfo, required: bool = False, need_time: bool = False) -> datetime | None:
        value = self.raw(key, required, "add a line like date: 2026-02-07")
        if value is None:
            return None
        return self.to_datetime(key, value, zone, need_time)

    def to_datetime(self, key: str, value, zone: ZoneInfo, need_time: bool = False) -> datetime | None:
        line = getattr(value, "line", None)
        example = "2026-02-07T16:00:00+00:00" if need_time else "2026-02-07"
        text = value.strip() if isinstance(value, Text) else ""
        if _DATE.fullmatch(text) and not need_time:
            try:
                return datetime.combine(date.fromisoformat(text), time(0), zone)
            except ValueError:
                self.error(key, f"{text} is not a real date", "check the day and the month; dates are written YYYY-MM-DD", line)
                return None
        match = _DATETIME.fullmatch(text)
        if not match:
            self.error(key, f"{_shown(value)} is not a {'date and time' if need_time else 'date'}",
                       f"write it as {example}", line)
            return None
        if not match.group(3):
            plain = f"{match.group(1)}T{match.group(2)}"
            hint = f"add the offset from UTC, e.g. {plain}+00:00 in winter or {plain}+01:00 in summer in the UK"
            self.error(key, f"{text} has a time but no time zone", hint if need_time else f"{hint}, or give only the date",
                       line)
            return None
        try:
            moment = datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))
        except ValueError:
            self.error(key, f"{text} is not a real date and time", f"check each part, e.g. {example}", line)
            return None
        if need_time:
            self._check_offset(key, text, moment, zone, line)
        return moment

    def _check_offset(self, key: str, text: str, moment: datetime, zone: ZoneInfo, line: int | None) -> None:
        # Copying last term's session keeps its offset: +01:00 on a winter day is an hour out on every page,
        # calendar and post, and nothing in the file looks wrong. An offset the site's zone never has that day
        # may be meant (a speaker abroad), so it is a warning.
        local = moment.astimezone(zone)
        if moment.utcoffset() != local.utcoffset():
            right = local.isoformat()[-6:]
            self.problems.warn(line or self.line(key), self.name(key),
                               f"{text} is {local:%H:%M} in {zone.key}, where the offset that day is {right}",
                               f"if it is at {moment:%H:%M} there, write {moment:%Y-%m-%dT%H:%M:%S}{right}")

    def duration(self, key: str, value=None, required: bool = False) -> int | None:
        value = self.raw(key, required, 'add the length, e.g. duration: "7:45"') if value is None else value
        if value is None:
            return None
        match = _DURATION.fullmatch(value.strip()) if isinstance(value, Text) else None
        if not match:
            self.error(key, f"{_shown(value)} is not a duration", 'write minutes and seconds as "M:SS", or "H:MM:SS"',
                       getattr(value, "line", None))
            return None
        numbers = [int(part) for part in match.groups() if part is not None]
        return numbers[0] * 60 + numbers[1] if len(numbers) == 2 else numbers[0] * 3600 + numbers[1] * 60 + numbers[2]

    # -- ids and lists --------------------------------------------------------------------
    def ids(self, key: str, choices: dict[str, str], what: str, required: bool = False) -> tuple[str, ...]:
        value = self.raw(key, required, f"add a line {key}: [{next(iter(choices), 'id')}]")
        if value is None:
            return ()
        if not isinstance(value, Sequence):
            self.error(key, f"must be a list, not {_shape(value)}", f"write it as {key}: [{value if isinstance(value, str) else 'id'}]")
            return ()
        found: list[str] = []
        for entry in value:
            one = self.check_id(key, entry, choices, what)
            if one and one not in found:
                found.append(one)
        if required and not value:
            self.error(key, "is an empty list", f"list at least one {what}")
        return tuple(found)

    def one_id(self, key: str, choices: dict[str, str], what: str, required: bool = False) -> str:
        value = self.raw(key, required, f"add a line {key}: {next(iter(choices), 'id')}")
        if isinstance(value, (Sequence, Mapping)):
            self.error(key, f"must be one {what}, not {_shape(value)}", f"write it as {key}: {next(iter(choices), 'id')}",
                       value.line)
            return ""
        return "" if value is None else (self.check_id(key, value, choices, what) or "")

    def check_id(self, key: str, value, choices: dict[str, str], what: str) -> str | None:
        line = getattr(value, "line", None)
        if not isinstance(value, Text):
            self.error(key, f"each {what} must be an id, not {_shape(value)}", f"write ids such as {next(iter(choices), 'id')}", line)
            return None
        if value in choices:
            return str(value)
        article = "an" if what[0] in "aeio" else "a"  # a unit, an id
        where = "curriculum" if what == "unit" else "taxonomy"
        hint = did_you_mean(value, choices) or (f"{what}s are: {', '.join(choices)}" if choices
                                                 else f"add {what}s to the {where} in mkdocs.yml")
        self.error(key, f"'{value}' is not {article} {what}", hint, line)
        return None

    def items(self, key: str) -> list:
        """The entries of a list field, or [] after reporting a non-list."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, Sequence):
            self.error(key, f"must be a list, not {_shape(value)}", f"put each entry on its own line starting with '- ' under {key}:")
            return []
        return list(value)

    def texts(self, key: str) -> tuple[str, ...]:
        return tuple(t for t in (self.check_text(key, entry) for entry in self.items(key)) if t)

    def mapping_of(self, key: str, value, hint: str) -> Fields | None:
        if isinstance(value, Mapping):
            return self.sub(key, value)
        self.error(key, f"must be a set of fields, not {_shape(value)}", hint, getattr(value, "line", None))
        return None

    # -- addresses --------------------------------------------------------------------------
    def https(self, key: str, value) -> str | None:
        line = getattr(value, "line", None)
        text = self.check_text(key, value)
        if text is None:
            return None
        parts = _split(text)
        scheme = parts.scheme.lower() if parts else ""
        if parts is None or scheme != "https" or not parts.hostname:
            hint = {"http": "change http:// to https://, then check the link still opens",
                    "": "start the address with https://"}.get(scheme, "use an https:// address copied from the browser")
            hint = hint if parts else "copy the address again from the browser's address bar"
            self.error(key, f"must be an https:// address, not '{text}'", hint, line)
            return None
        if any(ch in text for ch in ' \\"<>'):
            self.error(key, f"'{text}' has a space, quote or angle bracket in it",
                       "copy the address again from the browser's address bar", line)
            return None
        return text

    def local_file(self, key: str, value, suffixes: tuple[str, ...] = ()) -> tuple[str, int] | None:
        """A file next to the page: its docs-relative path and size."""
        line = getattr(value, "line", None)
        text = self.check_text(key, value)
        if text is None or self.page_dir is None or self.docs_dir is None:
            return None
        if ":" in text.split("/")[0] or text.startswith(("/", "\\")):
            example = f"{key}{suffixes[0]}" if suffixes else "task-sheet.pdf"
            self.error(key, f"'{text}' is not a path to a file next to this page",
                       f"write the file name, e.g. {example}, and put the file beside this page", line)
            return None
        if suffixes and not text.lower().endswith(suffixes):
            kinds = f"{', '.join(suffixes[:-1])} or {suffixes[-1]}" if len(suffixes) > 1 else suffixes[0]
            self.error(key, f"'{text}' is not one of the allowed kinds of file", f"use a {kinds} file", line)
            return None
        target = (self.page_dir / text)
        self.looked_at.append(target)
        docs = self.docs_dir.resolve()
        try:  # a name too long for the disk, or a link that leads back to itself
            resolved = target.resolve()
            exists = resolved.is_file()
        except (OSError, RuntimeError) as error:
            why = getattr(error, "strerror", None) or "it is a link that leads back to itself"
            self.error(key, f"'{text}' cannot be opened: {why.lower()}", "check the file name and the file", line)
            return None
        if not resolved.is_relative_to(docs):
            self.error(key, f"'{text}' points outside the content folder",
                       "keep files beside the page or in a sub-folder of it", line)
            return None
        if not exists:
            hint = _nearby(target) or "check the spelling, and that the file is beside this page"
            self.error(key, f"'{text}' does not exist", hint, line)
            return None
        return resolved.relative_to(docs).as_posix(), resolved.stat().st_size


def _nearby(target: Path) -> str:
    """A file beside `target` with a similar name, as a hint; names are compared without their
    extensions, so 'answers.pdf' is not matched to 'task-sheets.pdf' just because both end in .pdf."""
    if not target.parent.is_dir():
        return ""
    names = {p.stem.lower(): p.name for p in sorted(target.parent.iterdir())
             if p.is_file() and p.suffix.lower() != ".md"}
    close = difflib.get_close_matches(target.stem.lower(), list(names), n=1, cutoff=0.6)
    return f"did you mean '{names[close[0]]}'?" if close else ""


def _split(address: str):
    """The parts of a web address, or None when it cannot be one (e.g. a broken [IPv6] host)."""
    try:
        return urlsplit(address)
    except ValueError:
        return None


def _shape(value) -> str:
    if isinstance(value, Mapping):
        return "a set of fields"
    if isinstance(value, Sequence):
        return "a list"
    return "nothing" if value is None else "text"


def _shown(value) -> str:
    return f"'{value}'" if isinstance(value, str) else _shape(value)
