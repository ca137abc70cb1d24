"""How fast Hechtbot answers: against Rasa's own starter bot, embedded and in production.

In one run on this machine it

1. creates Rasa's starter bot (`rasa init --no-prompt`, in-memory tracker store) in a
   temporary folder, writes Rasa's default config out with a fixed random seed for its
   trained components (unseeded, each run measured another model: 23.8 and 41.3 req/s in
   two runs, one of them leaving turns unanswered), trains it there and serves it;
2. serves Hechtbot's newest model in models/ (never retrained) in the embedded profile
   (bot/servers.py: SQLite, one Rasa process) and in the production profile
   (bot/deploy/production.py: PostgreSQL, Redis, nginx, 2 replicas x 2 Sanic workers);
3. measures each over REST (`/webhooks/rest/webhook`): a warm-up, one conversation of
   100 messages sent one after another, and 20 conversations sending without pause for
   30 s; p50 and p95 latency, requests per second, and the peak RSS of each Rasa process;
4. profiles where a Hechtbot turn's time goes: the model loaded in-process with
   `Agent.load` (same SQLite tracker store, the embedded profile's action server), each
   graph component, the policies, the action-server round trips and the tracker store
   timed per turn.

Absolute times depend on the machine and on whatever else runs on it, so it prints the
ratios measured in the same run beside the targets, and the share of the CPU that other
programs took during each timed phase (docs/deploy.md, "Latency").

    make benchmark-latency    (ports 5710, 5720-5721, 5730-5731, 5735, 5740-5741, 8720, 8730-8731; ~8 min)
"""

from __future__ import annotations

import dataclasses
import datetime
import http.client
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.servers import (
    PROJECT_DIR,
    VENV_BIN,
    StackConfig,
    running_stack,
    stop_process,
    wait_until_up,
    write_endpoints,
)

# ---- settings ------------------------------------------------------------------------------

STARTER_PORT = 5710
# Hechtbot embedded: Rasa, actions, the page's server.
EMBEDDED_RASA, EMBEDDED_ACTIONS, EMBEDDED_WEB = 5720, 5721, 8720
# Hechtbot production: Rasa replicas from 5730 on, actions, the page's server, nginx, PostgreSQL, Redis.
PRODUCTION_RASA, PRODUCTION_ACTIONS, PRODUCTION_WEB, PRODUCTION_NGINX = 5730, 5735, 8730, 8731
PRODUCTION_POSTGRES, PRODUCTION_REDIS = 5740, 5741
REPLICAS, WORKERS = 2, 2

SEQUENTIAL_MESSAGES = 100
CLIENTS = 20
CONCURRENT_SECONDS = 30.0
WARM_UP_SECONDS = 10.0
REQUEST_TIMEOUT = 120.0
PROFILE_CONVERSATIONS = 5  # measured, after one to warm up

# Targets (docs/deploy.md, "Latency").
EMBEDDED_P95_MAX = 1.2  # Hechtbot embedded p95 / starter p95, sequential and at 20 concurrent
PRODUCTION_THROUGHPUT_MIN = 1.8  # production req/s / embedded req/s at 20 concurrent
MEMORY_MAX_BYTES = 1.3e9  # peak RSS of any one Rasa process (1 GB = 10^9 bytes)

# The starter bot's own phrases (data/nlu.yml of `rasa init`): its three stories and a bot challenge.
STARTER_SCRIPT = [
    ("small talk", "hello"),
    ("small talk", "I am feeling great"),
    ("small talk", "bye"),
    ("small talk", "hi"),
    ("small talk", "I am sad"),
    ("small talk", "yes"),
    ("small talk", "good morning"),
    ("small talk", "very unhappy"),
    ("small talk", "no"),
    ("small talk", "are you a bot?"),
    ("small talk", "goodbye"),
]
# Hechtbot: topic questions (an answer and the help-line footnote, a custom action), the
# guided walk-through of docs/guided.md (a form validated by the action server) and small talk.
HECHTBOT_SCRIPT = [
    ("small talk", "hallo"),
    ("topic", "wat betekent hechting eigenlijk voor een baby"),
    ("topic", "welke signalen wijzen op hechtingsproblemen bij mijn kind"),
    ("walk-through", "ik maak me zorgen over mijn kind"),
    ("walk-through", "moeder"),
    ("walk-through", "3 jaar"),
    ("walk-through", "Zoekt steeds bevestiging"),
    ("walk-through", "Dat was het"),
    ("walk-through", "nee"),
    ("topic", "hoe werkt de NIKA behandeling"),
    ("small talk", "dank je wel"),
    ("topic", "wat is mentaliseren"),
    ("small talk", "ben jij een robot?"),
]
Script = list[tuple[str, str]]

CORES = os.cpu_count() or 1
TICKS = os.sysconf("SC_CLK_TCK")


# ---- the client ----------------------------------------------------------------------------


def local(url: str) -> str:
    """127.0.0.1 rather than localhost: no IPv6 attempt before each connection."""
    return url.replace("//localhost:", "//127.0.0.1:")


def post(url: str, sender: str, text: str) -> tuple[float, int]:
    """(seconds, number of replies) for one turn; a new connection each time, as urllib does."""
    parts = urlsplit(url)
    body = json.dumps({"sender": sender, "message": text}).encode("utf-8")
    started = time.perf_counter()
    connection = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=REQUEST_TIMEOUT
    )
    try:
        connection.request("POST", parts.path, body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    if response.status != 200:
        raise OSError(f"HTTP {response.status}")
    return seconds, len(json.loads(data))


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0
    silent: int = 0  # answered with no message at all
    cpu: str = ""
    by_kind: dict[str, list[float]] = field(default_factory=dict)  # latencies by kind of turn
    cpu_ms: dict[str, float] = field(default_factory=dict)  # CPU ms per answered turn, by process kind

    @property
    def cpu_ms_per_turn(self) -> float:
        return sum(self.cpu_ms.values())

    def cpu_line(self) -> str:
        """Where one answered turn's CPU went: which kind of process, in ms."""
        parts = [f"{kind} {ms:.1f}" for kind, ms in sorted(self.cpu_ms.items(), key=lambda item: -item[1])]
        return f"CPU per answered turn: {self.cpu_ms_per_turn:.1f} ms = " + " + ".join(parts)

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile in seconds (nan without data)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]

    @property
    def p50(self) -> float:
        return self.percentile(0.50)

    @property
    def p95(self) -> float:
        return self.percentile(0.95)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else float("nan")

    def kinds_line(self) -> str:
        """p50 / p95 by kind of turn: a turn that calls the action server awaits its answer, and
        under load it then waits behind every other conversation's turn once more."""
        parts = []
        for kind, latencies in self.by_kind.items():
            part = Run(latencies=latencies)
            parts.append(f"{kind} {part.p50 * 1000:.0f}/{part.p95 * 1000:.0f} ms")
        return "by kind of turn (p50/p95): " + ", ".join(parts)

    def line(self) -> str:
        return (
            f"p50 {self.p50 * 1000:6.0f} ms  p95 {self.p95 * 1000:6.0f} ms  "
            f"{self.throughput:5.1f} req/s  ({len(self.latencies)} answered turns, {self.errors} errors, "
            f"{self.silent} silent)"
        )


class Client:
    """Sends one script after another, each as a new conversation, round-robin over `urls`."""

    def __init__(self, urls: list[str], script: Script, prefix: str, offset: int, run: Run) -> None:
        self.urls, self.script, self.prefix, self.offset, self.run = urls, script, prefix, offset, run
        self.turn = 0
        self.lock = threading.Lock()

    def send(self, sender: str, kind: str, text: str) -> None:
        url = self.urls[(self.offset + self.turn) % len(self.urls)]
        self.turn += 1
        try:
            seconds, replies = post(url, sender, text)
        except (OSError, ValueError, http.client.HTTPException):
            with self.lock:
                self.run.errors += 1
            return
        with self.lock:
            # A turn answered with silence is cheaper than an answer: it is counted apart and
            # left out of the latencies and throughput, so both bots are timed on answers.
            if replies:
                self.run.latencies.append(seconds)
                self.run.by_kind.setdefault(kind, []).append(seconds)
            else:
                self.run.silent += 1

    def until(self, deadline: float) -> None:
        conversation = 0
        while time.monotonic() < deadline:
            sender = f"{self.prefix}-{self.offset}-{conversation}-{uuid.uuid4().hex[:6]}"
            conversation += 1
            for kind, text in self.script:
                if time.monotonic() >= deadline:
                    return
                self.send(sender, kind, text)


def sequential(urls: list[str], script: Script, prefix: str, messages: int) -> Run:
    """One conversation of `messages` turns, each sent when the previous one is answered."""
    run = Run()
    client = Client(urls, script, prefix, 0, run)
    sender = f"{prefix}-seq-{uuid.uuid4().hex[:6]}"
    with cpu_share(run):
        started = time.perf_counter()
        for index in range(messages):
            client.send(sender, *script[index % len(script)])
        run.seconds = time.perf_counter() - started
    return run


def concurrent(urls: list[str], script: Script, prefix: str, clients: int, seconds: float) -> Run:
    """`clients` conversations at once, each sending its next turn as soon as it has an answer."""
    run = Run()
    shared = threading.Lock()
    workers = [Client(urls, script, prefix, index, run) for index in range(clients)]
    for worker in workers:
        worker.lock = shared
    with cpu_share(run):
        started = time.perf_counter()
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=worker.until, args=(deadline,)) for worker in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        run.seconds = time.perf_counter() - started  # the last turns end after the deadline
    return run


@dataclass
class Measured:
    sequential: Run
    concurrent: Run
    extra: dict[str, Run] = field(default_factory=dict)  # more concurrent runs, by label
    memory: list[tuple[str, int]] = field(default_factory=list)  # (Rasa process, peak RSS bytes)
    notes: list[str] = field(default_factory=list)


def measure(name: str, urls: list[str], script: Script, prefix: str) -> Measured:
    print(f"{name}: warm-up (the script once, then {CLIENTS} conversations for {WARM_UP_SECONDS:.0f} s)")
    warm = sequential(urls, script, prefix + "-warm", len(script))
    warm_concurrent = concurrent(urls, script, prefix + "-warm", CLIENTS, WARM_UP_SECONDS)
    if warm.errors or warm.silent or warm_concurrent.errors:
        print(f"  warm-up: {warm.errors + warm_concurrent.errors} errors, {warm.silent} silent turns")
    seq = sequential(urls, script, prefix, SEQUENTIAL_MESSAGES)
    print(f"  sequential, 1 conversation:     {seq.line()}\n    {seq.cpu}")
    conc = concurrent(urls, script, prefix, CLIENTS, CONCURRENT_SECONDS)
    print(f"  {CLIENTS} concurrent, {CONCURRENT_SECONDS:.0f} s:          {conc.line()}\n    {conc.cpu}")
    print(f"    {conc.kinds_line()}\n    {conc.cpu_line()}")
    return Measured(seq, conc)


# ---- processes: CPU and memory --------------------------------------------------------------


def process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks of the process and its reaped children)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
    return table


def descendants(root: int, table: dict[int, tuple[int, int]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


# What a process is, from its command line; the first match wins ("rasa run actions" is the
# action server, not Rasa).
PROCESS_KINDS = [
    ("run actions", "action server"),
    ("bot.rasa_server", "Rasa"),
    ("rasa run", "Rasa"),
    ("postgres", "PostgreSQL"),
    ("redis-server", "Redis"),
    ("nginx", "nginx"),
    ("bot.webchat", "page"),
]


def process_kind(command_line: str) -> str:
    return next((kind for key, kind in PROCESS_KINDS if key in command_line), "other")


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def ticks_by_kind() -> dict[str, int]:
    """CPU ticks of the processes this benchmark started, summed by kind of process."""
    table = process_table()
    found: dict[str, int] = {}
    for pid in descendants(os.getpid(), table):
        kind = process_kind(command_line(pid))
        found[kind] = found.get(kind, 0) + table[pid][1]
    return found


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = values
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def client_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def cpu_share(run: Run) -> Iterator[None]:
    """Puts in `run.cpu` how the machine's CPU was shared while the block ran, and in
    `run.cpu_ms` what one answered turn cost each kind of process."""
    busy0, total0 = machine_ticks()
    client0, kinds0 = client_seconds(), ticks_by_kind()
    yield
    busy1, total1 = machine_ticks()
    client1, kinds1 = client_seconds(), ticks_by_kind()
    servers0, servers1 = sum(kinds0.values()), sum(kinds1.values())  # every process we started
    turns = max(1, len(run.latencies))
    run.cpu_ms = {
        kind: (ticks - kinds0.get(kind, 0)) / TICKS * 1000 / turns
        for kind, ticks in kinds1.items()
        if ticks > kinds0.get(kind, 0)
    }
    run.cpu_ms["this client"] = (client1 - client0) * 1000 / turns
    total = max(1, total1 - total0)
    busy, servers = (busy1 - busy0) / total, (servers1 - servers0) / total
    client = (client1 - client0) * TICKS / total
    other = max(0.0, busy - servers - client)
    run.cpu = (
        f"CPU of {CORES} cores: {busy:.0%} busy = bot servers {servers:.0%} + this client {client:.0%} "
        f"+ other programs {other:.0%}"
    )


def peak_rss(pid: int) -> int:
    """VmHWM: the most resident memory the process has had, in bytes (0 when unreadable).

    psutil reports no peak RSS on Linux (and is not installed here); /proc has it.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def process_name(pid: int) -> str:
    text = command_line(pid)
    if not text:
        return "?"  # gone, or unreadable
    return "multiprocessing helper" if "multiprocessing" in text else "worker"


def rasa_memory(label: str, pid: int) -> list[tuple[str, int]]:
    """Peak RSS of a Rasa server process and of its child processes (Sanic workers)."""
    table = process_table()
    found = [(label, peak_rss(pid))]
    for child in sorted(descendants(pid, table)):
        found.append((f"{label} {process_name(child)} {child}", peak_rss(child)))
    return found


def run_logged(args: list[str], cwd: Path, log: Path, timeout: float) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as output:
        process = subprocess.Popen(
            args,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        code = process.wait(timeout=timeout)
    finally:
        stop_process(process, timeout=30)
    if code != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed with code {code} (log: {log})")


# ---- 1. the starter bot ---------------------------------------------------------------------


def parse_latency(port: int, texts: list[str], repeats: int) -> float:
    """Median seconds of Rasa's /model/parse (NLU only, needs --enable-api)."""
    times = []
    for _ in range(repeats):
        for text in texts:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/model/parse",
                json.dumps({"text": text}).encode("utf-8"),
                {"Content-Type": "application/json"},
            )
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
                response.read()
            times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


# The starter bot's trained components; each gets RANDOM_SEED, so every run measures the same model.
SEEDED = {"DIETClassifier", "ResponseSelector", "UnexpecTEDIntentPolicy", "TEDPolicy"}
RANDOM_SEED = 1


def seed_starter_config(config_file: Path) -> None:
    """`rasa init`'s config leaves pipeline and policies empty, so Rasa fills in its default
    config (`DefaultV1Recipe.complete_config`). Write that default out, unchanged but for a
    fixed random seed: the same starter model in every run."""
    import yaml
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config = DefaultV1Recipe.complete_config(config, {"pipeline", "policies"})
    for key in ("pipeline", "policies"):
        for step in config[key]:
            if step["name"] in SEEDED:
                step["random_seed"] = RANDOM_SEED
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def measure_starter(work: Path) -> Measured:
    folder, logs = work / "starter", work / "logs"
    folder.mkdir()  # `rasa init --no-prompt` wants the folder to exist
    print("starter bot: rasa init --no-prompt (it trains the model itself), then rasa train")
    started = time.monotonic()
    rasa = str(VENV_BIN / "rasa")
    run_logged(
        [rasa, "init", "--no-prompt", "--init-dir", str(folder)], work, logs / "starter-init.log", 3600
    )
    seed_starter_config(folder / "config.yml")
    run_logged([rasa, "train"], folder, logs / "starter-train.log", 3600)
    model = newest(folder / "models")
    print(f"  trained in {time.monotonic() - started:.0f} s: {model.name}")
    with open(logs / "starter-rasa.log", "ab") as output:
        process = subprocess.Popen(
            [
                rasa,
                "run",
                "--interface",
                "127.0.0.1",
                "--port",
                str(STARTER_PORT),
                "--enable-api",
                "--model",
                str(model),
            ],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{STARTER_PORT}/", process, 600)
        url = f"http://127.0.0.1:{STARTER_PORT}/webhooks/rest/webhook"
        result = measure("starter bot (rasa init, in-memory tracker store)", [url], STARTER_SCRIPT, "starter")
        parse = parse_latency(STARTER_PORT, [text for _, text in STARTER_SCRIPT], 3)
        result.notes.append(f"starter /model/parse (NLU only) median {parse * 1000:.0f} ms")
        result.memory = rasa_memory("starter rasa", process.pid)
    finally:
        stop_process(process, timeout=30)
    return result


# ---- 2. Hechtbot, embedded and production ---------------------------------------------------


def newest(folder: Path) -> Path:
    models = sorted(folder.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not models:
        raise FileNotFoundError(f"no model in {folder}")
    return models[-1]


def measure_embedded(work: Path, model: Path) -> tuple[Measured, dict[str, Any]]:
    print("Hechtbot embedded: starting (SQLite, one Rasa process, the action server)")
    config = StackConfig(
        rasa_port=EMBEDDED_RASA,
        action_port=EMBEDDED_ACTIONS,
        web_port=EMBEDDED_WEB,
        tracker_db=work / "embedded" / "tracker.db",
        model=model,
        log_dir=work / "logs" / "embedded",
    )
    with running_stack(config) as stack:
        result = measure("Hechtbot embedded", [local(config.rest_url)], HECHTBOT_SCRIPT, "embedded")
        result.memory = rasa_memory("embedded rasa", stack.processes[config.rasa_name(0)].pid)
        print("profile: loading the model in-process (Agent.load) for per-turn timings")
        profile = run_profile(work, model, config)
    return result, profile


def measure_production(work: Path, model: Path) -> Measured:
    from bot.deploy.production import ProductionConfig, production_stack

    print(f"Hechtbot production: starting PostgreSQL, Redis, nginx, {REPLICAS} replicas x {WORKERS} workers")
    config = ProductionConfig(
        replicas=REPLICAS,
        workers=WORKERS,
        rasa_port=PRODUCTION_RASA,
        action_port=PRODUCTION_ACTIONS,
        web_port=PRODUCTION_WEB,
        public_port=PRODUCTION_NGINX,
        postgres_port=PRODUCTION_POSTGRES,
        redis_port=PRODUCTION_REDIS,
        model=model,
        log_dir=work / "logs" / "production",
    )
    started = time.monotonic()
    with production_stack(config) as running:
        print(f"  up in {time.monotonic() - started:.0f} s")
        direct = [local(url) for url in running.rest_urls]
        if running.services.nginx is not None:
            through = [local(running.public_url.rstrip("/") + "/webhooks/rest/webhook")]
            label = "through nginx"
        else:
            through, label = direct, "round-robin over the replicas"
        result = measure(f"Hechtbot production ({label})", through, HECHTBOT_SCRIPT, "production")
        if through != direct:
            extra = concurrent(direct, HECHTBOT_SCRIPT, "production-direct", CLIENTS, CONCURRENT_SECONDS)
            result.extra["same, round robin to the replicas"] = extra
            print(f"  {CLIENTS} concurrent, direct to replicas: {extra.line()}\n    {extra.cpu}")
        for name in running.stack.rasa_names():
            result.memory += rasa_memory(f"production {name}", running.stack.processes[name].pid)
    return result


# ---- 4. the per-turn profile (a child process: its own memory, its output in a log) ----------


def run_profile(work: Path, model: Path, config: StackConfig) -> dict[str, Any]:
    folder = work / "profile"
    folder.mkdir()
    # The embedded profile's endpoints (its action server), with a tracker database of its own.
    endpoints = write_endpoints(
        dataclasses.replace(config, tracker_db=folder / "tracker.db"), folder / "endpoints.yml"
    )
    out = folder / "profile.json"
    run_logged(
        [sys.executable, str(Path(__file__).resolve()), "--profile", str(model), str(endpoints), str(out)],
        PROJECT_DIR,
        work / "logs" / "profile.log",
        1800,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def profile_main(model: str, endpoints_path: str, out: str) -> None:
    """In-process: every turn of the Hechtbot script, timed by stage and graph component."""
    import asyncio
    import logging

    from bot.rasa_server import install

    install()  # as bot.rasa_server does: log redaction and Rasa's repeated work trimmed
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import AvailableEndpoints
    from rasa.engine.graph import GraphNode
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)

    endpoints = AvailableEndpoints.read_endpoints(endpoints_path)
    started = time.perf_counter()
    agent = Agent.load(
        model, tracker_store=TrackerStore.create(endpoints.tracker_store), action_endpoint=endpoints.action
    )
    load_seconds = time.perf_counter() - started
    processor = agent.processor

    turn: dict[str, Any] = {}
    phase = ["other"]

    def add(key: str, seconds: float) -> None:
        turn[key] = turn.get(key, 0.0) + seconds
        turn[key + " calls"] = turn.get(key + " calls", 0) + 1

    def timed_sync(key: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            phase.append(key)
            begun = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                add(key, time.perf_counter() - begun)
                phase.pop()

        return wrapper

    def timed_async(key: str, function: Callable[..., Any]) -> Callable[..., Any]:
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            begun = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                add(key, time.perf_counter() - begun)

        return wrapper

    node_call = GraphNode.__call__

    def timed_node(self: Any, *inputs: Any) -> Any:
        begun = time.perf_counter()
        try:
            return node_call(self, *inputs)
        finally:
            add(f"{phase[-1]}: {self._node_name}", time.perf_counter() - begun)

    remote_run = RemoteAction.run

    async def timed_remote(self: Any, *args: Any, **kwargs: Any) -> Any:
        begun = time.perf_counter()
        try:
            return await remote_run(self, *args, **kwargs)
        finally:
            add(f"action server: {self.name()}", time.perf_counter() - begun)

    endpoint_request = EndpointConfig.request

    async def timed_request(self: Any, *args: Any, **kwargs: Any) -> Any:
        begun = time.perf_counter()
        try:
            return await endpoint_request(self, *args, **kwargs)
        finally:
            add("action server HTTP", time.perf_counter() - begun)

    GraphNode.__call__ = timed_node
    RemoteAction.run = timed_remote
    RemoteAction._action_call_format = timed_sync("action request", RemoteAction._action_call_format)
    RemoteAction._validate_action_result = timed_sync(
        "action response check", RemoteAction._validate_action_result
    )
    EndpointConfig.request = timed_request
    processor._parse_message_with_graph = timed_sync("NLU", processor._parse_message_with_graph)
    processor._predict_next_with_tracker = timed_sync("policies", processor._predict_next_with_tracker)
    processor.fetch_tracker_and_update_session = timed_async(
        "tracker load", processor.fetch_tracker_and_update_session
    )
    processor.save_tracker = timed_async("tracker save", processor.save_tracker)

    async def conversations() -> list[dict[str, Any]]:
        turns = []
        for index in range(PROFILE_CONVERSATIONS + 1):
            sender = f"profile-{index}-{uuid.uuid4().hex[:6]}"
            for kind, text in HECHTBOT_SCRIPT:
                turn.clear()
                begun = time.perf_counter()
                replies = await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender))
                seconds = time.perf_counter() - begun
                if index > 0:  # the first conversation warms up
                    turns.append({**turn, "kind": kind, "total": seconds, "replies": len(replies or [])})
        return turns

    turns = asyncio.run(conversations())
    Path(out).write_text(json.dumps({"load_seconds": load_seconds, "turns": turns}), encoding="utf-8")


def component(key: str) -> str:
    """ "NLU: run_bot.safety.rasa_component.SafetyNet7" -> "SafetyNet #7" (its place in config.yml)."""
    node = key.split(": ", 1)[1].removeprefix("run_")
    name = node.rsplit(".", 1)[-1]
    step = name[len(name.rstrip("0123456789")) :]
    return f"{name.rstrip('0123456789')} #{step}" if step else name


def print_profile(profile: dict[str, Any], rest_p50: float) -> None:
    turns = profile["turns"]
    count = len(turns)

    def mean(key: str) -> float:
        return sum(t.get(key, 0.0) for t in turns) / count

    def calls(key: str) -> float:
        return sum(t.get(key + " calls", 0) for t in turns) / count

    total = mean("total")
    keys = sorted(
        {key for t in turns for key in t if isinstance(t[key], float) and not key.endswith("calls")}
    )
    actions = [key for key in keys if key.startswith("action server: ")]
    action_total = sum(mean(key) for key in actions)
    stages = {
        "tracker load (SQLite)": mean("tracker load"),
        "NLU parse (graph)": mean("NLU"),
        "policy prediction (graph)": mean("policies"),
        "custom actions (RemoteAction.run)": action_total,
        "tracker save (SQLite)": mean("tracker save"),
    }
    other = total - sum(stages.values())
    print(
        f"\nWhere a Hechtbot turn's time goes (in-process Agent.load, same model, SQLite, the embedded "
        f"action server;\nmean over {count} turns of {PROFILE_CONVERSATIONS} fresh conversations; model "
        f"load {profile['load_seconds']:.0f} s)"
    )
    print(f"  {'stage / component':58} {'ms/turn':>8} {'share':>6} {'calls/turn':>10}")

    def row(name: str, seconds: float, per_turn: float | None = None) -> None:
        share = f"{seconds / total:6.0%}" if total else ""
        times = f"{per_turn:10.1f}" if per_turn is not None else ""
        print(f"  {name:58} {seconds * 1000:8.2f} {share} {times}")

    row("tracker load (SQLite)", stages["tracker load (SQLite)"], calls("tracker load"))
    row("NLU parse (graph)", stages["NLU parse (graph)"], calls("NLU"))
    for key in sorted((k for k in keys if k.startswith("NLU: ")), key=mean, reverse=True):
        if mean(key) >= 0.00005:
            row("  " + component(key), mean(key))
    row("policy prediction (graph)", stages["policy prediction (graph)"], calls("policies"))
    for key in sorted((k for k in keys if k.startswith("policies: ")), key=mean, reverse=True):
        if mean(key) >= 0.00005:
            row("  " + component(key), mean(key))
    action_calls = sum(calls(k) for k in actions)
    row("custom actions (RemoteAction.run)", action_total, action_calls)
    row("  request built: conversation (+ domain if asked)", mean("action request"))
    row("  HTTP to the action server (JSON both ways, its code)", mean("action server HTTP"))
    row("  response checked against Rasa's event schema", mean("action response check"))
    for key in sorted(actions, key=mean, reverse=True):
        row("  " + key.removeprefix("action server: "), mean(key), calls(key))
    row("tracker save (SQLite)", stages["tracker save (SQLite)"], calls("tracker save"))
    row("other Rasa work (events, rules, responses, lock)", other)
    row("total in-process", total)
    if action_calls:
        print(
            f"  one custom action call: {action_total / action_calls * 1000:.1f} ms in RemoteAction.run, "
            f"of which {mean('action server HTTP') / action_calls * 1000:.1f} ms the HTTP round trip"
        )
    print(
        f"  served over REST, sequential p50 {rest_p50 * 1000:.0f} ms: about "
        f"{max(0.0, rest_p50 - total) * 1000:.0f} ms more for HTTP, Sanic and the longer conversation"
    )
    print(f"\n  {'by kind of turn':20} {'turns':>5} {'ms/turn':>8} {'NLU':>6} {'policies':>8} {'actions':>8}")
    for kind in ("small talk", "topic", "walk-through"):
        chosen = [t for t in turns if t["kind"] == kind]
        if not chosen:
            continue

        def kind_mean(key: str, chosen: list[dict[str, Any]] = chosen) -> float:
            return 1000 * sum(t.get(key, 0.0) for t in chosen) / len(chosen)

        acts = sum(kind_mean(key, chosen) for key in actions)
        print(
            f"  {kind:20} {len(chosen):5} {kind_mean('total'):8.1f} {kind_mean('NLU'):6.1f} "
            f"{kind_mean('policies'):8.1f} {acts:8.1f}"
        )


# ---- the report ----------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(starter: Measured, embedded: Measured, production: Measured, profile: dict[str, Any]) -> None:
    print("\n" + "=" * 100)
    print(
        f"{'':44}{'sequential (1 conversation)':>28}{f'{CLIENTS} concurrent, {CONCURRENT_SECONDS:.0f} s':>28}"
    )
    print(f"{'bot':44}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>10}")
    rows = [
        ("starter bot (rasa init)", starter),
        ("Hechtbot embedded (SQLite, 1 process)", embedded),
        (f"Hechtbot production ({REPLICAS}x{WORKERS}, via nginx)", production),
    ]
    for name, result in rows:
        s, c = result.sequential, result.concurrent
        print(
            f"{name:44}{s.p50 * 1000:9.0f}{s.p95 * 1000:9.0f}{s.throughput:10.1f}"
            f"{c.p50 * 1000:9.0f}{c.p95 * 1000:9.0f}{c.throughput:10.1f}"
        )
    for label, run in production.extra.items():
        print(
            f"{'  ' + label[:42]:44}{'':28}{run.p50 * 1000:9.0f}{run.p95 * 1000:9.0f}{run.throughput:10.1f}"
        )
    errors = sum(
        r.errors + r.silent for m in (starter, embedded, production) for r in (m.sequential, m.concurrent)
    )
    print(f"(errors and silent answers in all timed phases: {errors})")

    s_seq, s_con = starter.sequential, starter.concurrent
    e_seq, e_con = embedded.sequential, embedded.concurrent
    print("\nRatios, Hechtbot embedded / starter bot:")
    print(f"  sequential  p50 {e_seq.p50 / s_seq.p50:5.2f}x   p95 {e_seq.p95 / s_seq.p95:5.2f}x", end="")
    ok_seq = e_seq.p95 / s_seq.p95 <= EMBEDDED_P95_MAX
    print(f"   target p95 ≤ {EMBEDDED_P95_MAX}x: {verdict(ok_seq)}")
    print(
        f"  {CLIENTS} concurrent p50 {e_con.p50 / s_con.p50:5.2f}x   p95 {e_con.p95 / s_con.p95:5.2f}x",
        end="",
    )
    ok_con = e_con.p95 / s_con.p95 <= EMBEDDED_P95_MAX
    print(f"   target p95 ≤ {EMBEDDED_P95_MAX}x: {verdict(ok_con)}")
    print(f"  throughput at {CLIENTS} concurrent: {e_con.throughput / s_con.throughput:.2f}x")
    scale = production.concurrent.throughput / e_con.throughput
    ok_scale = scale >= PRODUCTION_THROUGHPUT_MIN
    print(
        f"Production / embedded throughput at {CLIENTS} concurrent: {scale:.2f}x "
        f"(target ≥ {PRODUCTION_THROUGHPUT_MIN}x: {verdict(ok_scale)})"
    )
    for label, run in production.extra.items():
        print(f"  ({label}: {run.throughput / e_con.throughput:.2f}x)")
    print(
        f"  production p95 / embedded p95 at {CLIENTS} concurrent: "
        f"{production.concurrent.p95 / e_con.p95:.2f}x"
    )
    # Throughput is CPU per turn against the cores there are: the ceiling this run allows.
    p_cost, e_cost = production.concurrent.cpu_ms_per_turn, e_con.cpu_ms_per_turn
    ceiling = CORES * 1000 / p_cost / e_con.throughput if p_cost else float("nan")
    print(
        f"  CPU per answered turn at {CLIENTS} concurrent: production {p_cost:.1f} ms, embedded "
        f"{e_cost:.1f} ms ({p_cost / e_cost:.2f}x); at that cost {CORES} cores allow production at most "
        f"{ceiling:.2f}x the embedded throughput"
    )

    print(
        f"\nPeak RSS (VmHWM) of each Rasa process "
        f"(target for Hechtbot ≤ {MEMORY_MAX_BYTES / 1e9:.1f} GB each):"
    )
    for result in (starter, embedded, production):
        for label, size in result.memory:
            print(f"  {label:52} {size / 1e9:6.2f} GB")
    replicas: dict[str, int] = {}
    for label, size in production.memory:
        name = label.split()[1]
        replicas[name] = replicas.get(name, 0) + size
    for name, size in replicas.items():
        print(f"  {'production ' + name + ', all its processes together':52} {size / 1e9:6.2f} GB")
    heaviest = max(size for _, size in embedded.memory + production.memory)
    print(
        f"  heaviest Hechtbot Rasa process {heaviest / 1e9:.2f} GB: {verdict(heaviest <= MEMORY_MAX_BYTES)}"
    )

    for note in starter.notes + embedded.notes + production.notes:
        print(note)
    print_profile(profile, e_seq.p50)

    print(
        f"\nThe sequential conversation grows: median of turns 1-25 and of turns "
        f"{SEQUENTIAL_MESSAGES - 24}-{SEQUENTIAL_MESSAGES} (every turn reads the whole conversation)"
    )
    early: dict[str, float] = {}
    for name, result in rows:
        first, last = Run(result.sequential.latencies[:25]), Run(result.sequential.latencies[-25:])
        early[name] = first.p50
        print(f"  {name:44} {first.p50 * 1000:6.0f} ms {last.p50 * 1000:6.0f} ms")
    print(
        f"  Hechtbot embedded / starter over turns 1-25: {early[rows[1][0]] / early[rows[0][0]]:.2f}x (p50)"
    )


# ---- main ----------------------------------------------------------------------------------


def ports_in_use() -> list[int]:
    import socket

    ports = [
        STARTER_PORT,
        EMBEDDED_RASA,
        EMBEDDED_ACTIONS,
        EMBEDDED_WEB,
        *range(PRODUCTION_RASA, PRODUCTION_RASA + REPLICAS),
        PRODUCTION_ACTIONS,
        PRODUCTION_WEB,
        PRODUCTION_NGINX,
        PRODUCTION_POSTGRES,
        PRODUCTION_REDIS,
    ]
    busy = []
    for port in ports:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                busy.append(port)
    return busy


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def main() -> int:
    # `kill` stops us like Ctrl-C: every server started so far is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    busy = ports_in_use()
    if busy:
        print(f"ports in use: {busy}; stop whatever holds them and try again")
        return 1
    # Neither bot reports usage to Rasa while being measured (rasa init's default is on).
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    model = newest(PROJECT_DIR / "models")
    print(
        f"latency benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}, {CORES} cores ({cpu_model()}), "
        f"load average {os.getloadavg()[0]:.1f} before starting\nHechtbot model: {model.name} (not retrained)"
    )
    work = Path(tempfile.mkdtemp(prefix="hechtbot-latency-"))
    began = time.monotonic()
    try:
        starter = measure_starter(work)
        embedded, profile = measure_embedded(work, model)
        production = measure_production(work, model)
    except BaseException:
        print(f"failed: the logs are in {work / 'logs'}", flush=True)
        raise
    report(starter, embedded, production, profile)
    print(f"\ntook {(time.monotonic() - began) / 60:.0f} min; load average now {os.getloadavg()[0]:.1f}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--profile":
        profile_main(*sys.argv[2:])
        raise SystemExit(0)
    raise SystemExit(main())
