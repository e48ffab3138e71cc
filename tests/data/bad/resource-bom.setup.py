# Windows Notepad's "UTF-8 with BOM": three invisible bytes before the first ---.
(docs / "resources" / "bom.md").write_bytes(
    b"\xef\xbb\xbf---\ntitle: Fractions on a number line\nsummary: A task.\ndate: 2026-02-07\n"
    b"topics: [number]\nphases: [ks3]\nresource_type: rich-task\n---\n\nStart with a bar model.\n")
