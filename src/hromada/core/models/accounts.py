"""Accounts (e-mail or phone + password), roles in hromadas, personal API tokens, failed sign-ins."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.roles import DEPARTMENT_ROLES, INSTITUTION_ROLES, Role
from hromada.core.validators import normalize_phone, validate_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, *, phone=None, **extra):
        email = self.normalize_email(email).lower() if email else None
        phone = normalize_phone(phone) if phone else None
        if not email and not phone:
            raise ValueError("An account needs an e-mail or a phone number.")
        user = self.model(email=email, phone=phone, **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email=None, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_operator=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(
        _("e-mail"), unique=True, null=True, blank=True,
        error_messages={"unique": _("An account with this e-mail already exists.")},
    )
    phone = models.CharField(
        _("phone"), max_length=13, unique=True, null=True, blank=True, validators=[validate_phone],
        error_messages={"unique": _("An account with this phone number already exists.")},
    )
    phone_verified = models.BooleanField(_("phone confirmed"), default=False)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Django admin is for operator configuration only.
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    is_operator = models.BooleanField(
        _("operator"), default=False, help_text=_("Configures the installation and acts in every hromada."),
    )
    date_joined = models.DateTimeField(_("registered"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = [uk("full_name"), "email"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="core_user_has_login",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or f"#{self.pk}"

    @property
    def login(self) -> str:
        return self.email or self.phone or ""

    def clean(self) -> None:
        if self.email:
            self.email = self.email.strip().lower()
        if self.phone:
            self.phone = normalize_phone(self.phone)
        if not self.email and not self.phone:
            raise ValidationError(_("Give an e-mail or a phone number."))


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    institution = models.ForeignKey(
        "core.Institution", verbose_name=_("institution"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("For a partner institution's reader: the institution the person works for."),
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "hromada", "role"], name="core_role_unique",
                violation_error_message=_("The account already has this role in the hromada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    def clean(self) -> None:
        if self.role in DEPARTMENT_ROLES and not self.department_id:
            raise ValidationError({"department": _("A clerk or department head must belong to a department.")})
        if self.department_id and self.department.hromada_id != self.hromada_id:
            raise ValidationError({"department": _("Choose a department of this hromada.")})
        if self.role in INSTITUTION_ROLES and not self.institution_id:
            raise ValidationError({"institution": _("A partner institution's reader must belong to an institution.")})
        if self.institution_id and self.institution.hromada_id != self.hromada_id:
            raise ValidationError({"institution": _("Choose an institution of this hromada.")})


TOKEN_PREFIX = "hmd_"  # noqa: S105 (a public marker, not a secret)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # "full": everything the owner's roles allow (personal staff tokens); "resident": only the capabilities
    # roles.RESIDENT_SCOPE_CAPABILITIES lists (tokens the mobile app and bots get at /api/v1/auth/token).
    scope = models.CharField(_("scope"), max_length=10, default="full",
                             choices=[("full", _("full")), ("resident", _("resident"))])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class FailedLogin(models.Model):
    """One failed sign-in; recent ones throttle further attempts per account and per address."""

    identifier = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self) -> str:
        return f"{self.identifier} {self.at:%Y-%m-%d %H:%M}"
