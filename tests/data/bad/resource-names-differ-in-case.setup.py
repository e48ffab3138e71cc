# Fractions.md and fractions.md are two files on Linux but one on Windows and macOS, and one address.
page = ("---\ntitle: Fractions\nsummary: A task.\ndate: 2026-02-07\ntopics: [number]\n"
        "phases: [ks3]\nresource_type: lesson\nslug: {slug}\n---\n\nBody.\n")
(docs / "resources" / "Fractions.md").write_text(page.format(slug="fractions-a"), encoding="utf-8")
(docs / "resources" / "fractions.md").write_text(page.format(slug="fractions-b"), encoding="utf-8")
