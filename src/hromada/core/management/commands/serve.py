import os
import subprocess
import sys
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hromada.env import env_int, env_str


class WorkerProcess:
    """`hromada worker` as a child process beside the web server, restarted if it stops on its own."""

    RESTART_DELAY = 5.0

    def __init__(self, stdout):
        self.stdout = stdout
        self.process: subprocess.Popen | None = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._supervise, name="hromada-worker-supervisor", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _supervise(self) -> None:
        while not self.stopping.is_set():
            self.process = subprocess.Popen([sys.executable, "-m", "hromada", "worker"])
            code = self.process.wait()
            if self.stopping.is_set():
                return
            self.stdout.write(f"The worker stopped (exit {code}); starting it again in {self.RESTART_DELAY:.0f} s.")
            self.stopping.wait(self.RESTART_DELAY)

    def stop(self) -> None:
        self.stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def default_processes(platform: str = sys.platform) -> int:
    """Web processes when neither --workers/--processes nor HROMADA_PROCESSES says: one per core this process may
    run on (a Python process holds one core because of the interpreter lock), one on Windows (waitress)."""
    if platform == "win32":
        return 1
    try:
        cores = len(os.sched_getaffinity(0))  # the cores a container or taskset grants, not the machine's
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 64))


def resolve_processes(processes: int | None, platform: str = sys.platform) -> int:
    """The number of web processes: the option, else HROMADA_PROCESSES, else one per core (POSIX)."""
    if processes is None:
        processes = env_int("HROMADA_PROCESSES", default_processes(platform), minimum=1, maximum=64)
    if not 1 <= processes <= 64:
        raise CommandError("The number of processes must be between 1 and 64.")
    if processes > 1 and platform == "win32":
        raise CommandError("Several processes need a POSIX system; on Windows run one process.")
    return processes


class Command(BaseCommand):
    help = ("Serve Hromada over HTTP (granian's worker processes, one per core, on Linux and other POSIX systems; "
            "waitress in one process on Windows or with --workers 1; static files through whitenoise), with a "
            "task worker beside it.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=None, help="default: HROMADA_PORT or 8000")
        parser.add_argument("--threads", type=int, default=8, help="threads per process (default 8)")
        parser.add_argument("--workers", "--processes", dest="processes", type=int, default=None,
                            help="web processes (default: HROMADA_PROCESSES, else one per core on POSIX and 1 on "
                                 "Windows); more than one runs granian, which spreads requests over the cores "
                                 "(POSIX only); 1 runs waitress")
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start `hromada worker` beside the server (run it separately)")

    def handle(self, *args, host, port, threads, processes, no_worker, **options):
        port = port if port is not None else env_int("HROMADA_PORT", 8000, minimum=1, maximum=65535)
        if not 1 <= port <= 65535:
            raise CommandError("The port must be between 1 and 65535.")
        processes = resolve_processes(processes)
        if not 1 <= threads <= 256:
            raise CommandError("The number of threads must be between 1 and 256.")
        worker = None
        if not no_worker:
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
            worker = WorkerProcess(self.stdout)
            worker.start()
        self.stdout.write(f"Hromada serves on http://{host}:{port}/ (data in {settings.DATA_DIR})"
                          f"{'' if processes == 1 else f' from {processes} processes'}"
                          f"{'' if no_worker else ', with its task worker'}; Ctrl+C stops.")
        proxy = env_str("HROMADA_TRUSTED_PROXY")
        try:
            if processes == 1:
                _serve_waitress(host, port, threads, proxy)
            else:
                _serve_granian(host, port, threads, processes, proxy)
        finally:
            if worker is not None:
                worker.stop()


def _serve_waitress(host: str, port: int, threads: int, proxy: str) -> None:
    from waitress import serve

    from hromada.wsgi import application

    # Behind nginx: take the client address and scheme from the proxy's X-Forwarded-* headers.
    proxy_options = {"trusted_proxy": proxy, "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
                     "clear_untrusted_proxy_headers": True} if proxy else {}
    serve(application, host=host, port=port, threads=threads, ident="hromada", **proxy_options)


def _serve_granian(host: str, port: int, threads: int, processes: int, proxy: str) -> None:
    """N worker processes of granian (HTTP parsed in Rust, each process a Python interpreter of its own, so N
    processes use N cores); a worker that dies is started again. The trusted proxy's X-Forwarded-* headers are
    applied by hromada.wsgi (granian does not read them)."""
    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    if proxy:
        os.environ["HROMADA_TRUSTED_PROXY"] = proxy  # read by hromada.wsgi in every worker
    Granian("hromada.wsgi:application", address=host, port=port, interface=Interfaces.WSGI, workers=processes,
            blocking_threads=threads, runtime_threads=1, respawn_failed_workers=True, log_level=LogLevels.warning,
            workers_kill_timeout=10).serve()
