(docs / "stories" / 'attendance.csv').write_text('Week,Attendance,Goal\n\n', encoding="utf-8")
