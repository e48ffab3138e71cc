"""Run the browser gates again and again on one built site, to show they are deterministic.

    .venv/bin/python tests/gates/soak.py SITE_DIR [--runs 20]

Prints one line per run and a closing count; exits 1 if any run reported a problem or raised."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gates import accessibility, common, csp, keyboard  # noqa: E402


def one_run(site: Path) -> list[str]:
    pages = list(common.one_page_per_type(site).values())
    return (csp.check_browser(site) + accessibility.check(site, pages)
            + keyboard.check(site, common.one_page_per_type(site)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    failed = 0
    for run in range(1, args.runs + 1):
        started = time.monotonic()
        try:
            problems = one_run(args.site)
        except Exception:  # noqa: BLE001 - a crash is a failed run, counted and shown
            problems = [traceback.format_exc()]
        failed += bool(problems)
        print(f"run {run}: {'ok' if not problems else f'{len(problems)} problem(s)'} in {time.monotonic() - started:.1f} s",
              flush=True)
        for problem in problems[:5]:
            print(f"  {problem}", flush=True)
    print(f"{args.runs - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
