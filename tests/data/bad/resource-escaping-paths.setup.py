# A file one folder up but still inside the content folder is allowed; the rest escape it.
(docs / "stories" / "secret.pdf").write_bytes(b"%PDF-1.4\n")
