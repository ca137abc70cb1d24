"""Serves the web chat on localhost: the page, its script, the sources list and settings.

    python -m bot.webchat.server --port 8080 --rasa-port 5005

Routes (GET and HEAD only, nothing else is served):
    /, /index.html, /chat.js, /chat.css, /favicon.svg   bot/webchat/static/
    /vendor/socket.io.min.js    node_modules/socket.io-client/dist/ (installed by `make`, npm ci)
    /sources.json               the curated sources (bot/content/sources.yml): the page links
                                only to these addresses
    /config.json                where Rasa listens, the socket.io transports to use, and the
                                starter buttons (from the content)
    /health                     "ok", for the stack's start-up check

Every response carries a strict Content-Security-Policy (only this server, plus Rasa's
origin for the socket), sets no cookie and is not cached.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
PROJECT_DIR = PACKAGE_DIR.parent.parent
SOCKET_IO_CLIENT = PROJECT_DIR / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"

# Buttons the page offers before the first message (intents from bot/content/, titles from there).

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json; charset=utf-8",
}


# socket.io transports the page may use. Websocket only: one connection stays with one
# Rasa worker process, where the socket's session lives; long-polling requests would be
# spread over the workers and replicas of the production profile (docs/deploy.md).
TRANSPORTS = ("websocket", "polling")
DEFAULT_TRANSPORTS = ("websocket",)


def rasa_origin(host: str, port: int) -> str:
    return f"http://{host}:{port}"


def security_headers(rasa_host: str, rasa_port: int) -> dict[str, str]:
    socket_origins = f"http://{rasa_host}:{rasa_port} ws://{rasa_host}:{rasa_port}"
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            f"connect-src 'self' {socket_origins}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        # A shared computer should not keep a copy of the page or the answers.
        "Cache-Control": "no-store",
    }


def sources_document() -> dict:
    """The curated sources, as the page needs them to decide which links it may show."""
    from bot.content.model import load_content

    content = load_content()
    return {
        "sources": [
            {"id": key, "organisation": source.organisation, "title": source.title, "url": source.url}
            for key, source in content.sources.items()
        ]
    }


def config_document(rasa_host: str, rasa_port: int, transports: Sequence[str] = DEFAULT_TRANSPORTS) -> dict:
    from bot.content.model import load_content
    from bot.content.render import professional_button, topic_button

    content = load_content()
    return {
        "rasa_url": rasa_origin(rasa_host, rasa_port),
        "socket_path": "/socket.io/",
        "transports": list(transports),
        # The welcome buttons: intents that declare `starter: {welcome: N}`, then the choice
        # "Ik werk met kinderen" (answers with the precise layer first, docs/language.md).
        "starters": [topic_button(item) for item in content.starters("welcome")]
        + [professional_button(content)],
    }


def build_routes(
    rasa_host: str, rasa_port: int, transports: Sequence[str] = DEFAULT_TRANSPORTS
) -> dict[str, tuple[str, bytes | Path]]:
    """Path -> (content type, bytes or a Path read on each request)."""
    routes: dict[str, tuple[str, bytes | Path]] = {}
    for path in sorted(STATIC_DIR.iterdir()):
        if path.is_file() and path.suffix in CONTENT_TYPES:
            routes[f"/{path.name}"] = (CONTENT_TYPES[path.suffix], path)
    routes["/"] = routes["/index.html"]
    routes["/vendor/socket.io.min.js"] = (CONTENT_TYPES[".js"], SOCKET_IO_CLIENT)
    as_json = lambda document: json.dumps(document, ensure_ascii=False).encode("utf-8")  # noqa: E731
    routes["/sources.json"] = (CONTENT_TYPES[".json"], as_json(sources_document()))
    routes["/config.json"] = (
        CONTENT_TYPES[".json"],
        as_json(config_document(rasa_host, rasa_port, transports)),
    )
    routes["/health"] = ("text/plain; charset=utf-8", b"ok")
    return routes


class WebchatHandler(BaseHTTPRequestHandler):
    # Set per server on a subclass (see below).
    routes: ClassVar[dict[str, tuple[str, bytes | Path]]] = {}
    headers_to_send: ClassVar[dict[str, str]] = {}

    def version_string(self) -> str:
        return "Hechtbot"  # not the Python version

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _respond(self, with_body: bool) -> None:
        path = urlsplit(self.path).path
        route = self.routes.get(path)
        if route is None:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"Niet gevonden.", with_body)
            return
        content_type, body = route
        if isinstance(body, Path):
            try:
                body = body.read_bytes()
            except OSError:
                self.log_error("cannot read %s (run `make` to install the front-end packages)", body)
                self._send(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    "text/plain; charset=utf-8",
                    b"Bestand ontbreekt op de server.",
                    with_body,
                )
                return
        self._send(HTTPStatus.OK, content_type, body, with_body)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        # Method, path and status only: no client address in the log.
        sys.stderr.write(f"webchat: {format % args}\n")


def make_server(
    port: int = 8080,
    rasa_port: int = 5005,
    host: str = "127.0.0.1",
    rasa_host: str = "localhost",
    transports: Sequence[str] = DEFAULT_TRANSPORTS,
) -> ThreadingHTTPServer:
    handler = type(
        "Handler",
        (WebchatHandler,),
        {
            "routes": build_routes(rasa_host, rasa_port, transports),
            "headers_to_send": security_headers(rasa_host, rasa_port),
        },
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def _transports(raw: str) -> tuple[str, ...]:
    chosen = tuple(name.strip() for name in raw.split(",") if name.strip())
    if not chosen or any(name not in TRANSPORTS for name in chosen):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(TRANSPORTS)}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.webchat.server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (localhost only)")
    parser.add_argument(
        "--transports",
        type=_transports,
        default=DEFAULT_TRANSPORTS,
        help=f"socket.io transports for the page, comma-separated (default: {','.join(DEFAULT_TRANSPORTS)})",
    )
    args = parser.parse_args(argv)
    if not SOCKET_IO_CLIENT.is_file():
        print(f"webchat: {SOCKET_IO_CLIENT} is missing: run `make` (npm ci) first", file=sys.stderr)
        return 1
    server = make_server(args.port, args.rasa_port, args.host, transports=args.transports)
    print(
        f"webchat: http://localhost:{args.port}/ (Rasa at {rasa_origin('localhost', args.rasa_port)})",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
