"""The content contract as data: every field of every kind, declared once.

The reader (schema.py) takes from here which fields each kind and each group of sub-fields
accepts; `build.py new` writes its scaffold from the examples; the "Writing content" guide is
generated from it; the browser editor's form (admin/config.py) is built from the widget and
pattern each field declares. So the four cannot drift apart.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

ALL = ()  # a field every kind has (model/kinds.py declares the kinds)


class _Text(str):
    """The type `text` with its length limit, as the guide shows it and the reader enforces it."""

    limit: int


def limited(description: str, limit: int) -> str:
    """A type as coordinators read it, carrying the length limit it mentions."""
    described = _Text(description)
    described.limit = limit
    return described


def text(limit: int) -> str:
    return limited(f"text (at most {limit} characters)", limit)


# Shapes the reader enforces that a form can check as the coordinator types: a regular expression
# (JavaScript's, as the editor runs it; no flags) and what the form says when it does not match.
DURATION = (r"^\d+:[0-5]\d(:[0-5]\d)?$", "Write minutes and seconds as M:SS, or H:MM:SS")
SLUG = (r"^[a-z0-9][a-z0-9-]*$", "Use lower-case letters, digits and hyphens")
HTTPS = (r'^https://[^/?#\s"<>\\]+([/?#][^\s"<>\\]*)?$', "Write an address starting with https://")


@dataclass(frozen=True)
class Field:
    """One front-matter field: what it holds, whether it is needed, and an example as written in YAML."""

    name: str
    type: str
    help: str
    example: str
    kinds: tuple[str, ...] = ALL
    required: str = ""  # "yes", or when it is required ("for resources"); "" when optional
    optional_for: tuple[str, ...] = ()  # kinds for which a field required of the others is optional
    default: str = ""
    allowed: str = ""  # a group of ids (Site.choices: "topics", "phases", "resource_types", "units", "statuses")
    parts: tuple[Field, ...] = ()  # the sub-fields of a set of fields, or of each entry of a list
    # How the browser editor's form asks for it: "string", "text" (several lines), "date", "datetime"
    # (with its offset from UTC), "boolean", "select" (from the group of ids in `allowed`), "list"
    # (of `parts`, or of single lines), "object" (the `parts`), "file", "image", "number", or ""
    # when a form cannot express it.
    widget: str = ""
    pattern: tuple[str, str] = ()  # (regular expression, message) for a shape the form can check
    form_help: str = ""  # `help` as the form gives it, where `help` speaks of writing the file

    @property
    def limit(self) -> int | None:
        """The most characters the reader accepts, for text."""
        return getattr(self.type, "limit", None)

    def required_for(self, kind: str) -> bool:
        """True when every file of `kind` must give this field (a condition such as "unless live:" is not)."""
        return (self.required == "yes" and kind not in self.optional_for) or self.required == f"for {kind}"

    @property
    def is_list(self) -> bool:
        """True when the field holds a list (of ids, text or sets of fields)."""
        return self.type.startswith("list of")


_PERSON = (
    Field("name", text(120), "the person's name", "Sam Okafor", required="yes", widget="string"),
    Field("organisation", text(160), "their school, college or organisation",
          "Trenvallow Academy", widget="string"),
)

FIELDS: tuple[Field, ...] = (
    Field("title", text(120), "the title readers see; put it in quotes if it has a colon",
          '"Fractions on a number line"', required="yes", widget="string", form_help="the title readers see"),
    Field("summary", text(300),
          "one or two sentences shown on cards, in feeds, newsletters and search; no Markdown",
          "A low-floor, high-ceiling task that moves students from bar models to the number line.", required="yes",
          widget="text"),
    Field("date", "date (YYYY-MM-DD), or date and time with its offset from UTC",
          "when it is published; an item dated in the future appears on that day", "2026-02-07", required="yes",
          widget="date"),
    Field("updated", "date (YYYY-MM-DD)", "when it last changed meaningfully; not before date", "2026-02-14",
          widget="date"),
    Field("topics", "list of topic ids", "the topics it is about; at least one", "[number]", required="yes",
          optional_for=("events",), allowed="topics", widget="select"),
    Field("phases", "list of phase ids", "who it is for", "[ks3, ks4]", required="for resources", allowed="phases",
          widget="select"),
    Field("units", "list of unit ids", "the curriculum units it belongs to (mkdocs.yml's curriculum:)",
          "[y9-proportion]", allowed="units", widget="select", form_help="the units of the scheme of work it belongs to"),
    Field("step", "whole number from 1", "its place in its units' teaching order; without one it follows the "
          "numbered items, oldest first", "2", widget="number"),
    Field("reviewed", "date (YYYY-MM-DD)", "when someone last checked it still fits the curriculum; not before date",
          "2026-09-01", widget="date"),
    Field("authors", "list of names, or of {name, organisation}", "who wrote it",
          "[{name: Sam Okafor, organisation: Trenvallow Academy}]", parts=_PERSON, widget="list"),
    Field("image", "set of fields {src, alt, decorative}", "a picture shown with the item",
          '{src: diagram.svg, alt: "A bar model split into fifths"}', widget="object", parts=(
              Field("src", "a .png, .jpg, .jpeg, .gif, .webp, .svg or .avif file beside the page, or an https:// address",
                    "the picture", "diagram.svg", required="yes", widget="image"),
              Field("alt", text(300),
                    "describes the picture for readers who cannot see it; \"\" only with decorative: true",
                    '"A bar model split into fifths"', required="yes", widget="string"),
              Field("decorative", "true or false", "true when the picture is only decoration", "false",
                    default="false", widget="boolean"))),
    Field("draft", "true or false", "true keeps it off the site (pages, feeds, search) until you remove the line",
          "true", default="false", widget="boolean",
          form_help="ticked, it stays off the site (pages, feeds, search); a new item starts as a draft: "
                    "untick this to publish it"),
    Field("featured", "true or false", "true shows it first on the home page; use sparingly", "false",
          default="false", widget="boolean"),
    Field("slug", "lower-case letters, digits and hyphens",
          "the name other pages use for it (a CPD video's resources:); the address still comes from the file name",
          "fractions-number-line", default="the file name without .md", widget="string", pattern=SLUG),
    Field("extra", "set of fields of your own", "values for the site's templates; not checked",
          "{notes: For the spring newsletter}"),
    # -- resources
    Field("resource_type", "one resource type id", "what kind of resource it is", "rich-task",
          kinds=("resources",), required="yes", allowed="resource_types", widget="select"),
    Field("downloads", "list of {file, label} or {url, label}",
          "files to download: a file beside the page, or an https:// link", "[{file: task-sheet.pdf, label: Task sheet}]",
          kinds=("resources",), widget="list", parts=(
              Field("file", "a file beside the page", "the file to download (give file or url)", "task-sheet.pdf",
                    widget="file"),
              Field("url", "an https:// address", "a link to the file elsewhere (give file or url)",
                    '"https://files.example.org/slides"', widget="string", pattern=HTTPS),
              Field("label", text(120), "what readers see on the link", "Task sheet",
                    required="yes", widget="string"))),
    Field("licence", "text", "the licence, when not the site's", "CC-BY-NC-4.0", kinds=("resources",),
          default="the site's licence (mkdocs.yml)", widget="string"),
    # -- cpd
    Field("video", "a YouTube or Vimeo https:// address, or a .mp4 or .webm file beside the page",
          "the video", '"https://www.youtube.com/watch?v=Tq7mB2xKp4w"', kinds=("cpd",),
          required="unless live: is given", widget="string", form_help="the video: paste the address of its page on YouTube or Vimeo, "
                                     "or write the name of a .mp4 or .webm file beside the page"),
    Field("duration", 'duration as "M:SS" or "H:MM:SS", in quotes', "how long the video runs", '"7:45"',
          kinds=("cpd",), required="when there is a video", widget="string", pattern=DURATION),
    Field("captions", "a .vtt file beside the page", "captions for the video (or a '## Transcript' section in the text)",
          "bar-models.vtt", kinds=("cpd",), widget="file"),
    Field("poster", "an image file beside the page", "the picture shown before the video plays", "poster.jpg",
          kinds=("cpd",), widget="image"),
    Field("presenters", "list of names, or of {name, organisation}", "who presents it",
          "[{name: Priya Shah, organisation: Kestlemoor College}]", kinds=("cpd",), parts=_PERSON,
          widget="list"),
    Field("outcomes", "list of text", "what a teacher takes away", '["Draw a bar model for a ratio problem"]',
          kinds=("cpd",), widget="list"),
    Field("reflection", "list of text", "questions to think about afterwards",
          '["Where could your classes use a bar model next week?"]', kinds=("cpd",), widget="list"),
    Field("chapters", "list of {at, title}, in time order", "points in the video readers can jump to",
          '[{at: "0:00", title: Introduction}]', kinds=("cpd",), widget="list", parts=(
              Field("at", 'time as "M:SS" or "H:MM:SS", in quotes, before the end', "where the chapter starts",
                    '"1:30"', required="yes", widget="string", pattern=DURATION),
              Field("title", text(120), "the chapter's name", "Introduction", required="yes", widget="string"))),
    Field("series", "set of fields {name, part}", "when the video is one part of a series",
          "{name: Bar models, part: 1}", kinds=("cpd",), widget="object", parts=(
              Field("name", text(120), "the series' name", "Bar models", required="yes", widget="string"),
              Field("part", "whole number from 1", "which part this is", "1", required="yes", widget="number"))),
    Field("live", "set of fields {start, end, join_url}", "a live session instead of (or before) a video",
          '{start: "2027-01-20T16:00:00+00:00", end: "2027-01-20T17:00:00+00:00", join_url: "https://meet.example.org/x"}',
          kinds=("cpd",), widget="object", parts=(
              Field("start", "date and time with its offset from UTC", "when it starts", '"2027-01-20T16:00:00+00:00"',
                    required="yes", widget="datetime"),
              Field("end", "date and time with its offset from UTC, after start", "when it ends",
                    '"2027-01-20T17:00:00+00:00"', required="yes",
                    widget="datetime"),
              Field("join_url", "an https:// address", "where people join", '"https://meet.example.org/algebra"',
                    required="yes", widget="string", pattern=HTTPS),
              Field("status", "cancelled", "write status: cancelled when the session will not happen; it stays "
                    "listed, marked cancelled, and calendars that added it drop it", "cancelled",
                    allowed="statuses", widget="select"))),
    Field("resources", "list of resource slugs", "resources used in the video (their file names without .md)",
          "[fractions-number-line]", kinds=("cpd",), widget="list", pattern=SLUG),
    # -- stories
    Field("organisation", text(160), "the school, college or organisation the story is from",
          "Trenvallow Academy", kinds=("stories",), required="yes", widget="string"),
    Field("quote", "set of fields {text, by, role}", "a quotation from someone involved",
          '{text: "Our students stopped fearing fractions.", by: Ana Lopes, role: Head of maths}',
          kinds=("stories",), widget="object", parts=(
              Field("text", text(600), "what they said", '"Our students stopped fearing fractions."',
                    required="yes", widget="text"),
              Field("by", text(120), "who said it (needs consent: true)", "Ana Lopes", widget="string"),
              Field("role", text(120), "their role", "Head of maths", widget="string"))),
    Field("impact", limited("list of text (each at most 300 characters), or of {measure, before, after}", 300),
          "what changed",
          '[{measure: GCSE resit pass rate, before: 21%, after: 34%}]', kinds=("stories",), widget="list", parts=(
              Field("measure", text(160), "what was measured", "GCSE resit pass rate",
                    required="yes", widget="string"),
              Field("before", text(120), "the value before", "21%", required="yes", widget="string"),
              Field("after", text(120), "the value after", "34%", required="yes", widget="string"))),
    Field("consent", "true or false", "true once the people shown or named agreed to publication",
          "true", kinds=("stories",), required="when the story has an image or a named quote", default="false",
          widget="boolean"),
    Field("uses", "list of resource or CPD slugs", "the resources and CPD videos the story used (their file names without .md)",
          "[fractions-number-line]", kinds=("stories",), widget="list",
          pattern=SLUG),
    Field("chart", "set of fields {file, title}", "a line chart drawn from a .csv file beside the page: a header "
          "row, labels in the first column, numbers in the second, and optionally a column headed goal; at most 200 rows",
          "{file: attendance.csv, title: Maths club attendance by week}", kinds=("stories",), widget="object", parts=(
              Field("file", "a .csv file beside the page", "the numbers to chart", "attendance.csv", required="yes",
                    widget="file"),
              Field("title", text(120), "what the chart shows; it names the chart for readers who cannot see it",
                    "Maths club attendance by week", required="yes", widget="string"))),
    # -- events
    Field("starts", "date and time with its offset from UTC", "when the event starts", '"2027-03-03T16:00:00+00:00"',
          kinds=("events",), required="yes", widget="datetime"),
    Field("ends", "date and time with its offset from UTC, after starts", "when the event ends",
          '"2027-03-03T17:30:00+00:00"', kinds=("events",), required="yes", widget="datetime"),
    Field("where", text(200), 'the place (its name and address), or "Online"', "Kestlemoor College, Tavistock Road, PL19 8AB",
          kinds=("events",), required="yes", widget="string"),
    Field("join_url", "an https:// address", "where people join online", '"https://meet.example.org/network-meeting"',
          kinds=("events",), widget="string", pattern=HTTPS),
    Field("register_url", "an https:// address", "where people book a place", '"https://forms.example.org/spring-meeting"',
          kinds=("events",), widget="string", pattern=HTTPS),
    Field("register_by", "date (YYYY-MM-DD), not after starts", "the last day to book", "2027-02-24",
          kinds=("events",), widget="date"),
    Field("status", "cancelled", "write status: cancelled when the event will not happen; it stays listed, marked "
          "cancelled, and calendars that added it drop it", "cancelled", kinds=("events",), allowed="statuses",
          widget="select"),
)


def fields_of(kind: str) -> tuple[Field, ...]:
    """The fields a file of `kind` may have, in the order the guide and the scaffold give them."""
    return tuple(f for f in FIELDS if not f.kinds or kind in f.kinds)


def field_named(name: str) -> Field:
    """The field `name` (of whichever kinds have it)."""
    return next(f for f in FIELDS if f.name == name)


def names_of(kind: str) -> list[str]:
    return [f.name for f in fields_of(kind)]


def part_names(name: str) -> list[str]:
    """The sub-fields allowed under the field `name` (the same for every kind that has it)."""
    return [part.name for part in next(f for f in FIELDS if f.name == name).parts]


@functools.cache
def limit(name: str, part: str = "") -> int:
    """The length limit of the text field `name` (or of its sub-field `part`)."""
    field = next(f for f in FIELDS if f.name == name)
    found = next(p for p in field.parts if p.name == part).limit if part else field.limit
    if found is None:
        raise KeyError(f"{name}.{part}" if part else name)
    return found
