"""The council secretary's pages of the registry of acts: search, card, edits through services, versions,
relations, files, publication deadlines — and who may do what (anonymous, clerk, keeper, another hromada)."""

from __future__ import annotations

import datetime as dt
import json
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hromada.acts import deadlines, services
from hromada.acts.models import (
    INVERSE_LABELS,
    Act,
    ActRelation,
    ActStatus,
    ActVersion,
    AgendaItem,
    Attachment,
    CouncilSession,
    Deputy,
    RelationKind,
    RollCall,
    Topic,
    Vote,
)
from hromada.core.deadlines import calendar_for
from tests.acts import samples
from tests.acts.builders import act, secretary
from tests.factories import DepartmentFactory, member

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def clerk_client(client_a, hromada_a):
    client_a.force_login(member(hromada_a, "clerk"))
    return client_a


def _docx(name="рішення.docx", text="Затвердити Порядок оренди земельних ділянок комунальної власності."):
    return SimpleUploadedFile(name, samples.docx_with_text([text]), content_type=DOCX)


def _form(**overrides):
    data = {"number": "154-12/VIII", "date": "2025-03-14", "type": "council_decision", "status": "adopted",
            "title": "Про затвердження Порядку оренди землі", "text": "Затвердити Порядок оренди.",
            "convocation": "8", "session": "12", "author_unit": "", "control_unit": "", "topics_text": "земля, оренда",
            "consideration_date": "", "comment": "Внесено секретарем"}
    data.update(overrides)
    return data


def _html(response) -> str:
    return response.content.decode()


def _main(response) -> str:
    html = _html(response)
    return html[html.index("<main"):html.index("</main>")]


def _seen(html: str) -> str:
    """The page as a sighted reader sees it: without the visually hidden announcements."""
    return re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)


# --- list and search -------------------------------------------------------------------------------------


def test_search_finds_by_morphology_counts_marks_and_hides_the_score(sec_client, hromada_a, sec):
    act(hromada_a, sec, number="1", title="Про оренду земельних ділянок", text="Надати в оренду земельну ділянку.")
    act(hromada_a, sec, number="2", title="Про бюджет громади на 2025 рік", text="Затвердити бюджет.")
    response = sec_client.get(reverse("acts:list"), {"q": "ділянка"})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.count == 1 and results.hits[0].act.number == "1"
    html = _html(response)
    assert '<p class="count" role="status">' in html
    assert "<mark>" in html and "<mark>&lt;" not in html  # the snippet is rendered as HTML, marks kept
    assert "score" not in _main(response)
    assert "Про бюджет" not in html


def test_the_count_names_how_many_were_found(sec_client, hromada_a, sec):
    for n in range(1, 3):
        act(hromada_a, sec, number=str(n), title=f"Про оренду ділянки {n}")
    html = _html(sec_client.get(reverse("acts:list"), {"q": "оренда"}))
    count = html.split('<p class="count" role="status">', 1)[1].split("</p>", 1)[0]
    assert "2" in count


def test_filters_narrow_the_list_and_bad_values_are_ignored(sec_client, hromada_a, sec):
    unit = DepartmentFactory(hromada=hromada_a, name="Відділ земельних відносин")
    act(hromada_a, sec, number="1", when=date(2024, 5, 1), title="Про землю", author_unit=unit, topics=["земля"],
        convocation=8, session=40)
    act(hromada_a, sec, number="2", when=date(2025, 5, 1), type="head_order", title="Про відпустки")
    draft = act(hromada_a, sec, number="3", when=date(2025, 6, 1), type="draft_decision", status="draft",
                title="Проєкт про бюджет")
    published = act(hromada_a, sec, number="4", when=date(2025, 1, 10), title="Про бюджет")
    services.publish_act(published, actor=sec, hromada=hromada_a)
    topic = Topic.objects.get(hromada=hromada_a, name="земля")

    def numbers(**params):
        response = sec_client.get(reverse("acts:list"), params)
        assert response.status_code == 200
        return sorted(hit.act.number for hit in response.context["results"].hits)

    assert numbers() == ["1", "2", "3", "4"]
    assert numbers(type="head_order") == ["2"]
    assert numbers(type=["head_order", "draft_decision"]) == ["2", "3"]
    assert numbers(status="draft") == ["3"]
    assert numbers(date_from="2025-01-01", date_to="2025-05-31") == ["2", "4"]
    assert numbers(convocation="8", session="40") == ["1"]
    assert numbers(unit=str(unit.pk)) == ["1"]
    assert numbers(topic=str(topic.pk)) == ["1"]
    assert numbers(published="yes") == ["4"]
    assert numbers(published="no") == ["1", "2", "3"]
    assert numbers(q="бюджет", published="no") == [draft.number]
    # Unusable values are dropped, not an error page.
    assert numbers(date_from="14.03", convocation="abc", unit="999999", type="nonsense", sort="x") == \
        ["1", "2", "3", "4"]


def test_sort_by_date_both_ways(sec_client, hromada_a, sec):
    for n, day in ((1, date(2024, 1, 1)), (2, date(2025, 1, 1)), (3, date(2023, 1, 1))):
        act(hromada_a, sec, number=str(n), when=day, title=f"Про оренду {n}")
    newest = sec_client.get(reverse("acts:list"), {"sort": "date"}).context["results"].hits
    oldest = sec_client.get(reverse("acts:list"), {"sort": "-date"}).context["results"].hits
    assert [h.act.number for h in newest] == ["2", "1", "3"]
    assert [h.act.number for h in oldest] == ["3", "1", "2"]


def test_pagination_keeps_the_filters_and_clamps_the_page(sec_client, hromada_a, sec):
    for n in range(1, 26):
        act(hromada_a, sec, number=str(n), when=date(2024, 1, n), title=f"Про оренду {n}")
    response = sec_client.get(reverse("acts:list"), {"q": "оренда", "page": "2"})
    assert len(response.context["results"].hits) == 5
    assert response.context["page"].number == 2
    assert 'href="?q=%D0%BE%D1%80%D0%B5%D0%BD%D0%B4%D0%B0&amp;page=1"' in _html(response)
    response = sec_client.get(reverse("acts:list"), {"q": "оренда", "page": "999"})
    assert response.context["page"].number == 2 and len(response.context["results"].hits) == 5
    assert sec_client.get(reverse("acts:list"), {"page": "x"}).context["page"].number == 1


def test_htmx_gets_only_the_results(sec_client, hromada_a, sec):
    act(hromada_a, sec, title="Про оренду землі")
    response = sec_client.get(reverse("acts:list"), {"q": "оренда"}, HTTP_HX_REQUEST="true")
    assert next(t.name for t in response.templates) == "acts/staff/_results.html"
    assert "<html" not in _html(response) and '<p class="count" role="status">' in _html(response)
    assert f'href="{reverse("acts:export", args=["csv"])}?q=%D0%BE%D1%80%D0%B5%D0%BD%D0%B4%D0%B0"' in _html(response)


def test_empty_registry_offers_to_add_or_import(sec_client):
    response = sec_client.get(reverse("acts:list"))
    assert response.context["registry_empty"] is True
    html = _html(response)
    assert f'href="{reverse("acts:create")}"' in html and f'href="{reverse("acts:import")}"' in html


def test_nothing_found_gives_the_query_hints(sec_client, hromada_a, sec):
    act(hromada_a, sec, title="Про бюджет")
    response = sec_client.get(reverse("acts:list"), {"q": "оренда"})
    assert response.context["registry_empty"] is False and response.context["rows"] == []
    assert '"земельна ділянка"' in _html(response) and "-оренда" in _html(response)


def test_a_query_of_only_stop_words_says_so(sec_client, hromada_a, sec):
    act(hromada_a, sec, title="Про бюджет")
    response = sec_client.get(reverse("acts:list"), {"q": "про та і"})
    assert response.status_code == 200
    assert response.context["results"].empty_query is True
    assert '<div class="warning" role="status">' in _html(response)


def test_a_late_act_is_flagged_in_the_list(sec_client, hromada_a, sec):
    act(hromada_a, sec, number="1", when=date(2024, 1, 10), title="Про старе рішення")  # never published
    act(hromada_a, sec, number="2", when=timezone.localdate(), title="Про свіже рішення")
    response = sec_client.get(reverse("acts:list"))
    flags = {hit.act.number: late for hit, late in response.context["rows"]}
    assert flags["1"].state == "overdue" and flags["2"] is None
    assert _html(response).count('class="flag late"') == 1


def test_the_list_is_exported_with_its_filters(sec_client, hromada_a, sec):
    act(hromada_a, sec, number="1", title="Про оренду землі")
    act(hromada_a, sec, number="2", type="head_order", title="Про відпустки")
    response = sec_client.get(reverse("acts:export", args=["json"]), {"type": "head_order"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(b"".join(response.streaming_content))
    assert [row["number"] for row in data["acts"]] == ["2"]
    response = sec_client.get(reverse("acts:export", args=["json"]), {"q": "оренда"})
    assert [row["number"] for row in json.loads(b"".join(response.streaming_content))["acts"]] == ["1"]
    response = sec_client.get(reverse("acts:export", args=["csv"]))
    assert response.status_code == 200 and "text/csv" in response["Content-Type"]
    csv_text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == 3
    response = sec_client.get(reverse("acts:export", args=["xlsx"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert sec_client.get(reverse("acts:export", args=["pdf"])).status_code == 404


# --- the card ------------------------------------------------------------------------------------------------


def test_card_shows_fields_relations_both_ways_files_and_roll_call(sec_client, hromada_a, sec):
    unit = DepartmentFactory(hromada=hromada_a, name="Юридичний відділ")
    old = act(hromada_a, sec, number="10", when=date(2022, 2, 1), title="Правила благоустрою")
    new = act(hromada_a, sec, number="20", when=date(2025, 3, 1), title="Нові правила благоустрою",
              text="Перший рядок.\nДругий рядок.", author_unit=unit, topics=["благоустрій"])
    services.add_relation(new, "repeals", old, actor=sec, hromada=hromada_a)
    ca = samples.make_ca()
    signed = samples.signed_pdf(samples.issue(ca), ca)
    services.add_attachment(new, SimpleUploadedFile("рішення.pdf", signed), actor=sec, hromada=hromada_a)
    services.add_attachment(new, SimpleUploadedFile("додаток.pdf", samples.pdf_with_text("Додаток")), actor=sec,
                            hromada=hromada_a)
    session = CouncilSession.objects.create(hromada=hromada_a, convocation=8, number=40, date=date(2025, 3, 1))
    item = AgendaItem.objects.create(session=session, order=3, title="Про правила", decision=new, result="adopted")
    for name, vote in (("Іваненко Іван", "for"), ("Петренко Петро", "against")):
        RollCall.objects.create(item=item, vote=vote,
                                deputy=Deputy.objects.create(hromada=hromada_a, full_name=name, convocation=8))

    response = sec_client.get(reverse("acts:detail", args=[new.pk]))
    assert response.status_code == 200
    html = _html(response)
    assert "Нові правила благоустрою" in html and "Юридичний відділ" in html and "благоустрій" in html
    assert "Перший рядок.<br>Другий рядок." in html
    assert f'href="{reverse("acts:detail", args=[old.pk])}"' in html
    assert f'href="{reverse("acts:versions", args=[new.pk])}"' in html
    files = response.context["attachments"]
    assert [a.original_name for a in files] == ["рішення.pdf", "додаток.pdf"]
    assert files[0].report.signatures[0].signer_name == samples.SIGNER_NAME
    assert samples.SIGNER_NAME in html and samples.SIGNER_ORGANISATION in html
    assert files[1].report.signatures == ()
    assert html.count('class="signature-report"') == 2
    for attachment in files:
        assert f'href="{reverse("acts:attachment-download", args=[new.pk, attachment.pk])}"' in html
    assert "Іваненко Іван" in html and "Петренко Петро" in html
    assert [(str(label), n) for label, n in response.context["roll_calls"][0]["counts"]] == [
        (str(label), n) for label, n in zip(Vote.labels, (1, 1, 0, 0, 0), strict=True)]

    # From the repealed act's side the relation reads the other way, with a link back.
    response = sec_client.get(reverse("acts:detail", args=[old.pk]))
    incoming = response.context["relations_in"]
    assert [(r.source_id, r.inverse_label) for r in incoming] == [(new.pk, INVERSE_LABELS[RelationKind.REPEALS])]
    assert f'href="{reverse("acts:detail", args=[new.pk])}"' in _html(response)
    assert 'status-repealed' in _html(response)


def test_card_shows_the_publication_deadline(sec_client, hromada_a, sec):
    decision = act(hromada_a, sec, number="1", when=date(2024, 1, 10))
    response = sec_client.get(reverse("acts:detail", args=[decision.pk]))
    row = response.context["deadline_row"]
    assert row.deadline.state == "overdue" and row.deadline.kind == "adopted"
    assert row.deadline.due.strftime("%d.%m.%Y") in _html(response)
    assert f'href="{reverse("acts:publish", args=[decision.pk])}"' in _html(response)


def test_download_serves_the_file_as_an_attachment(sec_client, clerk_client, hromada_a, sec):
    decision = act(hromada_a, sec)
    content = samples.docx_with_text(["Текст рішення"])
    attachment = services.add_attachment(decision, SimpleUploadedFile("рішення 1.docx", content), actor=sec,
                                         hromada=hromada_a)
    response = clerk_client.get(reverse("acts:attachment-download", args=[decision.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%D1%80%D1%96%D1%88%D0%B5%D0%BD%D0%BD%D1%8F%201.docx" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == content
    attachment.file.delete(save=False)  # lost from storage: a 404, not a 500
    assert clerk_client.get(reverse("acts:attachment-download", args=[decision.pk, attachment.pk])).status_code == 404


# --- create and edit -----------------------------------------------------------------------------------------


def test_create_with_a_file(sec_client, hromada_a):
    unit = DepartmentFactory(hromada=hromada_a)
    response = sec_client.post(reverse("acts:create"), _form(author_unit=str(unit.pk), file=_docx()))
    created = Act.objects.get(hromada=hromada_a)
    assert response.status_code == 302 and response["Location"] == reverse("acts:detail", args=[created.pk])
    assert (created.number, created.date, created.status, created.author_unit) == \
        ("154-12/VIII", date(2025, 3, 14), ActStatus.ADOPTED, unit)
    assert sorted(t.name for t in created.topics.all()) == ["земля", "оренда"]
    attachment = created.attachments.get()
    assert attachment.original_name == "рішення.docx" and attachment.format == "docx"
    assert "земельних ділянок" in attachment.text
    assert created.versions.get(number=1).comment == "Внесено секретарем"
    # The file's text is searchable at once.
    found = sec_client.get(reverse("acts:list"), {"q": "комунальна власність"}).context["results"]
    assert [hit.act.pk for hit in found.hits] == [created.pk]


def test_the_form_limits_units_to_the_hromada(sec_client, hromada_a, hromada_b):
    own = DepartmentFactory(hromada=hromada_a)
    other = DepartmentFactory(hromada=hromada_b)
    form = sec_client.get(reverse("acts:create")).context["form"]
    assert list(form.fields["author_unit"].queryset) == [own]
    response = sec_client.post(reverse("acts:create"), _form(control_unit=str(other.pk)))
    assert response.status_code == 400 and "control_unit" in response.context["form"].errors
    assert not Act.objects.exists()


@pytest.mark.parametrize("case", ["empty_title", "invalid_date", "duplicate_number", "wrong_file", "convocation"])
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(sec_client, hromada_a, sec, case):
    act(hromada_a, sec, number="154-12/VIII", when=date(2025, 3, 14), type="council_decision")
    before = (Act.objects.count(), Attachment.objects.count(), ActVersion.objects.count(), Topic.objects.count())
    data, field = {
        "empty_title": (_form(number="2", title="  "), "title"),
        "invalid_date": (_form(number="2", date="31.02.2025"), "date"),
        "duplicate_number": (_form(number="№ 154-12/viii"), "number"),
        "wrong_file": (_form(number="2", file=SimpleUploadedFile("рішення.txt", b"plain text")), "file"),
        "convocation": (_form(number="2", convocation="99"), "convocation"),
    }[case]
    response = sec_client.post(reverse("acts:create"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert '<div class="error-summary" role="alert"' in _html(response)
    assert (Act.objects.count(), Attachment.objects.count(), ActVersion.objects.count(), Topic.objects.count()) \
        == before


def test_editing_a_duplicate_number_is_refused_beside_the_number(sec_client, hromada_a, sec):
    act(hromada_a, sec, number="1")
    second = act(hromada_a, sec, number="2")
    response = sec_client.post(reverse("acts:edit", args=[second.pk]),
                               _form(number="1", date="2025-03-14", type="council_decision", status="in_force"))
    assert response.status_code == 400 and "number" in response.context["form"].errors
    second.refresh_from_db()
    assert second.number == "2" and second.versions.count() == 1


def test_publish_then_edit_creates_a_published_version_and_keeps_the_old_one(sec_client, hromada_a, sec):
    decision = act(hromada_a, sec, number="7", when=date(2025, 3, 14), title="Про бюджет",
                   text="Затвердити бюджет громади на 2025 рік.", topics=["бюджет"])
    assert sec_client.post(reverse("acts:publish", args=[decision.pk])).status_code == 302
    decision.refresh_from_db()
    assert decision.is_published

    edit_page = sec_client.get(reverse("acts:edit", args=[decision.pk]))
    assert '<div class="warning" role="note">' in _html(edit_page)
    assert edit_page.context["form"].initial["topics_text"] == "бюджет"

    response = sec_client.post(reverse("acts:edit", args=[decision.pk]), _form(
        number="7", status="in_force", title="Про бюджет", text="Затвердити уточнений бюджет громади на 2025 рік.",
        topics_text="бюджет", comment="Уточнення"))
    assert response.status_code == 302
    v1, v2 = decision.versions.order_by("number")
    assert v2.number == 2 and v2.published and v2.comment == "Уточнення"
    assert v1.published and v1.data["text"] == "Затвердити бюджет громади на 2025 рік."

    old = sec_client.get(reverse("acts:version", args=[decision.pk, 1]))
    assert "Затвердити бюджет громади на 2025 рік." in _html(old)

    diff = sec_client.get(reverse("acts:version", args=[decision.pk, 2]))
    html = _html(diff)
    assert "Затвердити<ins> уточнений</ins> бюджет" in _seen(html)
    assert html.count('<ins><span class="visually-hidden">[') == 1 and "<del>" not in html
    assert [c["field"] for c in diff.context["text_diffs"]] == ["text"]
    assert [(c["field"], c["before"], c["after"]) for c in diff.context["field_diffs"]] == [
        ("convocation", "—", 8), ("session", "—", 12)]

    listing = sec_client.get(reverse("acts:versions", args=[decision.pk]))
    assert [v.number for v in listing.context["page"].object_list] == [2, 1]


def test_diff_marks_removed_and_added_words(sec_client, hromada_a, sec):
    decision = act(hromada_a, sec, text="Надати земельну ділянку площею 0,10 га.")
    services.update_act(decision, actor=sec, hromada=hromada_a,
                        fields={"text": "Надати земельну ділянку площею 0,25 га."})
    html = _html(sec_client.get(reverse("acts:version", args=[decision.pk, 2])))
    assert "площею <del>0,10</del><ins>0,25</ins> га." in _seen(html)
    assert html.count("<del>") == 1 and html.count("<ins>") == 1
    assert sec_client.get(reverse("acts:version", args=[decision.pk, 3])).status_code == 404


def test_nothing_changed_makes_no_version(sec_client, hromada_a, sec):
    decision = act(hromada_a, sec, number="1", title="Про бюджет", text="Текст", topics=["бюджет"])
    response = sec_client.post(reverse("acts:edit", args=[decision.pk]), _form(
        number="1", status="in_force", title="Про бюджет", text="Текст", convocation="", session="",
        topics_text="бюджет"))
    assert response.status_code == 302 and decision.versions.count() == 1


# --- publish and delete ------------------------------------------------------------------------------------


def test_publish_asks_first_and_shows_the_deadline(sec_client, hromada_a, sec):
    decision = act(hromada_a, sec, number="1", when=date(2024, 1, 10))
    page = sec_client.get(reverse("acts:publish", args=[decision.pk]))
    assert page.status_code == 200 and page.context["deadline_row"].deadline.state == "overdue"
    assert 'method="post"' in _main(page) and "csrfmiddlewaretoken" in _main(page)
    decision.refresh_from_db()
    assert not decision.is_published
    assert sec_client.post(reverse("acts:publish", args=[decision.pk])).status_code == 302
    decision.refresh_from_db()
    assert decision.is_published
    again = sec_client.post(reverse("acts:publish", args=[decision.pk]))
    assert again.status_code == 409 and again.context["error"]


def test_an_internal_act_is_not_published(sec_client, hromada_a, sec):
    order = act(hromada_a, sec, type="head_order", internal=True)
    page = sec_client.get(reverse("acts:publish", args=[order.pk]))
    assert page.context["refusal"] and "csrfmiddlewaretoken" not in _main(page)
    assert sec_client.post(reverse("acts:publish", args=[order.pk])).status_code == 409
    order.refresh_from_db()
    assert not order.is_published


def test_delete_asks_first_and_refuses_a_published_act(sec_client, hromada_a, sec):
    draft = act(hromada_a, sec, number="1", type="draft_decision", status="draft")
    published = act(hromada_a, sec, number="2")
    services.publish_act(published, actor=sec, hromada=hromada_a)
    assert sec_client.get(reverse("acts:delete", args=[draft.pk])).status_code == 200
    assert Act.objects.filter(pk=draft.pk).exists()
    response = sec_client.post(reverse("acts:delete", args=[published.pk]))
    assert response.status_code == 409
    with translation.override("uk"):
        assert response.context["error"] == translation.gettext(
            "A published act cannot be deleted; it can only be superseded or repealed.")
    assert Act.objects.filter(pk=published.pk).exists()
    response = sec_client.post(reverse("acts:delete", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("acts:list")
    assert not Act.objects.filter(pk=draft.pk).exists()


def test_every_post_needs_the_csrf_token(hromada_a, sec):
    draft = act(hromada_a, sec, type="draft_decision", status="draft")
    client = Client(enforce_csrf_checks=True, HTTP_HOST="a.localhost")
    client.force_login(sec)
    assert client.post(reverse("acts:delete", args=[draft.pk])).status_code == 403
    assert Act.objects.filter(pk=draft.pk).exists()


# --- relations -------------------------------------------------------------------------------------------


def test_repeal_changes_the_status_and_removing_it_restores(sec_client, hromada_a, sec):
    old = act(hromada_a, sec, number="10", when=date(2022, 2, 1), title="Правила благоустрою")
    new = act(hromada_a, sec, number="20", when=date(2025, 3, 1), title="Нові правила")
    page = sec_client.get(reverse("acts:relation-add", args=[new.pk]), {"find": "№ 10"})
    assert [a.pk for a in page.context["candidates"]] == [old.pk]
    assert page.context["form"].initial["effective_from"] == new.date
    assert [a.pk for a in page.context["form"].fields["target"].queryset] == [old.pk]

    response = sec_client.post(reverse("acts:relation-add", args=[new.pk]) + "?find=10",
                               {"kind": "repeals", "target": str(old.pk), "effective_from": "", "note": ""})
    assert response.status_code == 302
    relation = ActRelation.objects.get(source=new)
    assert relation.effective_from == new.date and relation.applied
    old.refresh_from_db()
    assert old.status == ActStatus.REPEALED

    confirm = sec_client.get(reverse("acts:relation-remove", args=[new.pk, relation.pk]))
    assert confirm.status_code == 200 and "csrfmiddlewaretoken" in _main(confirm)
    assert ActRelation.objects.filter(pk=relation.pk).exists()
    assert "«" in confirm.context["explanation"]
    response = sec_client.post(reverse("acts:relation-remove", args=[new.pk, relation.pk]))
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == ActStatus.IN_FORCE and not ActRelation.objects.exists()


def test_a_refused_relation_is_explained_beside_the_field(sec_client, hromada_a, sec):
    draft = act(hromada_a, sec, number="1", type="draft_decision", status="draft", when=date(2024, 1, 1))
    decision = act(hromada_a, sec, number="2", when=date(2025, 1, 1))
    response = sec_client.post(reverse("acts:relation-add", args=[decision.pk]),
                               {"kind": "repeals", "target": str(draft.pk)})
    assert response.status_code == 400 and "target" in response.context["form"].errors
    assert not ActRelation.objects.exists()
    # The act chosen stays in the list although the list shows search results only.
    assert draft in response.context["form"].fields["target"].queryset


def test_a_relation_to_another_hromadas_act_is_refused(sec_client, hromada_a, hromada_b, sec):
    decision = act(hromada_a, sec, number="2", when=date(2025, 1, 1))
    foreign = act(hromada_b, secretary(hromada_b), number="1", when=date(2024, 1, 1))
    response = sec_client.post(reverse("acts:relation-add", args=[decision.pk]),
                               {"kind": "related", "target": str(foreign.pk)})
    assert response.status_code == 400 and "target" in response.context["form"].errors
    assert not ActRelation.objects.exists()


# --- attachments -----------------------------------------------------------------------------------------


def test_attachments_upload_refuse_and_remove(sec_client, hromada_a, sec):
    decision = act(hromada_a, sec)
    url = reverse("acts:attachment-add", args=[decision.pk])
    response = sec_client.post(url, {"file": SimpleUploadedFile("scan.jpg", b"\xff\xd8\xff\xe0 not a document")})
    assert response.status_code == 400 and "file" in response.context["form"].errors
    assert not Attachment.objects.exists()
    assert sec_client.post(url, {}).status_code == 400

    # The very same bytes twice (a DOCX built twice may differ: its zip entries carry the time).
    original = _docx()
    same = SimpleUploadedFile(original.name, original.read(), content_type=DOCX)
    original.seek(0)
    assert sec_client.post(url, {"file": original}).status_code == 302
    attachment = Attachment.objects.get()
    duplicate = sec_client.post(url, {"file": same})
    assert duplicate.status_code == 400 and Attachment.objects.count() == 1

    remove = reverse("acts:attachment-remove", args=[decision.pk, attachment.pk])
    assert sec_client.get(remove).status_code == 200 and Attachment.objects.count() == 1
    assert sec_client.post(remove).status_code == 302
    assert not Attachment.objects.exists()


def test_a_file_of_a_published_act_is_not_removed(sec_client, hromada_a, sec):
    decision = act(hromada_a, sec)
    attachment = services.add_attachment(decision, _docx(), actor=sec, hromada=hromada_a)
    services.publish_act(decision, actor=sec, hromada=hromada_a)
    response = sec_client.post(reverse("acts:attachment-remove", args=[decision.pk, attachment.pk]))
    assert response.status_code == 409 and response.context["error"]
    assert Attachment.objects.filter(pk=attachment.pk).exists()


# --- deadlines -------------------------------------------------------------------------------------------


def test_deadlines_list_overdue_late_and_due_soon(sec_client, hromada_a, sec):
    today = timezone.localdate()
    cal = calendar_for(hromada_a)
    draft_days, _adopted = deadlines.publication_terms(hromada_a)
    overdue = act(hromada_a, sec, number="1", when=date(2025, 1, 10), title="Не оприлюднене")
    late = act(hromada_a, sec, number="2", when=date(2025, 1, 10), type="executive_decision", title="Запізнене")
    services.publish_act(late, actor=sec, hromada=hromada_a)
    soon = act(hromada_a, sec, number="3", type="draft_decision", status="draft", when=today,
               consideration_date=cal.add_working_days(today, draft_days + 2), title="Проєкт")
    act(hromada_a, sec, number="4", type="head_order", internal=True, when=date(2025, 1, 10))  # no deadline

    response = sec_client.get(reverse("acts:deadlines"))
    assert response.status_code == 200
    groups = {g["key"]: [r.act.pk for r in g["rows"]] for g in response.context["groups"]}
    assert groups == {"overdue": [overdue.pk], "soon": [soon.pk], "late": [late.pk]}
    html = _html(response)
    assert f'href="{reverse("acts:publish", args=[overdue.pk])}"' in html
    assert f'href="{reverse("acts:publish", args=[late.pk])}"' not in html

    drafts = sec_client.get(reverse("acts:deadlines"), {"kind": "draft"}).context["groups"]
    assert {g["key"]: len(g["rows"]) for g in drafts} == {"overdue": 0, "soon": 1, "late": 0}
    adopted = sec_client.get(reverse("acts:deadlines"), {"kind": "adopted", "due_to": "2025-06-30"})
    assert {g["key"]: len(g["rows"]) for g in adopted.context["groups"]} == {"overdue": 1, "soon": 0, "late": 1}
    period = sec_client.get(reverse("acts:deadlines"), {"due_from": (today + dt.timedelta(days=400)).isoformat()})
    assert all(not g["rows"] for g in period.context["groups"])
    assert sec_client.get(reverse("acts:deadlines"), {"due_from": "вчора", "kind": "x"}).status_code == 200


# --- who may do what -----------------------------------------------------------------------------------------


@pytest.fixture
def world(hromada_a, hromada_b, sec):
    """Acts, a relation and a file in both hromadas."""
    own_old = act(hromada_a, sec, number="1", when=date(2024, 1, 1))
    own = act(hromada_a, sec, number="2", when=date(2025, 1, 1))
    own_relation = services.add_relation(own, "amends", own_old, actor=sec, hromada=hromada_a)
    own_file = services.add_attachment(own, _docx(), actor=sec, hromada=hromada_a)
    sec_b = secretary(hromada_b)
    other_old = act(hromada_b, sec_b, number="1", when=date(2024, 1, 1))
    other = act(hromada_b, sec_b, number="2", when=date(2025, 1, 1))
    other_relation = services.add_relation(other, "amends", other_old, actor=sec_b, hromada=hromada_b)
    other_file = services.add_attachment(other, _docx(), actor=sec_b, hromada=hromada_b)
    return {"own": (own, own_relation, own_file), "other": (other, other_relation, other_file)}


READ_URLS = ["list", "deadlines", "export"]
PK_URLS = {
    # name: (kwargs builder, capability needed)
    "detail": (lambda a, r, f: {"pk": a.pk}, "view"),
    "versions": (lambda a, r, f: {"pk": a.pk}, "view"),
    "version": (lambda a, r, f: {"pk": a.pk, "number": 1}, "view"),
    "attachment-download": (lambda a, r, f: {"pk": a.pk, "attachment_pk": f.pk}, "view"),
    "edit": (lambda a, r, f: {"pk": a.pk}, "manage"),
    "publish": (lambda a, r, f: {"pk": a.pk}, "publish"),
    "delete": (lambda a, r, f: {"pk": a.pk}, "manage"),
    "relation-add": (lambda a, r, f: {"pk": a.pk}, "manage"),
    "relation-remove": (lambda a, r, f: {"pk": a.pk, "relation_pk": r.pk}, "manage"),
    "attachment-add": (lambda a, r, f: {"pk": a.pk}, "manage"),
    "attachment-remove": (lambda a, r, f: {"pk": a.pk, "attachment_pk": f.pk}, "manage"),
}


def _url(name, objs):
    build, _cap = PK_URLS[name]
    return reverse(f"acts:{name}", kwargs=build(*objs))


def test_anonymous_is_sent_to_sign_in_everywhere(client_a, world):
    urls = [reverse("acts:list"), reverse("acts:deadlines"), reverse("acts:create"),
            reverse("acts:export", args=["csv"])] + [_url(name, world["own"]) for name in PK_URLS]
    for url in urls:
        response = client_a.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    before = Act.objects.count()
    assert client_a.post(reverse("acts:delete", args=[world["own"][0].pk])).status_code == 302
    assert Act.objects.count() == before


def test_a_clerk_reads_but_cannot_change(clerk_client, world):
    for url in [reverse("acts:list"), reverse("acts:deadlines"), reverse("acts:export", args=["json"])]:
        assert clerk_client.get(url).status_code == 200, url
    for name, (_build, capability) in PK_URLS.items():
        expected = 200 if capability == "view" else 403
        assert clerk_client.get(_url(name, world["own"])).status_code == expected, name
    assert clerk_client.get(reverse("acts:create")).status_code == 403
    before = (Act.objects.count(), ActRelation.objects.count(), Attachment.objects.count())
    assert clerk_client.post(reverse("acts:create"), _form(number="99")).status_code == 403
    assert clerk_client.post(_url("delete", world["own"])).status_code == 403
    assert clerk_client.post(_url("relation-remove", world["own"])).status_code == 403
    assert clerk_client.post(_url("attachment-remove", world["own"])).status_code == 403
    assert clerk_client.post(_url("publish", world["own"])).status_code == 403
    assert (Act.objects.count(), ActRelation.objects.count(), Attachment.objects.count()) == before
    own = Act.objects.get(pk=world["own"][0].pk)
    assert not own.is_published
    page = clerk_client.get(_url("detail", world["own"]))
    assert f'href="{_url("edit", world["own"])}"' not in _html(page)


def test_another_hromadas_records_are_not_found(sec_client, world):
    for name in PK_URLS:
        assert sec_client.get(_url(name, world["other"])).status_code == 404, name
        assert sec_client.post(_url(name, world["other"])).status_code in (404, 405), name
    # Own act, other hromada's relation or file: still not found.
    own, _relation, _file = world["own"]
    _other, other_relation, other_file = world["other"]
    assert sec_client.get(_url("relation-remove", (own, other_relation, None))).status_code == 404
    assert sec_client.get(_url("attachment-remove", (own, None, other_file))).status_code == 404
    assert sec_client.get(_url("attachment-download", (own, None, other_file))).status_code == 404
    assert sec_client.get(reverse("acts:detail", args=[2**63])).status_code == 404
    other = Act.objects.get(pk=world["other"][0].pk)
    assert other.relations_out.count() == 1 and other.attachments.count() == 1 and not other.is_published
    # Nor does a search or an export in hromada A show hromada B's acts.
    found = sec_client.get(reverse("acts:list")).context["results"]
    assert {hit.act.hromada_id for hit in found.hits} == {own.hromada_id}


def test_the_list_shows_actions_by_permission(sec_client, client_a, hromada_a):
    html = _html(sec_client.get(reverse("acts:list")))
    assert f'href="{reverse("acts:create")}"' in html
    manager = member(hromada_a, "programme_manager")
    client_a.force_login(manager)
    html = _html(client_a.get(reverse("acts:list")))
    assert f'href="{reverse("acts:create")}"' not in html and f'href="{reverse("acts:import")}"' not in html
