"""The regional operator's deployment profile on one machine: the layout and every configuration file.

`scripts/cluster-up` writes these files and starts the engines (scripts/cluster.py); this module only computes
them — no Django settings, no processes — so tests check the generated configuration without starting anything.
The same files, with other host names, are the starting point of a real multi-machine deployment
(docs/deployment.md, docs/decisions/0016-operator-profile.md):

    nginx (TLS, static files, request limits) → `hromada serve --processes N` (granian workers)
        → pgbouncer (transaction pooling) → PostgreSQL primary  ──streaming──▶  PostgreSQL replica
                                            ↘ public reads (core/dbrouter.py) ↗
    Redis (cache, task queues) ← the web processes and `hromada worker`;  S3-compatible storage for media.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SERVICES = ("primary", "replica", "pgbouncer", "redis", "s3", "app", "worker", "nginx")
DATABASE = "hromada"
APP_ROLE = "hromada"
REPLICATION_ROLE = "replicator"
S3_BUCKET = "hromada-media"
S3_REGION = "us-east-1"


@dataclass(frozen=True)
class Ports:
    primary: int = 55432
    replica: int = 55433
    pgbouncer: int = 56432
    redis: int = 56379
    s3: int = 59000
    app: int = 58000
    http: int = 58080
    https: int = 58443

    def all(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Secrets:
    """Passwords of the local profile, generated once per directory (kept in DIR/secrets.env, mode 0600)."""

    app_password: str
    replication_password: str
    secret_key: str
    s3_access_key: str
    s3_secret_key: str
    demo_password: str

    @classmethod
    def generate(cls) -> Secrets:
        return cls(app_password=secrets.token_urlsafe(18), replication_password=secrets.token_urlsafe(18),
                   secret_key=secrets.token_urlsafe(64), s3_access_key="hromada" + secrets.token_hex(6),
                   s3_secret_key=secrets.token_urlsafe(24), demo_password="Demo-" + secrets.token_urlsafe(12))

    def dumps(self) -> str:
        return "".join(f"{key}={value}\n" for key, value in self.__dict__.items())

    @classmethod
    def loads(cls, text: str) -> Secrets:
        values = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        return cls(**{key: values[key] for key in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Layout:
    root: Path
    secrets: Secrets
    processes: int = 2
    threads: int = 8
    ports: Ports = field(default_factory=Ports)
    host: str = "127.0.0.1"
    pg_bin: Path = PG_BIN
    # Addresses nginx never rate-limits: the load tests' own (explicit here; an operator lists none or a monitor).
    limit_exempt: tuple[str, ...] = ("127.0.0.1",)
    # Requests per second per client address on pages, and on the endpoints that attract abuse.
    page_rate: int = 30
    form_rate: int = 5
    max_body_mb: int = 25
    # Seconds nginx answers an anonymous page itself (X-Accel-Expires from core/pagecache.py); 0 turns it off.
    edge_cache_seconds: int = 1
    extra_env: tuple[tuple[str, str], ...] = ()

    # --- where everything lives -----------------------------------------------------------------------
    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    @property
    def primary_data(self) -> Path:
        return self.path("pg-primary")

    @property
    def replica_data(self) -> Path:
        return self.path("pg-replica")

    @property
    def run_dir(self) -> Path:
        return self.path("run")

    @property
    def log_dir(self) -> Path:
        return self.path("log")

    @property
    def static_root(self) -> Path:
        return self.path("static")

    @property
    def data_dir(self) -> Path:
        return self.path("app")

    @property
    def env_file(self) -> Path:
        return self.path("cluster.env")

    def pidfile(self, service: str) -> Path:
        return self.run_dir / f"{service}.pid"

    def logfile(self, service: str) -> Path:
        return self.log_dir / f"{service}.log"

    # --- connection strings ---------------------------------------------------------------------------
    def database_url(self, via: str = "pgbouncer", database: str = DATABASE) -> str:
        port = self.ports.pgbouncer if via == "pgbouncer" else getattr(self.ports, via)
        return f"postgres://{APP_ROLE}:{self.secrets.app_password}@{self.host}:{port}/{database}"

    def primary_conninfo(self) -> str:
        return (f"host={self.host} port={self.ports.primary} user={REPLICATION_ROLE} "
                f"password={self.secrets.replication_password} application_name=hromada_replica")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.ports.http}"

    @property
    def https_url(self) -> str:
        return f"https://{self.host}:{self.ports.https}"


# --- configuration files ------------------------------------------------------------------------------

def app_env(layout: Layout, static_path: str = "") -> dict[str, str]:
    """What every application process (web and worker) gets, plus the CLUSTER_* facts for scripts and benches."""
    s, p = layout.secrets, layout.ports
    env = {
        "HROMADA_ENV": "production",
        "HROMADA_SECRET_KEY": s.secret_key,
        "HROMADA_ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost",
        "HROMADA_CSRF_TRUSTED_ORIGINS": f"{layout.https_url},{layout.url},https://*.localhost:{p.https}",
        "HROMADA_DATA_DIR": str(layout.data_dir),
        "HROMADA_STATIC_ROOT": str(layout.static_root),
        # Writes and private reads through pgbouncer in transaction mode (no server-side cursors, no prepared
        # statements: HROMADA_DB_TRANSACTION_POOLER).
        "HROMADA_DATABASE_URL": layout.database_url(),
        "HROMADA_DB_TRANSACTION_POOLER": "1",
        # Straight to the replica: behind a pooler a stopped replica holds a query for query_wait_timeout before
        # it fails, directly it is refused at once and core/dbrouter.py reads from the primary.
        "HROMADA_REPLICA_DATABASE_URL": layout.database_url(via="replica"),
        "HROMADA_REPLICA_STICKY_SECONDS": "10",
        "HROMADA_REPLICA_MAX_LAG_SECONDS": "10",
        "HROMADA_CACHE": "redis",
        # nginx keeps the pages the page cache serves for this long (a microcache; see nginx_conf).
        "HROMADA_EDGE_CACHE_SECONDS": str(layout.edge_cache_seconds),
        "HROMADA_TASKS_BACKEND": "redis",
        "HROMADA_REDIS_URL": f"redis://{layout.host}:{p.redis}/0",
        "HROMADA_S3_BUCKET": S3_BUCKET,
        "HROMADA_S3_ENDPOINT_URL": f"http://{layout.host}:{p.s3}",
        "HROMADA_S3_REGION": S3_REGION,
        "HROMADA_S3_ACCESS_KEY": s.s3_access_key,
        "HROMADA_S3_SECRET_KEY": s.s3_secret_key,
        "HROMADA_TRUSTED_PROXY": layout.host,
        # nginx terminates TLS; the plain port stays open for the load tests, so no redirect to https here.
        "HROMADA_SSL_REDIRECT": "0",
        "HROMADA_HSTS_SECONDS": "0",
        "HROMADA_PROCESSES": str(layout.processes),
        "HROMADA_DEMO_PASSWORD": s.demo_password,
        "HROMADA_MAP_TILES_URL": "",
    }
    env.update(dict(layout.extra_env))
    env.update({
        "CLUSTER_DIR": str(layout.root),
        "CLUSTER_URL": layout.url,
        "CLUSTER_HTTPS_URL": layout.https_url,
        "CLUSTER_STATIC_PATH": static_path,
        # Migrations and the demo load go to the primary itself, not through the pooler.
        "CLUSTER_PRIMARY_URL": layout.database_url(via="primary"),
        "CLUSTER_PROCESSES": str(layout.processes),
    })
    return env


def env_file(env: dict[str, str]) -> str:
    for key, value in env.items():
        if any(c in value for c in " \t\n'\"$`\\"):
            raise ValueError(f"{key} has a character an env file line cannot carry plainly: {value!r}")
    return ("# Written by scripts/cluster-up: the environment of the cluster's application processes.\n"
            "# Session cookies are Secure (production settings): sign in over CLUSTER_HTTPS_URL.\n") + "".join(
        f"{key}={value}\n" for key, value in env.items())


def parse_env_file(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#") and "=" in line)


def postgresql_conf(layout: Layout, *, replica: bool) -> str:
    port = layout.ports.replica if replica else layout.ports.primary
    return f"""
# --- hromada cluster profile (core/cluster.py) ---
listen_addresses = '{layout.host}'
port = {port}
unix_socket_directories = '{layout.run_dir}'
max_connections = 200
shared_buffers = 128MB
wal_level = replica
max_wal_senders = 5
wal_keep_size = 256MB
hot_standby = on
hot_standby_feedback = on
logging_collector = off
"""


def pg_hba_conf(layout: Layout) -> str:
    return f"""# hromada cluster profile: the application role and replication over TCP with passwords only
local   all             all                                     trust
host    all             {APP_ROLE}         {layout.host}/32            scram-sha-256
host    replication     {REPLICATION_ROLE}      {layout.host}/32            scram-sha-256
"""


def pgbouncer_ini(layout: Layout) -> str:
    p = layout.ports
    return f"""[databases]
{DATABASE} = host={layout.host} port={p.primary} dbname={DATABASE}

[pgbouncer]
listen_addr = {layout.host}
listen_port = {p.pgbouncer}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {layout.path('pgbouncer', 'userlist.txt')}
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 20
reserve_pool_size = 5
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
; a server that is down answers waiting clients with an error within seconds, not minutes
server_connect_timeout = 3
server_login_retry = 1
query_wait_timeout = 10
logfile = {layout.logfile('pgbouncer')}
pidfile = {layout.pidfile('pgbouncer')}
"""


def pgbouncer_userlist(layout: Layout) -> str:
    return f'"{APP_ROLE}" "{layout.secrets.app_password}"\n'


def redis_conf(layout: Layout) -> str:
    return f"""bind {layout.host}
port {layout.ports.redis}
daemonize yes
pidfile {layout.pidfile('redis')}
logfile {layout.logfile('redis')}
dir {layout.path('redis')}
# Task queues survive a restart; the cache part may be evicted first.
appendonly yes
save ""
maxmemory 512mb
maxmemory-policy volatile-lru
"""


def nginx_conf(layout: Layout, *, user: str | None = "www-data") -> str:
    p = layout.ports
    tmp = layout.path("nginx", "tmp")
    exempt = "\n".join(f"        {address} 1;" for address in layout.limit_exempt)
    user_line = f"user {user};\n" if user else ""
    return f"""# hromada cluster profile (core/cluster.py): TLS termination, static files, request limits
{user_line}worker_processes auto;
pid {layout.pidfile('nginx')};
error_log {layout.logfile('nginx-error')} warn;

events {{
    worker_connections 4096;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    server_tokens off;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;

    client_max_body_size {layout.max_body_mb}m;
    client_body_timeout 30s;
    client_header_timeout 15s;
    gzip on;
    gzip_types text/css application/javascript application/json application/xml text/csv image/svg+xml;

    # Per client address; the addresses listed in geo (the load tests' own) are not limited.
    geo $hromada_limit_exempt {{
        default 0;
{exempt}
    }}
    map $hromada_limit_exempt $hromada_limit_key {{
        0 $binary_remote_addr;
        1 "";
    }}
    limit_req_zone $hromada_limit_key zone=hromada_pages:20m rate={layout.page_rate}r/s;
    limit_req_zone $hromada_limit_key zone=hromada_forms:20m rate={layout.form_rate}r/s;
    limit_req_status 429;
    limit_conn_zone $hromada_limit_key zone=hromada_conn:20m;

    # The microcache: anonymous pages the application marks with X-Accel-Expires (its page cache serves them
    # and no rate limit counts them) are answered by nginx for that many seconds. Never for a request with a
    # session, messages or primary-stickiness cookie, credentials or an htmx fragment request; never stored
    # from a response that sets a cookie (nginx's default).
    proxy_cache_path {layout.path('nginx', 'cache')} levels=1:2 keys_zone=hromada_edge:20m max_size=512m
                     inactive=10m use_temp_path=off;
    map $http_cookie $hromada_private_cookie {{
        default 0;
        "~(^|;)\\s*(sessionid|messages|hromada_primary)=" 1;
    }}
    map "$hromada_private_cookie$http_authorization$http_hx_request" $hromada_edge_skip {{
        "0" 0;
        default 1;
    }}

    upstream hromada_app {{
        # `hromada serve --processes {layout.processes}`: one socket, {layout.processes} granian worker processes.
        # The same socket twice: a request whose worker process was killed under it is tried again (on a new
        # connection) instead of failing; on several machines, one line per machine.
        server {layout.host}:{p.app} max_fails=0;
        server {layout.host}:{p.app} max_fails=0;
        keepalive 64;
    }}

    server {{
        listen {layout.host}:{p.http};
        listen {layout.host}:{p.https} ssl http2;
        server_name _;
        ssl_certificate {layout.path('nginx', 'cert.pem')};
        ssl_certificate_key {layout.path('nginx', 'key.pem')};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:hromada_tls:10m;

        limit_conn hromada_conn 100;

        location /static/ {{
            alias {layout.static_root}/;
            expires 30d;
            add_header Cache-Control "public, immutable";
            gzip_static on;
        }}

        # Sign-in, codes, sign-up and the API's token: few requests per second per address.
        location ~ ^/(login|accounts|api/v1/auth)/ {{
            limit_req zone=hromada_forms burst=10 nodelay;
            include {layout.path('nginx', 'proxy.conf')};
        }}

        location / {{
            limit_req zone=hromada_pages burst=60 nodelay;
            proxy_cache hromada_edge;
            proxy_cache_key "$scheme$host$request_uri";
            proxy_cache_bypass $hromada_edge_skip;
            proxy_no_cache $hromada_edge_skip;
            proxy_cache_lock on;  # a burst of visitors to a page gone stale: one request renders it
            proxy_cache_lock_timeout 5s;
            proxy_cache_use_stale updating;
            add_header X-Edge-Cache $upstream_cache_status always;
            include {layout.path('nginx', 'proxy.conf')};
        }}
    }}
}}
"""


def nginx_proxy_conf(layout: Layout) -> str:
    return """proxy_pass http://hromada_app;
proxy_http_version 1.1;
proxy_set_header Connection "";
proxy_set_header Host $http_host;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_set_header X-Request-ID $request_id;
proxy_connect_timeout 5s;
proxy_read_timeout 60s;
# A worker process killed mid-request: an idempotent request is tried again on a fresh connection.
proxy_next_upstream error timeout http_502;
proxy_next_upstream_tries 3;
"""


def files(layout: Layout, static_path: str = "") -> dict[Path, str]:
    """Every generated file, by its path under the layout's directory."""
    return {
        layout.env_file: env_file(app_env(layout, static_path)),
        layout.path("pgbouncer", "pgbouncer.ini"): pgbouncer_ini(layout),
        layout.path("pgbouncer", "userlist.txt"): pgbouncer_userlist(layout),
        layout.path("redis", "redis.conf"): redis_conf(layout),
        layout.path("nginx", "nginx.conf"): nginx_conf(layout),
        layout.path("nginx", "proxy.conf"): nginx_proxy_conf(layout),
    }
