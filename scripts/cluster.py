"""The operator profile on one machine: `scripts/cluster-up`, `scripts/cluster-ctl`, `scripts/cluster-down`.

    cluster-up [--dir DIR] [--processes N] [--env KEY=VALUE ...]   write the configuration, start everything,
                                                                    load the demo, print DIR/cluster.env
    cluster-ctl [--dir DIR] {stop|start|restart|kill-one} {primary|replica|pgbouncer|redis|nginx|app|worker|s3}
    cluster-down [--dir DIR]                                        stop everything and remove DIR

The configuration comes from hromada.core.cluster (tested in tests/core/test_cluster_config.py); this file only
runs the engines: Debian's PostgreSQL 15 (as the `postgres` user when run as root — PostgreSQL refuses root),
pgbouncer, redis-server and nginx, and from PyPI moto's S3 server, granian (`hromada serve`) and the task worker.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from hromada.core import cluster, processes  # noqa: E402

BIN = Path(sys.executable).parent
DEFAULT_DIR = REPO / "var" / "cluster"
SERVICE_USER = "postgres"  # PostgreSQL and pgbouncer do not run as root


def say(message: str) -> None:
    print(f"cluster: {message}", flush=True)


# --- helpers ----------------------------------------------------------------------------------------

def as_service_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", SERVICE_USER, "--", *args] if os.geteuid() == 0 else args


def run(args: list[str], *, env: dict | None = None, service_user: bool = False, quiet: bool = False,
        check: bool = True) -> subprocess.CompletedProcess:
    command = as_service_user(args) if service_user else args
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd="/")  # noqa: S603
    if check and result.returncode != 0:
        raise SystemExit(f"cluster: `{' '.join(args)}` failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    if not quiet and result.stdout.strip():
        print(result.stdout.rstrip())
    return result


def chown_to_service_user(*paths: Path) -> None:
    if os.geteuid() != 0:
        return
    user = pwd.getpwnam(SERVICE_USER)
    for path in paths:
        for root, _dirs, names in os.walk(path):
            os.chown(root, user.pw_uid, user.pw_gid)
            for name in names:
                os.chown(os.path.join(root, name), user.pw_uid, user.pw_gid)


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_port(host: str, port: int, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(host, port):
            return
        time.sleep(0.2)
    raise SystemExit(f"cluster: {what} does not answer on {host}:{port} after {timeout:.0f} s")


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def alive(pid: int | None) -> bool:
    return processes.process_alive(pid)


def stop_pid(path: Path, sig=signal.SIGTERM, timeout: float = 20, *, group: bool = False) -> None:
    """Stop a process (with ``group``, the whole process group it leads: granian's workers, RQ's work horses)."""
    pid = read_pid(path)
    if not alive(pid):
        path.unlink(missing_ok=True)
        return
    send = os.killpg if group else os.kill
    with contextlib.suppress(ProcessLookupError):
        send(pid, sig)
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):  # reap our own children
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        if alive(pid) or group:  # whatever is left of the group goes too
            send(pid, signal.SIGKILL)
    path.unlink(missing_ok=True)


def spawn(layout: cluster.Layout, service: str, args: list[str], env: dict[str, str]) -> None:
    """A long-running process of ours in its own session (so cluster-up can exit), logging to DIR/log."""
    log = open(layout.logfile(service), "ab")  # noqa: SIM115 — handed to the child
    process = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,  # noqa: S603
                               stdin=subprocess.DEVNULL, start_new_session=True, cwd=layout.root)
    layout.pidfile(service).write_text(f"{process.pid}\n")


def app_environment(layout: cluster.Layout) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HROMADA_", "DJANGO_"))}
    base.update(cluster.parse_env_file(layout.env_file.read_text()))
    return base


# --- the layout -------------------------------------------------------------------------------------

def load_layout(root: Path, processes: int | None = None, extra_env: tuple = ()) -> cluster.Layout:
    secrets_file = root / "secrets.env"
    if secrets_file.exists():
        secrets = cluster.Secrets.loads(secrets_file.read_text())
    else:
        root.mkdir(parents=True, exist_ok=True)
        secrets = cluster.Secrets.generate()
        secrets_file.write_text(secrets.dumps())
        secrets_file.chmod(0o600)
    saved = root / "layout.env"
    known = cluster.parse_env_file(saved.read_text()) if saved.exists() else {}
    if processes is None:
        processes = int(known.get("processes", max(2, os.cpu_count() or 2)))
    if not extra_env and known.get("extra_env"):
        extra_env = tuple(tuple(item.split("=", 1)) for item in known["extra_env"].split(";") if "=" in item)
    saved.write_text(f"processes={processes}\nextra_env={';'.join('='.join(kv) for kv in extra_env)}\n")
    return cluster.Layout(root=root, secrets=secrets, processes=processes, extra_env=tuple(extra_env))


def write_files(layout: cluster.Layout, static_path: str = "") -> None:
    for sub in ("run", "log", "pgbouncer", "redis", "nginx/tmp", "app", "static"):
        layout.path(sub).mkdir(parents=True, exist_ok=True)
    for path, text in cluster.files(layout, static_path).items():
        path.write_text(text)
    layout.env_file.chmod(0o600)
    layout.path("pgbouncer", "userlist.txt").chmod(0o600)
    certificate = layout.path("nginx", "cert.pem")
    if not certificate.exists():
        run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,DNS:*.localhost,IP:127.0.0.1",
             "-keyout", str(layout.path("nginx", "key.pem")), "-out", str(certificate)], quiet=True)
    # The service user owns the run and log directories (sockets, pid and log files of PostgreSQL, pgbouncer).
    chown_to_service_user(layout.run_dir, layout.log_dir, layout.path("pgbouncer"))
    os.chmod(layout.root, 0o755)  # noqa: S103 — nginx's workers (www-data) read DIR/static


# --- PostgreSQL ---------------------------------------------------------------------------------------

def psql(layout: cluster.Layout, sql: str, database: str = "postgres") -> None:
    run([str(layout.pg_bin / "psql"), "-h", str(layout.run_dir), "-p", str(layout.ports.primary), "-U", "postgres",
         "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], service_user=True)


def init_primary(layout: cluster.Layout) -> None:
    data = layout.primary_data
    if (data / "PG_VERSION").exists():
        return
    say("initdb of the primary")
    data.mkdir(parents=True)
    chown_to_service_user(data)
    data.chmod(0o700)
    run([str(layout.pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8",
         "--auth-local=trust", "--auth-host=scram-sha-256"], service_user=True, quiet=True)
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(cluster.postgresql_conf(layout, replica=False))
    (data / "pg_hba.conf").write_text(cluster.pg_hba_conf(layout))
    chown_to_service_user(data)
    pg_start(layout, "primary")
    s = layout.secrets
    psql(layout, f"CREATE ROLE {cluster.APP_ROLE} LOGIN PASSWORD '{s.app_password}'")
    psql(layout, f"CREATE ROLE {cluster.REPLICATION_ROLE} LOGIN REPLICATION PASSWORD '{s.replication_password}'")
    psql(layout, f"CREATE DATABASE {cluster.DATABASE} OWNER {cluster.APP_ROLE}")
    # RUM is not a trusted extension: the superuser creates it, the application role's migration finds it.
    if (Path("/usr/share/postgresql/15/extension") / "rum.control").exists():
        psql(layout, "CREATE EXTENSION IF NOT EXISTS rum", database=cluster.DATABASE)


def init_replica(layout: cluster.Layout) -> None:
    data = layout.replica_data
    if (data / "PG_VERSION").exists():
        return
    say("pg_basebackup of the replica (streaming, -R)")
    data.mkdir(parents=True)
    chown_to_service_user(data)
    data.chmod(0o700)
    env = {**os.environ, "PGPASSWORD": layout.secrets.replication_password}
    run(["env", f"PGPASSWORD={env['PGPASSWORD']}", str(layout.pg_bin / "pg_basebackup"), "-h", layout.host,
         "-p", str(layout.ports.primary), "-U", cluster.REPLICATION_ROLE, "-D", str(data), "-R", "-X", "stream",
         "-c", "fast"], service_user=True, quiet=True)
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(cluster.postgresql_conf(layout, replica=True))
    chown_to_service_user(data)


def pg_data(layout: cluster.Layout, service: str) -> Path:
    return layout.primary_data if service == "primary" else layout.replica_data


def pg_start(layout: cluster.Layout, service: str) -> None:
    data = pg_data(layout, service)
    if alive(read_pid(data / "postmaster.pid")):
        return
    run([str(layout.pg_bin / "pg_ctl"), "-D", str(data), "-l", str(layout.logfile(service)), "-w", "-t", "60",
         "start"], service_user=True, quiet=True)
    wait_port(layout.host, getattr(layout.ports, service), f"PostgreSQL {service}")


def pg_stop(layout: cluster.Layout, service: str) -> None:
    data = pg_data(layout, service)
    if alive(read_pid(data / "postmaster.pid")):
        run([str(layout.pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], service_user=True,
            quiet=True, check=False)


# --- the other engines --------------------------------------------------------------------------------

def start(layout: cluster.Layout, service: str) -> None:
    if service in ("primary", "replica"):
        pg_start(layout, service)
    elif service == "pgbouncer":
        if not alive(read_pid(layout.pidfile("pgbouncer"))):
            run(["pgbouncer", "-d", str(layout.path("pgbouncer", "pgbouncer.ini"))], service_user=True, quiet=True)
        wait_port(layout.host, layout.ports.pgbouncer, "pgbouncer")
    elif service == "redis":
        if not alive(read_pid(layout.pidfile("redis"))):
            run(["redis-server", str(layout.path("redis", "redis.conf"))], quiet=True)
        wait_port(layout.host, layout.ports.redis, "Redis")
    elif service == "s3":
        if not alive(read_pid(layout.pidfile("s3"))):
            spawn(layout, "s3", [str(BIN / "moto_server"), "-H", layout.host, "-p", str(layout.ports.s3)],
                  dict(os.environ))
        wait_port(layout.host, layout.ports.s3, "the S3 server")
        ensure_bucket(layout)
    elif service == "app":
        if not alive(read_pid(layout.pidfile("app"))):
            spawn(layout, "app", [str(BIN / "hromada"), "serve", "--no-worker", "--host", layout.host,
                                  "--port", str(layout.ports.app), "--processes", str(layout.processes),
                                  "--threads", str(layout.threads)], app_environment(layout))
        wait_port(layout.host, layout.ports.app, "the application", timeout=120)
    elif service == "worker":
        if not alive(read_pid(layout.pidfile("worker"))):
            spawn(layout, "worker", [str(BIN / "hromada"), "worker"], app_environment(layout))
    elif service == "nginx":
        if not alive(read_pid(layout.pidfile("nginx"))):
            run(["nginx", "-p", str(layout.path("nginx")), "-c", str(layout.path("nginx", "nginx.conf"))],
                quiet=True)
        wait_port(layout.host, layout.ports.http, "nginx")


def stop(layout: cluster.Layout, service: str) -> None:
    if service in ("primary", "replica"):
        pg_stop(layout, service)
    elif service == "redis":
        stop_pid(layout.pidfile("redis"))
    elif service == "nginx":
        stop_pid(layout.pidfile("nginx"), signal.SIGQUIT)
    elif service == "pgbouncer":
        stop_pid(layout.pidfile("pgbouncer"), signal.SIGINT)
    else:  # our own processes, each the leader of its session: app, worker, s3
        stop_pid(layout.pidfile(service), group=True)


def app_workers(layout: cluster.Layout) -> list[int]:
    """The granian worker processes under `hromada serve` (its children, not multiprocessing's helpers)."""
    parent = read_pid(layout.pidfile("app"))
    if not alive(parent):
        return []
    found = run(["pgrep", "-P", str(parent)], quiet=True, check=False).stdout.split()
    workers = []
    for pid in map(int, found):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except FileNotFoundError:
            continue
        if "resource_tracker" not in command and "semaphore_tracker" not in command:
            workers.append(pid)
    return workers


def kill_one(layout: cluster.Layout, service: str) -> None:
    if service == "app":
        workers = app_workers(layout)
        if not workers:
            raise SystemExit("cluster: no application worker process found")
        os.kill(workers[0], signal.SIGKILL)
        say(f"SIGKILL to application worker process {workers[0]} (granian starts another)")
        return
    if service in ("primary", "replica"):
        pid = read_pid(pg_data(layout, service) / "postmaster.pid")
    else:
        pid = read_pid(layout.pidfile(service))
    if not alive(pid):
        raise SystemExit(f"cluster: {service} is not running")
    os.kill(pid, signal.SIGKILL)
    say(f"SIGKILL to {service} ({pid})")


def ensure_bucket(layout: cluster.Layout) -> None:
    import boto3

    s = layout.secrets
    client = boto3.client("s3", endpoint_url=f"http://{layout.host}:{layout.ports.s3}",
                          aws_access_key_id=s.s3_access_key, aws_secret_access_key=s.s3_secret_key,
                          region_name=cluster.S3_REGION)
    if cluster.S3_BUCKET not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
        client.create_bucket(Bucket=cluster.S3_BUCKET)


# --- the application: schema, demo data, static files ---------------------------------------------------

def hromada(layout: cluster.Layout, *args: str, direct: bool = True) -> str:
    env = app_environment(layout)
    if direct:  # migrations and the demo load straight to the primary, not through the transaction pooler
        env["HROMADA_DATABASE_URL"] = env["CLUSTER_PRIMARY_URL"]
        env.pop("HROMADA_DB_TRANSACTION_POOLER", None)
        env.pop("HROMADA_REPLICA_DATABASE_URL", None)
    return run([str(BIN / "hromada"), *args], env=env, quiet=True).stdout


def static_css_path(layout: cluster.Layout) -> str:
    import json

    manifest = json.loads((layout.static_root / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["hromada/hromada.css"]


def prepare_application(layout: cluster.Layout) -> None:
    say("migrate, demo data and collectstatic")
    hromada(layout, "migrate", "--noinput")
    print(hromada(layout, "seed-demo").rstrip())
    hromada(layout, "collectstatic", "--noinput")
    write_files(layout, static_css_path(layout))


# --- commands -------------------------------------------------------------------------------------------

ORDER = ("primary", "replica", "pgbouncer", "redis", "s3", "app", "worker", "nginx")


def up(layout: cluster.Layout) -> None:
    write_files(layout)
    init_primary(layout)
    pg_start(layout, "primary")
    init_replica(layout)
    for service in ("replica", "pgbouncer", "redis", "s3"):
        say(f"starting {service}")
        start(layout, service)
    prepare_application(layout)
    for service in ("app", "worker", "nginx"):
        say(f"starting {service}")
        start(layout, service)
    say(f"up: {layout.url} and {layout.https_url} ({layout.processes} application processes); "
        f"environment in {layout.env_file}")
    print(layout.env_file.read_text(), end="")


def down(layout: cluster.Layout) -> None:
    for service in reversed(ORDER):
        began = time.monotonic()
        try:
            stop(layout, service)
        except SystemExit as error:
            print(error, file=sys.stderr)
        say(f"stopped {service} ({time.monotonic() - began:.1f} s)")
    shutil.rmtree(layout.root, ignore_errors=True)
    say(f"stopped everything and removed {layout.root}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="cluster")
    sub = parser.add_subparsers(dest="command", required=True)
    p_up = sub.add_parser("up")
    p_up.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    p_up.add_argument("--processes", type=int, default=None)
    p_up.add_argument("--env", action="append", default=[], metavar="HROMADA_X=VALUE",
                      help="a further variable for the application processes (e.g. HROMADA_RATE_LIMIT_EXEMPT)")
    p_down = sub.add_parser("down")
    p_down.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    p_ctl = sub.add_parser("ctl")
    p_ctl.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    p_ctl.add_argument("action", choices=("stop", "start", "restart", "kill-one"))
    p_ctl.add_argument("service", choices=cluster.SERVICES)
    options = parser.parse_args(argv)
    root = options.dir.resolve()
    if options.command == "up":
        if options.processes is not None and not 1 <= options.processes <= 64:
            parser.error("--processes must be between 1 and 64")
        extra = []
        for item in options.env:
            key, sep, value = item.partition("=")
            if not sep or not key.startswith("HROMADA_"):
                parser.error(f"--env {item!r}: expected HROMADA_NAME=VALUE")
            extra.append((key, value))
        up(load_layout(root, options.processes, tuple(extra)))
        return
    if not (root / "secrets.env").exists():
        if options.command == "down":
            shutil.rmtree(root, ignore_errors=True)
            say(f"nothing runs from {root}")
            return
        raise SystemExit(f"cluster: no cluster in {root} (run scripts/cluster-up first)")
    layout = load_layout(root)
    if options.command == "down":
        down(layout)
    elif options.action == "kill-one":
        kill_one(layout, options.service)
    else:
        if options.action in ("stop", "restart"):
            stop(layout, options.service)
        if options.action in ("start", "restart"):
            start(layout, options.service)
        say(f"{options.service}: {options.action} done")


if __name__ == "__main__":
    main(sys.argv[1:])
