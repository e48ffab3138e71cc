# Windows line endings are fine; the error on line 5 is still reported on line 5.
(docs / "resources" / "windows-line-endings.md").write_bytes(
    b"---\r\ntitle: Fractions\r\nsummary: A task.\r\ndate: 2026-02-07\r\ntopics: [numbr]\r\n"
    b"phases: [ks3]\r\nresource_type: lesson\r\n---\r\n\r\nBody.\r\n")
