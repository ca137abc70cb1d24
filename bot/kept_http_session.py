"""One HTTP session per Rasa worker for its calls to the action server, not one per call.

Rasa 3.6 opens a new aiohttp `ClientSession`, and so a new TCP connection, for every
custom action call (`EndpointConfig.request` -> `EndpointConfig.session`). Under load a
walk-through turn then waits once more in the event loop's queue, behind the other
conversations, for each connection it opens. A session kept per endpoint and event loop
reuses its connections. A/B on the embedded stack, same model, 20 conversations, 4 runs
of 30 s per variant: p95 613-652 ms kept against 685-726 ms new, walk-through p50 500-532
against 553-591 ms, throughput unchanged (docs/deploy.md, "Latency").

An idle connection is dropped after IDLE_SECONDS, well before the action server closes it
(Sanic's keep-alive timeout, 5 s), so no request goes out on a connection being closed.
The sessions of a Sanic worker are closed after Rasa's own `close_resources` when it
stops. `bot.rasa_server` installs this before Rasa starts; tests/test_rasa_speedups.py
shows the reuse, the session's settings and the closing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

# Below the action server's keep-alive timeout (Sanic's default, 5 s).
IDLE_SECONDS = 2.0

# Rasa's own listener, kept by install().
_rasa: dict[str, Any] = {}
# Each EndpointConfig keeps its sessions, by event loop, under this attribute.
KEPT = "_hechtbot_sessions"
# Every kept session by its event loop, to close them when that loop's worker stops.
_by_loop: dict[asyncio.AbstractEventLoop, list[aiohttp.ClientSession]] = {}


class _Borrowed:
    """What `async with endpoint.session() as session` gets: the kept session, left open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc_info: object) -> None:
        return None


def _new_session(endpoint: Any) -> aiohttp.ClientSession:
    """Rasa's session settings (headers, basic auth, timeout), on a connector that keeps
    connections; tests/test_rasa_speedups.py compares them with Rasa's own session."""
    from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT

    credentials = endpoint.basic_auth
    return aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=aiohttp.BasicAuth(credentials["username"], credentials["password"]) if credentials else None,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(keepalive_timeout=IDLE_SECONDS),
    )


def session(endpoint: Any) -> _Borrowed:
    """Drop-in for `EndpointConfig.session` inside a running event loop."""
    loop = asyncio.get_running_loop()
    kept_by_loop: dict[asyncio.AbstractEventLoop, aiohttp.ClientSession] = endpoint.__dict__.setdefault(
        KEPT, {}
    )
    kept = kept_by_loop.get(loop)
    if kept is None or kept.closed:
        for finished in [other for other in kept_by_loop if other.is_closed()]:
            del kept_by_loop[finished]  # a loop that ended (tests, a stopped worker)
            _by_loop.pop(finished, None)
        kept = kept_by_loop[loop] = _new_session(endpoint)
        _by_loop.setdefault(loop, []).append(kept)
    return _Borrowed(kept)


async def close_sessions() -> int:
    """Closes the kept sessions of the running event loop; returns how many."""
    mine = _by_loop.pop(asyncio.get_running_loop(), [])
    for kept in mine:
        await kept.close()
    return len(mine)


async def close_resources(app: Any, loop: asyncio.AbstractEventLoop) -> None:
    """Rasa's `close_resources` (its "after_server_stop" listener), then our sessions."""
    rasa_close: Callable[..., Awaitable[None]] = _rasa["close_resources"]
    try:
        await rasa_close(app, loop)
    finally:
        await close_sessions()


def install() -> None:
    """Keeps action-server sessions, and closes them when a Sanic worker stops (idempotent)."""
    import rasa.core.run
    from rasa.utils.endpoints import EndpointConfig

    _rasa.setdefault("close_resources", rasa.core.run.close_resources)
    EndpointConfig.session = session
    rasa.core.run.close_resources = close_resources
