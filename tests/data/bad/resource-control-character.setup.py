# A form feed (U+000C) pasted into the front matter: YAML refuses it.
(docs / "resources" / "control-character.md").write_text(
    "---\ntitle: Fractions\nsummary: A task.\x0c\ndate: 2026-02-07\ntopics: [number]\n"
    "phases: [ks3]\nresource_type: lesson\n---\n\nBody.\n", encoding="utf-8")
