"""A live preview on MkDocs' own reload server, which never hangs and never stops on bad content.

MkDocs' `serve` leaves browsers waiting when a rebuild raises: the server holds every request
until a build succeeds. Here the builder never raises: when the content has errors it empties
the served folder and answers every address with a page listing the problems, which carries the
reload script, so the browser shows the site again as soon as a save fixes them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs import exceptions
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import _serve_url

from ..admin import local_api
from ..failures import explain
from ..model import Problem
from ..pages import editor
from ..pages.generated import ASSETS
from ..pages.plugin import TEMPLATES
from ..scratch import make_scratch
from .problem_page import problem_page
from .reload import ReloadServer
from .theme_files import ThemeFiles

log = logging.getLogger("tessellate")


class _ContentErrors(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


class Preview:
    """Builds the site into a temporary folder for the reload server; problems become a page."""

    def __init__(self, config_file: Path, dev_addr: str, strict: bool, report) -> None:
        self.config_file, self.dev_addr, self.strict, self.report = config_file, dev_addr, strict, report
        self.site_dir = make_scratch("tessellate-preview-")
        self.search_cache = make_scratch("tessellate-index-")  # the last search index, for saves that leave it be
        self.problems_html: str | None = None
        self.serve_url = ""
        self.server: ReloadServer | None = None
        self._later: list = []  # what the plugin leaves to write once a rebuild's pages show
        self._retired: list[str] = []  # earlier rebuilds' folders, to remove once the pages show
        self._remembered: dict[str, dict] = {}  # the last rebuild's reused renders and pages
        self._theme_files = ThemeFiles()
        self._writing: threading.Thread | None = None
        self._stop = threading.Event()  # set to stop the last rebuild's writing: a newer one replaces it
        self._config = self._plugin = None  # the last rebuild's, for the editor shown beside its problems

    def config(self):
        config = load_config(str(self.config_file), site_dir=self.site_dir, dev_addr=self.dev_addr, strict=self.strict)
        plugin = config.plugins.get("tessellate")
        if plugin is None:
            raise exceptions.ConfigurationError("the tessellate plugin is not listed under plugins:")
        plugin.preview = True
        # --strict fails a rebuild on any warning, those of the feeds, index and kits too: they are
        # written before the pages show, not after, so that their warnings count.
        plugin.defer = None if self.strict else self._later.append
        plugin.remembered = self._remembered
        plugin.search_cache = Path(self.search_cache)
        self._theme_files.remember(config)
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    def build(self, config=None) -> None:
        """One rebuild; never raises, so the reload server always moves on to the next save."""
        # The last rebuild's feeds, index and kits are for pages this one replaces: stopped, not
        # waited for, and before this build starts, as they share its caches.
        self.finish_writing(stop=True)
        started = time.monotonic()
        problems: list[Problem] = []
        other: list[str] = []
        warned: list[str] = []
        site_name = "the site"
        self._config = self._plugin = None
        try:
            config = config or self.config()
            self._config, self._plugin = config, config.plugins["tessellate"]
            site_name = config.site_name
            catalogue = config.plugins["tessellate"].read_content(config)
            self.report(catalogue)
            if catalogue.errors:
                raise _ContentErrors(catalogue.problems)
            self._retire()
            with _warnings(warned):
                build(config, serve_url=self.serve_url or None)
        except _ContentErrors as error:
            here = Path.cwd()
            problems = [p.shown_from(here) for p in error.problems]
        except (exceptions.MkDocsException, OSError, ValueError) as error:
            other = [f"{error.__class__.__name__}: {error}".replace("PluginError: ", "").replace("Abort: ", "")]
            log.error(f"error: {other[0]}")
            if self.strict:  # the page says which warnings failed the build, not only how many
                other += warned
        except Exception as error:  # noqa: BLE001 - the preview never stops; the message says what happened
            if explained := explain(error):  # a theme template with a mistake: its file and line
                other = [explained]
                log.error(f"error: {explained}")
            else:
                other = [f"The build stopped unexpectedly: {error.__class__.__name__}: {error}"]
                log.error(f"error: {other[0]} (run with --verbose for details)")
            log.debug("details", exc_info=True)
        if problems or other:
            _empty(Path(self.site_dir))
            self._keep_editor()
            self.problems_html = problem_page(problems, other, site_name)
            log.info("The browser shows the problems; save a fix and it reloads.")
            self._later.clear()  # nothing more to write beside a problem page
        else:
            self.problems_html = None
            log.info(f"Preview rebuilt in {time.monotonic() - started:.1f} s: {self.serve_url}")
        self._write_later()

    def _keep_editor(self) -> None:
        """Write the editor into the emptied site: while the problem page shows, a coordinator can still
        open admin/ and mend there what they saved. Not when mkdocs.yml itself cannot be read."""
        plugin = self._plugin
        if plugin is None or plugin.catalogue is None:
            return
        try:
            files = editor.site_files(self._config, plugin.catalogue.site, plugin.config.admin, preview=True)
            for path, content in files.items():
                target = Path(self.site_dir) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, Path):
                    shutil.copyfile(content, target)
                else:
                    target.write_bytes(content)
        except OSError as error:
            log.error(f"error: the editor could not be shown beside the problems: {error}")

    def _retire(self) -> None:
        """Move the last rebuild's folder aside, to be removed later: MkDocs would empty it file by
        file before building, and the browser would wait for that."""
        retired = f"{self.site_dir}.old-{time.monotonic_ns()}"
        try:
            os.rename(self.site_dir, retired)
            os.mkdir(self.site_dir)
        except OSError:  # MkDocs empties it, as it always has
            return
        self._retired.append(retired)

    def _write_later(self) -> None:
        """Write what the plugin left for later (feeds, search index, share kits) beside the server,
        which shows the new pages meanwhile."""
        jobs, retired, stop = list(self._later), list(self._retired), self._stop
        self._later.clear()
        self._retired.clear()

        def run() -> None:
            started = time.monotonic()
            for job in jobs:
                try:
                    job(stop)
                except Exception as error:  # noqa: BLE001 - the preview never stops; the message says what happened
                    log.error(f"error: {str(error).replace('PluginError: ', '')}")
                    log.debug("details", exc_info=True)
            if jobs and not stop.is_set():
                log.info(f"Feeds, search index and share kits updated in {time.monotonic() - started:.1f} s")
            for folder in retired:
                shutil.rmtree(folder, ignore_errors=True)

        if jobs or retired:
            self._writing = threading.Thread(target=run, name="tessellate-later", daemon=True)
            self._writing.start()

    def close(self) -> None:
        """Stop the writing, and remove every folder the preview made: its site, the sites it
        replaced (even one a stop interrupted), and its search index."""
        self.finish_writing(stop=True)
        for folder in (self.site_dir, *self._retired, self.search_cache):
            shutil.rmtree(folder, ignore_errors=True)

    def finish_writing(self, stop: bool = False) -> None:
        """Wait for the last rebuild's writing to end; with `stop`, stop it first."""
        if self._writing is not None:
            if stop:
                self._stop.set()
            self._writing.join()
            self._writing = None
            self._stop = threading.Event()

    def error_page(self, code: int) -> bytes | None:
        if self.problems_html is not None and self.server is not None:
            # Carries the reload script, so the page reloads itself once a save fixes the content.
            return self.server._inject_js_into_html(self.problems_html.encode(), self.server._visible_epoch)
        page = Path(self.site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def watched(self, config) -> list[str]:
        """The content, mkdocs.yml, the theme's custom_dir, the engine's templates and assets, and `watch:`."""
        paths = [config.docs_dir, config.config_file_path, config.theme.custom_dir, str(TEMPLATES), str(ASSETS),
                 *config.watch]
        return [path for path in dict.fromkeys(paths) if path and os.path.exists(path)]


def serve(config_file: Path, dev_addr: str, strict: bool, report) -> None:
    """Serve the preview until interrupted; `report(catalogue)` shows each build's problems in the terminal."""
    preview = Preview(config_file, dev_addr, strict, report)
    try:
        config = preview.config()
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        preview.serve_url = config.site_url = _serve_url(host, port, mount_path)
        server = ReloadServer(builder=preview.build, host=host, port=port, root=preview.site_dir,
                              mount_path=mount_path)
        preview.server = server
        server.error_handler = preview.error_page
        if config.plugins["tessellate"].config.admin is not False:
            _edit_locally(server, config, host, port, mount_path)
        # As MkDocs' serve does: plugins that keep state across rebuilds learn they are serving.
        config.plugins.on_startup(command="serve", dirty=False)
        preview.build(config)
        for path in preview.watched(config):
            server.watch(path)
        try:
            server.serve(announce=lambda: log.info(f"Previewing at {preview.serve_url} (drafts and future items "
                                                   "included); press Ctrl+C to stop."))
        except KeyboardInterrupt:
            log.info("Preview stopped.")
        finally:
            server.shutdown()
            preview.finish_writing(stop=True)
            config.plugins.on_shutdown()
    finally:
        preview.close()


def _edit_locally(server, config, host: str, port: int, mount_path: str) -> None:
    """The editor at admin/ saves into the content folder through the preview, on the loopback address only."""
    if host not in local_api.LOOPBACK:
        log.info(f"The editor at admin/ cannot save here: the preview listens on {host}, not only on this "
                 "computer (serve with -a 127.0.0.1:8000 to edit in the browser)")
        return
    files = local_api.LocalFiles(Path(config.config_file_path).parent, Path(config.docs_dir))
    server.set_app(local_api.wrap(server.get_app(), files, mount_path, host, port))


@contextlib.contextmanager
def _warnings(warned: list[str]):
    """Collect into `warned` the messages of the warnings logged meanwhile (MkDocs' and the plugins')."""
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warned.append(record.getMessage())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _empty(folder: Path) -> None:
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
