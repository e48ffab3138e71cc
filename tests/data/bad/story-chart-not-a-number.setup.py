(docs / "stories" / 'attendance.csv').write_text('Week,Attendance,Goal\nWeek 1,12,15\nWeek 2,14,15\nWeek 3,twelve,15\n', encoding="utf-8")
