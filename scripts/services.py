"""Make sure PostgreSQL and Redis are reachable and print the environment that points at them.

Usage (from the Makefile): eval "$(.venv/bin/python scripts/services.py)"

The rule, for each of the two:
1. DATABASE_URL / REDIS_URL set in the environment: use it as it is.
2. Otherwise the local server at 127.0.0.1:5432 / :6379 when it answers; if the machine has the
   Debian service installed but stopped, start it first.
3. Otherwise a private server under .services/ (git-ignored), installed from Debian's packages
   when missing, started on ports 55432 / 56379.

The page cache (CACHE_URL) is a second Redis, because it must evict (`maxmemory` with
`allkeys-lru`) and Redis's memory limit is per instance: CACHE_URL when set, otherwise a
private one under .services/cache on port 56380.

Lines for the shell go to stdout; what was chosen goes to stderr, so it shows in the log.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = ROOT / ".services"
DB_NAME = os.environ.get("PESNET_DB_NAME", "pesnet")
PRIVATE_PG_PORT = 55432
PRIVATE_REDIS_PORT = 56379
PRIVATE_CACHE_PORT = 56380
CACHE_MAXMEMORY = "128mb"


def log(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr, flush=True)


def answers(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for(host: str, port: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if answers(host, port):
            return True
        time.sleep(0.3)
    return False


def run(*cmd: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=False, capture_output=True, text=True, **kwargs)


def apt_install(*packages: str) -> None:
    missing = [p for p in packages if run("dpkg", "-s", p).returncode != 0]
    if not missing:
        return
    log(f"installing from Debian's packages: {' '.join(missing)}")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


# --- PostgreSQL ---------------------------------------------------------------------------
def pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    return str(candidates[0]) if candidates else None


def start_system_postgres() -> bool:
    ctl = shutil.which("pg_ctlcluster")
    conf = Path("/etc/postgresql")
    if not ctl or not conf.is_dir() or os.geteuid() != 0:
        return False
    for version in sorted(p.name for p in conf.iterdir()):
        log(f"starting the system PostgreSQL {version} cluster")
        run(ctl, "--skip-systemctl-redirect", version, "main", "start")
    return wait_for("127.0.0.1", 5432, 20)


def start_private_postgres() -> str:
    if not pg_bin("initdb"):
        apt_install("postgresql")
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    data = PRIVATE / "postgres"
    as_user: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root; the Debian package brings a "postgres" user.
        as_user = ["runuser", "-u", "postgres", "--"]
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        if as_user:
            shutil.chown(PRIVATE, "postgres")
            shutil.chown(data, "postgres")
        log(f"creating a private PostgreSQL cluster in {data}")
        subprocess.run(
            [*as_user, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )
    if not answers("127.0.0.1", PRIVATE_PG_PORT):
        log(f"starting the private PostgreSQL on 127.0.0.1:{PRIVATE_PG_PORT}")
        subprocess.run(
            [
                *as_user,
                pg_ctl,
                "-D",
                str(data),
                "-l",
                str(data / "server.log"),
                "-w",
                "start",
                "-o",
                f"-p {PRIVATE_PG_PORT} -c listen_addresses=127.0.0.1 -k {data}",
            ],
            check=True,
            capture_output=True,
        )
    return f"postgres://postgres@127.0.0.1:{PRIVATE_PG_PORT}/{DB_NAME}"


def ensure_database(url: str) -> None:
    """Create the database named in the URL when the server does not have it yet."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def database_url() -> str:
    if os.environ.get("DATABASE_URL"):
        log("PostgreSQL: DATABASE_URL from the environment")
        return os.environ["DATABASE_URL"]
    if answers("127.0.0.1", 5432) or start_system_postgres():
        log("PostgreSQL: the local server at 127.0.0.1:5432")
        url = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    else:
        url = start_private_postgres()
        log(f"PostgreSQL: the private server at 127.0.0.1:{PRIVATE_PG_PORT} (.services/postgres)")
    ensure_database(url)
    return url


# --- Redis --------------------------------------------------------------------------------
def start_private_redis(name: str = "redis", port: int = PRIVATE_REDIS_PORT, *extra: str) -> str:
    if not shutil.which("redis-server"):
        apt_install("redis-server")
    folder = PRIVATE / name
    folder.mkdir(parents=True, exist_ok=True)
    if not answers("127.0.0.1", port):
        log(f"starting the private Redis ({name}) on 127.0.0.1:{port}")
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
                "--logfile",
                str(folder / "redis.log"),
                *extra,
            ],
            check=True,
            capture_output=True,
        )
        if not wait_for("127.0.0.1", port, 10):
            raise SystemExit(f"The private Redis did not start; see .services/{name}/redis.log")
    return f"redis://127.0.0.1:{port}/0"


def redis_url() -> str:
    if os.environ.get("REDIS_URL"):
        log("Redis: REDIS_URL from the environment")
        return os.environ["REDIS_URL"]
    if answers("127.0.0.1", 6379):
        log("Redis: the local server at 127.0.0.1:6379")
        return "redis://127.0.0.1:6379/0"
    url = start_private_redis()
    log(f"Redis: the private server at 127.0.0.1:{PRIVATE_REDIS_PORT} (.services/redis)")
    return url


def cache_url() -> str:
    """The page cache: a Redis of its own that evicts (maxmemory is per instance), so that
    pages never push out the broker's queues, sessions or the login rate limits."""
    if os.environ.get("CACHE_URL"):
        log("Cache: CACHE_URL from the environment")
        return os.environ["CACHE_URL"]
    url = start_private_redis(
        "cache",
        PRIVATE_CACHE_PORT,
        "--maxmemory",
        CACHE_MAXMEMORY,
        "--maxmemory-policy",
        "allkeys-lru",
    )
    log(f"Cache: the private evicting Redis at 127.0.0.1:{PRIVATE_CACHE_PORT} (.services/cache)")
    return url


def main() -> None:
    print(f"export DATABASE_URL='{database_url()}'")
    print(f"export REDIS_URL='{redis_url()}'")
    print(f"export CACHE_URL='{cache_url()}'")


if __name__ == "__main__":
    main()
