"""The page the preview shows while the content has errors: each problem as file, line, field and fix."""

from __future__ import annotations

from html import escape

from ..model import Problem

_STYLE = """
body { font: 1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.5rem; } table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #767676; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } code { font-size: .95em; } .warning td:first-child { font-style: italic; }
"""
# The page's own policy: its style, and the reload script from the preview's address (reload.py).
_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
           "base-uri 'none'; form-action 'none'")


def problem_page(problems: list[Problem], other: list[str], site_name: str) -> str:
    """A self-contained HTML page (no theme, no network) listing `problems` and any other build errors."""
    errors = [p for p in problems if p.is_error]
    count = len(errors) + len(other)
    rows = "".join(
        f'<tr class="{p.severity.value}"><td>{"Error" if p.is_error else "Warning"}</td><td><code>{escape(p.path.as_posix())}</code></td>'
        f"<td>{p.line}</td><td><code>{escape(p.field)}</code></td><td>{escape(p.message)}</td><td>{escape(p.hint)}</td></tr>"
        for p in problems)
    table = (f"<table><caption>Problems, by file</caption><thead><tr><th>Kind</th><th>File</th><th>Line</th>"
             f"<th>Field</th><th>What is wrong</th><th>How to fix it</th></tr></thead><tbody>{rows}</tbody></table>"
             if problems else "")
    extra = "".join(f"<pre>{escape(message)}</pre>" for message in other)
    plural = "problem" if count == 1 else "problems"
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{count} {plural} to fix - preview of {escape(site_name)}</title><style>{_STYLE}</style></head>"
            f'<body><main><h1>The preview is waiting for {count} {plural} to be fixed</h1>'
            f"<p>Fix each one in your editor and save: this page reloads by itself, and shows the site again "
            f"as soon as the content is good. The published site is not affected.</p>{table}{extra}</main></body></html>")
