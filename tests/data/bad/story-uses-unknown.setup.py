# A CPD item the story names correctly, so only the unknown slug is reported.
(docs / "cpd" / "bar-models-for-fractions.md").write_text(
    "---\ntitle: Bar models\nsummary: A video.\ndate: 2026-02-07\ntopics: [number]\n"
    "video: https://youtu.be/Tq7mB2xKp4w\nduration: \"5:00\"\n---\n\n## Transcript\n\nHello.\n", encoding="utf-8")
