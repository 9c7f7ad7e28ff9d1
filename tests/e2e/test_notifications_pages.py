"""The notices page and «Мої сповіщення» in a real browser: axe (WCAG 2.1 A/AA), marking read, saving choices."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ADMIN_LOGIN, assert_no_axe_violations

pytestmark = pytest.mark.browser

LEGAL = "e2e.legal"


@pytest.fixture
def legal_kind():
    from hromada.core.models import Channel
    from hromada.core.notifications import STAFF, register_kind
    from hromada.core.notifications.kinds import unregister_kind

    register_kind(LEGAL, label="Строк розгляду звернення", audience=STAFF, default_channels={Channel.IN_APP},
                  required_channels={Channel.EMAIL})
    yield
    unregister_kind(LEGAL)


def _admin():
    from hromada.core.models import RoleAssignment, User

    admin = User.objects.get(email=ADMIN_LOGIN)
    return admin, RoleAssignment.objects.filter(user=admin).select_related("hromada").first().hromada


def test_the_notices_page_passes_axe_and_marks_a_notice_read(staff_page, demo, legal_kind):
    from hromada.core.notifications import notify

    admin, hromada = _admin()
    for n in range(3):
        notify(admin, LEGAL, hromada=hromada, subject=f"Звернення №{n + 1}: строк спливає",
               body="Відповідь заявникові має бути надіслана до п'ятниці.", url="/staff/")
    page = staff_page
    page.goto(f"{demo.url}/staff/tokens/")
    bell = page.get_by_role("link", name="Сповіщення: 3 непрочитані")
    bell.click()
    page.wait_for_url("**/staff/notices/")
    assert page.get_by_role("heading", level=1).inner_text() == "Сповіщення"
    assert_no_axe_violations(page, "notices")
    page.get_by_role("button", name=re.compile(r"^Позначити прочитаним\s*: Звернення №2")).click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Сповіщення: 2 непрочитані").count() == 1
    assert_no_axe_violations(page, "notices after marking one read")


def test_the_preferences_page_passes_axe_and_keeps_the_required_channel(staff_page, demo, legal_kind):
    from hromada.core.notifications import service
    from hromada.core.notifications.kinds import get_kind

    page = staff_page
    page.goto(f"{demo.url}/staff/notifications/settings/")
    assert page.get_by_role("heading", level=1).inner_text() == "Мої сповіщення"
    assert_no_axe_violations(page, "notification preferences")
    required = page.locator(f'input[value="{LEGAL}:email"]')
    assert required.is_checked() and required.is_disabled()
    page.locator(f'input[value="{LEGAL}:sms"]').check()
    page.locator(f'input[value="{LEGAL}:in_app"]').uncheck()
    page.get_by_role("button", name="Зберегти").click()
    page.wait_for_load_state()
    assert "Налаштування сповіщень збережено." in page.content()
    admin, _hromada = _admin()
    assert service.channel_choices(admin, get_kind(LEGAL)) == {"in_app": False, "email": True, "sms": True}
    assert_no_axe_violations(page, "notification preferences after saving")
