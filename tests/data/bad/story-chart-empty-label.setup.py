(docs / "stories" / 'attendance.csv').write_text('Week,Attendance\nWeek 1,12\n ,14\n', encoding="utf-8")
