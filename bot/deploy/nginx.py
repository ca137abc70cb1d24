"""The nginx configuration in front of the production profile: one origin for everything.

    /            the web page server (bot/webchat/server.py), GET and HEAD only
    /webhooks/   Rasa's REST channel, spread over the replicas (round robin)
    /socket.io/  Rasa's socket.io channel, websocket upgrade, sticky per client address

Every response carries the web server's own security headers (bot/webchat/server.py):
the page's Content-Security-Policy names this origin for the socket, because the page
talks to Rasa through nginx. Nothing is logged per request (no client addresses).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.webchat.server import security_headers

# A message longer than the guard reads (1,000,000 characters, up to 4 bytes each in
# UTF-8) must still reach Rasa, which answers it kindly, rather than get nginx's 413.
MAX_BODY = "8m"
# A REST turn may wait for a crashed replica's conversation lock to expire
# (TICKET_LOCK_LIFETIME) before it runs; socket.io's pings keep a websocket busier than this.
READ_TIMEOUT = "120s"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


@dataclass(frozen=True)
class Site:
    port: int  # where nginx listens (127.0.0.1); browsers open http://<public_host>:<port>/
    rasa_ports: Sequence[int]  # one per Rasa replica, on 127.0.0.1
    web_port: int  # the web page server, on 127.0.0.1
    public_host: str = "localhost"  # the host name in the page's address (for its CSP)
    run_as_root: bool = False  # then the workers need an unprivileged user

    @property
    def origin(self) -> str:
        return f"http://{self.public_host}:{self.port}"


def _quoted(value: str) -> str:
    if '"' in value or "\\" in value or "\n" in value:
        raise ValueError(f"cannot put {value!r} in an nginx string")
    return f'"{value}"'


def _servers(ports: Sequence[int]) -> str:
    return "\n".join(f"        server 127.0.0.1:{port};" for port in ports)


def render(site: Site, prefix: Path) -> str:
    """nginx.conf for `site`, with every file nginx writes under `prefix`."""
    if not site.rasa_ports:
        raise ValueError("at least one Rasa replica")
    # The page's server sets these too: hidden from its responses and set once here, so
    # every response has exactly one copy, REST and socket.io ones included.
    headers = security_headers(site.public_host, site.port)
    hide = "\n".join(f"            proxy_hide_header {name};" for name in headers)
    add = "\n".join(f"        add_header {name} {_quoted(value)} always;" for name, value in headers.items())
    temp = "\n".join(f"    {name}_temp_path {prefix / ('tmp-' + name)};" for name in TEMP_DIRS)
    user = "user nobody nogroup;\n" if site.run_as_root else ""
    return f"""# Rendered by bot/deploy/nginx.py: edit that file, not this one.
{user}worker_processes 1;
daemon off;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;  # no client addresses or paths in any log
    server_tokens off;
    client_max_body_size {MAX_BODY};
{temp}

    # "Connection: upgrade" only when the client asks for a websocket.
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}

    # REST: any replica can take any turn (conversations are in PostgreSQL, locked in
    # Redis). A request that could not be sent to one replica goes to the next; one that
    # was sent is never re-sent by nginx (POST is not idempotent): the client may retry
    # it with the same message_id (bot/webchat/rest.py).
    upstream rasa_rest {{
{_servers(site.rasa_ports)}
        keepalive 16;
    }}

    # socket.io: a socket lives in one worker process of one replica. Sticky by client
    # address, so a client that reconnects comes back to the same replica while it runs.
    upstream rasa_socketio {{
        hash $remote_addr consistent;
{_servers(site.rasa_ports)}
    }}

    upstream webchat {{
        server 127.0.0.1:{site.web_port};
    }}

    server {{
        listen 127.0.0.1:{site.port};
        server_name {site.public_host};

{add}

        location /webhooks/ {{
            proxy_pass http://rasa_rest;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_next_upstream error timeout;
            proxy_read_timeout {READ_TIMEOUT};
        }}

        location /socket.io/ {{
            proxy_pass http://rasa_socketio;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_buffering off;
            proxy_read_timeout {READ_TIMEOUT};
        }}

        location / {{
            limit_except GET {{
                deny all;
            }}
            proxy_pass http://webchat;
            proxy_http_version 1.1;
{hide}
        }}
    }}
}}
"""
