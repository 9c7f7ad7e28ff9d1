"""View-side permission checks; the decisions themselves come from hromada.core.roles."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hromada.core.roles import can


def require(capability: str):
    """Anonymous users go to sign-in; signed-in users without the capability get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, request.hromada, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_capability = capability
        return wrapper

    return decorator


def pk_or_404(value) -> int:
    """An id taken from a URL or a form as a database key; anything else (not a number, zero, past 64 bits) is a
    404, never a 500 (the tenant crawl and the API fuzz send all of these)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number <= 2**63 - 1:
        raise Http404
    return number
