"""The demo registry of acts: both hromadas' acts through the import, sessions with votes — and idempotent."""

from __future__ import annotations

import pytest

from hromada.acts import search
from hromada.acts.models import Act, ActRelation, ActVersion, AgendaItem, Attachment, CouncilSession, RollCall
from hromada.core.demo.seed import seed_demo
from hromada.core.models import Hromada

pytestmark = pytest.mark.django_db
# The modules whose demos add nothing to the registry's (each is tested in its own test_demo).
OTHERS = frozenset({"appeals", "participation", "cnap", "opendata", "itassets"})


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo(skip_apps=OTHERS)


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Act, ActVersion, ActRelation, CouncilSession, AgendaItem,
                                                     RollCall, Attachment))


def test_demo_acts_of_both_hromadas_with_the_seed_decisions(seeded):
    slobozhanska = Hromada.objects.get(katottg="UA12020250000010438")
    plan = Act.objects.get(hromada=slobozhanska, type="executive_decision", number="154", date="2024-03-28")
    assert plan.title.startswith("Про затвердження Плану дій з розвитку електронного урядування")
    assert plan.attachments.get().original_name == "plan-dii-2024-2025.docx"
    programme = Act.objects.get(hromada=slobozhanska, number="2311-25/VIII", date="2023-05-04")
    assert programme.status == "amended"
    assert ActRelation.objects.filter(source=plan, target=programme, kind="implements").exists()
    # A resident's words find the plan, the text of its attached file included.
    assert plan.pk in [hit.act.pk for hit in search.search(slobozhanska, "плани дій електронного урядування").hits]
    assert plan.pk in [hit.act.pk for hit in search.search(slobozhanska, "електронної черги кабінету жителя").hits]
    for hromada in Hromada.objects.all():
        assert 200 <= Act.objects.filter(hromada=hromada).count() <= 300
    assert RollCall.objects.exists() and ActVersion.objects.filter(number=2, published=True).exists()


def test_seeding_again_changes_nothing(seeded):
    before = _counts()
    seed_demo(skip_apps=OTHERS)
    assert _counts() == before
