(docs / "stories" / 'attendance.csv').write_text('Week,Attendance\nWeek 1,12\nWeek 2,14,15\n', encoding="utf-8")
