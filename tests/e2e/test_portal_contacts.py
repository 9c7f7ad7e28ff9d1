"""The contacts page, the feedback form (with errors, then sent) and the staff's list of messages in a real
browser: axe (WCAG 2.1 A/AA) and no sideways scrolling at 320 px, keyboard-free form use without JavaScript."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_contacts_feedback_and_the_staff_list_pass_axe(demo, context, page):
    from hromada.portal.models import FeedbackMessage

    page.goto(f"{demo.url}/contacts/")
    assert page.get_by_role("heading", level=1).inner_text() == "Контакти"
    assert page.get_by_role("link", name="+380 56 000 00 01").count() == 1
    assert_no_axe_violations(page, "contacts")

    page.get_by_role("link", name="Форма зворотного зв’язку").click()
    page.wait_for_url("**/contacts/feedback/")
    page.get_by_label("Електронна пошта або телефон для відповіді").fill("olena@")
    page.locator("#id_message").fill("Коротко")
    page.get_by_role("button", name="Надіслати").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.count() == 1
    assert "Про що повідомлення: Це поле обов'язкове." in summary.inner_text()
    assert page.locator("#id_message_error").inner_text() == "Напишіть щонайменше 10 символів."
    assert_no_axe_violations(page, "feedback form with errors")

    page.get_by_label("Доступність сайту").check()
    page.locator("#id_message").fill("Меню не відкривається з клавіатури на телефоні.")
    page.get_by_label("Електронна пошта або телефон для відповіді").fill("olena@example.org")
    page.get_by_label("Погоджуюся на обробку").check()
    page.get_by_role("button", name="Надіслати").click()
    page.wait_for_url("**/contacts/feedback/sent/")
    item = FeedbackMessage.objects.get()
    assert f"реєстраційним номером {item.number}" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "feedback sent")

    sign_in(context, demo.url)
    page.goto(f"{demo.url}/staff/feedback/")
    assert page.get_by_role("link", name=str(item.number), exact=True).count() == 1
    assert_no_axe_violations(page, "staff feedback list")
    page.goto(f"{demo.url}/staff/contacts/")
    assert_no_axe_violations(page, "staff contacts form")
