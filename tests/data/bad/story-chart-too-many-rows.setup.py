rows = "".join(f"Day {n},{n}\n" for n in range(1, 202))
(docs / "stories" / "attendance.csv").write_text("Day,Attendance\n" + rows, encoding="utf-8")
