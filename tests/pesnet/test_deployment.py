"""The container and production configuration, checked without Docker (none runs here)."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def procfile() -> dict[str, str]:
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = command.strip()
    return entries


def test_compose_runs_the_procfile_processes_with_health_checks():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    assert services["db"]["image"] == "postgres:15"
    for name, command in procfile().items():
        assert services[name]["command"] == ["sh", "-c", command], name
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert "pgdata" in compose["volumes"] and "uploads" in compose["volumes"]
    assert any(v.startswith("pgdata:") for v in services["db"]["volumes"])
    assert any(v.startswith("uploads:") for v in services["web"]["volumes"])


def test_check_deploy_is_clean_with_production_settings():
    env = dict(
        os.environ,
        DEBUG="False",
        SECRET_KEY="x" * 20 + "a-real-production-secret-key-1234567890",
        ALLOWED_HOSTS="pesnet.example.org",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for Playwright only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret_key():
    env = dict(os.environ, DEBUG="False")
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_profile_puts_caddy_in_front_with_static_and_public_media():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("proxy", "static"):
        assert services[name]["profiles"] == ["production"], name
    for name in ("db", "redis", "web", "worker", "beat"):  # the plain `docker compose up`
        assert "profiles" not in services[name], name
    proxy = services["proxy"]
    assert proxy["image"].startswith("caddy:")
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert "static:/srv/static:ro" in proxy["volumes"]
    assert "uploads:/srv/data:ro" in proxy["volumes"]
    assert "static:/static" in services["static"]["volumes"]
    assert {"static", "caddy_data", "backups"} <= set(compose["volumes"])
    # Several web containers: a port range, and the proxy balancing over every replica.
    assert services["web"]["ports"] == ["${WEB_PORTS:-8000}:8000"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "dynamic a web 8000" in caddyfile
    assert "handle_path /static/*" in caddyfile and "root * /srv/static" in caddyfile
    assert "handle /media/*" in caddyfile and "root * /srv/data" in caddyfile
    assert "respond /metrics 404" in caddyfile
    assert "/private" not in caddyfile.replace("private/, which", "")


def test_backups_have_a_volume_and_pg_dump_in_the_image():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    worker = compose["services"]["worker"]
    assert "backups:/backups" in worker["volumes"]
    assert worker["environment"]["BACKUP_DIR"] == "/backups"
    assert "postgresql-client" in (ROOT / "Dockerfile").read_text()


def test_the_web_health_check_ignores_the_background(live_server, transactional_db):
    """Docker's check of a web container passes with a silent worker (/healthz is 503 then:
    that is for the operator's monitoring, not a reason to take the web out of service)."""
    from pesnet import heartbeats

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "scripts/healthcheck.py"]
    heartbeats.forget()
    try:
        heartbeats.record(heartbeats.BEAT)
        heartbeats.record(heartbeats.WORKER)
        from pesnet import redis as pesnet_redis

        pesnet_redis.client().hset(pesnet_redis.key("heartbeats"), "worker", 0)
        url = f"{live_server.url}/healthz"
        check = [sys.executable, "scripts/healthcheck.py", url]
        assert subprocess.run(check, cwd=ROOT, timeout=30).returncode == 0
        down = [sys.executable, "scripts/healthcheck.py", "http://127.0.0.1:1/healthz"]
        assert subprocess.run(down, cwd=ROOT, capture_output=True, timeout=30).returncode != 0
    finally:
        heartbeats.forget()
