(docs / "stories" / 'attendance.xlsx').write_text('x', encoding="utf-8")
