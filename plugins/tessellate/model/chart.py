"""A story's progress chart: `chart: {file: attendance.csv, title: ...}`, its numbers read from a CSV
file beside the page.

The CSV is what a coordinator's spreadsheet saves: a header row, labels in the first column, numbers
in the second, and optionally a column headed `goal`. Read here, with the front matter, so a mistake
in it is one line of `check` like any other: the story's `chart.file` line, then the CSV's own name
and line, and how to fix it. Only the first mistake is told: one bad row tends to explain the rest."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from .contract import limit, part_names
from .fields import HIDDEN_HINT, Fields, hidden_characters
from .items import Chart

MAX_ROWS = 200  # more points than a chart 320 px wide can show apart
MAX_BYTES = 256 * 1024
LABEL_LIMIT = 40  # a label wider than this cannot be read under a point
GOAL = "goal"


class _Bad(Exception):
    """The first mistake in the CSV: its line, what is wrong, how to fix it."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def read_chart(fields: Fields) -> Chart | None:
    """The story's chart, or None (after reporting why) when it has none or it cannot be drawn."""
    raw = fields.raw("chart")
    if raw is None or not (sub := fields.mapping_of("chart", raw, "indent file: and title: under chart:")):
        return None
    sub.check_known(part_names("chart"))
    title = sub.text("title", required=True, limit=limit("chart", "title"))
    file = sub.raw("file", required=True, hint="add the name of a .csv file beside this page")
    found = sub.local_file("file", file, (".csv",)) if file is not None else None
    if not found:
        return None
    # A chart that cannot be drawn still names its file, so the file is not also reported as linked
    # by no item; the story has an error, so nothing ever shows it.
    unusable = Chart(title=title, path=found[0], columns=(), labels=(), values=())
    try:
        columns, rows = _rows(sub.docs_dir / found[0])
    except _Bad as bad:
        sub.error("file", f"{file.strip()}, line {bad.line}: {bad.message}", bad.hint)
        return unusable
    if not title:
        return unusable
    return Chart(title=title, path=found[0], columns=columns,
                 labels=tuple(label for label, _, _ in rows), values=tuple(value for _, value, _ in rows),
                 goals=tuple(goal for _, _, goal in rows) if len(columns) > 2 else ())


def _rows(path: Path) -> tuple[tuple[str, ...], list[tuple[str, float, float | None]]]:
    """The chart's column names (label, value and goal if there is one) and each row's label, value and goal."""
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise _Bad(1, f"the file is {len(data) // 1024} KB, too large for a chart",
                   f"a chart shows at most {MAX_ROWS} rows; keep the full data in a download")
    try:
        text = data.decode("utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as error:
        raise _Bad(data.count(b"\n", 0, error.start) + 1, "the text is not UTF-8",
                   "save it from your spreadsheet as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise _Bad(1, "the header row is missing", "start the file with a row of column names, such as Week,Attendance")
        if len(header) < 2:
            raise _Bad(reader.line_num, f"the header has {len(header)} column, not two or more",
                       "separate the columns with commas: labels first, then the numbers, such as Week,Attendance")
        if found := next(filter(None, (hidden_characters(cell.strip()) for cell in header)), ""):
            raise _Bad(reader.line_num, f"the header contains {found}", HIDDEN_HINT)
        goal_at = next((n for n, cell in enumerate(header) if n > 1 and cell.strip().lower() == GOAL), None)
        header_line, rows = reader.line_num, []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # a blank line, often the last
            line = reader.line_num
            if len(row) != len(header):
                raise _Bad(line, f"the row has {len(row)} cells but the header has {len(header)}",
                           "give every row the same columns as the header")
            if len(rows) == MAX_ROWS:
                raise _Bad(line, f"more than {MAX_ROWS} rows", f"chart at most {MAX_ROWS} points, such as one a week")
            label = row[0].strip()
            if found := next(filter(None, (hidden_characters(cell.strip()) for cell in row)), ""):
                raise _Bad(line, f"the row contains {found}", HIDDEN_HINT)
            if not label:
                raise _Bad(line, "the label (first column) is empty", "write what the row is, such as Week 3")
            if len(label) > LABEL_LIMIT:
                raise _Bad(line, f"the label is {len(label)} characters, over the limit of {LABEL_LIMIT}",
                           "shorten it: it is written under the chart")
            value = _number(row[1], line, header[1])
            goal = _number(row[goal_at], line, header[goal_at], allow_empty=True) if goal_at else None
            rows.append((label, value, goal))
    except csv.Error as error:
        raise _Bad(reader.line_num, f"cannot be read as CSV ({error})",
                   "save it again from your spreadsheet as CSV UTF-8") from None
    if not rows:
        raise _Bad(header_line, "no rows under the header", "add a row for each point, such as Week 1,12")
    columns = (header[0], header[1]) + ((header[goal_at],) if goal_at else ())
    return tuple(cell.strip() for cell in columns), rows


def _number(cell: str, line: int, column: str, allow_empty: bool = False) -> float | None:
    text, column = cell.strip(), column.strip() or "second"
    if not text:
        if allow_empty:
            return None
        raise _Bad(line, f"the {column} column is empty", "write a number, or remove the row until there is one")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise _Bad(line, f"'{text}' in the {column} column is not a number",
                   "write a plain number, such as 12 or 12.5, with no units or % sign")
    return number
