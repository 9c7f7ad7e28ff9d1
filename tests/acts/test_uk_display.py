"""Acts pages write convocations in Roman numerals, dates in words and «набрав/набирає чинності» (issue 17)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hromada.acts import services
from hromada.acts.models import CouncilSession
from tests.acts.builders import act, secretary

pytestmark = pytest.mark.django_db


def test_a_public_act_shows_roman_convocation_and_the_tense_of_entry_into_force(client_a, hromada_a):
    keeper = secretary(hromada_a)
    today = timezone.localdate()
    old = act(hromada_a, keeper, number="10", when=date(2024, 3, 1), title="Про старий порядок")
    new = act(hromada_a, keeper, number="45/8", when=date(2026, 1, 5), convocation=8, session=45,
              title="Про новий порядок")
    later = act(hromada_a, keeper, number="46/8", when=date(2026, 1, 6), title="Про зміни")
    services.add_relation(new, "amends", old, actor=keeper, hromada=hromada_a, effective_from=today)
    services.add_relation(later, "amends", old, actor=keeper, hromada=hromada_a,
                          effective_from=today + timedelta(days=30))
    for made in (old, new, later):
        services.publish_act(made, actor=keeper, hromada=hromada_a)
    page = client_a.get(reverse("acts_public:detail", args=[new.pk])).content.decode()
    assert "VIII скликання, 45 сесія" in page
    page = client_a.get(reverse("acts_public:detail", args=[old.pk])).content.decode()
    assert "набрав чинності " in page and "набирає чинності " in page
    assert f"набирає чинності {(today + timedelta(days=30)).day} " in page  # no leading zero


def test_a_council_session_is_named_with_a_roman_convocation_and_a_long_date(hromada_a):
    sitting = CouncilSession.objects.create(hromada=hromada_a, convocation=8, number=45, date=date(2026, 7, 6))
    assert str(sitting) == "45 сесія VIII скликання (6 липня 2026 р.)"


def test_removing_a_relation_not_yet_in_force_names_its_date_in_words(hromada_a):
    from django.utils import translation

    from hromada.acts.views_edit import restore_explanation

    keeper = secretary(hromada_a)
    old = act(hromada_a, keeper, number="10", when=date(2022, 2, 1), title="Правила")
    new = act(hromada_a, keeper, number="20", when=date(2025, 6, 1), title="Нові правила")
    relation = services.add_relation(new, "repeals", old, actor=keeper, hromada=hromada_a,
                                     effective_from=date(2025, 7, 1), today=date(2025, 6, 15))
    with translation.override("uk"):
        assert "набирає з 1 липня 2025 р.)" in restore_explanation(relation)
