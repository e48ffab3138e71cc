"""The CPD test site: one item per accepted `video:` form, a self-hosted file, live sessions, a
resource and a story, with what the tests expect of each written down here, from the front matter."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from conftest import run_build

SITE_URL = "https://maths.example.org/net/"
BRAND = "#1b5e8a"
CONFIG = f"""\
site_name: Video test network
site_url: {SITE_URL}
theme: {{name: material}}
plugins:
  - search
  - tessellate:
      timezone: Europe/London
      brand: {{colour: "{BRAND}"}}
      embeds: [www.geogebra.org]
      taxonomy:
        topics: {{number: Number}}
        phases: {{ks3: Key Stage 3, ks4: Key Stage 4}}
        resource_types: {{lesson: Lesson}}
"""
# name: (video address, provider, id, start seconds, privacy hash)
HOSTED = {
    "watch": ("https://www.youtube.com/watch?v=Tq7mB2xKp4w&t=1m30s", "youtube", "Tq7mB2xKp4w", 90, ""),
    "short-link": ("https://youtu.be/Lr3Zc8NwQe1?t=42", "youtube", "Lr3Zc8NwQe1", 42, ""),
    "embed": ("https://www.youtube.com/embed/hW9dKs2Yf0M?start=15", "youtube", "hW9dKs2Yf0M", 15, ""),
    "shorts": ("https://www.youtube.com/shorts/pX4nR7tVb2c", "youtube", "pX4nR7tVb2c", 0, ""),
    "live-stream": ("https://www.youtube.com/live/aB3dE5fG7h_?t=2m", "youtube", "aB3dE5fG7h_", 120, ""),
    "vimeo": ("https://vimeo.com/76979871", "vimeo", "76979871", 0, ""),
    "vimeo-unlisted": ("https://vimeo.com/812345678/4f9a2c71be#t=1m5s", "vimeo", "812345678", 65, "4f9a2c71be"),
}
CHAPTERS = [(0, "0:00", "Why bar models?"), (105, "1:45", "Fractions of an amount"), (250, "4:10", "Comparing")]
START, END = "2027-01-20T16:00:00+00:00", "2027-01-20T16:45:00+00:00"
BEFORE = int(datetime(2026, 12, 1, tzinfo=timezone.utc).timestamp())
DURING = int(datetime(2027, 1, 20, 16, 10, tzinfo=timezone.utc).timestamp())
AFTER = int(datetime(2027, 1, 21, tzinfo=timezone.utc).timestamp())


def cpd(title: str, extra: str, body: str = "## Transcript\n\nHello and welcome to the session about bar models.\n",
        date: str = "2026-10-01") -> str:
    return f"---\ntitle: {json.dumps(title)}\nsummary: {json.dumps(f'A short video about {title}.')}\ndate: {date}\ntopics: [number]\n{extra}---\n\n{body}"


def write_site(root: Path) -> None:
    docs = root / "docs"
    files = {"index.md": "# Home\n"}
    for n, (name, (address, *_)) in enumerate(HOSTED.items()):
        extra = f'video: "{address}"\nduration: "4:50"\n'
        if name == "watch":
            extra += "chapters:\n" + "".join(f'  - {{at: "{t}", title: "{c}"}}\n' for _, t, c in CHAPTERS)
        if name in ("watch", "short-link", "embed"):
            extra += f"series: {{name: Bar models, part: {['watch', 'short-link', 'embed'].index(name) + 1}}}\n"
        if name == "vimeo":
            extra = extra.replace('"4:50"', '"12:30"')
        if name == "shorts":
            extra += "poster: cover.svg\n"
        files[f"cpd/{name}.md"] = cpd(f"Video {name}", extra, date=f"2026-10-{n + 1:02d}")
    files["cpd/self-hosted.md"] = cpd("Self-hosted talk", 'video: talk.mp4\nduration: "3:00"\ncaptions: talk.vtt\n'
                                      'chapters:\n  - {at: "1:30", title: Halfway}\n')
    files["cpd/talk.mp4"] = "not really a video\n"
    files["cpd/cover.svg"] = '<svg xmlns="http://www.w3.org/2000/svg"><title>A cover</title></svg>\n'
    files["cpd/talk.vtt"] = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"
    live = f'live:\n  start: "{START}"\n  end: "{END}"\n  join_url: https://meet.example.org/algebra\n'
    files["cpd/live-only.md"] = cpd("Live: algebra misconceptions", live, "Join us.\n", date="2026-11-01")
    files["cpd/live-recorded.md"] = cpd("Live: questioning", live.replace("16:", "17:").replace("meet.example.org/algebra", "meet.example.org/q")
                                        + 'video: https://youtu.be/Tq7mB2xKp4w\nduration: "40:00"\n', date="2026-11-02")
    files["resources/sheet.md"] = ("---\ntitle: Bar model sheet\nsummary: A sheet.\ndate: 2026-09-01\ntopics: [number]\n"
                                   "phases: [ks3]\nresource_type: lesson\ndownloads:\n  - {file: sheet.pdf, label: Task sheet}\n"
                                   "---\n\n## Using it\n\nHand it out.\n")
    files["resources/sheet.pdf"] = "%PDF-1.4 twelve bytes\n"
    files["stories/polventon.md"] = ("---\ntitle: Polventon fractions\nsummary: A story.\ndate: 2026-09-02\ntopics: [number]\n"
                                     "organisation: Polventon Academy\nimpact:\n  - {measure: Students confident with fractions, before: 22%, after: 68%}\n"
                                     "uses: [watch, sheet]\n---\n\nA story.\n")
    for path, content in files.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(content, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")


def build(root: Path, epoch: int) -> Path:
    out = root / f"site-{epoch}"
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(out), env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def resolve(site: Path, url: str, href: str) -> Path:
    """The file a relative `href` on the page at `url` points to."""
    target = urlsplit(urljoin(f"https://h/{url}", href)).path.lstrip("/")
    return site / target / "index.html" if target.endswith("/") or not target else site / target


def loads_at_page_load(tree) -> list[str]:
    """Every address the browser fetches as the page loads (not links, not data attributes)."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in ("src", "poster", "srcset", "data"):
            if element.get(name) and element.tag in ("img", "script", "iframe", "video", "audio", "source", "track",
                                                     "object", "embed", "input"):
                found.append(element.get(name))
        if element.tag == "link" and element.get("rel") not in ("canonical", "alternate", "license", "prev", "next"):
            found.append(element.get("href") or "")
    return found
