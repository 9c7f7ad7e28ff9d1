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


class Command(BaseCommand):
    help = "Serve Hromada over HTTP with waitress (static files through whitenoise), with a task worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=None, help="default: HROMADA_PORT or 8000")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start `hromada worker` beside the server (run it separately)")

    def handle(self, *args, host, port, threads, no_worker, **options):
        from waitress import serve

        from hromada.wsgi import application

        port = port if port is not None else env_int("HROMADA_PORT", 8000, minimum=1, maximum=65535)
        if not 1 <= port <= 65535:
            raise CommandError("The port must be between 1 and 65535.")
        worker = None
        if not no_worker:
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
            worker = WorkerProcess(self.stdout)
            worker.start()
        self.stdout.write(f"Hromada serves on http://{host}:{port}/ (data in {settings.DATA_DIR})"
                          f"{'' if no_worker else ', with its task worker'}; Ctrl+C stops.")
        proxy = env_str("HROMADA_TRUSTED_PROXY")
        # Behind nginx: take the client address and scheme from the proxy's X-Forwarded-* headers.
        proxy_options = {"trusted_proxy": proxy, "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
                         "clear_untrusted_proxy_headers": True} if proxy else {}
        try:
            serve(application, host=host, port=port, threads=threads, ident="hromada", **proxy_options)
        finally:
            if worker is not None:
                worker.stop()
