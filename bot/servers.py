"""Starts and stops the action server, the Rasa server and the web chat together.

Used by `make run` (`python -m bot run`) and by the end-to-end tests, so both start
the stack the same way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def action_url(port: int) -> str:
    """The action server's webhook at an IP address, not "localhost": Rasa would look the name
    up again on every action call (endpoints.yml says why)."""
    return f"http://127.0.0.1:{port}/webhook"


@dataclass
class StackConfig:
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8080  # the web chat page (bot/webchat/)
    tracker_db: Path = PROJECT_DIR / ".rasa" / "tracker.db"
    model: Path | None = None  # None: the newest model in models/
    log_dir: Path | None = None  # None: inherit the terminal
    extra_env: dict = field(default_factory=dict)
    debug: bool = False  # Rasa and the action server log at DEBUG (still without message text)
    # The production profile (bot/deploy/) sets these; the defaults are the embedded stack.
    replicas: int = 1  # Rasa servers, on rasa_port, rasa_port + 1, ...
    workers: int = 1  # Sanic worker processes per Rasa server; > 1 needs a Redis lock store
    endpoints: Path | None = None  # used as is (values from ${VARS}); None: endpoints.yml, these ports
    public_port: int | None = None  # a proxy in front serves page and Rasa here; None: web_port

    @property
    def rest_url(self) -> str:
        return f"http://localhost:{self.rasa_port}/webhooks/rest/webhook"

    @property
    def rasa_ports(self) -> list[int]:
        return [self.rasa_port + replica for replica in range(self.replicas)]

    def rasa_name(self, replica: int) -> str:
        """The process name: "rasa" for the embedded stack's one server, else "rasa-1", "rasa-2"."""
        return "rasa" if self.replicas == 1 else f"rasa-{replica + 1}"

    @property
    def page_port(self) -> int:
        """Where browsers open the page (and, behind a proxy, reach Rasa too)."""
        return self.public_port or self.web_port

    @property
    def web_url(self) -> str:
        return f"http://localhost:{self.page_port}/"

    @property
    def web_origins(self) -> list[str]:
        """Where the page may be opened: Rasa allows its socket.io requests (CORS)."""
        return [f"http://localhost:{self.page_port}", f"http://127.0.0.1:{self.page_port}"]


def write_endpoints(config: StackConfig, path: Path) -> Path:
    """endpoints.yml for these ports and this tracker database (same shape as ours)."""
    base = yaml.safe_load((PROJECT_DIR / "endpoints.yml").read_text(encoding="utf-8"))
    base["action_endpoint"]["url"] = action_url(config.action_port)
    base["tracker_store"]["db"] = str(config.tracker_db)
    path.write_text(yaml.safe_dump(base), encoding="utf-8")
    return path


def stop_process(
    process: subprocess.Popen,
    stop_signal: signal.Signals = signal.SIGTERM,
    timeout: float = 20,
    *,
    whole_group: bool = True,
) -> None:
    """Asks a child started in its own session to stop (its process group, or only the
    child when it stops its own children), and kills the whole group if it does not."""
    if process.poll() is not None:
        return
    if whole_group:
        os.killpg(process.pid, stop_signal)
    else:
        process.send_signal(stop_signal)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until_up(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


class Stack:
    """The three servers as child processes."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.processes: dict[str, subprocess.Popen] = {}  # by name, in start order

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        env = {**os.environ, **self.config.extra_env}
        log_dir = self.config.log_dir
        if log_dir:
            log_dir.mkdir(parents=True, exist_ok=True)
        # Closed once started: the child has its own copy of the file.
        with open(log_dir / f"{name}.log", "ab") if log_dir else nullcontext() as output:
            process = subprocess.Popen(
                args,
                cwd=PROJECT_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
                start_new_session=True,  # Ctrl-C reaches us; we stop the children in order
            )
        self.processes[name] = process
        return process

    def _debug_flag(self) -> list[str]:
        return ["--debug"] if self.config.debug else []

    def start_actions(self, timeout: float = 120) -> None:
        # rasa-sdk binds to SANIC_HOST (default 0.0.0.0): only this machine may call it.
        self.config.extra_env.setdefault("SANIC_HOST", "127.0.0.1")
        process = self._spawn(
            "actions",
            [
                str(VENV_BIN / "rasa"),
                "run",
                "actions",
                "--actions",
                "actions",
                "--port",
                str(self.config.action_port),
                *self._debug_flag(),
            ],
        )
        wait_until_up(f"http://localhost:{self.config.action_port}/health", process, timeout)

    def start_rasa(self, timeout: float = 300, replica: int | None = None) -> None:
        """Starts every Rasa replica (or only `replica`), all at once, and waits for them."""
        replicas = range(self.config.replicas) if replica is None else [replica]
        started = [(self.config.rasa_ports[index], self._spawn_rasa(index)) for index in replicas]
        for port, process in started:
            # Rasa listens only once the model is loaded.
            wait_until_up(f"http://localhost:{port}/", process, timeout)

    def _spawn_rasa(self, replica: int) -> subprocess.Popen:
        port = self.config.rasa_ports[replica]
        endpoints = self.config.endpoints
        if endpoints is None:
            self.config.tracker_db.parent.mkdir(parents=True, exist_ok=True)
            endpoints = write_endpoints(self.config, self.config.tracker_db.parent / f"endpoints-{port}.yml")
        # Rasa through bot.rasa_server: the same CLI, with message text kept out of its logs.
        args = [
            str(VENV_BIN / "python"),
            "-m",
            "bot.rasa_server",
            "run",
            "--interface",
            "localhost",
            "--port",
            str(port),
            "--endpoints",
            str(endpoints),
            "--credentials",
            "credentials.yml",
            "--cors",
            *self.config.web_origins,
        ]
        if self.config.model:
            args += ["--model", str(self.config.model)]
        args += self._debug_flag()
        # socket.io accepts only the web page's origins (bot/webchat/channel.py).
        self.config.extra_env.setdefault("HECHTBOT_WEB_ORIGINS", ",".join(self.config.web_origins))
        if self.config.workers > 1:
            # Rasa reads it itself (and ignores it without a Redis lock store); the action
            # server reads its own variable (ACTION_SERVER_SANIC_WORKERS), not this one.
            self.config.extra_env.setdefault("SANIC_WORKERS", str(self.config.workers))
        return self._spawn(self.config.rasa_name(replica), args)

    def start_web(self, timeout: float = 60) -> None:
        args = [
            sys.executable,
            "-m",
            "bot.webchat.server",
            "--port",
            str(self.config.web_port),
            # Behind a proxy the page reaches Rasa through it, at the page's own origin.
            "--rasa-port",
            str(self.config.public_port or self.config.rasa_port),
        ]
        if self.config.workers > 1 or self.config.replicas > 1:
            # Long-polling requests of one socket would land on different processes.
            args += ["--transports", "websocket"]
        process = self._spawn("webchat", args)
        wait_until_up(f"http://localhost:{self.config.web_port}/health", process, timeout)

    def start(self) -> Stack:
        self.start_actions()
        self.start_rasa()
        self.start_web()
        return self

    STARTERS: ClassVar[dict[str, str]] = {
        "actions": "start_actions",
        "rasa": "start_rasa",
        "webchat": "start_web",
    }

    def dead(self) -> list[str]:
        """Names of servers that have stopped."""
        return [name for name, process in self.processes.items() if process.poll() is not None]

    def rasa_names(self) -> list[str]:
        return [self.config.rasa_name(replica) for replica in range(self.config.replicas)]

    def restart(self, name: str) -> None:
        """Starts a stopped server again (a supervisor's job: `make run` does it)."""
        old = self.processes.pop(name, None)
        if old is not None and old.poll() is None:
            self._stop_process(old)
        if name in self.rasa_names():
            self.start_rasa(replica=self.rasa_names().index(name))
        else:
            getattr(self, self.STARTERS[name])()

    def stop_rasa(self) -> None:
        self._stop(self.rasa_names())

    def stop(self) -> None:
        self._stop(list(reversed(self.processes)))  # names, last started first

    def _stop(self, names: list[str]) -> None:
        for name in names:
            process = self.processes.pop(name, None)
            if process is not None and process.poll() is None:
                self._stop_process(process)

    @staticmethod
    def _stop_process(process: subprocess.Popen) -> None:
        stop_process(process)


@contextmanager
def running_stack(config: StackConfig) -> Iterator[Stack]:
    stack = Stack(config)
    try:
        yield stack.start()
    finally:
        stack.stop()
