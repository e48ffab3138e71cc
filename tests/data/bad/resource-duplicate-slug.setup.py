# A second resource, in a sub-folder, whose file name is the first one's slug.
(docs / "resources" / "number").mkdir()
(docs / "resources" / "number" / "fractions.md").write_text(
    "---\ntitle: Fractions\nsummary: Another task.\ndate: 2026-02-08\ntopics: [number]\n"
    "phases: [ks3]\nresource_type: lesson\n---\n\nBody.\n", encoding="utf-8")
