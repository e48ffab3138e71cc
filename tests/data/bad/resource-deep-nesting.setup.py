# Brackets nested 5,000 deep: PyYAML would build them recursively until Python gives up.
depth = 5000
(docs / "resources" / "deep-nesting.md").write_text(
    "---\ntitle: Fractions\nsummary: A task.\ndate: 2026-02-07\n"
    f"topics: {'[' * depth}number{']' * depth}\nphases: [ks3]\nresource_type: lesson\n---\n\nBody.\n",
    encoding="utf-8")
