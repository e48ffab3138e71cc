# U+200B ZERO WIDTH SPACE, invisible, pasted from a web page.
(docs / "resources" / "zero-width.md").write_text(
    "---\ntitle: Frac\u200btions on a number line\nsummary: A task.\ndate: 2026-02-07\ntopics: [number]\n"
    "phases: [ks3]\nresource_type: lesson\n---\n\nBody.\n", encoding="utf-8")
