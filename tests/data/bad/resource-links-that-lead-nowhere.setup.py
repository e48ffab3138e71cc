# Links inside the content folder that cannot be followed: a loop, a link to itself, a link to nothing.
resources = docs / "resources"
(resources / "loop.pdf").symlink_to("loop.pdf")
(resources / "itself.md").symlink_to("itself.md")
(resources / "gone.md").symlink_to("deleted-long-ago.md")
(resources / "uses-loop.md").write_text(
    "---\ntitle: Fractions\nsummary: A task.\ndate: 2026-02-07\ntopics: [number]\nphases: [ks3]\n"
    "resource_type: lesson\ndownloads:\n  - {file: loop.pdf, label: Task sheet}\n---\n\nBody.\n", encoding="utf-8")
