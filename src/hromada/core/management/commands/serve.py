from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hromada.env import env_int, env_str


class Command(BaseCommand):
    help = "Serve Hromada over HTTP with waitress (static files through whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=None, help="default: HROMADA_PORT or 8000")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from hromada.wsgi import application

        port = port if port is not None else env_int("HROMADA_PORT", 8000, minimum=1, maximum=65535)
        if not 1 <= port <= 65535:
            raise CommandError("The port must be between 1 and 65535.")
        self.stdout.write(f"Hromada serves on http://{host}:{port}/ (data in {settings.DATA_DIR}); Ctrl+C stops.")
        proxy = env_str("HROMADA_TRUSTED_PROXY")
        # Behind nginx: take the client address and scheme from the proxy's X-Forwarded-* headers.
        proxy_options = {"trusted_proxy": proxy, "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
                         "clear_untrusted_proxy_headers": True} if proxy else {}
        serve(application, host=host, port=port, threads=threads, ident="hromada", **proxy_options)
