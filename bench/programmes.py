"""Benchmarks of the programmes app, run by bench/run.py after the demo is seeded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test import Client


def _big_programme(tasks: int):
    """A programme with `tasks` Annex 1 rows over three years and two sources, written in bulk."""
    from hromada.core.models import Department, Hromada
    from hromada.programmes.models import Direction, Programme, ProgrammeFinancing, Task, TaskFinancing

    hromada = Hromada.objects.get(is_default=True)
    programme = Programme.objects.create(hromada=hromada, title="Бенч", start_year=2026, end_year=2028, version=1,
                                         status="execution")
    for year in programme.years:
        ProgrammeFinancing.objects.create(programme=programme, year=year)
    directions = [Direction.objects.create(programme=programme, name=f"Напрям {i}", order=i) for i in range(4)]
    units = list(Department.objects.filter(hromada=hromada))
    rows = Task.objects.bulk_create(
        Task(programme=programme, direction=directions[i % 4], name=f"Завдання {i}", start_date=date(2026, 1, 1),
             end_date=date(2028, 12, 31), order=i, percent_done=i % 100) for i in range(tasks))
    Task.departments.through.objects.bulk_create(
        Task.departments.through(task_id=t.pk, department_id=units[i % len(units)].pk) for i, t in enumerate(rows))
    TaskFinancing.objects.bulk_create(
        TaskFinancing(task=t, year=y, source=s, planned=Decimal("1.500")) for t in rows for y in programme.years
        for s in ("local", "other"))
    return programme


def bench_programmes(report, timed, tasks: int = 2000, document_tasks: int = 200) -> None:
    """The dashboard over a very large programme; the DOCX over a large real one (tens of tasks is usual)."""
    from hromada.core.models import User
    from hromada.programmes import documents, snapshot

    programme = _big_programme(tasks)
    document_programme = _big_programme(document_tasks)
    client = Client(HTTP_HOST="mohyliv.localhost")
    client.force_login(User.objects.get(email="programme@mohyliv.example"))

    def dashboard():
        assert client.get(f"/staff/programmes/{programme.pk}/").status_code == 200

    def raw_sums():
        with connection.cursor() as cursor:
            cursor.execute("SELECT f.year, f.source, SUM(f.planned), SUM(f.actual) FROM programmes_taskfinancing f "
                           "JOIN programmes_task t ON t.id = f.task_id WHERE t.programme_id = %s "
                           "GROUP BY f.year, f.source", [programme.pk])
            cursor.fetchall()

    report(f"programme dashboard with {tasks} tasks (vs raw financing sums)", timed(dashboard), timed(raw_sums))

    def docx():
        documents.programme_docx(snapshot.freeze(document_programme))

    def raw_rows():
        with connection.cursor() as cursor:
            cursor.execute("SELECT t.id, t.name, f.year, f.source, f.planned FROM programmes_task t "
                           "JOIN programmes_taskfinancing f ON f.task_id = t.id WHERE t.programme_id = %s",
                           [document_programme.pk])
            cursor.fetchall()

    report(f"programme DOCX with {document_tasks} tasks (vs raw SELECT of its rows)", timed(docx, repeat=1),
           timed(raw_rows))
