"""The operator profile's generated configuration (core/cluster.py, scripts/cluster.py) — checked without starting
any server, except `nginx -t` on the generated nginx.conf when nginx is installed."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hromada.core import cluster

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def layout(tmp_path):
    return cluster.Layout(root=tmp_path / "cluster", secrets=cluster.Secrets.generate(), processes=3)


def _script_module():
    spec = importlib.util.spec_from_file_location("cluster_script", REPO / "scripts" / "cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_service_has_its_own_port_and_the_bench_ports_are_the_agreed_ones(layout):
    ports = layout.ports.all()
    assert len(set(ports.values())) == len(ports)
    assert layout.url == "http://127.0.0.1:58080" and layout.https_url == "https://127.0.0.1:58443"
    assert layout.ports.primary != 5432 and layout.ports.redis != 6379  # never the machine's own servers


def test_every_generated_file_and_path_lies_under_the_directory(layout):
    generated = cluster.files(layout, "/static/hromada/hromada.abc.css")
    assert all(path.is_relative_to(layout.root) for path in generated)
    env = cluster.app_env(layout)
    for key in ("HROMADA_DATA_DIR", "HROMADA_STATIC_ROOT", "CLUSTER_DIR"):
        assert Path(env[key]).is_relative_to(layout.root), key
    absolute = re.findall(r"(?<![\w.:/])(/[\w./-]+)", cluster.nginx_conf(layout) + cluster.pgbouncer_ini(layout)
                          + cluster.redis_conf(layout) + cluster.postgresql_conf(layout, replica=False))
    outside = {p for p in absolute if not p.startswith(str(layout.root))
               and not p.startswith(("/etc/nginx/mime.types", "/static/", "/32"))}
    assert outside == set()


def test_the_environment_of_the_application_processes(layout):
    env = cluster.parse_env_file(cluster.env_file(cluster.app_env(layout, "/static/hromada/hromada.abc.css")))
    p = layout.ports
    assert env["CLUSTER_URL"] == "http://127.0.0.1:58080"
    assert env["CLUSTER_STATIC_PATH"] == "/static/hromada/hromada.abc.css"
    assert env["HROMADA_ENV"] == "production" and len(env["HROMADA_SECRET_KEY"]) >= 50
    # Writes through pgbouncer (transaction pooling), public reads straight from the replica.
    assert env["HROMADA_DATABASE_URL"].endswith(f"@127.0.0.1:{p.pgbouncer}/hromada")
    assert env["HROMADA_DB_TRANSACTION_POOLER"] == "1"
    assert env["HROMADA_REPLICA_DATABASE_URL"].endswith(f"@127.0.0.1:{p.replica}/hromada")
    assert env["CLUSTER_PRIMARY_URL"].endswith(f"@127.0.0.1:{p.primary}/hromada")
    assert env["HROMADA_CACHE"] == env["HROMADA_TASKS_BACKEND"] == "redis"
    assert env["HROMADA_REDIS_URL"] == f"redis://127.0.0.1:{p.redis}/0"
    assert env["HROMADA_S3_ENDPOINT_URL"] == f"http://127.0.0.1:{p.s3}" and env["HROMADA_S3_BUCKET"]
    assert env["HROMADA_TRUSTED_PROXY"] == "127.0.0.1"
    assert env["HROMADA_PROCESSES"] == env["CLUSTER_PROCESSES"] == "3"


def test_extra_variables_reach_the_processes_and_unsafe_values_are_refused(layout):
    extra = cluster.Layout(root=layout.root, secrets=layout.secrets,
                           extra_env=(("HROMADA_RATE_LIMIT_EXEMPT", "127.0.0.1"),))
    assert cluster.app_env(extra)["HROMADA_RATE_LIMIT_EXEMPT"] == "127.0.0.1"
    with pytest.raises(ValueError, match="HROMADA_X"):
        cluster.env_file({"HROMADA_X": "a b"})


def test_pgbouncer_pools_transactions_in_front_of_the_primary(layout):
    ini = cluster.pgbouncer_ini(layout)
    assert re.search(r"^pool_mode = transaction$", ini, re.M)
    assert re.search(rf"^listen_port = {layout.ports.pgbouncer}$", ini, re.M)
    assert f"hromada = host=127.0.0.1 port={layout.ports.primary} dbname=hromada" in ini
    assert re.search(r"^query_wait_timeout = \d+$", ini, re.M)
    assert cluster.pgbouncer_userlist(layout) == f'"hromada" "{layout.secrets.app_password}"\n'


def test_the_replica_streams_from_the_primary(layout):
    conninfo = layout.primary_conninfo()
    assert f"port={layout.ports.primary}" in conninfo and "user=replicator" in conninfo
    primary, replica = (cluster.postgresql_conf(layout, replica=r) for r in (False, True))
    assert f"port = {layout.ports.primary}" in primary and f"port = {layout.ports.replica}" in replica
    assert "wal_level = replica" in primary and "hot_standby = on" in replica
    hba = cluster.pg_hba_conf(layout)
    assert re.search(r"^host\s+replication\s+replicator\s+127\.0\.0\.1/32\s+scram-sha-256$", hba, re.M)
    assert not re.search(r"^host.*trust$", hba, re.M)  # over TCP, always a password


def test_nginx_terminates_tls_serves_static_files_and_limits_requests(layout):
    conf = cluster.nginx_conf(layout)
    assert f"listen 127.0.0.1:{layout.ports.http};" in conf
    assert f"listen 127.0.0.1:{layout.ports.https} ssl" in conf
    assert re.search(rf"upstream hromada_app \{{[^}}]*server 127\.0\.0\.1:{layout.ports.app}", conf)
    assert f"alias {layout.static_root}/;" in conf
    assert "limit_req_status 429;" in conf and "limit_req zone=hromada_pages" in conf
    assert "client_max_body_size 25m;" in conf
    assert "127.0.0.1 1;" in conf  # the load tests' address, listed explicitly
    proxy = cluster.nginx_proxy_conf(layout)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxy and "proxy_pass http://hromada_app;" in proxy


# Under CI nginx is installed by .ci/run, so the check never skips there.
@pytest.mark.skipif(os.environ.get("CI", "").lower() not in {"1", "true", "yes"}
                    and not ((shutil.which("nginx") or Path("/usr/sbin/nginx").exists()) and shutil.which("openssl")),
                    reason="nginx or openssl not installed")
def test_nginx_accepts_the_generated_configuration(layout):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    user = "www-data" if os.geteuid() == 0 else None
    for sub in ("nginx/tmp", "log", "run", "static"):
        layout.path(sub).mkdir(parents=True, exist_ok=True)
    layout.path("nginx", "nginx.conf").write_text(cluster.nginx_conf(layout, user=user))
    layout.path("nginx", "proxy.conf").write_text(cluster.nginx_proxy_conf(layout))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(layout.path("nginx", "key.pem")), "-out", str(layout.path("nginx", "cert.pem"))],
                   check=True, capture_output=True, timeout=60)
    conf = str(layout.path("nginx", "nginx.conf"))
    result = subprocess.run([nginx, "-t", "-p", str(layout.path("nginx")), "-c", conf], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_settings_accept_the_generated_environment(layout):
    """The application's own settings, read in a fresh interpreter with the cluster's environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HROMADA_", "DJANGO_"))}
    env.update(cluster.app_env(layout), DJANGO_SETTINGS_MODULE="hromada.settings")
    code = ("from django.conf import settings as s; import json; d = s.DATABASES; print(json.dumps(["
            "d['default']['PORT'], d['default']['DISABLE_SERVER_SIDE_CURSORS'], d['default']['OPTIONS'],"
            "d['default']['CONN_MAX_AGE'], d['replica']['PORT'], s.DATABASE_ROUTERS, s.CACHES['default']['BACKEND'],"
            "s.TASKS['default']['BACKEND'], s.STORAGES['default']['OPTIONS']['endpoint_url'], s.SECURE_SSL_REDIRECT]))")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    p = layout.ports
    assert json.loads(result.stdout) == [
        p.pgbouncer, True, {"prepare_threshold": None}, 60, p.replica, ["hromada.core.dbrouter.ReplicaRouter"],
        "hromada.core.cache.ResilientRedisCache", "django_tasks_rq.RQBackend", f"http://127.0.0.1:{p.s3}",
        False]


def test_the_secrets_of_a_directory_are_generated_once(tmp_path):
    script = _script_module()
    first = script.load_layout(tmp_path / "c", processes=2)
    again = script.load_layout(tmp_path / "c")
    assert first.secrets == again.secrets and again.processes == 2  # remembered for cluster-ctl
    assert (tmp_path / "c" / "secrets.env").stat().st_mode & 0o077 == 0


def test_the_scripts_refuse_bad_arguments_without_a_traceback(tmp_path):
    ctl = subprocess.run([str(REPO / "scripts" / "cluster-ctl"), "--dir", str(tmp_path / "none"), "stop", "replica"],
                         capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHON": sys.executable})
    assert ctl.returncode != 0 and "no cluster in" in ctl.stderr and "Traceback" not in ctl.stderr
    wrong = subprocess.run([sys.executable, str(REPO / "scripts" / "cluster.py"), "ctl", "stop", "database"],
                           capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
    processes = subprocess.run([sys.executable, str(REPO / "scripts" / "cluster.py"), "up", "--dir",
                                str(tmp_path / "x"), "--processes", "0"], capture_output=True, text=True, timeout=60)
    assert processes.returncode == 2 and "--processes" in processes.stderr
    assert not (tmp_path / "x").exists()
    down = subprocess.run([sys.executable, str(REPO / "scripts" / "cluster.py"), "down", "--dir",
                           str(tmp_path / "none")], capture_output=True, text=True, timeout=60)
    assert down.returncode == 0


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(os.environ.get("CI", "").lower() not in {"1", "true", "yes"}
                    and not ((shutil.which("nginx") or Path("/usr/sbin/nginx").exists()) and shutil.which("openssl")),
                    reason="nginx or openssl not installed")
def test_nginx_answers_repeats_of_marked_anonymous_pages_itself_and_nothing_private():
    """The microcache, run: the generated nginx.conf in front of an upstream that counts what reaches it and
    marks some answers with X-Accel-Expires as core/pagecache.py does."""
    import http.client
    import http.server
    import threading
    import time

    reached: list[str] = []

    class Upstream(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            reached.append(self.path)
            body = f"page {self.path} #{len(reached)}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if not self.path.startswith("/unmarked"):
                self.send_header("X-Accel-Expires", "30")
            if self.path.startswith("/cookie"):
                self.send_header("Set-Cookie", "csrftoken=x; Path=/")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    import tempfile

    # Not under pytest's tmp_path: its parent is private to root, and nginx's workers (www-data) need the way in.
    root = Path(tempfile.mkdtemp(prefix="hromada-edge-"))
    ports = cluster.Ports(app=_free_port(), http=_free_port(), https=_free_port())
    layout = cluster.Layout(root=root / "cluster", secrets=cluster.Secrets.generate(), ports=ports)
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", ports.app), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    for sub in ("nginx/tmp", "log", "run", "static"):
        layout.path(sub).mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)  # noqa: S103 — nginx's workers (www-data, when root starts it) keep the cache inside
    layout.path("nginx", "nginx.conf").write_text(cluster.nginx_conf(layout, user="www-data" if os.geteuid() == 0
                                                                      else None))
    layout.path("nginx", "proxy.conf").write_text(cluster.nginx_proxy_conf(layout))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(layout.path("nginx", "key.pem")), "-out", str(layout.path("nginx", "cert.pem"))],
                   check=True, capture_output=True, timeout=60)
    conf = str(layout.path("nginx", "nginx.conf"))
    started = subprocess.run([nginx, "-p", str(layout.path("nginx")), "-c", conf], capture_output=True, text=True,
                             timeout=60)
    assert started.returncode == 0, started.stderr

    def get(path: str, **headers) -> tuple[str, str]:
        conn = http.client.HTTPConnection("127.0.0.1", ports.http, timeout=10)
        conn.request("GET", path, headers={"Host": "a.localhost", **headers})
        answer = conn.getresponse()
        return answer.read().decode(), answer.getheader("X-Edge-Cache", "")

    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                get("/warm-up")
                break
            except OSError:
                time.sleep(0.1)
        reached.clear()
        first, again = get("/acts/"), get("/acts/")
        assert first[0] == again[0] and again[1] == "HIT" and reached == ["/acts/"]
        for private in ({"Cookie": "sessionid=abc"}, {"Cookie": "x=1; hromada_primary=1"}, {"Cookie": "messages=m"},
                        {"Authorization": "Bearer t"}, {"HX-Request": "true"}):
            body, state = get("/acts/", **private)
            assert state == "BYPASS" and body != first[0], private  # rendered by the application, not the copy
        assert get("/acts/", Cookie="csrftoken=abc")[1] == "HIT"  # a cookie of no person: still anonymous
        get("/unmarked/"), get("/unmarked/")
        get("/cookie/"), get("/cookie/")
        assert reached.count("/unmarked/") == 2 and reached.count("/cookie/") == 2  # never kept
    finally:
        subprocess.run([nginx, "-p", str(layout.path("nginx")), "-c", conf, "-s", "stop"], capture_output=True,
                       timeout=60)
        upstream.shutdown()
        shutil.rmtree(root, ignore_errors=True)
