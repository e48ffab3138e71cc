# A near miss beside the page, so the message can suggest it.
(docs / "resources" / "task-sheets.pdf").write_bytes(b"%PDF-1.4\n")
