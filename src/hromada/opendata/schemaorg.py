"""A dataset page's schema.org ``Dataset`` (JSON-LD, for search engines' dataset search) and the page's
``<link rel="alternate">`` entries. The ``@id`` is the DCAT dataset's IRI, so the two descriptions name one
thing. Temporal coverage is left out: the passport does not say which period the data covers."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hromada.opendata import dcat
from hromada.opendata.models import Dataset


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def organization(hromada, base: str) -> dict:
    item = {"@type": "GovernmentOrganization", "name": dcat.publisher_name(hromada), "url": base + "/"}
    edrpou = dcat.publisher_edrpou(hromada)
    if edrpou:
        item["identifier"] = {"@type": "PropertyValue", "propertyID": "ЄДРПОУ", "value": edrpou}
    return item


def dataset(request, dataset: Dataset) -> dict:
    base = _base(request)
    hromada = dataset.hromada
    landing = base + reverse("opendata:dataset", args=[dataset.slug])
    licence = dcat.LICENCES.get(dataset.license)
    publisher = organization(hromada, base)
    with translation.override("uk"):
        catalogue = _("Open data: %(name)s") % {"name": hromada.name}
    data = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": landing + "#dataset",
        "name": dataset.title,
        "description": dataset.description,
        "url": landing,
        "identifier": [dataset.identifier, f"urn:uuid:{dataset.uid}"],
        "keywords": list(dataset.keywords or []),
        "license": licence.url if licence else f"https://spdx.org/licenses/{dataset.license}",
        "isAccessibleForFree": True,
        "inLanguage": dataset.language or "uk",
        "creator": publisher,
        "publisher": publisher,
        "includedInDataCatalog": {"@type": "DataCatalog", "name": catalogue,
                                  "url": base + reverse("opendata:index")},
        "spatialCoverage": {
            "@type": "AdministrativeArea", "name": hromada.name,
            "identifier": {"@type": "PropertyValue", "propertyID": "КАТОТТГ", "value": hromada.katottg},
        },
    }
    if dataset.first_published_at:
        data["datePublished"] = dcat.when(dataset.first_published_at)
    if dataset.last_modified_at:
        data["dateModified"] = dcat.when(dataset.last_modified_at)
    distribution = []
    for resource in dataset.resources.all():
        for item in dcat.downloads(base, dataset, resource):
            download = {"@type": "DataDownload", "name": resource.title, "encodingFormat": dcat.MEDIA_TYPES[item.fmt],
                        "contentUrl": item.url}
            if item.sha256:
                download["sha256"] = item.sha256
            if resource.current is not None:
                download["dateModified"] = dcat.when(resource.current.created_at)
            distribution.append(download)
    if distribution:
        data["distribution"] = distribution
    return data


def alternates(request, dataset: Dataset) -> list[dict]:
    """The dataset page's ``<link rel="alternate">`` entries: href, type, title."""
    return dcat.dataset_alternates(dataset)
