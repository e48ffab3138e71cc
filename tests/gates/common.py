"""What the gates share: the pages of a built site, their types, the tools, a local server."""

from __future__ import annotations

import atexit
import contextlib
import fnmatch
import functools
import http.server
import os
import re
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("TESSELLATE_CHROMIUM", "/usr/bin/chromium"))
# The flags this machine needs (Playwright adds a fresh profile directory itself): without the
# background-networking ones Chromium keeps trying hosts that the closed network refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}  # wide enough for Material's header search and sidebars


def missing_tools(*needs: str) -> list[str]:
    """The tools among `needs` ("java", "vnu", "chromium", "playwright", "axe") not installed here."""
    checks = {
        "java": lambda: shutil.which("java") is not None,
        "vnu": VNU_JAR.is_file,
        "chromium": lambda: CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK),
        "playwright": lambda: _importable("playwright.sync_api"),
        "axe": AXE_JS.is_file,
    }
    where = {
        "java": "java (Java 17) on PATH",
        "vnu": f"{VNU_JAR.relative_to(REPO)} (npm ci)",
        "chromium": f"{CHROMIUM} (apt-get install chromium)",
        "playwright": "the python playwright package (pip install -e '.[test]')",
        "axe": f"{AXE_JS.relative_to(REPO)} (npm ci)",
    }
    return [where[need] for need in needs if not checks[need]()]


def _importable(module: str) -> bool:
    import importlib.util
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


def page_url(site: Path, path: Path) -> str:
    """The site-relative URL a reader uses for the page in `path` (`resources/x/` for resources/x/index.html)."""
    where = rel(site, path)
    return where[: -len("index.html")] if where == "index.html" or where.endswith("/index.html") else where


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(path)).getroot()


def page_type(site: Path, path: Path) -> str:
    """A name for the kind of page: home, 404, "resources item", "resources index", topic, subscribe...

    Item pages are told by the template's `article.tx-item--KIND`; every other page by where it is,
    so a page type added later gets a name of its own and the browser gates cover it."""
    where = page_url(site, path)
    if where == "":
        return "home"
    if where.startswith("share/"):  # the share kit: coordinators' pages and the email snippets they copy
        return _share_type(where)
    if not where.endswith("/"):
        return where  # 404.html
    parts = where.strip("/").split("/")
    tree = parse(path)
    item = tree.cssselect("article.tx-item")
    if item:
        kinds = [c[len("tx-item--"):] for c in item[0].get("class", "").split() if c.startswith("tx-item--")]
        # Interactive pieces inside an item make a page type of their own, so the browser gates try them.
        extra = " with an embed" if tree.cssselect(".tx-embed") else ""
        return f"{kinds[0] if kinds else parts[0]} item{extra}"
    if len(parts) == 1:
        return f"{parts[0]} index" if tree.cssselect("ul.tx-cards, ul.tx-topics, p.tx-count") else f"{parts[0]} page"
    if parts[0] == "topics":
        return "topic"
    return f"{parts[0]} page"


# An email tool's unsubscribe merge tag (Mailchimp `*|UNSUB|*`, Brevo `{{ unsubscribe }}`) is the
# href a newsletter must carry for the tool to replace it; the share kit's emails hold it on purpose.
MERGE_TAG = re.compile(r"\*\|[A-Z_]+\|\*|\{\{\s*[\w.]+\s*\}\}")


def is_merge_tag(where: str, url: str) -> bool:
    """True for a merge tag used as an address in a share-kit page (`where` is site-relative)."""
    return where.startswith("share/") and bool(MERGE_TAG.fullmatch(url.strip()))


def _share_type(where: str) -> str:
    if where.endswith("email.html"):
        return "share email"
    parts = where.strip("/").split("/")
    if len(parts) == 1:
        return "share index"
    return "share digest" if parts[1] == "digest" else "share kit"


def pages_by_type(site: Path) -> dict[str, list[Path]]:
    types: dict[str, list[Path]] = {}
    for path in html_pages(site):
        types.setdefault(page_type(site, path), []).append(path)
    return types


def one_page_per_type(site: Path) -> dict[str, Path]:
    """The first page (in path order) of each type: what the slower browser gates walk through."""
    return {name: paths[0] for name, paths in sorted(pages_by_type(site).items())}


def site_url(site: Path) -> str | None:
    """The site's own address, from the home page's canonical link (None when it has none)."""
    home = site / "index.html"
    if not home.exists():
        return None
    for link in parse(home).cssselect('link[rel="canonical"]'):
        return link.get("href")
    return None


def local_path(site: Path, url_path: str) -> Path:
    """The file in `site` that a static host serves for the site-relative `url_path`."""
    target = site / unquote(url_path).lstrip("/")
    if url_path == "" or url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


# -- A local static server, with the headers from the site's `_headers` file as a host applies them.

def read_headers_file(site: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a Netlify/Cloudflare-style `_headers` file: (path pattern, [(name, value)])."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    path = site / "_headers"
    if not path.exists():
        return rules
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and line.strip().startswith("!"):  # "! Name": the header an earlier rule set, detached
            rules[-1][1].append(("! " + line.strip()[1:].strip(), ""))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class _Handler(http.server.SimpleHTTPRequestHandler):
    headers_rules: list = []

    def end_headers(self):
        path = urlsplit(self.path).path
        sent: list[tuple[str, str]] = []
        for pattern, headers in self.headers_rules:
            if fnmatch.fnmatchcase(path, pattern):
                for name, value in headers:
                    if name.startswith("! "):  # detached, as Cloudflare Pages does: a later rule replaces it
                        sent = [(n, v) for n, v in sent if n.lower() != name[2:].lower()]
                    else:
                        sent.append((name, value))
        for name, value in sent:
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):  # quiet
        pass


@contextlib.contextmanager
def serve(site: Path, with_headers: bool = True) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 at a free port in a thread; yields the base URL ending in '/'."""
    handler = type("Handler", (_Handler,), {"headers_rules": read_headers_file(site) if with_headers else []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def browser(chromium=None, args: tuple[str, ...] = ()) -> Iterator:
    """Debian's Chromium, headless, driven by Playwright (with `args` besides this machine's). Never a
    browser that Playwright downloads. Given a `chromium` already running (a test module's, for all
    its gates), that one, left running. Without `args`, the one this process shares between its test
    modules: each test works in contexts of its own (cookies, storage, cache, routes), and a launch
    (Playwright's driver and Chromium's processes, about a CPU-second) is made once, not per module."""
    if chromium is not None:
        yield chromium
    elif not args:
        shared = _Shared.browser()
        before = set(shared.contexts)
        try:
            yield shared
        finally:  # what the block left open is closed, as the browser's close closed it: no page of it runs on
            for context in set(shared.contexts) - before:
                context.close()
    else:
        launched = _Shared.launch(args)
        try:
            yield launched
        finally:
            launched.close()


class _Shared:
    """This process's Playwright, started at its first browser, and its plain Chromium; stopped at exit."""
    playwright = None
    chromium = None

    @classmethod
    def launch(cls, args: tuple[str, ...] = ()):
        if cls.playwright is None:
            from playwright.sync_api import sync_playwright
            cls.playwright = sync_playwright().start()
        # Playwright starts Chromium with a new, empty profile of its own (a fresh --user-data-dir,
        # which it refuses as an argument) and deletes it on close.
        return cls.playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_ARGS, *args])

    @classmethod
    def browser(cls):
        if cls.chromium is None or not cls.chromium.is_connected():
            cls.chromium = cls.launch()
        return cls.chromium

    @classmethod
    def stop(cls) -> None:
        if cls.chromium is not None and cls.chromium.is_connected():
            cls.chromium.close()
        if cls.playwright is not None:
            cls.playwright.stop()
        cls.chromium = cls.playwright = None


def stop_browsers() -> None:
    """Close this process's shared Chromium and stop its Playwright (a later browser() starts them again)."""
    _Shared.stop()


atexit.register(stop_browsers)  # for a process that never says when its tests end


def requests_in_flight(page) -> set:
    """The requests of `page` not yet finished or failed, kept up to date as the page makes them
    (cleared by the caller before each page it loads)."""
    in_flight: set = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    return in_flight


IDLE = "() => new Promise(done => requestIdleCallback(() => done(), {timeout: 1000}))"


def settle(page, in_flight: set, timeout: float = 10) -> None:
    """Wait until none of the page's requests is in flight and its scripts have done their work (its
    main thread has been idle), for at most `timeout` s: a page that builds itself from what it fetches
    (the editor's shows a loader until its configuration has come) is then as a reader sees it. Unlike
    Playwright's "networkidle", it does not wait half a second more after the last response."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if in_flight:
            page.wait_for_timeout(20)
            continue
        page.evaluate(IDLE)
        if not in_flight:
            return


def origin_for(site: Path, local_base: str) -> str:
    """Where the browser gates load the site: at its own address (`site_url`, from the home page's
    canonical link), so 'self' in its policy and absolute links mean what they mean when deployed;
    requests there are answered by the local server. Without a site_url, the local server itself."""
    own = site_url(site)
    if own and urlsplit(own).scheme in ("http", "https"):
        return own if own.endswith("/") else own + "/"
    return local_base


def new_context(chromium, local_base: str, origin: str | None = None, **options):
    """A browser context in which `origin` (default `local_base`) is served from `local_base`, the
    local server; every other request is aborted, never fetched from the network."""
    origin = origin or local_base
    context = chromium.new_context(viewport=VIEWPORT, base_url=origin, **options)

    def route(route):
        url = route.request.url
        if url.startswith(origin) and origin != local_base:
            # Fetched here, not with route.fetch(): Playwright disposes of a fetched response when
            # the browser closes, and a request still in flight then failed the gate now and again.
            status, headers, body = _local_fetch(local_base + url[len(origin):])
            route.fulfill(status=status, headers=headers, body=body)
        elif url.startswith(local_base):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return context


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the browser follows redirects itself, as from a real host


_OPENER = urllib.request.build_opener(_NoRedirects)


def _local_fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET to the local server, whatever the status."""
    try:
        with _OPENER.open(url, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers.items()), error.read()
