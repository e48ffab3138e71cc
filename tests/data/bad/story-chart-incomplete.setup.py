(docs / "stories" / "attendance.csv").write_text("Week,Attendance\nWeek 1,12\n", encoding="utf-8")
