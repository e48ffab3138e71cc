"""The Markdown extension: `$...$`, `$$...$$` and ```math fences become MathML as each body renders.

It is added to the site's own Markdown (the plugin appends it in on_config), so pages, and the
feeds and snippets that reuse the page's body, all carry the same typeset maths."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString

from .render import ERROR_CLASS, formula_html
from .tex import FENCE, FORMULA, MATH_FENCE_INFO, Formula

# After code spans (190), so `$` in code stays code; before backslash escapes (180), which would
# eat LaTeX's `\{` and `\\`.
INLINE_PRIORITY = 185
# Before fenced_code (25) takes every fence, and after whitespace is normalised (30).
FENCE_PRIORITY = 28


class MathsExtension(Extension):
    """Typesets maths in Markdown to MathML at build time."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's name)
        md.registerExtension(self)
        md.preprocessors.register(_MathFences(md), "tessellate_maths_fences", FENCE_PRIORITY)
        md.inlinePatterns.register(_Formulas(FORMULA.pattern, md), "tessellate_maths", INLINE_PRIORITY)


class _MathFences(Preprocessor):
    """A ```math fence is display maths; every other fence is left for the code extensions."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence, body = None, []
        for line in lines:
            match = FENCE.match(line)
            if fence is None:
                if match:
                    fence = (match["fence"], match["info"].strip().lower() == MATH_FENCE_INFO)
                    body = []
                    if fence[1]:
                        continue
                out.append(line)
            elif line.strip() and not line.strip().strip(fence[0][0]) and len(line.strip()) >= len(fence[0]):
                if fence[1]:
                    html = formula_html(Formula("\n".join(body), True))
                    out.extend(["", self.md.htmlStash.store(html), ""])
                else:
                    out.append(line)
                fence = None
            elif fence[1]:
                body.append(line)
            else:
                out.append(line)
        if fence is not None and fence[1]:  # never closed: the fence runs to the end, as for code
            out.extend(["", self.md.htmlStash.store(formula_html(Formula("\n".join(body), True))), ""])
        return out


class _Formulas(InlineProcessor):
    def handleMatch(self, match: re.Match, data: str):  # noqa: N802 (Markdown's name)
        if match["escaped"]:
            return "$", match.start(0), match.end(0)
        display = match["display"] is not None
        formula = Formula((match["display"] if display else match["inline"]).strip(), display)
        alone = display and data.strip() == match.group(0).strip()
        html = formula_html(formula, block=alone)
        if html.startswith(f'<code class="{ERROR_CLASS}">'):
            code = ET.Element("code", {"class": ERROR_CLASS})
            code.text = AtomicString(formula.source)
            return code, match.start(0), match.end(0)
        return self.md.htmlStash.store(html), match.start(0), match.end(0)
