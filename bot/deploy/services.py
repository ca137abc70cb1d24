"""PostgreSQL, Redis and nginx as throwaway local services, for the production profile.

Each service runs from its Debian binaries with its own files in a temporary directory,
listens on 127.0.0.1 only and is stopped (and its directory deleted) when the context
manager ends, however it ends. Nothing of the system's own service setup is used or
changed: no /etc/postgresql cluster, no /etc/nginx, no systemd unit. A binary that is
missing is installed with apt-get first (CI starts from a clean machine).

    with running_services(postgres_port=55432, redis_port=56379) as services:
        services.env()  # HECHTBOT_DB_* and HECHTBOT_REDIS_* for deploy/endpoints.production.yml
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.servers import stop_process

LOOPBACK = "127.0.0.1"
APT_LOCK_TIMEOUT_SECONDS = 600  # another apt-get (e.g. the Chromium install) may hold the lock
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 20
# The Debian packages the binaries come from. "postgresql" pulls in the distribution's
# current major version (15 on Debian 12).
POSTGRES_PACKAGE = "postgresql"
REDIS_PACKAGE = "redis-server"
NGINX_PACKAGE = "nginx"
SBIN_DIRS = ("/usr/local/sbin", "/usr/sbin", "/sbin")
POLICY_RC_D = Path("/usr/sbin/policy-rc.d")


# ---- addresses ---------------------------------------------------------------------


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    database: str
    user: str
    password: str

    @property
    def url(self) -> str:
        """SQLAlchemy URL (the password is URL-safe: see _random_password)."""
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{self.database}"

    def env(self) -> dict[str, str]:
        return {
            "HECHTBOT_DB_HOST": self.host,
            "HECHTBOT_DB_PORT": str(self.port),
            "HECHTBOT_DB_NAME": self.database,
            "HECHTBOT_DB_USER": self.user,
            "HECHTBOT_DB_PASSWORD": self.password,
        }


@dataclass(frozen=True)
class Redis:
    host: str
    port: int
    password: str

    def env(self) -> dict[str, str]:
        return {
            "HECHTBOT_REDIS_HOST": self.host,
            "HECHTBOT_REDIS_PORT": str(self.port),
            "HECHTBOT_REDIS_PASSWORD": self.password,
        }


@dataclass(frozen=True)
class Nginx:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"


@dataclass(frozen=True)
class Services:
    postgres: Postgres
    redis: Redis
    nginx: Nginx | None

    def env(self) -> dict[str, str]:
        """The environment deploy/endpoints.production.yml reads (`${VAR}`)."""
        return {**self.postgres.env(), **self.redis.env()}


# ---- installing ----------------------------------------------------------------------


def find_binary(name: str) -> Path | None:
    """`name` on PATH or in an sbin directory (nginx lives in /usr/sbin, often not on PATH)."""
    search = os.pathsep.join([os.environ.get("PATH", ""), *SBIN_DIRS])
    found = shutil.which(name, path=search)
    return Path(found) if found else None


def postgres_bin_dir() -> Path | None:
    """Debian keeps PostgreSQL's server binaries in /usr/lib/postgresql/<major>/bin."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    initdb = find_binary("initdb")
    return initdb.parent if initdb else None


def apt_install(package: str) -> None:
    """apt-get install `package` without prompts and without starting its system service.

    Debian starts a freshly installed server (nginx on :80, redis on :6379, a PostgreSQL
    cluster on :5432) unless /usr/sbin/policy-rc.d says no; we only want the binaries,
    so such a file is put in place for the install when there is none.
    """
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    lock = ["-o", f"DPkg::Lock::Timeout={APT_LOCK_TIMEOUT_SECONDS}"]
    added_policy = False
    if os.geteuid() == 0 and not POLICY_RC_D.exists():
        POLICY_RC_D.write_text("#!/bin/sh\n# Added by bot/deploy/services.py during apt-get.\nexit 101\n")
        POLICY_RC_D.chmod(0o755)
        added_policy = True
    try:
        subprocess.run([*sudo, "apt-get", *lock, "update", "-q"], env=env, check=True)
        subprocess.run(
            [*sudo, "apt-get", *lock, "install", "-y", "-q", "--no-install-recommends", package],
            env=env,
            check=True,
        )
    finally:
        if added_policy:
            POLICY_RC_D.unlink(missing_ok=True)


def ensure_postgres() -> Path:
    """PostgreSQL's bin directory, installing the package when initdb is missing."""
    found = postgres_bin_dir()
    if found is None:
        apt_install(POSTGRES_PACKAGE)
        found = postgres_bin_dir()
    if found is None:
        raise RuntimeError(f"no initdb after installing {POSTGRES_PACKAGE}")
    return found


def ensure_binary(name: str, package: str) -> Path:
    found = find_binary(name)
    if found is None:
        apt_install(package)
        found = find_binary(name)
    if found is None:
        raise RuntimeError(f"no {name} after installing {package}")
    return found


# ---- processes -------------------------------------------------------------------------


def _random_password() -> str:
    # URL-safe characters only, so it can stand in a database URL without quoting.
    return secrets.token_urlsafe(24)


def _spawn(args: list[str], log: Path, *, user: str | None = None) -> subprocess.Popen:
    with open(log, "ab") as output:
        return subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # our Ctrl-C goes to us; we stop it in order
            user=user,
        )


def _stop(process: subprocess.Popen, stop_signal: signal.Signals) -> None:
    # The service's main process stops its own children, with the signal it understands.
    stop_process(process, stop_signal, STOP_TIMEOUT_SECONDS, whole_group=False)


def _wait_for(ready: Callable[[], bool], process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{what} exited with code {process.returncode}:\n{tail}")
        if ready():
            return
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not start within {START_TIMEOUT_SECONDS} s (log: {log})")


def port_open(port: int, host: str = LOOPBACK) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _unprivileged_user() -> str | None:
    """PostgreSQL refuses to run as root: as root, run it as `postgres` (or `nobody`)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root, but there is no 'postgres' or 'nobody' user for PostgreSQL")


def _give_to(path: Path, user: str | None) -> None:
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


@contextmanager
def postgres(
    port: int, workdir: Path, database: str = "hechtbot", user: str = "hechtbot"
) -> Iterator[Postgres]:
    """A fresh PostgreSQL cluster on 127.0.0.1:`port` with one database and its owner.

    The cluster lives in `workdir` and dies with it: fsync is off because nothing here
    has to survive a crash of the machine (production uses a real database server).
    """
    import psycopg2

    bin_dir = ensure_postgres()
    run_as = _unprivileged_user()
    workdir.chmod(0o711)  # the unprivileged user must reach its data directory
    data = workdir / "pgdata"
    data.mkdir(mode=0o700)
    _give_to(data, run_as)
    admin_password = _random_password()
    password_file = workdir / "pgpass-init"
    password_file.write_text(admin_password + "\n")
    password_file.chmod(0o600)
    _give_to(password_file, run_as)
    log = workdir / "postgres.log"
    try:
        initdb = subprocess.run(
            [
                str(bin_dir / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                "postgres",
                "--pwfile",
                str(password_file),
                "--auth",
                "scram-sha-256",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-sync",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            user=run_as,
        )
    finally:
        password_file.unlink(missing_ok=True)
    if initdb.returncode != 0:
        raise RuntimeError(f"initdb failed:\n{initdb.stderr}")
    process = _spawn(
        [
            str(bin_dir / "postgres"),
            "-D",
            str(data),
            "-c",
            f"listen_addresses={LOOPBACK}",
            "-c",
            f"port={port}",
            "-c",
            "unix_socket_directories=",  # TCP on loopback only, no socket file anywhere
            "-c",
            "fsync=off",
            "-c",
            "max_connections=200",  # replicas x workers x SQLAlchemy's pool, and room to spare
        ],
        log,
        user=run_as,
    )

    def accepts_connections() -> bool:
        try:
            psycopg2.connect(
                host=LOOPBACK, port=port, user="postgres", password=admin_password, dbname="postgres"
            ).close()
            return True
        except psycopg2.OperationalError:
            return False

    try:
        _wait_for(accepts_connections, process, "PostgreSQL", log)
        password = _random_password()
        admin = psycopg2.connect(
            host=LOOPBACK, port=port, user="postgres", password=admin_password, dbname="postgres"
        )
        admin.autocommit = True  # CREATE DATABASE cannot run inside a transaction
        try:
            with admin.cursor() as cursor:
                cursor.execute(f'CREATE ROLE "{user}" LOGIN PASSWORD %s', (password,))
                cursor.execute(f'CREATE DATABASE "{database}" OWNER "{user}"')
        finally:
            admin.close()
        yield Postgres(LOOPBACK, port, database, user, password)
    finally:
        _stop(process, signal.SIGINT)  # PostgreSQL's "fast" shutdown: does not wait for clients


@contextmanager
def redis(port: int, workdir: Path) -> Iterator[Redis]:
    """Redis on 127.0.0.1:`port` with a random password and no persistence.

    Rasa keeps only conversation locks in it, which are worthless after a restart.
    """
    import redis as redis_client

    binary = ensure_binary("redis-server", REDIS_PACKAGE)
    password = _random_password()
    config = workdir / "redis.conf"
    # A config file rather than arguments, so the password is not on a command line.
    config.write_text(
        "\n".join(
            [
                f"bind {LOOPBACK}",
                f"port {port}",
                "protected-mode yes",
                "daemonize no",
                'save ""',
                "appendonly no",
                f"dir {workdir}",
                f"requirepass {password}",
                "",
            ]
        )
    )
    config.chmod(0o600)
    log = workdir / "redis.log"
    process = _spawn([str(binary), str(config)], log)

    def answers_ping() -> bool:
        try:
            return bool(redis_client.Redis(host=LOOPBACK, port=port, password=password).ping())
        except redis_client.RedisError:
            return False

    try:
        _wait_for(answers_ping, process, "Redis", log)
        yield Redis(LOOPBACK, port, password)
    finally:
        _stop(process, signal.SIGTERM)


@contextmanager
def nginx(port: int, workdir: Path, render: Callable[[Path], str]) -> Iterator[Nginx]:
    """nginx with the configuration `render(prefix)` returns, its files under `workdir`.

    `-p` and `-e` keep it away from /etc/nginx and /var/log/nginx entirely.
    """
    binary = ensure_binary("nginx", NGINX_PACKAGE)
    workdir.chmod(0o755)  # as root, nginx's workers run as nobody and use temp dirs here
    config = workdir / "nginx.conf"
    config.write_text(render(workdir))
    log = workdir / "error.log"
    base = [str(binary), "-p", f"{workdir}/", "-c", str(config), "-e", str(log)]
    checked = subprocess.run([*base, "-t", "-q"], check=False, capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx refuses its configuration:\n{checked.stderr}")
    process = _spawn(base, workdir / "nginx.out")
    try:
        _wait_for(lambda: port_open(port), process, "nginx", log)
        yield Nginx(LOOPBACK, port)
    finally:
        _stop(process, signal.SIGTERM)  # "fast shutdown"


@contextmanager
def running_services(
    postgres_port: int,
    redis_port: int,
    nginx_port: int | None = None,
    render_nginx: Callable[[Path], str] | None = None,
    workdir: Path | None = None,
) -> Iterator[Services]:
    """PostgreSQL and Redis (and nginx when `render_nginx` is given); always stopped after.

    Each service gets a subdirectory of `workdir` (default: a new temporary directory,
    deleted afterwards) holding its data, configuration and log.
    """
    with ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hechtbot-services-")))
        # PostgreSQL and nginx workers run unprivileged when we are root: they must get through.
        workdir.chmod(0o711)
        for name in ("postgres", "redis", "nginx"):
            (workdir / name).mkdir(parents=True, exist_ok=True)
        database = stack.enter_context(postgres(postgres_port, workdir / "postgres"))
        locks = stack.enter_context(redis(redis_port, workdir / "redis"))
        proxy = None
        if render_nginx is not None:
            if nginx_port is None:
                raise ValueError("nginx needs a port")
            proxy = stack.enter_context(nginx(nginx_port, workdir / "nginx", render_nginx))
        yield Services(database, locks, proxy)
