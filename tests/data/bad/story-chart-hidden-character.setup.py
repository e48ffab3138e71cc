# A label pasted with a right-to-left override: it would read differently on the page than in the file.
(docs / "stories" / "attendance.csv").write_text("Week,Attendance\nWeek 1,12\nWeek\u202e 2,14\n", encoding="utf-8")
