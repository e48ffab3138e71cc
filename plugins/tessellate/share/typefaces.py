"""The cards' typefaces: the DejaVu Sans shipped in fonts/, and a fallback from this machine for the
characters it lacks.

Pillow draws text in one font per call and draws a character that font lacks as a box (its .notdef
glyph), without saying so: a Chinese or Japanese title came out as a row of boxes. So a text is cut
into runs, each drawn in the first face that has its characters: DejaVu Sans, then the fonts this
machine has for them, found with fontconfig (`fc-list :charset=...`) or at the places Debian's
packages put them. Nothing is downloaded. A title no face covers is a warning from `check`
(`missing`), so no card with boxes is published silently."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageFont

from ..maths import plain_text
from ..model import Catalogue, Problem, Severity

FONTS = Path(__file__).parent / "fonts"
# Where Debian's packages put fonts with the characters DejaVu lacks, for a machine without fc-list.
KNOWN = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", True),  # fonts-noto-cjk
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", False),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", False),  # fonts-droid-fallback
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", False),  # fonts-wqy-zenhei
)
HINT = "install fonts that have them, e.g. fonts-noto-cjk for Chinese, Japanese and Korean: apt-get install fonts-noto-cjk"
_NOT_A_CHARACTER = "\U0010ffff"  # drawn as .notdef by every font: what a missing character looks like


@dataclass(frozen=True)
class Source:
    """A font file, and which face of a collection (.ttc) it is."""

    path: str
    index: int = 0


@lru_cache(maxsize=None)
def primary(bold: bool) -> Source:
    return Source(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")))


@lru_cache(maxsize=None)
def face(source: Source, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(source.path, size, index=source.index)


def runs(text: str, bold: bool) -> list[tuple[Source, str]]:
    """`text` cut into runs, each with the first face that has its characters (the shipped font's
    when none has one: drawn as a box, which `missing` reports)."""
    main = primary(bold)
    if text.isascii():  # nearly every title: DejaVu has all of ASCII
        return [(main, text)]
    found: list[tuple[Source, str]] = []
    for character in text:
        source = main if has(main, character) else next(iter(fallbacks(character, bold)), main)
        if found and found[-1][0] == source:
            found[-1] = (source, found[-1][1] + character)
        else:
            found.append((source, character))
    return found


def missing(text: str, bold: bool = True) -> str:
    """The characters of `text` that no face on this machine has, each once, in order."""
    if text.isascii():
        return ""
    main = primary(bold)
    return "".join(dict.fromkeys(c for c in text if not has(main, c) and not fallbacks(c, bold)))


@lru_cache(maxsize=None)
def has(source: Source, character: str) -> bool:
    """Whether the font draws `character` as itself, not as its .notdef box."""
    if unicodedata.category(character) in ("Zs", "Cc", "Cf"):  # spaces and controls draw nothing
        return True
    sample = face(source, 24)
    return _shape(sample, character) != _shape(sample, _NOT_A_CHARACTER)


def _shape(sample: ImageFont.FreeTypeFont, character: str) -> tuple:
    mask = sample.getmask(character, mode="L")
    return mask.size, Image.Image()._new(mask).tobytes()


@lru_cache(maxsize=None)
def fallbacks(character: str, bold: bool) -> tuple[Source, ...]:
    """This machine's fonts that have `character`, a bold one first for a bold face."""
    sources = [s for s, _ in sorted(_candidates(character), key=lambda found: found[1] != bold)]
    return tuple(s for s in sources if _opens(s) and has(s, character))


def _candidates(character: str) -> list[tuple[Source, bool]]:
    """Fonts said to have `character`: fontconfig's answer, then the known places."""
    found = [(Source(path), is_bold) for path, is_bold in KNOWN if Path(path).is_file()]
    if shutil.which("fc-list"):
        try:
            listed = subprocess.run(["fc-list", "-f", "%{file}|%{index}|%{style}\n", f":charset={ord(character):x}"],
                                    capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
        for line in sorted(listed.splitlines()):
            path, _, rest = line.partition("|")
            index, _, style = rest.partition("|")
            if path.endswith((".ttf", ".otf", ".ttc", ".otc")):
                found.insert(0, (Source(path, int(index or 0)), "bold" in style.lower()))
    return list(dict.fromkeys(found))


@lru_cache(maxsize=None)
def _opens(source: Source) -> bool:
    try:
        face(source, 24)
    except OSError:
        return False
    return True


def title_problems(catalogue: Catalogue) -> list[Problem]:
    """A warning for each item whose title has characters no font on this machine draws: its cards
    would show them as boxes."""
    problems = []
    for item in catalogue.items:
        if lacking := missing(plain_text(item.title)):
            shown = ", ".join(lacking[:8]) + (", …" if len(lacking) > 8 else "")
            problems.append(Problem(catalogue.site.docs_dir / item.source, item.lines.get("title", 1), "title",
                                    f"the social cards' font has no {shown}: they would be drawn as boxes",
                                    HINT, Severity.WARNING))
    return problems
