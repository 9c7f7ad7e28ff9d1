"""The catalogue in DCAT-AP 3 (RDF): the catalog page with Hydra paging, as ckanext-dcat serves it, and one
dataset. The builders take a base (``scheme://host`` of the request) so every IRI is the address it is served
at; nothing here reads the request itself.

IRIs: the catalogue ``{base}/opendata/#catalog``, a dataset ``{dataset page}#dataset``, a distribution
``{resource page}#{format}``, the council ``{base}/#publisher``, the hromada as a place ``{base}/#{KATOTTG}``
(no public register gives KATOTTG codes IRIs; the portal's home page is the hromada's own description), a
topic ``{base}/opendata/?topic={key}`` (the catalogue filtered by it) in the scheme ``{base}/opendata/#topics``.
Controlled values come from the EU Publications Office authority tables the DCAT-AP vocabulary shapes name.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote

from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from hromada.core.hromada_settings import get_setting
from hromada.opendata import obligations, selectors
from hromada.opendata.models import TOPICS, Dataset, ResourceFormat, ResourceVersion

PER_PAGE = 100  # ckanext-dcat's default (ckanext.dcat.datasets_per_page)

DCATAP = Namespace("http://data.europa.eu/r5r/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "dcatap": DCATAP, "eli": ELI, "foaf": FOAF, "hydra": HYDRA,
            "locn": LOCN, "skos": SKOS, "spdx": SPDX, "vcard": VCARD, "xsd": XSD}

EU = "http://publications.europa.eu/resource/authority/"
DATA_THEMES = EU + "data-theme"
IANA = "https://www.iana.org/assignments/media-types/"
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
PUBLISHER_TYPES = URIRef("http://purl.org/adms/publishertype/1.0")
STABLE = URIRef(EU + "planned-availability/STABLE")
UKRAINE = URIRef(EU + "country/UKR")

FILE_TYPES = {"csv": "CSV", "json": "JSON", "xlsx": "XLSX", "geojson": "GEOJSON", "pdf": "PDF"}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "geojson": "application/geo+json",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}
# ISO 639-1 (the passport's language) → the EU language table.
LANGUAGES = {"uk": "UKR", "en": "ENG", "pl": "POL", "de": "DEU", "ro": "RON", "hu": "HUN", "ru": "RUS"}
# data.gov.ua's groups → the EU data themes DCAT-AP asks every dataset to carry (ours go beside them).
THEMES = {"derzhava": "GOVE", "podatky": "ECON", "ekonomika": "ECON", "energetyka": "ENER", "transport": "TRAN",
          "ekolohiia": "ENVI", "molod-i-sport": "EDUC", "okhorona-zdorovia": "HEAL", "rehionalnyi-rozvytok": "REGI",
          "sotsialnyi-zakhyst": "SOCI", "finansy": "ECON", "iustytsiia": "JUST"}
# Their labels as the EU table has them (it has no Ukrainian): a concept in the graph needs a label (DCAT-AP's
# Category shape), and typing the EU concepts lets the graph pass DCAT-AP's range shapes as well.
THEME_LABELS = {"GOVE": "Government and public sector", "ECON": "Economy and finance", "ENER": "Energy",
                "TRAN": "Transport", "ENVI": "Environment", "EDUC": "Education, culture and sport", "HEAL": "Health",
                "REGI": "Regions and cities", "SOCI": "Population and society",
                "JUST": "Justice, legal system and public safety"}


@dataclass(frozen=True)
class Licence:
    eu: str  # code in the EU licence table
    url: str  # the licence text
    title: str


LICENCES = {
    "CC-BY-4.0": Licence("CC_BY_4_0", "https://creativecommons.org/licenses/by/4.0/",
                         "Creative Commons Attribution 4.0 International"),
    "CC0-1.0": Licence("CC0", "https://creativecommons.org/publicdomain/zero/1.0/",
                       "Creative Commons Zero v1.0 Universal"),
    "ODC-BY-1.0": Licence("ODC_BY", "https://opendatacommons.org/licenses/by/1-0/",
                          "Open Data Commons Attribution License v1.0"),
}

# Ukrainian acts have no ELI; zakon.rada.gov.ua's address is their identifier. The Cyrillic stays as it is:
# RDF 1.1 Concepts §3.1 asks for IRIs normalised per RFC 3987 §5, i.e. without needless percent-encoding.
RESOLUTION_835 = "https://zakon.rada.gov.ua/laws/show/835-2015-п"
ACCESS_TO_PUBLIC_INFORMATION = "https://zakon.rada.gov.ua/laws/show/2939-17"
_ACTS = ((re.compile(r"№\s*835(?!\d)|835-2015"), RESOLUTION_835),
         (re.compile(r"(?i)про\s+доступ\s+до\s+публічної\s+інформації|2939-(?:VI|17)"), ACCESS_TO_PUBLIC_INFORMATION))
_ZAKON = re.compile(r"https?://zakon\.rada\.gov\.ua/(?:go|laws/show)/([0-9A-Za-z%а-яіїєґА-ЯІЇЄҐ/_.-]+)")
_ZAKON_PATH = re.compile(r"[0-9A-Za-zа-яіїєґА-ЯІЇЄҐ/_.-]+")


def legislation(dataset: Dataset) -> list[str]:
    """The acts of the legal basis we can name by IRI: Resolution 835 for an obligation, acts the basis names
    or links to zakon.rada.gov.ua."""
    found = [RESOLUTION_835] if dataset.obligation_code else []
    for pattern, iri in _ACTS:
        if pattern.search(dataset.basis or ""):
            found.append(iri)
    for match in _ZAKON.finditer(dataset.basis or ""):
        path = unquote(match.group(1)).strip("./")
        if _ZAKON_PATH.fullmatch(path):
            found.append(f"https://zakon.rada.gov.ua/laws/show/{path}")
    return list(dict.fromkeys(found))


def when(value) -> str:
    """A datetime as ISO 8601 in Kyiv time, to the second."""
    return timezone.localtime(value).isoformat(timespec="seconds")


# --- what a resource offers for download ------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    fmt: str  # a ResourceFormat value
    url: str  # absolute
    size: int | None  # bytes, when the file is stored as it is served
    sha256: str | None
    stored: bool  # the version's own file (the one the checksum is of)


def downloads(base: str, dataset: Dataset, resource) -> list[Download]:
    """The current version's files: the stored CSV or PDF, the JSON made from a CSV, the original upload."""
    version = resource.current
    if version is None:
        return []

    def url(fmt: str) -> str:
        return base + reverse("opendata:download", args=[dataset.slug, resource.key, fmt])

    items = [Download(version.format, url(version.format), version.size, version.sha256, True)]
    if version.format == ResourceFormat.CSV:
        items.append(Download(ResourceFormat.JSON, url(ResourceFormat.JSON), None, None, False))
        original = original_format(version)
        if original and original not in (ResourceFormat.CSV, ResourceFormat.JSON):
            items.append(Download(original, url(original), None, None, False))
    return items


def original_format(version: ResourceVersion) -> str | None:
    if not version.original:
        return None
    suffix = version.original.name.rsplit(".", 1)[-1].lower()
    return suffix if suffix in FILE_TYPES else None


def structure_url(base: str, dataset: Dataset, resource) -> str | None:
    if not resource.is_tabular or not (resource.table_schema or {}).get("fields"):
        return None
    return base + reverse("opendata:structure", args=[dataset.slug, resource.key])


def first_versions(datasets: list[Dataset]) -> dict[int, datetime]:
    """When each resource of these datasets was first published (one query for a whole page)."""
    ids = [r.pk for d in datasets for r in d.resources.all()]
    if not ids:
        return {}
    return dict(ResourceVersion.objects.filter(resource_id__in=ids).values("resource")
                .annotate(first=Min("created_at")).values_list("resource", "first"))


def publisher_name(hromada) -> str:
    return hromada.council_name or hromada.name


def publisher_edrpou(hromada) -> str:
    return get_setting(hromada, "opendata.publisher_edrpou") or ""


# --- the graph --------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, hromada, base: str):
        self.hromada = hromada
        self.base = base.rstrip("/")
        self.g = Graph(bind_namespaces="core")
        for prefix, namespace in PREFIXES.items():
            self.g.bind(prefix, namespace)
        self.publisher = URIRef(f"{self.base}/#publisher")
        self.place = URIRef(f"{self.base}/#{hromada.katottg}")
        self.topics = URIRef(self.base + reverse("opendata:index") + "#topics")
        self._agents_added = False

    def add(self, subject, predicate, value) -> None:
        if value is not None and value != "":
            self.g.add((subject, predicate, value))

    def link(self, subject, predicate, iri: str, kind=None, scheme: str | None = None,
             label: str | None = None) -> URIRef:
        """A reference to another resource, stated with the class DCAT-AP gives the property's range (and, for a
        term of a controlled vocabulary, its scheme), so that the graph also meets the range shapes."""
        target = URIRef(iri)
        g = self.g
        g.add((subject, predicate, target))
        if kind is not None:
            g.add((target, RDF.type, kind))
        if scheme is not None:
            g.add((target, SKOS.inScheme, URIRef(scheme)))
        if label is not None:
            g.add((target, SKOS.prefLabel, Literal(label, lang="en")))
        return target

    def text(self, value: str, lang: str = "uk") -> Literal | None:
        value = (value or "").strip()
        return Literal(value, lang=lang) if value else None

    @staticmethod
    def moment(value) -> Literal | None:
        if value is None:
            return None
        return Literal(when(value), datatype=XSD.dateTime)

    def agents(self) -> None:
        """The council (publisher) and the hromada (place), once per graph."""
        if self._agents_added:
            return
        self._agents_added = True
        g, node = self.g, self.publisher
        g.add((node, RDF.type, FOAF.Agent))
        g.add((node, RDF.type, FOAF.Organization))
        g.add((node, FOAF.name, Literal(publisher_name(self.hromada), lang="uk")))
        self.link(node, DCTERMS.type, LOCAL_AUTHORITY, SKOS.Concept, PUBLISHER_TYPES, "Local Authority")
        g.add((PUBLISHER_TYPES, RDF.type, SKOS.ConceptScheme))
        g.add((PUBLISHER_TYPES, DCTERMS.title, Literal("Publisher type", lang="en")))
        self.link(node, FOAF.homepage, self.base + "/", FOAF.Document)
        edrpou = publisher_edrpou(self.hromada)
        if edrpou:
            g.add((node, DCTERMS.identifier, Literal(edrpou)))
        g.add((self.place, RDF.type, DCTERMS.Location))
        g.add((self.place, LOCN.geographicName, Literal(self.hromada.name, lang="uk")))
        g.add((self.place, DCTERMS.identifier, Literal(self.hromada.katottg)))

    def scheme(self) -> URIRef:
        """Our topics' concept scheme (data.gov.ua's groups)."""
        self.g.add((self.topics, RDF.type, SKOS.ConceptScheme))
        self.g.add((self.topics, DCTERMS.title, Literal(_("Thematic groups of data.gov.ua"), lang="uk")))
        return self.topics

    def eu_themes(self) -> URIRef:
        """The EU data-theme scheme DCAT-AP asks every catalogue to use."""
        node = URIRef(DATA_THEMES)
        self.g.add((node, RDF.type, SKOS.ConceptScheme))
        self.g.add((node, DCTERMS.title, Literal("Data theme", lang="en")))
        return node

    def topic(self, key: str) -> URIRef:
        node = URIRef(self.base + reverse("opendata:index") + "?" + urlencode({"topic": key}))
        self.g.add((node, RDF.type, SKOS.Concept))
        self.g.add((node, SKOS.prefLabel, Literal(str(dict(TOPICS)[key]), lang="uk")))
        self.g.add((node, SKOS.inScheme, self.scheme()))
        return node

    def licence(self, subject, code: str) -> None:
        known = LICENCES.get(code)
        self.link(subject, DCTERMS.license, f"{EU}licence/{known.eu}" if known else f"https://spdx.org/licenses/{code}",
                  DCTERMS.LicenseDocument)

    def spatial(self, subject) -> None:
        self.g.add((subject, DCTERMS.spatial, self.place))
        self.link(subject, DCTERMS.spatial, UKRAINE, DCTERMS.Location, EU + "country")

    def language(self, subject, code: str) -> None:
        if code in LANGUAGES:
            self.link(subject, DCTERMS.language, f"{EU}language/{LANGUAGES[code]}", DCTERMS.LinguisticSystem,
                      EU + "language")

    def dataset(self, dataset: Dataset, first: dict[int, datetime]) -> URIRef:
        self.agents()
        g, add, lang = self.g, self.add, dataset.language or "uk"
        page = self.base + reverse("opendata:dataset", args=[dataset.slug])
        node = URIRef(page + "#dataset")
        g.add((node, RDF.type, DCAT.Dataset))
        add(node, DCTERMS.identifier, Literal(dataset.identifier))
        add(node, DCTERMS.title, self.text(dataset.title, lang))
        add(node, DCTERMS.description, self.text(dataset.description, lang))
        for keyword in dataset.keywords or []:
            add(node, DCAT.keyword, self.text(keyword, lang))
        add(node, DCTERMS.issued, self.moment(dataset.first_published_at))
        add(node, DCTERMS.modified, self.moment(dataset.last_modified_at))
        # Passport element 9, «дата актуальності»: the date the data holds for. It is not the period the data
        # covers (a budget for next year is current as of today), so not dct:temporal but dct:valid.
        if dataset.relevance_date:
            add(node, DCTERMS.valid, Literal(dataset.relevance_date.isoformat(), datatype=XSD.date))
        frequency = obligations.load().frequencies.get(dataset.frequency)
        if frequency is not None:
            self.link(node, DCTERMS.accrualPeriodicity, frequency.eu_uri, DCTERMS.Frequency, EU + "frequency")
        g.add((node, DCTERMS.publisher, self.publisher))
        contact = BNode()
        g.add((node, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Kind))
        add(contact, VCARD.fn, Literal(dataset.contact_name) if dataset.contact_name else None)
        if dataset.contact_email:
            g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_email}")))
        self.link(node, DCAT.landingPage, page, FOAF.Document)
        self.language(node, dataset.language)
        for iri in legislation(dataset):
            self.link(node, DCATAP.applicableLegislation, iri, ELI.LegalResource)
        if dataset.topic in THEMES:
            code = THEMES[dataset.topic]
            self.link(node, DCAT.theme, f"{DATA_THEMES}/{code}", SKOS.Concept, DATA_THEMES, THEME_LABELS[code])
            self.eu_themes()
            g.add((node, DCAT.theme, self.topic(dataset.topic)))
        self.spatial(node)
        for resource in dataset.resources.all():
            for item in downloads(self.base, dataset, resource):
                g.add((node, DCAT.distribution, self.distribution(dataset, resource, item, first)))
        return node

    def distribution(self, dataset: Dataset, resource, item: Download, first: dict[int, datetime]) -> URIRef:
        g, add = self.g, self.add
        page = self.base + reverse("opendata:resource", args=[dataset.slug, resource.key])
        node = URIRef(f"{page}#{item.fmt}")
        g.add((node, RDF.type, DCAT.Distribution))
        add(node, DCTERMS.title, self.text(f"{resource.title} ({ResourceFormat(item.fmt).label})",
                                           dataset.language or "uk"))
        add(node, DCTERMS.description, self.text(resource.description, dataset.language or "uk"))
        g.add((node, DCAT.accessURL, URIRef(page)))
        g.add((node, DCAT.downloadURL, URIRef(item.url)))
        self.link(node, DCTERMS.format, f"{EU}file-type/{FILE_TYPES[item.fmt]}", DCTERMS.MediaTypeOrExtent,
                  EU + "file-type")
        self.link(node, DCAT.mediaType, IANA + MEDIA_TYPES[item.fmt], DCTERMS.MediaType)
        if item.size is not None:
            g.add((node, DCAT.byteSize, Literal(item.size, datatype=XSD.nonNegativeInteger)))
        if item.sha256:
            checksum = BNode()
            g.add((node, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            self.link(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256, SPDX.ChecksumAlgorithm)
            g.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
        self.licence(node, dataset.license)
        add(node, DCTERMS.issued, self.moment(first.get(resource.pk)))
        add(node, DCTERMS.modified, self.moment(resource.current.created_at))
        structure = structure_url(self.base, dataset, resource)
        if structure:
            self.link(node, DCTERMS.conformsTo, structure, DCTERMS.Standard)
        self.link(node, DCATAP.availability, STABLE, SKOS.Concept, EU + "planned-availability", "stable")
        return node

    def catalog(self, datasets: list[URIRef]) -> URIRef:
        self.agents()
        g, add = self.g, self.add
        home = self.base + reverse("opendata:index")
        node = URIRef(home + "#catalog")
        g.add((node, RDF.type, DCAT.Catalog))
        g.add((node, DCTERMS.title, Literal(_("Open data: %(name)s") % {"name": self.hromada.name}, lang="uk")))
        g.add((node, DCTERMS.description, Literal(_(
            "The council's datasets under Resolution 835: most are generated from the registers the council works "
            "in every day, so they are as current as the registers themselves."), lang="uk")))
        g.add((node, DCTERMS.publisher, self.publisher))
        self.language(node, "uk")
        dates = selectors.public_datasets(self.hromada).aggregate(issued=Min("first_published_at"),
                                                                  modified=Max("updated_at"))
        add(node, DCTERMS.issued, self.moment(dates["issued"]))
        add(node, DCTERMS.modified, self.moment(dates["modified"]))
        self.link(node, FOAF.homepage, home, FOAF.Document)
        self.spatial(node)
        g.add((node, DCAT.themeTaxonomy, self.eu_themes()))
        g.add((node, DCAT.themeTaxonomy, self.scheme()))
        self.licence(node, get_setting(self.hromada, "opendata.license"))
        for dataset in datasets:
            g.add((node, DCAT.dataset, dataset))
        # The CKAN-compatible API serves the same datasets.
        api = URIRef(self.base + "/api/3/action/")
        service = URIRef(self.base + "/api/3/action/#service")
        g.add((node, DCAT.service, service))
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal(_("CKAN API"), lang="uk")))
        g.add((service, DCAT.endpointURL, api))
        self.link(service, DCTERMS.conformsTo, "https://docs.ckan.org/en/latest/api/", DCTERMS.Standard)
        g.add((service, DCTERMS.publisher, self.publisher))
        for dataset in datasets:
            g.add((service, DCAT.servesDataset, dataset))
        return node

    def paging(self, page: int, total: int, page_url) -> None:
        """Hydra paging as ckanext-dcat writes it: the deprecated *Page terms its harvester reads and the current
        ones, each pointing at the page's address."""
        g = self.g
        last = max(1, math.ceil(total / PER_PAGE))
        node = URIRef(page_url(page))
        g.add((node, RDF.type, HYDRA.PagedCollection))
        g.add((node, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
        g.add((node, HYDRA.itemsPerPage, Literal(PER_PAGE, datatype=XSD.integer)))
        links = {"first": 1, "last": last}
        if page * PER_PAGE < total:
            links["next"] = page + 1
        if page > 1:
            links["previous"] = min(page - 1, last)
        for name, number in links.items():
            g.add((node, HYDRA[f"{name}Page"], URIRef(page_url(number))))
            g.add((node, HYDRA[name], URIRef(page_url(number))))


# --- entry points -----------------------------------------------------------------------------------------


def catalog_graph(hromada, base: str, *, page: int = 1, modified_since: datetime | None = None,
                  page_url=None) -> Graph:
    """One page of the catalogue: PER_PAGE published datasets in the order they were created (an update does not
    move a dataset between pages while a harvester walks them), those changed since ``modified_since`` only."""
    qs = selectors.public_datasets(hromada)
    if modified_since is not None:
        qs = qs.filter(updated_at__gte=modified_since)
    total = qs.count()
    offset = (page - 1) * PER_PAGE
    # A page past the end is empty without asking the database for it (no OFFSET beyond bigint).
    datasets = list(selectors.with_resources(qs.order_by("pk"))[offset:offset + PER_PAGE]) if offset < total else []
    first = first_versions(datasets)
    with translation.override("uk"):
        builder = _Builder(hromada, base)
        nodes = [builder.dataset(dataset, first) for dataset in datasets]
        builder.catalog(nodes)
        builder.paging(page, total, page_url or (lambda n: f"{builder.base}/catalog.ttl?page={n}"))
    return builder.g


def dataset_graph(hromada, base: str, dataset: Dataset) -> Graph:
    with translation.override("uk"):
        builder = _Builder(hromada, base)
        builder.dataset(dataset, first_versions([dataset]))
    return builder.g


# Serialisations by the address's extension (ckanext-dcat's; ``xml`` is RDF/XML as well).
FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json"),
    "rdf": ("xml", "application/rdf+xml; charset=utf-8"),
    "xml": ("xml", "application/rdf+xml; charset=utf-8"),
}


def serialize(graph: Graph, fmt: str) -> bytes:
    name = FORMATS[fmt][0]
    if name == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, encoding="utf-8")
    return graph.serialize(format=name, encoding="utf-8")


_RDF_LINKS = (("ttl", "DCAT-AP (Turtle)"), ("jsonld", "DCAT-AP (JSON-LD)"), ("rdf", "DCAT-AP (RDF/XML)"))


def catalog_alternates() -> list[dict]:
    """``<link rel="alternate">`` entries (href, type, title) of the catalogue page."""
    return [{"href": reverse("dcat:catalog", args=[fmt]), "type": FORMATS[fmt][1].split(";")[0], "title": title}
            for fmt, title in _RDF_LINKS]


def dataset_alternates(dataset: Dataset) -> list[dict]:
    """``<link rel="alternate">`` entries (href, type, title) of a dataset page: DCAT-AP and the Data Package."""
    links = [{"href": reverse("dcat:dataset", args=[dataset.slug, fmt]), "type": FORMATS[fmt][1].split(";")[0],
              "title": title} for fmt, title in _RDF_LINKS]
    links.append({"href": reverse("dcat:datapackage", args=[dataset.slug]), "type": "application/json",
                  "title": "Frictionless Data Package"})
    return links
