"""A YAML reader that keeps every value as text and remembers its line.

YAML 1.1 loaders turn `duration: 4:50` into 290, `NO` into False and `0161` into
an octal number, and keep the last of two duplicate keys. Coordinators mean the
text they typed, so we compose PyYAML nodes (which carry marks) and build plain
text, lists and mappings from them; the model converts types itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

MAX_DEPTH = 30
_STR_TAG = "tag:yaml.org,2002:str"
_NULLS = {"", "~", "null", "Null", "NULL"}
_YAML_READS_AS = {
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "nothing (null)",
    "tag:yaml.org,2002:timestamp": "a date",
}


class Text(str):
    """A scalar exactly as written, with the line it starts on."""

    line: int

    def __new__(cls, value: str, line: int) -> Text:
        text = super().__new__(cls, value)
        text.line = line
        return text


class Mapping(dict):
    """Fields in the order written, with the line of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class Sequence(list):
    """A list of values, with the line it starts on."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


@dataclass(frozen=True)
class YamlProblem:
    line: int
    field: str
    message: str
    hint: str


class _Rejected(Exception):
    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


class _Composer(yaml.SafeLoader):
    """Builds nodes only; refuses aliases (so alias bombs never expand), tags, and nesting deep
    enough to exhaust Python's recursion (PyYAML composes nested lists recursively)."""

    depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        event = self.peek_event()
        if self.depth >= MAX_DEPTH:
            raise _Rejected(event.start_mark, f"has lists or fields nested more than {MAX_DEPTH} deep",
                            "check the brackets and the indentation on this line")
        if isinstance(event, yaml.AliasEvent):
            raise _Rejected(event.start_mark, "uses a YAML alias (*name)",
                            "write the value out in full; aliases and anchors are not allowed")
        if getattr(event, "anchor", None):
            raise _Rejected(event.start_mark, "uses a YAML anchor (&name)",
                            "write the value out in full; aliases and anchors are not allowed")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Rejected(event.start_mark, f"uses a YAML tag, {shown}",
                            "remove the tag; values are plain text")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse(text: str, first_line: int) -> tuple[object, list[YamlProblem]]:
    """Parse YAML `text` whose first line is `first_line` of its file."""
    if _HAS_LIBYAML:
        try:
            return _fast_parse(text, first_line), []
        except (_Unusual, yaml.YAMLError, RecursionError):
            pass  # the careful parser below explains what is wrong
    return _careful_parse(text, first_line)


def _careful_parse(text: str, first_line: int) -> tuple[object, list[YamlProblem]]:
    loader = None
    try:
        loader = _Composer(text)  # the reader refuses control characters as it starts
        node = loader.get_single_node()
    except _Rejected as rejected:
        return None, [YamlProblem(rejected.mark.line + first_line, "front matter",
                                  rejected.message, rejected.hint)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, first_line)]
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + first_line
        return None, [YamlProblem(line, "front matter", f"has an invisible control character (U+{error.character:04X})",
                                  "retype this line; the character may have been pasted in with the text")]
    except yaml.YAMLError as error:  # anything else PyYAML refuses, in one line
        return None, [YamlProblem(first_line, "front matter", f"cannot be read: {' '.join(str(error).split())}",
                                  "check the indentation and quotes of the front matter")]
    finally:
        if loader is not None:
            loader.dispose()
    problems: list[YamlProblem] = []
    value = None if node is None else _build(node, loader, first_line, problems)
    return value, problems


class _Unusual(Exception):
    """Anything the fast path does not handle: the careful parser reports it."""


_HAS_LIBYAML = getattr(yaml, "__with_libyaml__", False)
# Plain text inside [ ] or { } where libyaml and PyYAML disagree: a '?' or '#', or a ':' ending a word.
_FLOW_DOUBT = re.compile(r"[?#]|:(?:[\s,\[\]{}]|$)")


def _fast_parse(text: str, first_line: int):
    """Front matter without problems, read with libyaml: ten times faster, same values and lines."""
    loader = yaml.CSafeLoader(text)
    try:
        events = []
        while loader.check_event():
            events.append(loader.get_event())
        position = iter(events[2:-2])  # after StreamStart, DocumentStart; before DocumentEnd, StreamEnd
        if len(events) < 5 or any(isinstance(e, yaml.DocumentStartEvent) for e in events[2:]):
            raise _Unusual
        return _from_events(next(position), position, loader, first_line, 0)
    finally:
        loader.dispose()


def _from_events(event, position, loader, first_line: int, depth: int, in_flow: bool = False):
    if depth >= MAX_DEPTH or isinstance(event, yaml.AliasEvent) or event.anchor or event.tag not in (None, "!"):
        raise _Unusual
    line = event.start_mark.line + first_line
    if isinstance(event, yaml.ScalarEvent):
        plain = not event.style  # libyaml reports plain style as '', PyYAML as None
        # libyaml accepts some plain text inside [ ] and { } that PyYAML refuses; let the careful reader decide.
        if plain and in_flow and _FLOW_DOUBT.search(event.value):
            raise _Unusual
        return None if plain and event.value in _NULLS else Text(event.value, line)
    in_flow = in_flow or bool(event.flow_style)
    if isinstance(event, yaml.SequenceStartEvent):
        sequence = Sequence(line)
        for child in iter(lambda: next(position), None):
            if isinstance(child, yaml.SequenceEndEvent):
                return sequence
            sequence.append(_from_events(child, position, loader, first_line, depth + 1, in_flow))
    mapping = Mapping(line)
    for key_event in iter(lambda: next(position), None):
        if isinstance(key_event, yaml.MappingEndEvent):
            return mapping
        if not isinstance(key_event, yaml.ScalarEvent) or key_event.anchor or key_event.tag not in (None, "!"):
            raise _Unusual
        key = key_event.value
        plain_key = not key_event.style
        if key in mapping or (plain_key and (loader.resolve(yaml.ScalarNode, key, (True, False)) != _STR_TAG
                                             or (in_flow and _FLOW_DOUBT.search(key)))):
            raise _Unusual
        mapping[key] = _from_events(next(position), position, loader, first_line, depth + 1, in_flow)
        mapping.key_lines[key] = key_event.start_mark.line + first_line
    raise _Unusual


def _build(node: yaml.Node, loader: _Composer, first_line: int, problems: list[YamlProblem]):
    line = node.start_mark.line + first_line
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in _NULLS:
            return None
        return Text(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        sequence = Sequence(line)
        sequence.extend(_build(child, loader, first_line, problems) for child in node.value)
        return sequence
    mapping = Mapping(line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + first_line
        key = _key(key_node, loader, key_line, problems)
        if key is None:
            continue
        if key in mapping:
            problems.append(YamlProblem(key_line, key, f"appears twice (first on line {mapping.key_lines[key]})",
                                        "keep one of them and delete the other"))
            continue
        mapping[key] = _build(value_node, loader, first_line, problems)
        mapping.key_lines[key] = key_line
    return mapping


def _key(node: yaml.Node, loader: _Composer, line: int, problems: list[YamlProblem]) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        problems.append(YamlProblem(line, "front matter", "a field name must be a single word",
                                    "write each field as name: value"))
        return None
    if node.style is None:
        tag = loader.resolve(yaml.ScalarNode, node.value, (True, False))
        if tag != _STR_TAG:
            shown = node.value or "(empty)"
            problems.append(YamlProblem(line, shown, f"is not a field name: YAML reads it as {_YAML_READS_AS.get(tag, 'a value')}",
                                        "field names are words such as title or topics; check the indentation"))
            return None
    return node.value


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    lines = text.split("\n")
    at_end = "end of stream" in (error.problem or "") or "<stream end>" in (error.problem or "")
    opened = error.context_mark
    # A [ or { left open runs on into the next fields; YAML notices lines later, so point at the opening.
    unclosed = "flow" in context and opened is not None and (at_end or (
        opened.line < mark.line and opened.line < len(lines) and _unbalanced(lines[opened.line])))
    if opened is not None and (unclosed or (at_end and "quoted scalar" in context)):
        mark = opened
    line_index = mark.line if mark else 0
    source_line = lines[line_index] if line_index < len(lines) else ""
    problem = (error.problem or "is not valid YAML").strip()
    if "\t" in source_line or "'\\t'" in problem:
        hint = "indent with spaces, not tabs"
        problem = "has a tab character"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be in quotes, e.g. title: \"Ratio: a guide\""
        problem = "has a colon where YAML does not expect one"
    elif "end of stream" in problem or "while scanning a quoted scalar" in context:
        hint = "a quote is opened but never closed"
        problem = "has an unclosed quote"
    elif unclosed:
        hint = "a [ or { is opened here but never closed"
        problem = "has an unclosed bracket"
    elif "flow" in context:
        hint = 'inside { } or [ ], put text with ?, :, commas or brackets in quotes, e.g. title: "Why bar models?"'
        problem = "has text that needs quotes inside { } or [ ]"
    elif "expected ':'" in problem or "could not find expected ':'" in problem:
        hint = "each field is written as name: value, with a space after the colon"
        problem = "has a line that is not a field"
    elif "expected <block end>" in problem or "expected <block" in problem:
        hint = "check the indentation: items of one list or mapping line up exactly"
        problem = "has inconsistent indentation"
    else:
        hint = "check the indentation and quotes on this line"
        problem = f"is not valid YAML: {problem}"
    return YamlProblem(line_index + first_line, "front matter", problem, hint)


def _unbalanced(line: str) -> bool:
    return line.count("[") + line.count("{") > line.count("]") + line.count("}")
