"""mkdocs.yml as its maintainer wrote it: where each setting is, and each mistake in it as one line.

MkDocs checks the settings, but it says neither the line nor the fix ("Config value
'use_directory_urls': Expected type: <class 'bool'> but received: <class 'str'>"), it only warns of
a misspelt setting (which then silently keeps its default), and it reports a YAML mistake with the
absolute path inside the message. So the file is composed here first, without running any tag
(`!ENV` is MkDocs' to resolve), to find YAML mistakes and the line of every key; and MkDocs'
complaints, heard on its `mkdocs.config` logger instead of printed, become `mkdocs.yml:LINE: field:
what is wrong (how to fix it)`."""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

_HEARD = re.compile(r"Config value '(?P<name>[^']*)': (?P<text>.*)", re.DOTALL)
_NESTED = re.compile(r"Plugin '(?P<plugin>[^']+)' option '(?P<option>[^']+)': |Sub-option '(?P<sub>[^']+)': ")
_EXPECTED = re.compile(r"Expected (?:type: <class '(?P<type>\w+)'>|an? (?P<word>string|list|dict)|(?P<boolean>boolean))"
                       r"(?! for keys).*?<class '(?P<got>\w+)'>")
_KINDS = {"bool": "true or false", "boolean": "true or false", "int": "a whole number", "float": "a number",
          "str": "text", "string": "text", "list": "a list", "dict": "settings (name: value)", "NoneType": "nothing"}
_YAML_HINTS = (
    ("'\\t'", "indent with spaces, not tabs"),
    ("mapping values are not allowed", "put quotes around a value that holds ': ', e.g. site_name: \"Maths: a network\""),
    ("could not find expected ':'", "write each setting as 'name: value', and close every quote"),
    ("expected <block end>", "line the setting up with the ones around it"),
    ("found undefined alias", "define the &anchor before using *it"),
)
_FLOW = {"while parsing a flow sequence": ("[", "]"), "while parsing a flow mapping": ("{", "}")}
_MKDOCS_GUIDE = "https://www.mkdocs.org/user-guide/configuration/"


@dataclass(frozen=True)
class Heard:
    """One complaint MkDocs logged while loading the settings."""

    name: str
    text: str
    is_error: bool


@contextmanager
def hearing() -> Iterator[list[Heard]]:
    """Keep MkDocs' complaints about the settings (`Config value 'x': ...`) instead of printing them."""
    heard: list[Heard] = []

    def keep(record: logging.LogRecord) -> bool:
        if match := _HEARD.fullmatch(record.getMessage()):
            if record.levelno >= logging.WARNING:
                heard.append(Heard(match["name"], match["text"], record.levelno >= logging.ERROR))
            return record.levelno < logging.WARNING  # MkDocs' debug listing of every value stays
        return True

    logger = logging.getLogger("mkdocs.config")
    logger.addFilter(keep)
    try:
        yield heard
    finally:
        logger.removeFilter(keep)


class ConfigFile:
    """The keys of mkdocs.yml and their lines, as composed by YAML; `shown` is the path messages give."""

    def __init__(self, shown: Path, root: yaml.Node | None) -> None:
        self.shown, self.root = shown, root

    @classmethod
    def read(cls, path: Path, shown: Path) -> tuple[ConfigFile, list[str]]:
        """The file's keys, and its YAML mistakes (none when MkDocs can read it)."""
        try:
            root = yaml.compose(path.read_bytes(), Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            return cls(shown, None), [_yaml_problem(error, shown)]
        found = cls(shown, root)
        return found, list(found._twice(root))

    def line(self, keys: Sequence[str]) -> int | None:
        """The line of the deepest of `keys` (a path from the top of the file) that the file holds."""
        found = self._path(keys)
        return found[-1][0].start_mark.line + 1 if found else None

    def value(self, keys: Sequence[str]) -> str | None:
        """The text of a plain value as written, e.g. `5` of `site_url: 5`."""
        found = self._path(keys)
        node = found[-1][1] if len(found) == len(keys) else None
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def _path(self, keys: Sequence[str]) -> list[tuple[yaml.Node, yaml.Node]]:
        """The (key, value) nodes of as many of `keys` as the file holds, in order."""
        found, node = [], self.root
        for key in keys:
            if (pair := _child(node, key)) is None:
                break
            found.append(pair)
            node = pair[1]
        return found

    def problem(self, keys: Sequence[str], field: str, text: str) -> str:
        """`mkdocs.yml:LINE: field: text`, the line left out when the file does not hold the key."""
        line = self.line(keys)
        return f"{self.shown.as_posix()}{f':{line}' if line else ''}: {field}: {text}"

    def explain(self, heard: Heard) -> list[tuple[str, bool]]:
        """MkDocs' complaint as lines of ours, each with whether it stops the build: a misspelt setting does."""
        parts = heard.text.splitlines()
        if not all(part.startswith("Plugin '") for part in parts):  # one message over several lines
            parts = [" ".join(part.strip() for part in parts)]
        explained = []
        for part in parts:
            keys = [heard.name]
            while match := _NESTED.match(part):
                keys += [match["plugin"], match["option"]] if match["plugin"] else [match["sub"]]
                part = part[match.end():]
            stops = heard.is_error or part.startswith("Unrecognised configuration name: ")
            explained.append((self._line_for(keys, part, stops), stops))
        return explained

    def _line_for(self, keys: list[str], text: str, stops: bool) -> str:
        field = ".".join(keys[1:] if keys[0] == "plugins" and len(keys) > 1 else keys)
        if not stops:  # a warning (a setting MkDocs no longer uses): said where it is, as MkDocs words it
            return self.problem(keys, field, f"warning: {text.rstrip('.')}")
        key = keys[-1]
        if text.startswith("Unrecognised configuration name: "):
            known = _schema(keys[:-1]) or {}
            return self.problem(keys, field, f"not a setting ({_did_you_mean(key, known, 'remove it, or check its spelling')})")
        if text.startswith("Required configuration not provided"):
            return self.problem(keys, field, f"missing (add a line '{key}: ...')")
        if match := _EXPECTED.match(text):
            want = match["type"] or match["word"] or match["boolean"]
            got = _KINDS.get(match["got"], match["got"])
            return self.problem(keys, field, f"expected {_KINDS.get(want, want)}, got {got} ({self._example(keys, want)})")
        if match := re.match(r"Unrecognised theme name: '([^']*)'\. The available installed themes are: (.*)", text):
            themes = [name.strip() for name in match[2].split(",")]
            hint = _did_you_mean(match[1], themes, f"use one of {', '.join(themes)}")
            return self.problem([*keys, "name"], "theme.name", f"'{match[1]}' is not an installed theme ({hint})")
        if match := re.match(r'The "([^"]*)" plugin is not installed', text):
            from mkdocs.plugins import get_plugins

            hint = _did_you_mean(match[1], get_plugins(), "check its spelling, or install the package that provides it")
            return self.problem([*keys, match[1]], field, f"'{match[1]}' is not an installed plugin ({hint})")
        if match := re.match(r"Failed to load extension '([^']*)'\. ModuleNotFoundError", text):
            return self.problem([*keys, match[1]], field, f"'{match[1]}' is not an installed Markdown extension"
                                                          " (check its spelling, or install the package that provides it)")
        if match := re.match(r"The path set in (\w+) ", text):  # theme: custom_dir
            keys = [*keys, match[1]]
        guide = f" (see {_MKDOCS_GUIDE}#{keys[0]})" if keys[0] != "plugins" else ""
        return self.problem(keys, field, text.rstrip(".") + guide)

    def _example(self, keys: list[str], want: str) -> str:
        """How to write the value MkDocs wanted, from what the file holds or the setting's default."""
        key, written = keys[-1], self.value(keys)
        if want in ("bool", "boolean"):
            return f"write {key}: true or {key}: false"
        if want in ("int", "float"):
            default = _default(keys)
            return f"write a number, e.g. {key}: {default if type(default) in (int, float) else 10}"
        if want in ("str", "string") and written is not None:
            return f"put it in quotes: {key}: \"{written}\""
        if want == "list" and written is not None:
            return f"write a list: {key}: [{written}]"
        if want == "dict":
            return f"write its settings under {key}:, one 'name: value' a line, indented"
        return f"see {_MKDOCS_GUIDE}#{keys[0]}"

    def _twice(self, node: yaml.Node | None) -> Iterator[str]:
        """A key set twice in one mapping: YAML keeps the last silently, so the first is lost."""
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    line = key.start_mark.line + 1
                    if key.value in seen:
                        yield (f"{self.shown.as_posix()}:{line}: {key.value}: set twice, first on line {seen[key.value]}"
                               " (keep one of them)")
                    seen.setdefault(key.value, line)
                yield from self._twice(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from self._twice(item)


def _child(node: yaml.Node | None, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) of `key` under `node`; in a list (plugins:, markdown_extensions:) the
    item named `key`, whether written `- key` or `- key: {...}`, or the item at `key` when it is a number."""
    if isinstance(key, int):
        entries = node.value if isinstance(node, yaml.SequenceNode) else []
        return (entries[key], entries[key]) if 0 <= key < len(entries) else None
    if isinstance(node, yaml.MappingNode):
        return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and item.value == key:
                return item, item
            if isinstance(item, yaml.MappingNode) and (found := _child(item, key)) is not None:
                return found
    return None


def _yaml_problem(error: yaml.YAMLError, shown: Path) -> str:
    if not isinstance(error, yaml.MarkedYAMLError):  # not text YAML can read: a stray byte, another encoding
        return f"{shown.as_posix()}: not valid YAML: {str(error).splitlines()[0]} (save it as UTF-8 text)"
    text = " ".join((error.problem or error.context or "").replace("'<stream end>'", "the end of the file").split())
    mark = error.problem_mark or error.context_mark
    if (brackets := _FLOW.get(error.context or "")) and error.context_mark:
        mark = error.context_mark  # where the list or mapping opened, not where YAML gave up looking for its end
        hint = f"close the {brackets[0]} opened on that line with {brackets[1]}, and quote an item that holds ': ' or ','"
    else:
        hint = next((hint for clue, hint in _YAML_HINTS if clue in str(error)),
                    "check the indentation and quotes on that line and the one above")
    return f"{shown.as_posix()}{f':{mark.line + 1}' if mark else ''}: not valid YAML: {text} ({hint})"


def _did_you_mean(word: str, known: Iterable[str], otherwise: str) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise


def _schema(keys: Sequence[str]) -> dict | None:
    """The options MkDocs (or a plugin) knows at `keys`, by name; None where it cannot say."""
    from mkdocs.config import config_options as c
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import get_plugins

    schema = dict(MkDocsConfig._schema)
    rest = list(keys)
    if rest[:1] == ["plugins"]:
        if len(rest) < 2 or rest[1] not in (plugins := get_plugins()):
            return None
        schema = dict(plugins[rest[1]].load().config_class._schema)
        rest = rest[2:]
    for key in rest:
        option = schema.get(key)
        if not isinstance(option, c.SubConfig) or not hasattr(option.config_class, "_schema"):
            return None
        schema = dict(option.config_class._schema)
    return schema


def _default(keys: Sequence[str]):
    option = (_schema(keys[:-1]) or {}).get(keys[-1])
    return getattr(option, "default", None)
