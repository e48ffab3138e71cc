# A file and a folder linked from outside the content folder: neither may be published.
outside = root / "private"
(outside / "notes").mkdir(parents=True)
(outside / "marks.md").write_text("---\ntitle: Marks\n---\n", encoding="utf-8")
(outside / "notes" / "n.md").write_text("---\ntitle: Notes\n---\n", encoding="utf-8")
(docs / "resources" / "marks.md").symlink_to("../../private/marks.md")
(docs / "resources" / "notes").symlink_to("../../private/notes")
