# A resource whose front matter cannot be read (an unclosed quote), linked from two CPD videos and
# naming a download beside it, used by a story, and a file sorting before it with an ordinary error: the unreadable
# file is still reported first, with the links and the download folded into its one problem.
(docs / "resources" / "best-buys-ratio.md").write_text(
    "---\ntitle: \"Best buys\nsummary: Which is the better deal?\ndate: 2026-02-07\ntopics: [ratio]\n"
    "phases: [ks3]\nresource_type: lesson\ndownloads:\n  - {file: best-buys-prices.txt, label: Prices}\n---\n\nBody.\n",
    encoding="utf-8")
(docs / "resources" / "best-buys-prices.txt").write_text("Prices\n", encoding="utf-8")
(docs / "cpd" / "aaa-first.md").write_text(
    "---\ntitle: First\nsummary: A video.\ndate: 2026-02-07\ntopics: [numbr]\nvideo: https://youtu.be/Tq7mB2xKp4w\n"
    "duration: \"1:00\"\nresources: [best-buys-ratio]\n---\n\n## Transcript\n\nWords.\n", encoding="utf-8")
(docs / "stories" / "uses-best-buys.md").write_text(
    "---\ntitle: Best buys in Year 10\nsummary: A story.\ndate: 2026-02-07\ntopics: [ratio]\n"
    "organisation: Polventon Academy\nuses: [best-buys-ratio]\n---\n\nA story.\n", encoding="utf-8")
