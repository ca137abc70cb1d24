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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


@dataclass
class StackConfig:
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8080  # the web chat page (bot/webchat/)
    tracker_db: Path = PROJECT_DIR / ".rasa" / "tracker.db"
    model: Optional[Path] = None  # None: the newest model in models/
    log_dir: Optional[Path] = None  # None: inherit the terminal
    extra_env: dict = field(default_factory=dict)
    debug: bool = False  # Rasa and the action server log at DEBUG (still without message text)

    @property
    def rest_url(self) -> str:
        return f"http://localhost:{self.rasa_port}/webhooks/rest/webhook"

    @property
    def web_url(self) -> str:
        return f"http://localhost:{self.web_port}/"

    @property
    def web_origins(self) -> List[str]:
        """Where the page may be opened: Rasa allows its socket.io requests (CORS)."""
        return [f"http://localhost:{self.web_port}", f"http://127.0.0.1:{self.web_port}"]


def write_endpoints(config: StackConfig, path: Path) -> Path:
    """endpoints.yml for these ports and this tracker database (same shape as ours)."""
    base = yaml.safe_load((PROJECT_DIR / "endpoints.yml").read_text(encoding="utf-8"))
    base["action_endpoint"]["url"] = f"http://localhost:{config.action_port}/webhook"
    base["tracker_store"]["db"] = str(config.tracker_db)
    path.write_text(yaml.safe_dump(base), encoding="utf-8")
    return path


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
        self.processes: Dict[str, subprocess.Popen] = {}  # by name, in start order

    def _spawn(self, name: str, args: List[str]) -> subprocess.Popen:
        env = {**os.environ, **self.config.extra_env}
        output = None
        if self.config.log_dir:
            self.config.log_dir.mkdir(parents=True, exist_ok=True)
            output = open(self.config.log_dir / f"{name}.log", "ab")
        process = subprocess.Popen(
            args, cwd=PROJECT_DIR, env=env, stdout=output, stderr=subprocess.STDOUT if output else None,
            start_new_session=True,  # Ctrl-C reaches us; we stop the children in order
        )
        if output:
            output.close()  # the child has its own copy of the file
        self.processes[name] = process
        return process

    def _debug_flag(self) -> List[str]:
        return ["--debug"] if self.config.debug else []

    def start_actions(self, timeout: float = 120) -> None:
        # rasa-sdk binds to SANIC_HOST (default 0.0.0.0): only this machine may call it.
        self.config.extra_env.setdefault("SANIC_HOST", "127.0.0.1")
        process = self._spawn(
            "actions",
            [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions",
             "--port", str(self.config.action_port), *self._debug_flag()],
        )
        wait_until_up(f"http://localhost:{self.config.action_port}/health", process, timeout)

    def start_rasa(self, timeout: float = 300) -> None:
        self.config.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        endpoints = write_endpoints(
            self.config, self.config.tracker_db.parent / f"endpoints-{self.config.rasa_port}.yml"
        )
        # Rasa through bot.rasa_server: the same CLI, with message text kept out of its logs.
        args = [str(VENV_BIN / "python"), "-m", "bot.rasa_server", "run", "--interface", "localhost",
                "--port", str(self.config.rasa_port), "--endpoints", str(endpoints),
                "--credentials", "credentials.yml", "--cors", *self.config.web_origins]
        if self.config.model:
            args += ["--model", str(self.config.model)]
        args += self._debug_flag()
        # socket.io accepts only the web page's origins (bot/webchat/channel.py).
        self.config.extra_env.setdefault("HECHTBOT_WEB_ORIGINS", ",".join(self.config.web_origins))
        process = self._spawn("rasa", args)
        # Rasa listens only once the model is loaded.
        wait_until_up(f"http://localhost:{self.config.rasa_port}/", process, timeout)

    def start_web(self, timeout: float = 60) -> None:
        process = self._spawn(
            "webchat",
            [sys.executable, "-m", "bot.webchat.server", "--port", str(self.config.web_port),
             "--rasa-port", str(self.config.rasa_port)],
        )
        wait_until_up(f"http://localhost:{self.config.web_port}/health", process, timeout)

    def start(self) -> "Stack":
        self.start_actions()
        self.start_rasa()
        self.start_web()
        return self

    STARTERS = {"actions": "start_actions", "rasa": "start_rasa", "webchat": "start_web"}

    def dead(self) -> List[str]:
        """Names of servers that have stopped."""
        return [name for name, process in self.processes.items() if process.poll() is not None]

    def restart(self, name: str) -> None:
        """Starts a stopped server again (a supervisor's job: `make run` does it)."""
        old = self.processes.pop(name, None)
        if old is not None and old.poll() is None:
            self._stop_process(old)
        getattr(self, self.STARTERS[name])()

    def stop_rasa(self) -> None:
        self._stop(["rasa"])

    def stop(self) -> None:
        self._stop(list(reversed(self.processes)))  # names, last started first

    def _stop(self, names: List[str]) -> None:
        for name in names:
            process = self.processes.pop(name, None)
            if process is not None and process.poll() is None:
                self._stop_process(process)

    @staticmethod
    def _stop_process(process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def running_stack(config: StackConfig) -> Iterator[Stack]:
    stack = Stack(config)
    try:
        yield stack.start()
    finally:
        stack.stop()
