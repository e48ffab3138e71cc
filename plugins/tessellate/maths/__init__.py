"""Maths notation typeset at build time: MathML for pages and feeds, plain text for titles and
social posts, pictures for email, readable text for search. Knows nothing of MkDocs.

    plain_text("Solve $x^2 + 5x + 6 = 0$")       # 'Solve x² + 5x + 6 = 0'
    text_html("Halves and $\\frac{1}{2}$")        # escaped HTML with inline <math>
    images.FormulaPictures(store, site_dir).for_email(body_html, site)   # <math> -> <img src=".../assets/maths/....png">
"""

from .mathml import MathsError, convert
from .render import formula_html, text_html
from .tex import Formula, formulas, has_maths, split, unclosed
from .words import plain_text

__all__ = ["Formula", "MathsError", "convert", "formula_html", "formulas", "has_maths", "plain_text", "split",
           "text_html", "unclosed"]
