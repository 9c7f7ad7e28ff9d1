"""DCAT-AP 3 of the catalogue and its datasets: the official SHACL shapes, the terms a harvester reads, Hydra
paging and ``modified_since`` as ckanext-dcat serves them, the formats, bad parameters, tenancy; the dataset
page's schema.org description and alternates."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from hromada.opendata import dcat, publishing, schemaorg, services
from hromada.opendata.models import Dataset, DatasetStatus
from tests.apiclient import uk
from tests.factories import member

SHAPES = Path(__file__).parent / "data" / "dcat-ap-3.0.1-shapes.ttl"
HYDRA = dcat.HYDRA
SPDX = dcat.SPDX
VCARD = dcat.VCARD
DCATAP = dcat.DCATAP
A = "http://a.localhost"
EU = "http://publications.europa.eu/resource/authority/"


# --- builders (test_datapackage uses them too) --------------------------------------------------------------


def publish_register(hromada, user) -> Dataset:
    """The live register of datasets (all-007), generated and published."""
    dataset = services.create_dataset(hromada, user, live_key="opendata.register")
    outcome = publishing.publish_live(dataset, user=user)
    assert outcome.ok, outcome.problems
    dataset.refresh_from_db()
    return dataset


def publish_upload(hromada, user, title: str, *, rows: int = 2, topic: str = "molod-i-sport",
                   relevance: date | None = date(2026, 11, 30)) -> Dataset:
    """An uploaded dataset with one CSV resource, published through the upload path."""
    dataset = services.create_dataset(
        hromada, user, title=title, description=f"{title}: назва, адреса і кількість місць кожного закладу.",
        frequency="yearly", topic=topic, keywords=["освіта", "заклади"],
        basis="Постанова КМУ від 21.10.2015 № 835; https://zakon.rada.gov.ua/laws/show/2145-19#Text",
        purpose="Інформування мешканців.", contact_name="Олена Петренко", contact_email="opendata@rada.example.org",
    )
    resource = services.add_resource(dataset, user, title="Заклади", description="Один рядок — один заклад.")
    body = "id,name,places\n" + "".join(f"{n},Заклад {n},{10 * n}\n" for n in range(1, rows + 1))
    result = publishing.upload(resource, SimpleUploadedFile("zaklady.csv", body.encode()), user=user,
                               relevance_date=relevance)
    assert result.version is not None, (result.problems, result.report and result.report.problems)
    dataset.refresh_from_db()
    return dataset


def publish_mixed(hromada, user) -> Dataset:
    """A dataset with a workbook and a text: an uploaded XLSX (kept beside its CSV) and a PDF."""
    from openpyxl import Workbook

    from tests.acts.samples import pdf_with_text

    dataset = services.create_dataset(
        hromada, user, title="Бюджет громади", description="Рішення про бюджет і його додатки.", frequency="yearly",
        basis="Бюджетний кодекс України", contact_name="Олена Петренко", contact_email="budget@rada.example.org")
    sheet = services.add_resource(dataset, user, title="Видатки", fmt="xlsx")
    workbook = Workbook()
    workbook.active.append(["code", "amount"])
    workbook.active.append(["0110", 1500])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = publishing.upload(sheet, SimpleUploadedFile("vydatky.xlsx", buffer.getvalue()), user=user)
    assert result.version is not None, (result.problems, result.report and result.report.problems)
    text = services.add_resource(dataset, user, title="Рішення", fmt="pdf")
    result = publishing.upload(text, SimpleUploadedFile("rishennia.pdf", pdf_with_text("Рішення про бюджет 2027")),
                               user=user)
    assert result.version is not None, result.problems
    dataset.refresh_from_db()
    return dataset


def shacl_report(graph: Graph) -> tuple[bool, str]:
    shapes = Graph().parse(SHAPES, format="turtle")
    conforms, _results, text = validate(graph, shacl_graph=shapes, inference="none", abort_on_first=False)
    return conforms, text


def fetch_graph(client, url: str, fmt: str = "turtle") -> Graph:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return Graph().parse(data=response.content, format=fmt)


@pytest.fixture
def catalogue(hromada_a, admin_a):
    """Hromada A with two published datasets (generated and uploaded), a withdrawn one and a draft."""
    register = publish_register(hromada_a, admin_a)
    schools = publish_upload(hromada_a, admin_a, "Заклади освіти")
    gone = publish_upload(hromada_a, admin_a, "Старі дані")
    services.withdraw(gone, admin_a, "Дані більше не збираються.")
    draft = services.create_dataset(hromada_a, admin_a, title="Чернетка", description="Ще не оприлюднено.",
                                    frequency="yearly", basis="Постанова КМУ № 835")
    return {"register": register, "schools": schools, "gone": gone, "draft": draft}


def node(dataset: Dataset) -> URIRef:
    return URIRef(f"{A}/opendata/{dataset.slug}/#dataset")


# --- the official shapes --------------------------------------------------------------------------------------


def test_catalog_conforms_to_the_dcat_ap_3_shapes(client_a, catalogue):
    graph = fetch_graph(client_a, "/catalog.ttl")
    conforms, text = shacl_report(graph)
    assert conforms, text
    # The shapes hold for the single-dataset documents too.
    for key in ("register", "schools"):
        conforms, text = shacl_report(fetch_graph(client_a, f"/opendata/{catalogue[key].slug}/dataset.ttl"))
        assert conforms, text


def test_the_shapes_catch_what_a_catalog_must_have(client_a, catalogue):
    """The copy of the shapes is the real thing: a catalog without its publisher does not conform."""
    graph = fetch_graph(client_a, "/catalog.ttl")
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    graph.remove((catalog, DCTERMS.publisher, None))
    conforms, text = shacl_report(graph)
    assert not conforms
    assert "dct:publisher" in text or str(DCTERMS.publisher) in text


def test_shapes_copy_is_the_official_file_with_a_source_line():
    lines = SHAPES.read_bytes().split(b"\n", 1)
    assert lines[0].startswith(b"# Source: SEMICeu/DCAT-AP releases/3.0.1/html/shacl/shapes.ttl")
    assert hashlib.sha256(lines[1]).hexdigest() == "7fe9815e0f32b10f5cbce74fa6ccd0290aae3ef9e5080fb84e2d8093eb984d1d"


# --- what the graph says --------------------------------------------------------------------------------------


def test_catalog_describes_the_council_and_its_catalogue(client_a, catalogue, hromada_a):
    hromada_a.settings = {"opendata.publisher_edrpou": "04054903"}
    hromada_a.save(update_fields=["settings"])
    graph = fetch_graph(client_a, "/catalog.ttl")
    catalog = URIRef(f"{A}/opendata/#catalog")
    assert (catalog, RDF.type, DCAT.Catalog) in graph
    assert graph.value(catalog, DCTERMS.title) == Literal(uk("Open data: %(name)s", name=hromada_a.name), lang="uk")
    assert graph.value(catalog, DCTERMS.description).language == "uk"
    publisher = graph.value(catalog, DCTERMS.publisher)
    assert publisher == URIRef(f"{A}/#publisher")
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert graph.value(publisher, FOAF.name) == Literal(hromada_a.council_name, lang="uk")
    assert graph.value(publisher, DCTERMS.identifier) == Literal("04054903")
    assert graph.value(publisher, DCTERMS.type) == URIRef("http://purl.org/adms/publishertype/LocalAuthority")
    assert graph.value(catalog, DCTERMS.language) == URIRef(EU + "language/UKR")
    assert graph.value(catalog, FOAF.homepage) == URIRef(f"{A}/opendata/")
    assert graph.value(catalog, DCTERMS.license) == URIRef(EU + "licence/CC_BY_4_0")
    place = URIRef(f"{A}/#{hromada_a.katottg}")
    assert set(graph.objects(catalog, DCTERMS.spatial)) == {place, URIRef(EU + "country/UKR")}
    assert graph.value(place, DCTERMS.identifier) == Literal(hromada_a.katottg)
    assert set(graph.objects(catalog, DCAT.themeTaxonomy)) == {URIRef(EU + "data-theme"),
                                                                URIRef(f"{A}/opendata/#topics")}
    published = [catalogue["register"], catalogue["schools"]]
    assert graph.value(catalog, DCTERMS.issued).toPython() == min(d.first_published_at for d in published).replace(
        microsecond=0)
    # Published datasets only: not the withdrawn one, not the draft.
    assert set(graph.objects(catalog, DCAT.dataset)) == {node(d) for d in published}
    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == {node(d) for d in published}
    service = graph.value(catalog, DCAT.service)
    assert graph.value(service, DCAT.endpointURL) == URIRef(f"{A}/api/3/action/")


def test_a_dataset_carries_its_passport(client_a, catalogue):
    dataset = catalogue["schools"]
    graph = fetch_graph(client_a, "/catalog.ttl")
    subject = node(dataset)
    assert graph.value(subject, DCTERMS.identifier) == Literal(dataset.identifier)
    assert graph.value(subject, DCTERMS.title) == Literal("Заклади освіти", lang="uk")
    assert graph.value(subject, DCTERMS.description) == Literal(dataset.description, lang="uk")
    assert set(graph.objects(subject, DCAT.keyword)) == {Literal("освіта", lang="uk"), Literal("заклади", lang="uk")}
    assert graph.value(subject, DCTERMS.issued) == Literal(dcat.when(dataset.first_published_at),
                                                           datatype=XSD.dateTime)
    assert graph.value(subject, DCTERMS.modified).toPython() == dataset.last_modified_at.replace(microsecond=0)
    assert graph.value(subject, DCTERMS.valid) == Literal("2026-11-30", datatype=XSD.date)
    assert graph.value(subject, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/ANNUAL")
    assert graph.value(subject, DCTERMS.publisher) == URIRef(f"{A}/#publisher")
    contact = graph.value(subject, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in graph
    assert graph.value(contact, VCARD.fn) == Literal("Олена Петренко")
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:opendata@rada.example.org")
    assert graph.value(subject, DCAT.landingPage) == URIRef(f"{A}/opendata/{dataset.slug}/")
    assert graph.value(subject, DCTERMS.language) == URIRef(EU + "language/UKR")
    assert set(graph.objects(subject, DCATAP.applicableLegislation)) == {
        URIRef("https://zakon.rada.gov.ua/laws/show/835-2015-п"),
        URIRef("https://zakon.rada.gov.ua/laws/show/2145-19"),
    }
    topic = URIRef(f"{A}/opendata/?topic=molod-i-sport")
    assert set(graph.objects(subject, DCAT.theme)) == {URIRef(EU + "data-theme/EDUC"), topic}
    assert graph.value(topic, SKOS.prefLabel) == Literal("Освіта, культура, спорт", lang="uk")
    assert graph.value(topic, SKOS.inScheme) == URIRef(f"{A}/opendata/#topics")
    # What the dataset refers to is stated with the class of the property's range (DCAT-AP's range shapes).
    assert (URIRef(EU + "frequency/ANNUAL"), RDF.type, DCTERMS.Frequency) in graph
    assert (URIRef(EU + "frequency/ANNUAL"), SKOS.inScheme, URIRef(EU + "frequency")) in graph
    assert (URIRef("https://zakon.rada.gov.ua/laws/show/835-2015-п"), RDF.type, dcat.ELI.LegalResource) in graph
    assert (URIRef(f"{A}/opendata/{dataset.slug}/"), RDF.type, FOAF.Document) in graph
    assert (URIRef(EU + "language/UKR"), RDF.type, DCTERMS.LinguisticSystem) in graph
    assert graph.value(URIRef(EU + "data-theme/EDUC"), SKOS.prefLabel) == Literal("Education, culture and sport",
                                                                                  lang="en")
    # The live register: its frequency and its basis (Resolution 835 and the access-to-information law).
    register = node(catalogue["register"])
    assert graph.value(register, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/IRREG")
    assert set(graph.objects(register, DCATAP.applicableLegislation)) == {
        URIRef("https://zakon.rada.gov.ua/laws/show/835-2015-п"),
        URIRef("https://zakon.rada.gov.ua/laws/show/2939-17"),
    }
    assert set(graph.objects(register, DCAT.theme)) == {URIRef(EU + "data-theme/GOVE"),
                                                         URIRef(f"{A}/opendata/?topic=derzhava")}


def test_distributions_point_at_the_files_with_their_checksums(client_a, catalogue):
    dataset = catalogue["schools"]
    resource = dataset.resources.get()
    version = resource.current
    graph = fetch_graph(client_a, f"/opendata/{dataset.slug}/dataset.ttl")
    page = f"{A}/opendata/{dataset.slug}/{resource.key}/"
    csv = URIRef(page + "#csv")
    assert set(graph.objects(node(dataset), DCAT.distribution)) == {csv, URIRef(page + "#json")}
    assert graph.value(csv, DCAT.accessURL) == URIRef(page)
    download = graph.value(csv, DCAT.downloadURL)
    assert download == URIRef(page + "data.csv")
    assert graph.value(csv, DCTERMS.format) == URIRef(EU + "file-type/CSV")
    assert graph.value(csv, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/csv")
    assert graph.value(csv, DCAT.byteSize) == Literal(version.size, datatype=XSD.nonNegativeInteger)
    checksum = graph.value(csv, SPDX.checksum)
    assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert graph.value(checksum, SPDX.checksumValue) == Literal(version.sha256, datatype=XSD.hexBinary)
    assert graph.value(csv, DCTERMS.license) == URIRef(EU + "licence/CC_BY_4_0")
    assert graph.value(csv, DCTERMS.issued).toPython() == version.created_at.replace(microsecond=0)
    assert graph.value(csv, DCTERMS.modified).toPython() == version.created_at.replace(microsecond=0)
    assert graph.value(csv, DCTERMS.conformsTo) == URIRef(page + "structure.csv")
    # The addresses answer, and the file is the one the checksum and size describe.
    body = b"".join(client_a.get(str(download).removeprefix(A)).streaming_content)
    assert hashlib.sha256(body).hexdigest() == version.sha256 and len(body) == version.size
    assert client_a.get(str(graph.value(csv, DCTERMS.conformsTo)).removeprefix(A)).status_code == 200
    json = URIRef(page + "#json")
    assert graph.value(json, DCAT.downloadURL) == URIRef(page + "data.json")
    assert graph.value(json, DCTERMS.format) == URIRef(EU + "file-type/JSON")
    assert graph.value(json, SPDX.checksum) is None
    assert client_a.get(page.removeprefix(A) + "data.json").status_code == 200


def test_a_workbook_and_a_text(client_a, hromada_a, admin_a):
    dataset = publish_mixed(hromada_a, admin_a)
    graph = fetch_graph(client_a, f"/opendata/{dataset.slug}/dataset.ttl")
    conforms, text = shacl_report(graph)
    assert conforms, text
    sheet, pdf = dataset.resources.order_by("position")
    formats = {}
    for distribution in graph.objects(node(dataset), DCAT.distribution):
        formats[str(distribution)] = (str(graph.value(distribution, DCTERMS.format)).rsplit("/", 1)[-1],
                                      str(graph.value(distribution, DCAT.mediaType)).split("media-types/")[1],
                                      str(graph.value(distribution, DCAT.downloadURL)).rsplit("/", 1)[-1],
                                      graph.value(distribution, SPDX.checksum) is not None)
    sheet_page, pdf_page = (f"{A}/opendata/{dataset.slug}/{r.key}/" for r in (sheet, pdf))
    assert formats == {
        sheet_page + "#csv": ("CSV", "text/csv", "data.csv", True),
        sheet_page + "#json": ("JSON", "application/json", "data.json", False),
        sheet_page + "#xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               "data.xlsx", False),
        pdf_page + "#pdf": ("PDF", "application/pdf", "data.pdf", True),
    }
    assert graph.value(URIRef(pdf_page + "#pdf"), DCTERMS.conformsTo) is None  # a text has no structure file
    assert graph.value(URIRef(pdf_page + "#pdf"), DCAT.byteSize).toPython() == pdf.current.size
    for distribution in formats:
        url = str(graph.value(URIRef(distribution), DCAT.downloadURL)).removeprefix(A)
        assert client_a.get(url).status_code == 200, url


# --- formats --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "content_type", "parser"), [
    ("ttl", "text/turtle; charset=utf-8", "turtle"),
    ("jsonld", "application/ld+json", "json-ld"),
    ("rdf", "application/rdf+xml; charset=utf-8", "xml"),
    ("xml", "application/rdf+xml; charset=utf-8", "xml"),
])
def test_every_format_says_the_same(client_a, catalogue, fmt, content_type, parser):
    reference = fetch_graph(client_a, "/catalog.ttl")
    for url in (f"/catalog.{fmt}", f"/opendata/{catalogue['schools'].slug}/dataset.{fmt}"):
        response = client_a.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        graph = Graph().parse(data=response.content, format=parser)
        assert len(graph) > 20
        if url.startswith("/catalog"):
            assert len(graph) == len(reference)
            assert set(graph.subjects(RDF.type, DCAT.Dataset)) == set(reference.subjects(RDF.type, DCAT.Dataset))


def test_unknown_formats_are_not_found(client_a, catalogue):
    assert client_a.get("/catalog.n3").status_code == 404
    assert client_a.get(f"/opendata/{catalogue['schools'].slug}/dataset.csv").status_code == 404


# --- paging and modified_since --------------------------------------------------------------------------------


def test_a_hundred_datasets_a_page():
    assert dcat.PER_PAGE == 100


def paging(graph: Graph) -> dict:
    collection = next(graph.subjects(RDF.type, HYDRA.PagedCollection))
    values = {"self": str(collection)}
    for name in ("totalItems", "itemsPerPage"):
        values[name] = graph.value(collection, HYDRA[name]).toPython()
    for name in ("firstPage", "lastPage", "nextPage", "previousPage", "first", "last", "next", "previous"):
        value = graph.value(collection, HYDRA[name])
        values[name] = str(value) if value is not None else None
    return values


def test_paging_as_ckanext_dcat(client_a, catalogue, admin_a, hromada_a, monkeypatch):
    third = publish_upload(hromada_a, admin_a, "Спортивні майданчики", topic="")
    monkeypatch.setattr(dcat, "PER_PAGE", 2)
    first = fetch_graph(client_a, "/catalog.ttl")
    assert paging(first) == {
        "self": f"{A}/catalog.ttl?page=1", "totalItems": 3, "itemsPerPage": 2,
        "firstPage": f"{A}/catalog.ttl?page=1", "lastPage": f"{A}/catalog.ttl?page=2",
        "nextPage": f"{A}/catalog.ttl?page=2", "previousPage": None,
        "first": f"{A}/catalog.ttl?page=1", "last": f"{A}/catalog.ttl?page=2",
        "next": f"{A}/catalog.ttl?page=2", "previous": None,
    }
    # In the order the datasets were created.
    assert set(first.subjects(RDF.type, DCAT.Dataset)) == {node(catalogue["register"]), node(catalogue["schools"])}
    second = fetch_graph(client_a, "/catalog.ttl?page=2")
    assert set(second.subjects(RDF.type, DCAT.Dataset)) == {node(third)}
    assert paging(second)["nextPage"] is None and paging(second)["next"] is None
    assert paging(second)["previousPage"] == f"{A}/catalog.ttl?page=1"
    assert paging(second)["totalItems"] == 3
    conforms, text = shacl_report(second)
    assert conforms, text
    # Past the end: an empty page pointing back at the last one (ckanext-dcat does the same), never an error.
    beyond = fetch_graph(client_a, "/catalog.ttl?page=99999999999999999999")
    assert set(beyond.subjects(RDF.type, DCAT.Dataset)) == set()
    assert paging(beyond)["previousPage"] == f"{A}/catalog.ttl?page=2"
    assert paging(beyond)["totalItems"] == 3


def test_modified_since(client_a, catalogue):
    older = timezone.make_aware(datetime(2026, 1, 10, 12, 0))
    Dataset.objects.filter(pk=catalogue["register"].pk).update(updated_at=older)

    def listed(query: str) -> set:
        return set(fetch_graph(client_a, "/catalog.ttl" + query).subjects(RDF.type, DCAT.Dataset))

    everything = {node(catalogue["register"]), node(catalogue["schools"])}
    assert listed("") == everything
    assert listed("?modified_since=2026-01-10") == everything  # a date counts from the start of the day
    assert listed("?modified_since=2026-01-11") == {node(catalogue["schools"])}
    assert listed("?modified_since=2026-01-10T12:00:00%2B02:00") == everything  # 10:00 UTC, before 12:00 Kyiv
    assert listed("?modified_since=2026-01-10T12:00:01") == {node(catalogue["schools"])}  # Kyiv time
    assert listed("?modified_since=2026-01-10T10:00:01Z") == {node(catalogue["schools"])}
    # A plus typed into the address arrives as a space; it is still read as the offset.
    assert listed("?modified_since=2026-01-10T10:00:00+00:00") == everything
    assert listed("?modified_since=2999-01-01") == set()
    graph = fetch_graph(client_a, "/catalog.ttl?modified_since=2026-01-11")
    assert paging(graph)["totalItems"] == 1
    assert paging(graph)["firstPage"] == f"{A}/catalog.ttl?modified_since=2026-01-11&page=1"


@pytest.mark.parametrize("query", [
    "page=0", "page=-1", "page=abc", "page=1.5", "page=%D9%A3",  # Arabic-Indic three: a digit, not ASCII
    "modified_since=yesterday", "modified_since=2026-13-01", "modified_since=2026-02-30T10:00",
    "modified_since=0001-01-01T00:00:00%2B02:00",  # before year 1 in UTC
    "modified_since=2026-01-01T25:00",
])
def test_bad_parameters_are_a_plain_400(client_a, catalogue, query):
    response = client_a.get(f"/catalog.ttl?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    expected = (uk("The page must be a whole number from 1.") if query.startswith("page") else
                uk("modified_since must be an ISO 8601 date or date and time, such as 2026-01-31 or "
                   "2026-01-31T12:00:00+02:00."))
    assert response.content.decode() == expected


def test_catalog_queries_do_not_grow_with_the_datasets(client_a, catalogue, admin_a, hromada_a):
    with CaptureQueriesContext(connection) as before:
        assert client_a.get("/catalog.ttl").status_code == 200
    publish_upload(hromada_a, admin_a, "Бібліотеки")
    publish_upload(hromada_a, admin_a, "Музеї")
    with CaptureQueriesContext(connection) as after:
        response = client_a.get("/catalog.ttl")
    assert len(set(Graph().parse(data=response.content, format="turtle").subjects(RDF.type, DCAT.Dataset))) == 4
    assert len(after.captured_queries) == len(before.captured_queries)


# --- tenancy, withdrawal ----------------------------------------------------------------------------------------


def test_another_hromadas_catalog_never_lists_these_datasets(client, catalogue, hromada_b):
    admin_b = member(hromada_b, "hromada_admin", email="admin-b@example.org")
    own = publish_upload(hromada_b, admin_b, "Заклади освіти")  # the same title, so the same address name
    assert own.slug == catalogue["schools"].slug
    client.defaults["HTTP_HOST"] = "b.localhost"
    graph = fetch_graph(client, "/catalog.ttl")
    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == {URIRef(f"http://b.localhost/opendata/{own.slug}/#dataset")}
    assert paging(graph)["totalItems"] == 1
    assert not [s for s in graph.all_nodes() if str(s).startswith(A)]
    identifiers = {str(o) for o in graph.objects(None, DCTERMS.identifier)}
    assert catalogue["schools"].identifier not in identifiers
    assert catalogue["register"].identifier not in identifiers
    # A's datasets by address on B's host: unknown there.
    assert client.get(f"/opendata/{catalogue['register'].slug}/dataset.ttl").status_code == 404
    assert client.get(f"/opendata/{catalogue['register'].slug}/datapackage.json").status_code == 404
    assert client.get(f"/opendata/{catalogue['register'].uid}/dataset.ttl").status_code == 404


def test_withdrawn_is_gone_draft_and_unknown_are_not_found(client_a, catalogue):
    gone = client_a.get(f"/opendata/{catalogue['gone'].slug}/dataset.ttl")
    assert gone.status_code == 410
    assert gone.content.decode() == uk("The council has withdrawn this dataset; it is no longer published.")
    assert client_a.get(f"/opendata/{catalogue['gone'].slug}/datapackage.json").status_code == 410
    assert client_a.get(f"/opendata/{catalogue['draft'].slug}/dataset.ttl").status_code == 404
    assert client_a.get(f"/opendata/{catalogue['draft'].slug}/datapackage.json").status_code == 404
    assert client_a.get("/opendata/no-such-dataset/dataset.ttl").status_code == 404
    assert Dataset.objects.get(pk=catalogue["gone"].pk).status == DatasetStatus.WITHDRAWN


def test_only_get(client_a, catalogue):
    assert client_a.post("/catalog.ttl").status_code == 405
    assert client_a.head("/catalog.ttl").status_code == 200


# --- the dataset page: schema.org and alternates ----------------------------------------------------------------


def test_schema_org_dataset(catalogue, hromada_a):
    dataset = catalogue["schools"]
    request = RequestFactory().get("/", HTTP_HOST="a.localhost")
    data = schemaorg.dataset(request, dataset)
    assert data["@context"] == "https://schema.org/" and data["@type"] == "Dataset"
    assert data["@id"] == str(node(dataset))
    assert data["name"] == dataset.title and data["description"] == dataset.description
    assert data["url"] == f"{A}/opendata/{dataset.slug}/"
    assert dataset.identifier in data["identifier"]
    assert data["keywords"] == ["освіта", "заклади"]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["isAccessibleForFree"] is True
    for role in ("creator", "publisher"):
        assert data[role]["@type"] == "GovernmentOrganization"
        assert data[role]["name"] == hromada_a.council_name
        assert data[role]["url"] == f"{A}/"
    assert data["datePublished"] == dcat.when(dataset.first_published_at)
    assert data["dateModified"] == dcat.when(dataset.last_modified_at)
    assert data["spatialCoverage"]["name"] == hromada_a.name
    assert "temporalCoverage" not in data  # the passport does not say which period the data covers
    version = dataset.resources.get().current
    csv = data["distribution"][0]
    assert csv == {"@type": "DataDownload", "name": "Заклади", "encodingFormat": "text/csv",
                   "contentUrl": f"{A}/opendata/{dataset.slug}/{dataset.resources.get().key}/data.csv",
                   "sha256": version.sha256, "dateModified": dcat.when(version.created_at)}
    assert {d["encodingFormat"] for d in data["distribution"]} == {"text/csv", "application/json"}


def test_alternates_of_a_dataset_page(client_a, catalogue):
    dataset = catalogue["schools"]
    links = schemaorg.alternates(RequestFactory().get("/", HTTP_HOST="a.localhost"), dataset)
    assert [(link["href"], link["type"]) for link in links] == [
        (f"/opendata/{dataset.slug}/dataset.ttl", "text/turtle"),
        (f"/opendata/{dataset.slug}/dataset.jsonld", "application/ld+json"),
        (f"/opendata/{dataset.slug}/dataset.rdf", "application/rdf+xml"),
        (f"/opendata/{dataset.slug}/datapackage.json", "application/json"),
    ]
    for link in links:
        response = client_a.get(link["href"])
        assert response.status_code == 200
        assert response["Content-Type"].split(";")[0] == link["type"]
    assert [link["href"] for link in dcat.catalog_alternates()] == ["/catalog.ttl", "/catalog.jsonld", "/catalog.rdf"]
    page = client_a.get(f"/opendata/{dataset.slug}/").content.decode()
    assert f'<link rel="alternate" type="text/turtle" href="/opendata/{dataset.slug}/dataset.ttl">' in page
    assert '<script type="application/ld+json">' in page


def test_legal_acts_named_in_the_basis():
    def acts(basis: str, code: str = "") -> list[str]:
        return dcat.legislation(Dataset(basis=basis, obligation_code=code))

    assert acts("", "all-007") == [dcat.RESOLUTION_835]
    assert acts("Постанова КМУ від 21.10.2015 № 835") == [dcat.RESOLUTION_835]
    assert acts("Рішення ради № 1835") == []
    assert acts("ст. 10-1 ЗУ «Про доступ до публічної інформації»") == [dcat.ACCESS_TO_PUBLIC_INFORMATION]
    assert acts("див. https://zakon.rada.gov.ua/laws/show/835-2015-%D0%BF#Text.") == [dcat.RESOLUTION_835]
    assert acts("http://zakon.rada.gov.ua/laws/show/280/97-вр") == ["https://zakon.rada.gov.ua/laws/show/280/97-вр"]
    assert acts("https://zakon.rada.gov.ua/laws/show/%20x") == []


def test_relevance_date_is_left_out_when_unknown(client_a, hromada_a, admin_a):
    dataset = publish_upload(hromada_a, admin_a, "Без дати", relevance=None)
    graph = fetch_graph(client_a, f"/opendata/{dataset.slug}/dataset.ttl")
    assert graph.value(node(dataset), DCTERMS.valid) is None
    assert graph.value(node(dataset), DCTERMS.temporal) is None


def test_times_are_kyiv_with_offset(client_a, catalogue):
    dataset = catalogue["schools"]
    Dataset.objects.filter(pk=dataset.pk).update(
        last_modified_at=timezone.make_aware(datetime(2026, 7, 1, 9, 30, 15, 123456)))
    graph = fetch_graph(client_a, f"/opendata/{dataset.slug}/dataset.ttl")
    assert graph.value(node(dataset), DCTERMS.modified) == Literal("2026-07-01T09:30:15+03:00", datatype=XSD.dateTime)
