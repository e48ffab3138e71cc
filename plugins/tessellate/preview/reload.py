"""MkDocs' reload server, sending the site's content security policy and reloading within it.

MkDocs injects its reload script inline into every page, which the site's policy refuses: it allows
the theme's own inline scripts by hash and no others. So the preview injects a tag that loads the
same script as a file from the preview's own address, which `script-src 'self'` allows, and the
script asks for news with requests to that address, which `connect-src 'self'` allows. The policy
the browser enforces in the preview is then the published one, with nothing added to it.

This leans on the reload server's private methods (`_serve_request`, `_inject_js_into_html`) and
its script's template and `serve`'s steps, as `server.py` leans on `_visible_epoch`: MkDocs is pinned below 2."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path

from mkdocs.livereload import _SCRIPT_TEMPLATE, LiveReloadServer, _timestamp

from .policy import policies

EDITOR_MARK = b'rel="cms-config-url"'  # how the editor's page (admin/) names its configuration
SCRIPT_ADDRESS = "/livereload/script.js"  # MkDocs' reload requests are under /livereload/ already
# MkDocs' own script, which reads what it was given inline from its tag's data attributes instead.
SCRIPT = _SCRIPT_TEMPLATE.substitute(epoch="+document.currentScript.dataset.epoch",
                                     request_id="+document.currentScript.dataset.request").encode()


class ReloadServer(LiveReloadServer):
    """Serves the reload script as a file, and every answer with the policy the site gives it."""

    def serve_request(self, environ, start_response) -> Iterable[bytes]:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path == SCRIPT_ADDRESS:
            start_response("200 OK", [("Content-Type", "application/javascript"),
                                      ("Content-Length", str(len(SCRIPT)))])
            return [SCRIPT]
        answer: list = []
        body = super().serve_request(environ, lambda status, headers, exc_info=None: answer.append((status, headers)))
        status, headers = answer[-1]
        page = None
        if any(name.lower() == "content-type" and value.startswith("text/html") for name, value in headers):
            page = b"".join(body)
            close = getattr(body, "close", None)
            if close is not None:
                close()
            body = [page]
        if not status.startswith("3"):
            headers = [*headers, *(("Content-Security-Policy", policy)
                                   for policy in policies(Path(self.root), self._address(path), page))]
        start_response(status, headers)
        return body

    def serve(self, *, announce: Callable[[], None] = lambda: None) -> None:
        """MkDocs' `serve`, telling `announce` once the preview can answer and every watched folder is watched.

        MkDocs starts watching inside `serve`: a message logged before it would tell a coordinator (or a
        test) to save while a save could still go unseen."""
        self.server_bind()
        self.server_activate()
        if self._watched_paths:
            self.observer.start()  # adds every folder's watch before it returns
        announce()
        self.serve_thread.start()
        self._build_loop()

    def _address(self, path: str) -> str | None:
        """`path` as an address of the site ("/" is its home page), or None when it is not the site's."""
        if not (path + "/").startswith(self.mount_path):
            return None
        rest = path[len(self.mount_path):]
        address = posixpath.normpath("/" + rest.lstrip("/"))
        return address + "/" if rest.endswith("/") and address != "/" else address

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        if EDITOR_MARK in content:  # the editor's page is not the site's: reloaded, it would lose what is typed
            return content
        tag = (f'<script src="{SCRIPT_ADDRESS}" data-epoch="{epoch}" data-request="{_timestamp()}">'
               f"</script>").encode()
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + tag + content[end:]
