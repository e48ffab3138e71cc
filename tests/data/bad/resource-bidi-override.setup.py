# U+202E RIGHT-TO-LEFT OVERRIDE makes "fdp.exe" display as "exe.pdf" (the "Trojan Source" trick).
(docs / "resources" / "bidi-override.md").write_text(
    "---\ntitle: \"Answers \u202efdp.exe\"\nsummary: A task.\ndate: 2026-02-07\ntopics: [number]\n"
    "phases: [ks3]\nresource_type: lesson\n---\n\nBody.\n", encoding="utf-8")
