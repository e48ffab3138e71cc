(docs / "resources" / "fractions.md").write_text(
    "---\ntitle: Fractions\nsummary: A task.\ndate: 2026-02-07\ntopics: [numbr]\n"
    "phases: [ks3]\nresource_type: lesson\n---\n\nBody.\n", encoding="utf-8")
