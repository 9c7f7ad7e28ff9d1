"""Sign-in by e-mail or phone number, with throttling of repeated failures."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from hromada.core import throttle
from hromada.core.models import User
from hromada.core.validators import normalize_phone


def find_user(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    query = Q(email__iexact=identifier) if "@" in identifier else Q(phone=normalize_phone(identifier))
    return User.objects.filter(query).first()


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = username or kwargs.get("email") or kwargs.get("phone") or ""
        if not identifier or password is None:
            return None
        ip = request.META.get("REMOTE_ADDR") if request is not None else None
        if throttle.is_locked(identifier, ip):
            # PermissionDenied stops Django from trying other backends and reports a failed sign-in.
            raise PermissionDenied("too many failed sign-ins")
        user = find_user(identifier)
        if user is None:
            User().set_password(password)  # same work as a real check, so timing does not reveal accounts
        elif user.check_password(password) and self.user_can_authenticate(user):
            throttle.clear_failures(identifier)
            return user
        throttle.note_failure(identifier, ip)
        return None
