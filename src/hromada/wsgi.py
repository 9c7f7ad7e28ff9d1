"""The WSGI application. Behind a reverse proxy (HROMADA_TRUSTED_PROXY, the proxy's address) the client's address
and scheme are taken from X-Forwarded-For / X-Forwarded-Proto — only on requests that come from that address, so
no one else can claim to be somebody. waitress does this itself; granian (several processes) does not, so it is
done here for both, once."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")


class TrustedProxyHeaders:
    def __init__(self, app, proxy: str):
        self.app, self.proxy = app, proxy

    def __call__(self, environ, start_response):
        if environ.get("REMOTE_ADDR") == self.proxy:
            forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
            client = forwarded_for.split(",")[-1].strip()  # the address the proxy itself saw
            if client:
                environ["REMOTE_ADDR"] = client
            scheme = environ.get("HTTP_X_FORWARDED_PROTO", "").strip().lower()
            if scheme in {"http", "https"}:
                environ["wsgi.url_scheme"] = scheme
        else:  # from anyone else these headers are claims, not facts
            environ.pop("HTTP_X_FORWARDED_FOR", None)
            environ.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.app(environ, start_response)


application = get_wsgi_application()
if os.environ.get("HROMADA_TRUSTED_PROXY"):
    application = TrustedProxyHeaders(application, os.environ["HROMADA_TRUSTED_PROXY"].strip())
