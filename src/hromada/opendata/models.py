"""Open data (CMU Resolution 835): the hromada's obligations, datasets with their passports, resources and their
immutable dated versions, and the rows of each resource's current version for the row API.

A dataset is either live (``live_key`` names a dataset an app declares in core.datasets: its versions are
generated from the platform's registers) or uploaded (staff upload files). Either way a publication is a
``ResourceVersion``: a normalised UTF-8 CSV (tabular) or the file itself (a text as PDF), with its checksum,
row count, and the difference from the version before. Versions are never changed or deleted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.datasets import FREQUENCIES
from hromada.core.models import TenantModel

# Passport limits of the Положення (title ≤ 254, description ≤ 4 000 characters).
TITLE_MAX = 254
DESCRIPTION_MAX = 4000


class Frequency(models.TextChoices):
    # Labels exactly as the 835 vocabulary on data.gov.ua writes them.
    MORE_THAN_DAILY = "more_than_daily", _("Більш як один раз на день")
    DAILY = "daily", _("Щодня")
    WEEKLY = "weekly", _("Щотижня")
    MONTHLY = "monthly", _("Щомісяця")
    QUARTERLY = "quarterly", _("Щокварталу")
    HALF_YEARLY = "half_yearly", _("Кожного півріччя")
    YEARLY = "yearly", _("Щороку")
    ON_CHANGE = "on_change", _("Відразу після внесення змін")
    NO_LONGER = "no_longer", _("Більше не оновлюється")


assert tuple(Frequency.values) == FREQUENCIES  # one vocabulary for the registry and the passports


class DatasetStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ResourceKind(models.TextChoices):
    LIVE = "live", _("generated from the platform")
    UPLOAD = "upload", _("uploaded file")


class ResourceFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    JSON = "json", "JSON"
    GEOJSON = "geojson", "GeoJSON"
    PDF = "pdf", "PDF"


TABULAR = {ResourceFormat.CSV, ResourceFormat.XLSX, ResourceFormat.JSON, ResourceFormat.GEOJSON}

# data.gov.ua's twelve thematic groups (the CKAN groups of the API).
TOPICS = (  # titles as data.gov.ua shows them (its CKAN groups)
    ("derzhava", _("Держава")),
    ("podatky", _("Державні доходи і видатки")),
    ("ekonomika", _("Економіка та бізнес")),
    ("energetyka", _("Енергетика")),
    ("transport", _("Інфраструктура і транспорт")),
    ("ekolohiia", _("Навколишнє середовище")),
    ("molod-i-sport", _("Освіта, культура, спорт")),
    ("okhorona-zdorovia", _("Охорона здоров’я")),
    ("rehionalnyi-rozvytok", _("Регіональний розвиток")),
    ("sotsialnyi-zakhyst", _("Суспільство")),
    ("finansy", _("Фінанси")),
    ("iustytsiia", _("Юстиція та судочинство")),
)


class ObligationChoice(TenantModel):
    """The hromada's decision on one 835 obligation: whether it applies, and who answers for it."""

    code = models.CharField(_("obligation"), max_length=40)
    applies = models.BooleanField(_("applies to the hromada"), default=True)
    reason = models.CharField(_("why it does not apply"), max_length=300, blank=True)
    department = models.ForeignKey("core.Department", verbose_name=_("responsible unit"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("open-data obligation")
        verbose_name_plural = _("open-data obligations")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["hromada", "code"], name="opendata_obligation_once")]


class Dataset(TenantModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address name"), max_length=100, allow_unicode=False)
    # Passport element 1; by default «<ЄДРПОУ of the council>-<obligation code or slug>».
    identifier = models.CharField(_("identifier"), max_length=120)
    obligation_code = models.CharField(_("obligation"), max_length=40, blank=True)
    live_key = models.CharField(_("generated from"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    language = models.CharField(_("language"), max_length=8, default="uk")
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    frequency = models.CharField(_("update frequency"), max_length=16, choices=Frequency.choices)
    topic = models.CharField(_("topic"), max_length=32, blank=True, choices=TOPICS)
    department = models.ForeignKey("core.Department", verbose_name=_("responsible unit"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    contact_name = models.CharField(_("responsible person (as published)"), max_length=150)
    contact_email = models.EmailField(_("responsible person's e-mail"))
    basis = models.TextField(_("legal basis of collecting the information"), max_length=2000)
    purpose = models.TextField(_("purpose of collecting the information"), max_length=2000, blank=True)
    license = models.CharField(_("licence"), max_length=32, default="CC-BY-4.0")
    status = models.CharField(_("status"), max_length=10, choices=DatasetStatus.choices,
                              default=DatasetStatus.DRAFT)
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    last_modified_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    relevance_date = models.DateField(_("data as of"), null=True, blank=True)
    # When the data was last confirmed current: a live generation that found nothing new, or staff saying an
    # uploaded file still holds; an update is owed one period after this (or after the last change, if later).
    checked_at = models.DateTimeField(_("confirmed current"), null=True, blank=True)
    # When the source last changed as far as we know (live: the registry's changed_at; uploaded: staff say so).
    source_changed_at = models.DateTimeField(_("source changed"), null=True, blank=True)
    next_due = models.DateField(_("next update due"), null=True, blank=True)
    blocked_reason = models.TextField(_("why the last generation was not published"), blank=True)
    quality = models.PositiveSmallIntegerField(_("quality, %"), default=0)
    # Lemmas of the title, description and keywords, space-wrapped, for the catalogue's word-form search.
    search_lemmas = models.TextField(blank=True, editable=False)
    quality_detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = [uk("title")]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "slug"], name="opendata_dataset_slug"),
            models.UniqueConstraint(fields=["hromada", "identifier"], name="opendata_dataset_identifier"),
        ]
        indexes = [models.Index(fields=["hromada", "status", "updated_at"], name="opendata_ds_modified")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        from hromada.core.ukrlemma import index_text

        self.search_lemmas = f" {index_text(' '.join([self.title, self.description, *self.keywords]))} "
        if kwargs.get("update_fields") is not None and {"title", "description", "keywords"} & set(
                kwargs["update_fields"]):
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_lemmas"}
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return bool(self.live_key)

    @property
    def formats(self) -> list[str]:
        """The distinct formats of its resources, for lists (reads the prefetched resources)."""
        return sorted({resource.get_format_display() for resource in self.resources.all()})


class Resource(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    key = models.SlugField(_("address name"), max_length=60)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=ResourceKind.choices)
    format = models.CharField(_("format"), max_length=8, choices=ResourceFormat.choices,
                              default=ResourceFormat.CSV)
    # The Frictionless Table Schema the data is checked against: the registry's for live resources, pinned from
    # the first valid upload otherwise (the structure file is generated from it).
    table_schema = models.JSONField(_("structure"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    current = models.ForeignKey("ResourceVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["dataset", "key"], name="opendata_resource_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_tabular(self) -> bool:
        return self.format in TABULAR


def version_path(version: ResourceVersion, filename: str) -> str:
    resource = version.resource
    return (f"opendata/{resource.dataset.hromada_id}/{resource.dataset.uid}/{resource.uid}/"
            f"v{version.number}-{filename}")


class ResourceVersion(models.Model):
    """One publication of a resource: immutable (the database refuses updates of its content columns)."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    source_name = models.CharField(_("file"), max_length=255, blank=True)
    # Tabular data: the normalised CSV (UTF-8, comma, header of field names); a text: the PDF as uploaded.
    file = models.FileField(upload_to=version_path, max_length=400)
    original = models.FileField(upload_to=version_path, max_length=400, blank=True)
    format = models.CharField(max_length=8, choices=ResourceFormat.choices)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    relevance_date = models.DateField(_("data as of"), null=True, blank=True)
    # {"previous": n, "added": a, "removed": r, "changed": c, "keyed": bool, "samples": {...}} — None for the first.
    diff = models.JSONField(null=True, blank=True)
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["resource", "-number"]
        constraints = [models.UniqueConstraint(fields=["resource", "number"], name="opendata_version_number")]

    def __str__(self) -> str:
        return f"{self.resource} v{self.number}"


class DatastoreRow(models.Model):
    """A row of a tabular resource's current version, for the row API (CKAN ``datastore_search``)."""

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()
    data = models.JSONField()
    text = models.TextField(blank=True)  # the row's values casefolded, for ``q``

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="opendata_row_position")]

    def __str__(self) -> str:
        return f"{self.version} #{self.position}"
