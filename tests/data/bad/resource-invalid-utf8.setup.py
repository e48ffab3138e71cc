# Latin-1 bytes saved by an old editor: 0xe9 is "é" in Latin-1, invalid on its own in UTF-8.
(docs / "resources" / "invalid-utf8.md").write_bytes(
    b"---\ntitle: Caf\xe9 maths\nsummary: A task.\ndate: 2026-02-07\ntopics: [number]\nphases: [ks3]\n"
    b"resource_type: rich-task\n---\n\nStart with a bar model.\n")
