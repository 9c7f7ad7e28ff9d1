"""The applicant's own cases in the cabinet: the list, one case with its public timeline and answer, the files,
the rating; another person's or another hromada's case is a 404; export and erasure of a person's cases."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hromada.core import personal_data
from hromada.core.cases import services
from hromada.core.models import Case, CaseStatus, RoleAssignment
from tests.factories import DepartmentFactory, UserFactory, member

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(hromada_a):
    unit = DepartmentFactory(hromada=hromada_a, name="Відділ ЖКГ")
    head = UserFactory(email="head@example.org", full_name="Голова Відділу")
    RoleAssignment.objects.create(user=head, hromada=hromada_a, role="department_head", department=unit)
    return {
        "unit": unit, "head": head,
        "registrar": member(hromada_a, "case_registrar", email="reg@example.org"),
        "resident": member(hromada_a, "resident", email="res@example.org", full_name="Петренко Ірина Олегівна",
                           phone="+380671234567"),
        "other": member(hromada_a, "resident", email="other@example.org"),
    }


def appeal(hromada, user, **kwargs):
    values = dict(kind="appeal", subkind="complaint", actor=user, applicant=user, channel="portal",
                  subject="Не працює ліхтар", text="На вул. Миру не світить ліхтар.",
                  applicant_address="с. Бродове, вул. Миру, 1, кв. 2")
    return services.register_case(hromada, **(values | kwargs))


def answer(case, people, hromada, **kwargs):
    services.assign(case, actor=people["registrar"], hromada=hromada, department=people["unit"],
                    executor=people["head"])
    services.draft_answer(case, actor=people["head"], hromada=hromada, text="Ліхтар полагоджено.",
                          outcome="satisfied", **kwargs)
    services.approve_answer(case, actor=people["head"], hromada=hromada)
    case.refresh_from_db()
    return case


def test_anonymous_goes_to_sign_in(client_a):
    response = client_a.get(reverse("my-cases:list"))
    assert response.status_code == 302 and "next=/cabinet/cases/" in response["Location"]


def test_the_list_shows_own_cases_only(client_a, hromada_a, hromada_b, people):
    mine = appeal(hromada_a, people["resident"])
    appeal(hromada_a, people["other"], subject="Чужа справа")
    appeal(hromada_b, people["resident"], subject="Справа в іншій громаді")
    client_a.force_login(people["resident"])
    response = client_a.get(reverse("my-cases:list"))
    assert [item["case"] for item in response.context["items"]] == [mine]
    body = response.content.decode()
    assert mine.number in body and "Чужа справа" not in body and "іншій громаді" not in body
    assert str(mine.get_status_display()).capitalize() in body


def test_the_list_filters_by_status_and_searches(client_a, hromada_a, people):
    first = appeal(hromada_a, people["resident"], subject="Ліхтар")
    second = appeal(hromada_a, people["resident"], subject="Дорога")
    answer(second, people, hromada_a)
    client_a.force_login(people["resident"])
    open_only = client_a.get(reverse("my-cases:list"), {"status": "open"})
    assert [item["case"] for item in open_only.context["items"]] == [first]
    answered = client_a.get(reverse("my-cases:list"), {"status": "answered"})
    assert [item["case"] for item in answered.context["items"]] == [second]
    found = client_a.get(reverse("my-cases:list"), {"q": "дорог"})
    assert [item["case"] for item in found.context["items"]] == [second]
    empty = client_a.get(reverse("my-cases:list"), {"q": "немає такого"})
    assert "Немає звернень, що відповідають фільтру." in empty.content.decode()


def test_the_detail_shows_everything_about_the_own_case(client_a, hromada_a, people):
    case = appeal(hromada_a, people["resident"])
    services.add_note(case, actor=people["registrar"], hromada=hromada_a, note="Внутрішня нотатка")
    client_a.force_login(people["resident"])
    response = client_a.get(reverse("my-cases:detail", args=[case.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for text in (case.number, "На вул. Миру не світить ліхтар.", "с. Бродове, вул. Миру, 1, кв. 2",
                 "res@example.org", "+380671234567", case.term_basis, "скарга"):
        assert text in body
    assert "Внутрішня нотатка" not in body
    assert [event.kind for event in response.context["events"]] == ["registered"]
    assert response.context["form"] is None  # no rating before the answer


def test_another_persons_or_hromadas_case_is_404(client_a, hromada_a, hromada_b, people):
    theirs = appeal(hromada_a, people["other"])
    elsewhere = appeal(hromada_b, people["resident"])
    client_a.force_login(people["resident"])
    for case in (theirs, elsewhere):
        assert client_a.get(reverse("my-cases:detail", args=[case.pk])).status_code == 404
        assert client_a.post(reverse("my-cases:rate", args=[case.pk]), {"rating": "5"}).status_code == 404
    client_a.force_login(people["registrar"])  # staff see cases on the staff pages, not here
    assert client_a.get(reverse("my-cases:detail", args=[theirs.pk])).status_code == 404


def test_the_extension_reason_and_answer_are_shown(client_a, hromada_a, people):
    case = appeal(hromada_a, people["resident"])
    services.extend(case, actor=people["registrar"], hromada=hromada_a,
                    until=services.forward_due(case) + __import__("datetime").timedelta(days=30),
                    reason="Потрібне обстеження мережі")
    client_a.force_login(people["resident"])
    body = client_a.get(reverse("my-cases:detail", args=[case.pk])).content.decode()
    assert "Потрібне обстеження мережі" in body
    services.assign(case, actor=people["registrar"], hromada=hromada_a, department=people["unit"],
                    executor=people["head"])
    services.draft_answer(case, actor=people["head"], hromada=hromada_a, text="Ліхтар полагоджено.",
                          outcome="satisfied")
    body = client_a.get(reverse("my-cases:detail", args=[case.pk])).content.decode()
    assert "Ліхтар полагоджено." not in body  # a draft waiting for a signature is not the answer yet
    services.approve_answer(case, actor=people["head"], hromada=hromada_a)
    response = client_a.get(reverse("my-cases:detail", args=[case.pk]))
    assert "Ліхтар полагоджено." in response.content.decode() and response.context["form"] is not None


def test_answer_files_are_downloaded_by_the_owner_only_once_answered(client_a, hromada_a, people):
    case = appeal(hromada_a, people["resident"], attachments=[services.Upload("скан.pdf", PDF)])
    services.assign(case, actor=people["registrar"], hromada=hromada_a, department=people["unit"],
                    executor=people["head"])
    services.draft_answer(case, actor=people["head"], hromada=hromada_a, text="Відповідь",
                          outcome="satisfied", file=services.Upload("відповідь.pdf", PDF))
    services.add_attachment(case, actor=people["registrar"], hromada=hromada_a,
                            upload=services.Upload("службова.pdf", PDF), role="internal")
    own, answer_file, internal = case.attachments.order_by("id")
    client_a.force_login(people["resident"])
    url = lambda item: reverse("my-cases:file", args=[case.pk, item.pk])  # noqa: E731
    response = client_a.get(url(own))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_a.get(url(answer_file)).status_code == 404  # not yet signed
    assert client_a.get(url(internal)).status_code == 404
    services.approve_answer(case, actor=people["head"], hromada=hromada_a)
    assert client_a.get(url(answer_file)).status_code == 200
    assert client_a.get(url(internal)).status_code == 404
    client_a.force_login(people["other"])
    assert client_a.get(url(own)).status_code == 404
    assert client_a.get(url(answer_file)).status_code == 404


def test_rating_only_once_answered(client_a, hromada_a, people):
    case = appeal(hromada_a, people["resident"])
    client_a.force_login(people["resident"])
    response = client_a.post(reverse("my-cases:rate", args=[case.pk]), {"rating": "4"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.rating is None
    answer(case, people, hromada_a)
    bad = client_a.post(reverse("my-cases:rate", args=[case.pk]), {"rating": "9"})
    assert bad.status_code == 400 and "rating" in bad.context["form"].errors
    case.refresh_from_db()
    assert case.rating is None
    ok = client_a.post(reverse("my-cases:rate", args=[case.pk]), {"rating": "4", "comment": "Дякую\x0b"})
    assert ok.status_code == 302
    case.refresh_from_db()
    assert (case.rating, case.rating_comment) == (4, "Дякую")
    assert "4 з 5" in client_a.get(reverse("my-cases:detail", args=[case.pk])).content.decode()


def test_the_cabinet_section_lists_latest_cases(client_a, hromada_a, people):
    from hromada.accounts import services as account_services

    account_services.join_hromada(people["resident"], hromada_a, consent_version=account_services.CONSENT_VERSION)
    case = appeal(hromada_a, people["resident"])
    client_a.force_login(people["resident"])
    body = client_a.get(reverse("accounts:cabinet")).content.decode()
    assert "Мої звернення" in body and case.number in body and reverse("my-cases:list") in body


def test_export_and_erasure_keep_the_records(hromada_a, people):
    open_case = appeal(hromada_a, people["resident"], subject="Відкрита")
    done = answer(appeal(hromada_a, people["resident"], subject="Розглянута"), people, hromada_a)
    services.rate(done, user=people["resident"], hromada=hromada_a, rating=5, comment="Дякую, Ірина")
    exported = personal_data.export(people["resident"], hromada_a)["cases"]
    assert [row["number"] for row in exported] == [open_case.number, done.number]
    assert exported[1]["answer"] == "Ліхтар полагоджено." and exported[0]["answer"] == ""
    assert exported[0]["applicant_email"] == "res@example.org"
    personal_data.erase(people["resident"], hromada_a)
    open_case.refresh_from_db()
    done.refresh_from_db()
    assert Case.objects.count() == 2
    assert open_case.applicant is None and open_case.applicant_email == "res@example.org"
    assert done.applicant is None and done.status == CaseStatus.ANSWERED
    assert (done.applicant_name, done.applicant_email, done.applicant_phone, done.applicant_address,
            done.rating_comment) == ("", "", "", "", "")
    assert done.text == "На вул. Миру не світить ліхтар."


def test_the_person_in_another_hromada_is_not_erased(hromada_a, hromada_b, people):
    elsewhere = appeal(hromada_b, people["resident"])
    personal_data.erase(people["resident"], hromada_a)
    elsewhere.refresh_from_db()
    assert elsewhere.applicant == people["resident"]


def test_bad_upload_is_refused_by_the_engine():
    upload = services.read_upload(SimpleUploadedFile("a.pdf", b"not a pdf"))
    with pytest.raises(Exception):  # noqa: B017
        services.check_upload(upload)
