"""Quality gates on a built site.

Each gate module has a `check(site: Path) -> list[str]` function: the problems it finds in the
built site folder `site`, one human-readable line each; an empty list means the gate passes.
The gates need tools that `.ci/run` installs: Java 17 and `node_modules/vnu-jar` (HTML
validity), Debian's Chromium and `node_modules/axe-core` (accessibility, keyboard, CSP).
`common.missing_tools()` names whichever are absent.
"""
