"""The editor's local backend for `build.py serve`: Decap CMS's proxy protocol, answered by the preview.

Decap edits a local copy through `decap-server`, a Node program speaking a small JSON protocol
(`POST /api/v1` with an action and its parameters: list a folder's entries, read one, write one with
its uploads, read and write media, delete). The preview answers the same protocol itself, so a
coordinator edits the files on disk with nothing to install beyond the engine, and every save the
editor makes is a save like any other: the preview rebuilds, its problem page included.

A page on another site must not be able to write a coordinator's files, so a request is answered only
when all of these hold, and refused with 403 otherwise:
- the preview listens on the loopback address (otherwise the endpoint is not offered at all);
- the request's Host is the preview's own loopback address (a DNS-rebinding page has another Host);
- its Origin is the preview's own, and its body JSON (`Content-Type: application/json`, which a page
  elsewhere cannot send without a CORS preflight that this endpoint never grants);
- every path it names lies inside the site's content folder once resolved: no `..`, no absolute
  path, no symbolic link leading out. Writes are whole files, written beside and renamed into place.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from ..store import write_whole

log = logging.getLogger("tessellate")
PATH = "admin/api/v1"  # under the preview's mount path
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
_LIMIT = 64 * 1024 * 1024  # bytes of one request: a video upload is the largest thing an editor sends


class Refused(Exception):
    """A request this endpoint will not carry out: its HTTP status and why."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class LocalFiles:
    """The files an editor may read and write: those inside `content`, named relative to `repo`."""

    def __init__(self, repo: Path, content: Path) -> None:
        self.repo = repo.resolve()
        self.content = content.resolve()

    def resolve(self, name: object) -> Path:
        """The file `name` (relative to the repository, as Decap names files) inside the content folder."""
        if not isinstance(name, str) or not name or "\0" in name or "\\" in name:
            raise Refused(400, "a path must be a non-empty text with forward slashes")
        posix = PurePosixPath(name)
        if posix.is_absolute() or ".." in posix.parts or (posix.parts and ":" in posix.parts[0]):
            raise Refused(403, f"{name}: only paths inside the content folder, without '..', can be used")
        try:
            path = (self.repo / posix).resolve()
        except (OSError, RuntimeError):  # a loop of symbolic links
            raise Refused(403, f"{name}: a path that cannot be followed") from None
        if path != self.content and self.content not in path.parents:
            raise Refused(403, f"{name}: outside the content folder {self._shown(self.content)}")
        return path

    def name(self, path: Path) -> str:
        return path.relative_to(self.repo).as_posix()

    def entry(self, name: str) -> dict:
        try:
            data = self.resolve(name).read_bytes()
        except OSError:
            return {"data": None, "file": {"path": name, "id": None}}
        return {"data": data.decode("utf-8", errors="replace"), "file": {"path": name, "id": _id(data)}}

    def media(self, name: str) -> dict:
        path = self.resolve(name)
        data = path.read_bytes()
        return {"id": _id(data), "content": base64.b64encode(data).decode("ascii"), "encoding": "base64",
                "path": name, "name": path.name}

    def listing(self, folder: str, extension: str, depth: int) -> list[str]:
        """Files under `folder` ending in `extension`, `depth` levels down; links out are not followed."""
        top = self.resolve(folder)
        found: list[str] = []
        for directory, folders, files in os.walk(top):
            level = len(Path(directory).relative_to(top).parts) + 1
            folders[:] = sorted(f for f in folders if level < depth and not os.path.islink(os.path.join(directory, f)))
            for file in sorted(files):
                path = Path(directory) / file
                if file.endswith(extension) and not path.is_symlink():
                    found.append(self.name(path))
        return found

    def write(self, name: str, data: bytes) -> None:
        path = self.resolve(name)
        if path.is_dir():
            raise Refused(403, f"{name}: a folder, not a file")
        write_whole(path, data)  # the preview's watcher sees a whole file, never half of one

    def delete(self, name: str) -> None:
        path = self.resolve(name)
        if path.is_file():
            path.unlink()

    def move(self, name: str, new_name: str) -> None:
        source, target = self.resolve(name), self.resolve(new_name)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)

    def _shown(self, path: Path) -> str:
        return os.path.relpath(path, self.repo)


def answer(files: LocalFiles, body: object) -> object:
    """The reply to one request of Decap's proxy protocol (decap-server's `local_fs` actions)."""
    if not isinstance(body, dict) or not isinstance(body.get("action"), str):
        raise Refused(400, "expected {action, params}")
    params = body.get("params") or {}
    if not isinstance(params, dict):
        raise Refused(400, "params must be an object")
    action = body["action"]
    if action == "info":
        return {"repo": files.repo.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        names = files.listing(params.get("folder"), str(params.get("extension") or ""), _depth(params.get("depth")))
        return [files.entry(name) for name in names]
    if action == "entriesByFiles":
        entries = []
        for file in _dicts(params.get("files")):
            entry = files.entry(file.get("path"))
            entry["file"]["label"] = file.get("label")
            entries.append(entry)
        return entries
    if action == "getEntry":
        return files.entry(_text(params.get("path")))
    if action == "persistEntry":
        entries = _dicts(params.get("dataFiles") or [params.get("entry")])
        assets = _dicts(params.get("assets"))
        for entry in entries:
            files.resolve(entry.get("path"))  # every path checked before anything is written
            if entry.get("newPath"):
                files.resolve(entry["newPath"])
        for asset in assets:
            files.resolve(asset.get("path"))
        texts = [_text(entry.get("raw")).encode("utf-8") for entry in entries]  # all read before any is written
        uploads = [_decoded(asset) for asset in assets]
        for entry, text in zip(entries, texts):
            files.write(entry["path"], text)
        for asset, upload in zip(assets, uploads):
            files.write(asset["path"], upload)
        for entry in entries:
            if entry.get("newPath"):
                files.move(entry["path"], entry["newPath"])
        return {"message": "entry persisted"}
    if action == "getMedia":
        return [files.media(name) for name in files.listing(params.get("mediaFolder"), "", 1)]
    if action == "getMediaFile":
        return files.media(_text(params.get("path")))
    if action == "persistMedia":
        asset, = _dicts([params.get("asset")])
        files.write(asset.get("path"), _decoded(asset))
        return files.media(asset["path"])
    if action == "deleteFile":
        files.delete(params.get("path"))
        return {"message": f"deleted file {params.get('path')}"}
    if action == "deleteFiles":
        names = _list(params.get("paths"))
        for name in names:
            files.resolve(name)
        for name in names:
            files.delete(name)
        return {"message": f"deleted files {', '.join(map(str, names))}"}
    if action == "getDeployPreview":
        return None
    raise Refused(422, f"unknown action {action}")


def allowed_origins(host: str, port: int) -> tuple[set[str], set[str]]:
    """The Host headers and Origins of the preview at `host`:`port`, under each loopback name."""
    names = {"127.0.0.1", "localhost", "[::1]"} if host in LOOPBACK else set()  # elsewhere: no request answered
    hosts = {f"{name}:{port}" for name in names}
    return hosts, {f"http://{h}" for h in hosts}


def wrap(app: Callable, files: LocalFiles, mount: str, host: str, port: int) -> Callable:
    """The preview's WSGI `app`, with the editor's endpoint at `mount` + PATH answered first."""
    endpoint = mount.rstrip("/") + "/" + PATH
    hosts, origins = allowed_origins(host, port)

    def editor_app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").rstrip("/") != endpoint:
            return app(environ, start_response)
        try:
            body = _request(environ, hosts, origins)
            status, reply = 200, answer(files, body)
        except Refused as refused:
            status, reply = refused.status, {"error": str(refused)}
            log.warning(f"The editor's request was refused: {refused}")
        except (ValueError, UnicodeError) as error:  # text that cannot be saved as UTF-8, say
            status, reply = 400, {"error": str(error)}
            log.warning(f"The editor's request was refused: {error}")
        except OSError as error:
            status, reply = 500, {"error": error.strerror or str(error)}
            log.error(f"The editor could not save {os.path.relpath(error.filename, files.repo) if error.filename else 'a file'}:"
                      f" {(error.strerror or str(error)).lower()}")
        data = json.dumps(reply).encode("utf-8")
        start_response(f"{status} {_REASONS.get(status, 'Error')}", [
            ("Content-Type", "application/json"), ("Content-Length", str(len(data))), ("Cache-Control", "no-store")])
        return [data]

    return editor_app


def _request(environ: dict, hosts: set[str], origins: set[str]) -> object:
    if environ.get("REQUEST_METHOD") != "POST":
        raise Refused(405, "the editor's endpoint takes POST only")
    if environ.get("HTTP_HOST", "") not in hosts:
        raise Refused(403, f"request for host {environ.get('HTTP_HOST', '')!r}, not this preview's loopback address")
    if environ.get("HTTP_ORIGIN", "") not in origins:
        raise Refused(403, f"request from {environ.get('HTTP_ORIGIN') or 'no origin'}, not from this preview")
    if environ.get("CONTENT_TYPE", "").split(";")[0].strip() != "application/json":
        raise Refused(415, "the editor sends JSON")
    try:
        size = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        size = -1
    if not 0 < size <= _LIMIT:
        raise Refused(413, "the request is empty or too large")
    try:
        return json.loads(environ["wsgi.input"].read(size))
    except ValueError as error:
        raise Refused(400, f"not JSON: {error}") from None


_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 405: "Method Not Allowed", 413: "Payload Too Large",
            415: "Unsupported Media Type", 422: "Unprocessable Entity", 500: "Internal Server Error"}


def _id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _depth(value: object) -> int:
    return value if isinstance(value, int) and value > 0 else 1


def _list(value: object) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Refused(400, "expected a list")
    return value


def _dicts(value: object) -> list[dict]:
    found = _list(value)
    if not all(isinstance(item, dict) for item in found):
        raise Refused(400, "expected a list of objects")
    return found


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise Refused(400, "expected text")
    return value


def _decoded(asset: object) -> bytes:
    if not isinstance(asset, dict) or asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
        raise Refused(400, "an upload must be base64")
    try:
        return base64.b64decode(asset["content"], validate=True)
    except ValueError as error:
        raise Refused(400, f"an upload is not valid base64: {error}") from None
