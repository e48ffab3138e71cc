"""A built site in headless Chromium at its own address (its site_url, https://maths.example.org/),
answered by a local server as a host answers it: how the gates that load many pages open them.

common.new_context does the same by routing every request through Playwright to the local server,
but Playwright turns the browser's cache off while it routes, and every file passes through it and
through Python twice: measured on the example site, a third more CPU and twice the time per page.
Here Chromium itself finds the site's host name at a local HTTPS server (and no other name anywhere,
so nothing is fetched from the network), and trusts that server's certificate, made for the run
with openssl, by its key (--ignore-certificate-errors-spki-list, for such tests). The server is
common.serve's, `_headers` rules and all. Without openssl, or for a site without an https address,
the pages are routed as before."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.server
import shutil
import ssl
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from gates.common import VIEWPORT, _Handler, browser, new_context, origin_for, read_headers_file, serve, site_url


class _SiteHandler(_Handler):
    """common.serve's handler, for whichever site the server holds at the moment of the request."""
    protocol_version = "HTTP/1.1"  # connections kept open: a TLS handshake per connection, not per file

    @property
    def headers_rules(self):
        return self.server.headers_rules

    def translate_path(self, path: str) -> str:
        self.directory = str(self.server.site)
        return super().translate_path(path)


class SiteBrowser:
    """Chromium that finds the address `origin` at a local server, and that server: `serving(site)` says
    which built site it answers with (a test module's browser serves each of its sites in turn)."""

    def __init__(self, chromium, server: http.server.ThreadingHTTPServer, origin: str):
        self.chromium, self.server, self.origin = chromium, server, origin

    @contextlib.contextmanager
    def serving(self, site: Path) -> Iterator[None]:
        self.server.site, self.server.headers_rules = site, read_headers_file(site)
        try:
            yield
        finally:
            self.server.site, self.server.headers_rules = None, []


def own_origin(site: Path) -> str | None:
    """The site's https address from its home page's canonical link, ending in '/'; None without one."""
    own = site_url(site)
    if not own or urlsplit(own).scheme != "https":
        return None
    return own if own.endswith("/") else own + "/"


@contextlib.contextmanager
def site_browser(site: Path) -> Iterator:
    """A SiteBrowser for `site`'s address, or a plain Chromium (common.browser) where one cannot be had."""
    origin = own_origin(site)
    if origin is None or shutil.which("openssl") is None:
        with browser() as chromium:
            yield chromium
        return
    with tempfile.TemporaryDirectory(prefix="tessellate-tls-") as folder:
        certificate, key, fingerprint = _certificate(Path(folder))
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(certificate, key)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SiteHandler)
        server.daemon_threads = True
        server.site, server.headers_rules = None, []
        # The handshake is made in each connection's own thread, on its first read, not in accept().
        server.socket = tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        host = urlsplit(origin).hostname
        args = (f"--host-resolver-rules=MAP {host} 127.0.0.1:{server.server_address[1]}, MAP * ~NOTFOUND",
                f"--ignore-certificate-errors-spki-list={fingerprint}")
        try:
            with browser(args=args) as chromium:
                yield SiteBrowser(chromium, server, origin)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


def _certificate(folder: Path) -> tuple[Path, Path, str]:
    """A self-signed certificate and its key, made now, and the key's SHA-256 fingerprint (base64)."""
    certificate, key = folder / "certificate.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-subj", "/CN=Tessellate gates", "-days", "2", "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True, timeout=60)
    public = subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout", "-outform", "DER"],
                            check=True, capture_output=True, timeout=60).stdout
    return certificate, key, base64.b64encode(hashlib.sha256(public).digest()).decode()


@contextlib.contextmanager
def opened(site: Path, chromium=None) -> Iterator[tuple]:
    """A new browser context in which `site` is at its own address, and that address (ending in '/'):
    in `chromium` when it is given (a SiteBrowser for that address, or any Chromium, routed), else in a
    Chromium of its own."""
    if chromium is None:
        with site_browser(site) as chromium, opened(site, chromium) as found:
            yield found
        return
    if isinstance(chromium, SiteBrowser) and chromium.origin == own_origin(site):
        with chromium.serving(site), chromium.chromium.new_context(viewport=VIEWPORT) as context:
            yield context, chromium.origin
        return
    plain = chromium.chromium if isinstance(chromium, SiteBrowser) else chromium
    with serve(site) as local, new_context(plain, local, origin_for(site, local)) as context:
        yield context, origin_for(site, local)
