"""The `curriculum:` setting of the tessellate block: stages in order, each with its units in teaching order.

    curriculum:
      - id: y9
        title: Year 9
        units:
          - {id: y9-proportion, title: Proportional reasoning, term: autumn}
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..model import Stage, Unit

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
STAGE_KEYS = ("id", "title", "units")
UNIT_KEYS = ("id", "title", "term")
EXAMPLE = "- {id: y9-proportion, title: Proportional reasoning, term: autumn}"


class CurriculumSetting(c.Type):
    """`curriculum:` as MkDocs reads it: a list, each entry checked by `curriculum_problems`. Its own message for
    anything else, since MkDocs' (turned into a hint by config_file.py) would suggest `curriculum: [Year 9]`, a
    list of words where a list of stages is wanted."""

    def __init__(self) -> None:
        super().__init__(list, default=[])

    def run_validation(self, value: object) -> list:
        if not isinstance(value, list):
            got = ("text" if isinstance(value, str) else "a set of fields" if isinstance(value, dict)
                   else "true or false" if isinstance(value, bool) else "a number")
            raise ValidationError(f"expected a list of stages, got {got} (write each stage on its own line under "
                                  "curriculum:, as - id: y9, with its title: and units: below it)")
        return value


@dataclass(frozen=True)
class CurriculumProblem:
    field: str  # as a maintainer reads it: curriculum[1].units[0].id
    text: str
    keys: tuple = ()  # the path to its line below the tessellate block: "curriculum", 1, "units", 0, "id"


def curriculum_problems(stages: list) -> list[CurriculumProblem]:
    """Every mistake in `curriculum:`, each naming the stage or unit and how to fix it."""
    problems: list[CurriculumProblem] = []
    seen: dict[str, str] = {}  # every id of a stage or unit so far, to where it was given
    for s, stage in enumerate(stages):
        where, keys = f"curriculum[{s}]", ("curriculum", s)
        if not isinstance(stage, dict):
            problems.append(CurriculumProblem(where, "each stage is a set of fields id:, title: and units:", keys))
            continue
        problems += _entry_problems(stage, STAGE_KEYS, where, keys, "stage", seen, "y9")
        units = stage.get("units")
        if not isinstance(units, list) or not units:
            problems.append(CurriculumProblem(f"{where}.units", f"list the stage's units in teaching order, e.g. {EXAMPLE}",
                                              (*keys, "units")))
            continue
        for u, unit in enumerate(units):
            unit_where, unit_keys = f"{where}.units[{u}]", (*keys, "units", u)
            if not isinstance(unit, dict):
                problems.append(CurriculumProblem(unit_where, f"each unit is a set of fields, e.g. {EXAMPLE}", unit_keys))
                continue
            problems += _entry_problems(unit, UNIT_KEYS, unit_where, unit_keys, "unit", seen, "y9-proportion")
    return problems


def _entry_problems(entry: dict, allowed: tuple[str, ...], where: str, keys: tuple, what: str,
                    seen: dict[str, str], example_id: str) -> list[CurriculumProblem]:
    problems = [CurriculumProblem(f"{where}.{key}", f"not a setting of a {what} (allowed: {', '.join(allowed)})",
                                  (*keys, key)) for key in entry if key not in allowed]
    ident, title = entry.get("id"), entry.get("title")
    if ident is None:
        problems.append(CurriculumProblem(f"{where}.id", f"the {what} needs an id (e.g. id: {example_id})", (*keys, "id")))
    elif isinstance(ident, (int, float)) and not isinstance(ident, bool):  # YAML reads id: 8 as a number
        problems.append(CurriculumProblem(f"{where}.id", f"{ident} is a number, not an id (put it in quotes, id: '{ident}', "
                                          f"or use a word, e.g. id: {example_id})", (*keys, "id")))
    elif not isinstance(ident, str) or not _ID.fullmatch(ident):
        problems.append(CurriculumProblem(f"{where}.id", f"'{ident}' is not a valid id (use lower-case letters, digits "
                                          f"and hyphens, e.g. id: {example_id})", (*keys, "id")))
    elif ident in seen:
        problems.append(CurriculumProblem(f"{where}.id", f"'{ident}' is given twice (also at {seen[ident]}); "
                                          "each stage and unit needs an id of its own", (*keys, "id")))
    else:
        seen[ident] = where
    if not isinstance(title, str) or not title.strip():
        problems.append(CurriculumProblem(f"{where}.title", f"the {what} needs a title (text)", (*keys, "title")))
    if "term" in entry and (not isinstance(entry["term"], str) or not entry["term"].strip()):
        problems.append(CurriculumProblem(f"{where}.term", "must be text, e.g. term: autumn", (*keys, "term")))
    return problems


def read_curriculum(stages: list) -> tuple[Stage, ...]:
    """The model's stages and units from a `curriculum:` that `curriculum_problems` passed."""
    read = []
    for stage in stages:
        if not isinstance(stage, dict):
            continue
        stage_id, stage_title = str(stage.get("id", "")), str(stage.get("title", "")).strip()
        units = tuple(Unit(str(unit.get("id", "")), str(unit.get("title", "")).strip(), stage_id, stage_title,
                           str(unit.get("term") or "").strip())
                      for unit in stage.get("units") or [] if isinstance(unit, dict))
        read.append(Stage(stage_id, stage_title, units))
    return tuple(read)
