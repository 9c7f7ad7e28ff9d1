"""The public feedback form (/contacts/feedback/) and the staff's list of messages (/staff/feedback/)."""

from __future__ import annotations

import pytest
from django.core import mail

from hromada.core.models import AuditEntry, Notice
from hromada.portal import services
from hromada.portal.models import FeedbackMessage
from tests.factories import member
from tests.tasktools import run_enqueued_tasks

pytestmark = pytest.mark.django_db

URL = "/contacts/feedback/"


def _post(client, **overrides):
    data = {"topic": "accessibility", "message": "Кнопку «Надіслати» не видно з програмою зчитування.",
            "page": "/acts/", "name": "Олена", "contact": "", "website": ""}
    data.update(overrides)
    return client.post(URL, data, REMOTE_ADDR=overrides.pop("ip", "198.51.100.7"))


def test_the_form_works_without_javascript_and_prefills_topic_and_page(client_a):
    html = client_a.get(f"{URL}?topic=accessibility&page=/acts/%3Fq%3D1").content.decode()
    assert 'value="accessibility" id="id_topic_0" required checked' in html
    assert 'value="/acts/?q=1"' in html
    assert '<form method="post" action="/contacts/feedback/"' in html
    # The Referer fills the page when it is on this site; another site's address is ignored.
    html = client_a.get(URL, HTTP_REFERER="http://a.localhost/programmes/").content.decode()
    assert 'value="/programmes/"' in html
    html = client_a.get(URL, HTTP_REFERER="https://evil.example/acts/").content.decode()
    assert 'name="page"' in html and "evil.example" not in html


def test_a_valid_message_is_stored_numbered_and_sent_to_the_admins(client_a, hromada_a, hromada_b,
                                                                   django_capture_on_commit_callbacks):
    admin = member(hromada_a, "hromada_admin", email="admin-a@example.org")
    second = member(hromada_a, "hromada_admin", email="admin-a2@example.org")
    member(hromada_a, "clerk", email="clerk-a@example.org")
    member(hromada_b, "hromada_admin", email="admin-b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client_a, contact="Olena@Example.org", consent="on")
    assert response.status_code == 302 and response["Location"] == "/contacts/feedback/sent/"
    item = FeedbackMessage.objects.get()
    assert (item.hromada_id, item.number, item.topic, item.status) == (hromada_a.pk, 1, "accessibility", "new")
    assert (item.name, item.contact, item.page, item.consent) == ("Олена", "olena@example.org", "/acts/", True)
    assert item.ip == "198.51.100.7"
    sent = client_a.get(response["Location"]).content.decode()
    assert "за реєстраційним номером <strong>1</strong>" in sent
    run_enqueued_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["admin-a2@example.org", "admin-a@example.org"]
    assert mail.outbox[0].subject.endswith("Відгук № 1 про сайт: доступність сайту")
    assert "Кнопку «Надіслати» не видно" in mail.outbox[0].body
    assert f"/staff/feedback/{item.pk}/" in mail.outbox[0].body
    assert set(Notice.objects.filter(kind="portal.feedback").values_list("recipient", flat=True)) == {
        admin.pk, second.pk}
    # The next message of the hromada gets the next number.
    with django_capture_on_commit_callbacks(execute=True):
        _post(client_a, topic="error", message="Посилання на рішення № 5 не відкривається.")
    assert list(FeedbackMessage.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_a_phone_is_normalised_and_other_topics_go_to_the_feedback_mailbox(client_a, hromada_a, admin_a,
                                                                           django_capture_on_commit_callbacks):
    services.save_contacts(hromada_a, actor=admin_a, feedback_email="site@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client_a, topic="content", contact="(0569) 12-34-56", consent="on").status_code == 302
    assert FeedbackMessage.objects.get().contact == "+380569123456"
    run_enqueued_tasks()
    assert [m.to for m in mail.outbox] == [["site@example.org"]]
    mail.outbox.clear()
    # Accessibility goes to the administrators and the mailbox.
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client_a, topic="accessibility").status_code == 302
    run_enqueued_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["admin-a@example.org", "site@example.org"]


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"message": "Коротко"}, "message", "Напишіть щонайменше 10 символів."),
    ({"message": ""}, "message", "Це поле обов&#x27;язкове."),
    ({"message": "ц" * 5001}, "message", "Напишіть не більше 5000 символів."),
    ({"topic": ""}, "topic", "Це поле обов&#x27;язкове."),
    ({"topic": "politics"}, "topic", "Зробить коректний вибір, politics немає серед варіантів вибору."),
    ({"contact": "olena@"}, "contact", "Введіть правильну адресу електронної пошти"),
    ({"contact": "12345", "consent": "on"}, "contact", "Введіть адресу електронної пошти або український номер"),
    ({"contact": "olena@example.org"}, "consent", "погодьтеся на обробку ваших контактних даних"),
    ({"message": "Повідомлення\x00 з нулем"}, "message", "Символи Null не дозволені."),
    ({"name": "Олена\x00"}, "name", "Символи Null не дозволені."),
])
def test_bad_input_is_refused_beside_the_field_and_nothing_is_stored(client_a, admin_a, overrides, field, message,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client_a, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    assert 'class="error-summary"' in html
    assert ('href="#id_topic_0"' if field == "topic" else f'href="#id_{field}"') in html
    assert not FeedbackMessage.objects.exists()
    assert not Notice.objects.exists()


def test_control_characters_are_dropped_from_the_message(client_a):
    assert _post(client_a, message="Рядок\x07 перший\x0bрядок другий").status_code == 302
    assert FeedbackMessage.objects.get().message == "Рядок перший\nрядок другий"


def test_the_honeypot_refuses_a_robot_and_stores_nothing(client_a, admin_a):
    response = _post(client_a, website="http://spam.example")
    assert response.status_code == 400
    assert "Повідомлення не вдалося надіслати" in response.content.decode()
    assert not FeedbackMessage.objects.exists() and not Notice.objects.exists()


def test_one_address_may_send_only_so_many_messages(client_a, settings):
    settings.FEEDBACK_RATE_LIMIT = 2
    assert _post(client_a).status_code == 302
    assert _post(client_a).status_code == 302
    response = _post(client_a)
    assert response.status_code == 429
    assert "надіслано забагато повідомлень" in response.content.decode()
    assert FeedbackMessage.objects.count() == 2
    # Another address is not affected.
    assert _post(client_a, ip="203.0.113.9").status_code == 302
    assert FeedbackMessage.objects.count() == 3


def test_the_confirmation_page_needs_a_message_sent_in_this_session(client_a):
    response = client_a.get("/contacts/feedback/sent/")
    assert response.status_code == 302 and response["Location"] == URL


# --- staff ----------------------------------------------------------------------------------------

def _message(hromada, **fields):
    values = {"topic": "content", "name": "", "contact": "", "message": "На сторінці актів застарілий телефон.",
              "page": "/acts/", "consent": False} | fields
    return services.submit_feedback(hromada, **values)


def test_staff_list_filters_searches_and_exports(admin_client_a, hromada_a, hromada_b):
    first = _message(hromada_a, topic="accessibility", message="Замалий контраст кнопок у меню.")
    second = _message(hromada_a, topic="error", message="Не відкривається рішення № 12.", contact="+380501234567",
                      consent=True)
    _message(hromada_b, message="Повідомлення громади Б про сайт.")
    html = admin_client_a.get("/staff/feedback/").content.decode()
    assert "Замалий контраст" in html and "Не відкривається" in html and "громади Б" not in html
    html = admin_client_a.get("/staff/feedback/?topic=accessibility").content.decode()
    assert "Замалий контраст" in html and "Не відкривається" not in html
    html = admin_client_a.get("/staff/feedback/?q=рішення").content.decode()
    assert "Не відкривається" in html and "Замалий контраст" not in html
    services.mark_feedback_handled(first, actor=member(hromada_a, "hromada_admin"), hromada=hromada_a)
    html = admin_client_a.get("/staff/feedback/?status=new").content.decode()
    assert "Не відкривається" in html and "Замалий контраст" not in html
    assert admin_client_a.get("/staff/feedback/?status=bogus").status_code == 400
    response = admin_client_a.get("/staff/feedback/export.csv?status=new")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"{second.number};")
    assert "+380501234567" in lines[1]
    assert AuditEntry.objects.filter(action="export", object_type="portal.feedbackmessage").count() == 1


def test_staff_detail_marks_a_message_handled(admin_client_a, admin_a, hromada_a):
    item = _message(hromada_a, name="Петро", contact="petro@example.org", consent=True)
    html = admin_client_a.get(f"/staff/feedback/{item.pk}/").content.decode()
    assert "petro@example.org" in html and "Позначити як опрацьоване" in html
    assert AuditEntry.objects.filter(action="view", object_type="portal.feedbackmessage",
                                     object_id=str(item.pk)).count() == 1
    response = admin_client_a.post(f"/staff/feedback/{item.pk}/handled/")
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.handled_by_id) == ("answered", admin_a.pk)
    html = admin_client_a.get(f"/staff/feedback/{item.pk}/").content.decode()
    assert "Позначити як опрацьоване" not in html and "опрацьоване" in html


@pytest.mark.parametrize(("page", "link"), [
    ("/acts/?q=1", True), ("//evil.example/acts/", False), ("/\\evil.example", False),
    ("javascript:alert(1)", False), ("десь у меню", False),
])
def test_the_page_is_a_link_only_when_it_is_a_path_of_this_site(admin_client_a, hromada_a, page, link):
    item = _message(hromada_a, page=page)
    html = admin_client_a.get(f"/staff/feedback/{item.pk}/").content.decode()
    from django.utils.html import escape

    assert (f'<a href="{escape(page)}">' in html) is link
    assert escape(page) in html


def test_another_hromadas_message_is_a_404_for_staff(admin_client_a, hromada_b):
    item = _message(hromada_b, message="Повідомлення громади Б про сайт.")
    assert admin_client_a.get(f"/staff/feedback/{item.pk}/").status_code == 404
    assert admin_client_a.post(f"/staff/feedback/{item.pk}/handled/").status_code == 404
    item.refresh_from_db()
    assert item.status == "new"


@pytest.mark.parametrize("role", ["clerk", "programme_manager", "council_secretary", "resident"])
def test_only_the_hromada_admin_reads_feedback(client_a, hromada_a, role):
    item = _message(hromada_a)
    client_a.force_login(member(hromada_a, role))
    assert client_a.get("/staff/feedback/").status_code == 403
    assert client_a.get(f"/staff/feedback/{item.pk}/").status_code == 403
    assert client_a.get("/staff/feedback/export.csv").status_code == 403
    assert client_a.post(f"/staff/feedback/{item.pk}/handled/").status_code == 403
    item.refresh_from_db()
    assert item.status == "new"
