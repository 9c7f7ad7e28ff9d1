"""A dataset as a Frictionless Data Package (v2) descriptor: the package's metadata, one resource per published
file (its current version: absolute address, size, SHA-256, Table Schema), and the passport elements of
Resolution 835 that the standard has no property for under the ``ua835:passport`` key (the Data Package
specification recommends ``namespace:property`` names for custom properties). Its keys are the column names
of data.gov.ua's register of datasets (all-007), which are DCAT and vCard terms.
"""

from __future__ import annotations

from django.urls import reverse

from hromada.opendata import dcat, obligations
from hromada.opendata.models import Dataset, ResourceFormat

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def descriptor(dataset: Dataset, base: str) -> dict:
    base = base.rstrip("/")
    hromada = dataset.hromada
    landing = base + reverse("opendata:dataset", args=[dataset.slug])
    package: dict = {
        "$schema": PROFILE,
        "name": dataset.slug,
        "id": str(dataset.uid),  # the CKAN API's id of the same dataset
        "title": dataset.title,
        "description": dataset.description,
        "homepage": landing,
        "keywords": list(dataset.keywords or []),
        "licenses": [_licence(dataset.license)],
        "contributors": [
            {"title": dcat.publisher_name(hromada), "path": base + "/", "roles": ["publisher"]},
            {"title": dataset.contact_name, "email": dataset.contact_email, "roles": ["contact"]},
        ],
    }
    if dataset.first_published_at:
        package["created"] = dcat.when(dataset.first_published_at)
    package["resources"] = [_resource(base, dataset, resource) for resource in dataset.resources.all()
                            if resource.current is not None]
    package["ua835:passport"] = passport(dataset, landing)
    return package


def _licence(code: str) -> dict:
    known = dcat.LICENCES.get(code)
    if known is None:
        return {"name": code}
    return {"name": code, "path": known.url, "title": known.title}


def _resource(base: str, dataset: Dataset, resource) -> dict:
    version = resource.current
    stored = next(item for item in dcat.downloads(base, dataset, resource) if item.stored)
    item: dict = {
        "name": resource.key,
        "path": stored.url,
        "title": resource.title,
    }
    if resource.description:
        item["description"] = resource.description
    if version.format == ResourceFormat.CSV:
        item["type"] = "table"
    item.update({"format": version.format, "mediatype": dcat.MEDIA_TYPES[version.format]})
    if version.format == ResourceFormat.CSV:
        item["encoding"] = "utf-8"
    item.update({"bytes": version.size, "hash": f"sha256:{version.sha256}"})
    if version.format == ResourceFormat.CSV and resource.table_schema:
        item["schema"] = resource.table_schema
    return item


def passport(dataset: Dataset, landing: str) -> dict:
    """The passport elements a Data Package has no standard property for (title, description, keywords, formats
    and licence are the package's own)."""
    frequency = obligations.load().frequencies.get(dataset.frequency)
    edrpou = dcat.publisher_edrpou(dataset.hromada)
    result = {
        "identifier": dataset.identifier,
        "language": dataset.language,
        "issued": dcat.when(dataset.first_published_at) if dataset.first_published_at else None,
        "modified": dcat.when(dataset.last_modified_at) if dataset.last_modified_at else None,
        "relevanceDate": dataset.relevance_date.isoformat() if dataset.relevance_date else None,
        "accrualPeriodicity": {"key": dataset.frequency, "label": frequency.label if frequency else "",
                               "uri": frequency.eu_uri if frequency else None},
        "landingPage": landing,
        "publisherName": dcat.publisher_name(dataset.hromada),
        "publisherIdentifier": edrpou or None,
        "contactPointFn": dataset.contact_name,
        "contactPointHasEmail": dataset.contact_email,
        "legalBasis": dataset.basis,
        "applicableLegislation": dcat.legislation(dataset),
        "purpose": dataset.purpose,
        "obligation": dataset.obligation_code or None,
        "topic": dataset.topic or None,
    }
    return result
