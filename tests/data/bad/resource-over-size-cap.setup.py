# One byte over the cap of 1,000,000 bytes: valid front matter, then a huge body.
head = b"---\ntitle: Huge\nsummary: A task.\ndate: 2026-02-07\ntopics: [number]\nphases: [ks3]\nresource_type: rich-task\n---\n"
(docs / "resources" / "huge.md").write_bytes(head + b"x" * (1_000_001 - len(head)))
