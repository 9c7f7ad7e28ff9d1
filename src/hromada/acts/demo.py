"""Demo registry of acts: a few hundred acts of each demo hromada (acts.demo_corpus) loaded through the same
import as `hromada import acts`, then what a secretary adds by hand — deputies, council sessions with their
agendas and roll-call votes, corrections that become new versions, and an attached file.

Idempotent: the acts are imported once (a hromada that has acts keeps them); sessions, deputies, votes,
versions and files are created only when missing.
"""

from __future__ import annotations

import io
import json
import random
import tempfile
from collections import defaultdict
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.acts import services, sessions
from hromada.acts.demo_corpus import corpus
from hromada.acts.models import Act, ActType, AgendaItem, CouncilSession, Deputy, RollCall, Vote
from hromada.core import imports
from hromada.core.models import Hromada, RoleAssignment
from hromada.core.ukformat import roman

HROMADAS = {"mohyliv": "UA12020110000034205", "slobozhanska": "UA12020250000010438"}
# Fictional deputies of the VIII convocation (the seeds name none).
DEPUTIES = [
    "Бондар Олег Петрович", "Гаврилюк Ірина Василівна", "Демченко Андрій Миколайович", "Єрмак Світлана Іванівна",
    "Журба Василь Степанович", "Зайченко Оксана Петрівна", "Іваненко Сергій Олексійович", "Карпенко Людмила Юріївна",
    "Литвин Микола Андрійович", "Мартинюк Галина Олександрівна", "Назаренко Віктор Іванович",
    "Остапенко Тетяна Миколаївна", "Панченко Юрій Васильович", "Романенко Наталія Сергіївна",
    "Семенко Богдан Петрович", "Тимошенко Алла Володимирівна", "Устименко Дмитро Олегович",
    "Федоренко Ганна Михайлівна", "Харченко Роман Ігорович", "Шаповал Марія Андріївна",
    "Щербак Ігор Валентинович", "Яковенко Олена Дмитрівна",
]
FACTIONS = ["Слуга народу", "Європейська солідарність", "Батьківщина", "позафракційні"]
# Roll-call votes are entered for the sessions of the last two years; older sessions keep their agenda only.
ROLL_CALL_FROM = "2025-01-01"


def seed(report) -> None:
    for slug, katottg in HROMADAS.items():
        hromada = Hromada.objects.filter(katottg=katottg).first()
        if hromada is None:
            continue
        secretary = _secretary(hromada)
        _import_acts(hromada, slug, secretary, report)
        _seed_deputies(hromada, secretary, report)
        _seed_sessions(hromada, secretary, report)
        _seed_corrections(hromada, secretary, report)
        _seed_files(hromada, secretary, report)


def _secretary(hromada):
    assignment = (RoleAssignment.objects.filter(hromada=hromada, role="council_secretary")
                  .select_related("user").order_by("pk").first())
    if assignment is None:
        raise RuntimeError(f"the demo needs a council secretary in {hromada}")
    return assignment.user


def _import_acts(hromada, slug: str, secretary, report) -> None:
    # Imported once: importing again would undo the corrections the demo makes afterwards (new versions).
    if Act.objects.filter(hromada=hromada).exists():
        return
    before = 0
    with tempfile.TemporaryDirectory(prefix="hromada-demo-acts-") as folder:
        path = Path(folder) / f"{slug}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in corpus(slug):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        result = imports.run_import(imports.get("acts"), path, hromada=hromada, actor=secretary)
    if result.status != "done":
        raise RuntimeError(f"demo acts of {slug} did not import: {result.errors[:3]}")
    for _ in range(Act.objects.filter(hromada=hromada).count() - before):
        report.count("acts", True)


def _seed_deputies(hromada, secretary, report) -> None:
    for index, name in enumerate(DEPUTIES):
        if Deputy.objects.filter(hromada=hromada, convocation=8, full_name=name).exists():
            continue
        sessions.add_deputy(actor=secretary, hromada=hromada, fields={
            "full_name": name, "convocation": 8, "faction": FACTIONS[index % len(FACTIONS)]})
        report.count("deputies", True)


def _council_sessions(hromada) -> dict[tuple[int, int], list[Act]]:
    """The council's decisions grouped by (convocation, session), as the corpus numbered them."""
    grouped: dict[tuple[int, int], list[Act]] = defaultdict(list)
    decisions = Act.objects.filter(hromada=hromada, type__in=[ActType.COUNCIL_DECISION, ActType.REGULATORY_ACT],
                                   convocation__isnull=False, session__isnull=False).order_by("date", "number_key")
    for act in decisions:
        grouped[(act.convocation, act.session)].append(act)
    return grouped


def _seed_sessions(hromada, secretary, report) -> None:
    deputies = list(Deputy.objects.filter(hromada=hromada, convocation=8).order_by("full_name"))
    for (convocation, number), decisions in sorted(_council_sessions(hromada).items()):
        day = decisions[0].date
        session = CouncilSession.objects.filter(hromada=hromada, convocation=convocation, number=number,
                                                date=day).first()
        if session is None:
            session = sessions.create_session(actor=secretary, hromada=hromada, fields={
                "convocation": convocation, "number": number, "date": day,
                "title": f"{number} сесія {roman(convocation)} скликання"})
            report.count("council sessions", True)
        for order, decision in enumerate(decisions, start=1):
            item = AgendaItem.objects.filter(session=session, order=order).first()
            if item is None:
                item = sessions.add_agenda_item(session, actor=secretary, hromada=hromada, fields={
                    "order": order, "title": decision.title, "decision": decision, "result": "adopted"})
            if day.isoformat() >= ROLL_CALL_FROM and deputies and not RollCall.objects.filter(item=item).exists():
                sessions.record_roll_call(item, _votes(deputies, decision.pk), actor=secretary, hromada=hromada)
                report.count("roll-call votes", True)


def _votes(deputies, seed: int) -> dict[int, str]:
    """A plausible roll-call: most vote for, a few are absent, abstain or vote against."""
    rng = random.Random(seed)  # noqa: S311 (demo data, deterministic per decision)
    votes = {}
    for deputy in deputies:
        roll = rng.random()
        votes[deputy.pk] = (Vote.FOR if roll < 0.78 else Vote.ABSENT if roll < 0.88 else
                            Vote.ABSTAINED if roll < 0.94 else Vote.NOT_VOTING if roll < 0.97 else Vote.AGAINST)
    return votes


def _seed_corrections(hromada, secretary, report) -> None:
    """Three published decisions corrected after publication: each gets a second, published version."""
    candidates = (Act.objects.filter(hromada=hromada, type=ActType.COUNCIL_DECISION, published_at__isnull=False,
                                     text__contains="Контроль за виконанням").order_by("date", "pk")[:3])
    for act in candidates:
        if act.versions.count() > 1:
            continue
        corrected = act.text.replace("Контроль за виконанням", "Контроль за виконанням цього", 1)
        services.update_act(act, actor=secretary, hromada=hromada, fields={"text": corrected},
                            comment="Виправлено технічну помилку в тексті")
        report.count("act versions", True)


def _seed_files(hromada, secretary, report) -> None:
    """The action plan of decision № 154 (Slobozhanska) as a DOCX attachment, searchable by its content."""
    act = Act.objects.filter(hromada=hromada, number="154", type=ActType.EXECUTIVE_DECISION).first()
    if act is None or act.attachments.exists():
        return
    services.add_attachment(act, SimpleUploadedFile("plan-dii-2024-2025.docx", _plan_docx(act)), actor=secretary,
                            hromada=hromada)
    report.count("attachments", True)


def _plan_docx(act: Act) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("План дій з розвитку електронного урядування на 2024–2025 роки", level=1)
    document.add_paragraph(f"Додаток до рішення виконавчого комітету від {act.date:%d.%m.%Y} № {act.number}")
    for line in (
        "1. Характеристика проблеми та стан е-урядування в межах територіальної громади.",
        "2. Мета та основні завдання Плану дій: електронний документообіг, реєстр актів органу місцевого "
        "самоврядування з повнотекстовим пошуком, електронна черга до ЦНАП, кабінет жителя, єдина гаряча лінія.",
        "3. Термін виконання Плану дій: 2024–2025 роки.",
        "4. Очікуваний результат: підвищення якості надання адміністративних послуг та відкритості влади.",
        "5. Ключові індикатори: кількість електронних звернень, частка документів у електронній формі.",
    ):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
