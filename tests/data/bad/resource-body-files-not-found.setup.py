# The files the body means are there, under the names they were saved as.
(docs / "resources" / "figure-2.png").write_bytes(b"\x89PNG\r\n\x1a\n")
(docs / "resources" / "table-1.csv").write_text("x,y\n1,2\n", encoding="utf-8")
