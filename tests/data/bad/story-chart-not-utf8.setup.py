# Saved as Windows-1252 by an old spreadsheet: "Année" is not UTF-8.
(docs / "stories" / "attendance.csv").write_bytes(b"Week,Attendance\nWeek 1,12\nAnn\xe9e 2,14\n")
