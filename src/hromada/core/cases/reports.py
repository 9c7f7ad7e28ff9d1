"""The registration journal of cases and the period report, as data and as XLSX / DOCX files.

The journal follows the registration card of the Instruction on record-keeping of citizens' appeals (CMU
Resolution No. 348 of 14 April 1997): number, date, applicant, kind, summary, the marks «КО» (collective),
«БП» (not signed, anonymous) and «П» (repeated), the executor, the term and the result. The report counts the
period's cases in the database (GROUP BY), and reads only the few timestamps the on-time figures need.
"""

from __future__ import annotations

import io
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from hromada.core.cases import kinds, services
from hromada.core.exports import cell, xlsx_bytes
from hromada.core.models import Case, CaseChannel, CaseOutcome
from hromada.core.worklist import long_date

# The marks of the registration card (CMU Resolution No. 348), written as the Instruction writes them.
MARK_COLLECTIVE, MARK_ANONYMOUS, MARK_REPEATED = "КО", "БП", "П"


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Kyiv midnights around the period: receipt dates are Kyiv dates."""
    zone = timezone.get_default_timezone()
    return (datetime.combine(start, time.min, tzinfo=zone),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone))


def period_cases(hromada, start: date, end: date, kind: str = "") -> QuerySet[Case]:
    since, until = period_bounds(start, end)
    rows = Case.objects.filter(hromada=hromada, received_at__gte=since, received_at__lt=until)
    return rows.filter(kind=kind) if kind else rows


def kind_label(key: str) -> str:
    return str(kinds.REGISTRY[key].label) if key in kinds.REGISTRY else key


def period_title(start: date, end: date, kind: str) -> str:
    what = kind_label(kind) if kind else _("all kinds")
    return _("%(what)s: received from %(start)s to %(end)s") % {"what": what, "start": long_date(start),
                                                               "end": long_date(end)}


# --- the journal ------------------------------------------------------------------------------------------


def journal_header() -> list[str]:
    return [_("No. in order"), _("registration number"), _("date of receipt"), _("channel"),
            _("applicant (name, address)"), _("kind / type"), _("category"), _("summary"), _("marks"),
            _("executor (department)"), _("due date"), _("date of the answer"), _("result")]


def marks(case: Case) -> str:
    found = []
    if case.collective:
        found.append(MARK_COLLECTIVE)
    if case.anonymous:
        found.append(MARK_ANONYMOUS)
    if case.repeat_of_id:
        found.append(MARK_REPEATED)
    if case.priority:
        ground = case.priority_ground.strip()
        found.append(_("benefit: %(ground)s") % {"ground": ground} if ground else _("benefit"))
    return ", ".join(found)


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _applicant(case: Case) -> str:
    if case.anonymous and not case.applicant_name:
        return _("anonymous")
    return ", ".join(part for part in (case.applicant_name, case.applicant_address) if part)


def _executor(case: Case) -> str:
    unit = case.department.short_name or case.department.name if case.department_id else ""
    person = case.executor.full_name if case.executor_id else ""
    if person and unit:
        return f"{person} ({unit})"
    return person or unit


def _result(case: Case) -> str:
    if not case.outcome:
        return ""
    label = str(CaseOutcome(case.outcome).label) if case.outcome in CaseOutcome.values else case.outcome
    if case.outcome == CaseOutcome.FORWARDED and case.forwarded_to:
        return f"{label}: {case.forwarded_to}"
    if case.refusal_ground and case.kind in kinds.REGISTRY:
        return f"{label}: {kinds.get(case.kind).refusal_label(case.refusal_ground)}"
    return label


def journal_rows(hromada, start: date, end: date, kind: str = "") -> Iterator[list]:
    """One list per case in the order of receipt; dates as dates (Kyiv time) so a spreadsheet can sort them."""
    rows = (period_cases(hromada, start, end, kind).select_related("category", "department", "executor")
            .order_by("received_at", "id"))
    channels = dict(CaseChannel.choices)
    for index, case in enumerate(rows.iterator(chunk_size=500), start=1):
        spec = kinds.REGISTRY.get(case.kind)
        what = kind_label(case.kind)
        if case.subkind and spec is not None:
            what = f"{what} / {spec.subkind_label(case.subkind)}"
        yield [index, case.number, _local(case.received_at), str(channels.get(case.channel, case.channel)),
               _applicant(case), what, case.category.name if case.category_id else "", case.subject, marks(case),
               _executor(case), case.due_date, _local(case.answered_at).date() if case.answered_at else None,
               _result(case)]


def journal_xlsx(hromada, start: date, end: date, kind: str = "") -> bytes:
    return xlsx_bytes(str(_("Registration journal")), journal_header(), journal_rows(hromada, start, end, kind))


def _text(value) -> str:
    value = cell(value)
    if isinstance(value, datetime):
        return date_format(value, "d.m.Y H:i")
    if isinstance(value, date):
        return date_format(value, "d.m.Y")
    return str(value)


def _landscape(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(15)
    section.left_margin = section.right_margin = Mm(15)


def _table(document, header: list[str], rows, *, size: int = 8):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for heading, target in zip(header, table.rows[0].cells, strict=True):
        target.text = ""
        run = target.paragraphs[0].add_run(str(heading))
        run.bold = True
        run.font.size = Pt(size)
    for row in rows:
        cells = table.add_row().cells
        for value, target in zip(row, cells, strict=True):
            target.text = ""
            target.paragraphs[0].add_run(_text(value)).font.size = Pt(size)
    return table


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def journal_docx(hromada, start: date, end: date, kind: str = "") -> bytes:
    document = Document()
    _landscape(document)
    document.add_heading(_("Registration journal of cases"), level=1)
    document.add_paragraph(f"{hromada.council_name or hromada.name}. {capfirst(period_title(start, end, kind))}.")
    _table(document, journal_header(), journal_rows(hromada, start, end, kind))
    return _docx_bytes(document)


# --- the period report ------------------------------------------------------------------------------------


@dataclass
class PeriodReport:
    start: date
    end: date
    kind: str
    total: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_outcome: list[tuple[str, int]] = field(default_factory=list)
    answered: int = 0
    on_time: int = 0
    late: int = 0
    unanswered: int = 0
    median_days: float | None = None

    @property
    def title(self) -> str:
        return period_title(self.start, self.end, self.kind)

    def sections(self) -> list[tuple[str, list[tuple[str, object]]]]:
        """The report as titled tables of (label, figure), for the page and the files alike."""
        median = "—" if self.median_days is None else f"{self.median_days:.1f}".replace(".", ",")
        return [
            (_("Totals"), [
                (_("cases received"), self.total),
                (_("answered"), self.answered),
                (_("answered on time"), self.on_time),
                (_("answered late"), self.late),
                (_("not answered yet"), self.unanswered),
                (_("median time to answer, days"), median),
            ]),
            (_("By kind"), self.by_kind),
            (_("By category"), self.by_category),
            (_("By channel"), self.by_channel),
            (_("By outcome"), self.by_outcome),
        ]


def _counts(rows: QuerySet[Case], key: str, labels: dict, empty: str) -> list[tuple[str, int]]:
    figures = rows.order_by().values(key).annotate(n=Count("id")).values_list(key, "n")
    result = [(str(labels.get(value, value)) if value not in (None, "") else empty, n) for value, n in figures]
    return sorted(result, key=lambda item: (-item[1], item[0]))


def period_report(hromada, start: date, end: date, kind: str = "") -> PeriodReport:
    rows = period_cases(hromada, start, end, kind)
    report = PeriodReport(start=start, end=end, kind=kind)
    report.by_kind = _counts(rows, "kind", {key: spec.label for key, spec in kinds.REGISTRY.items()}, "—")
    report.total = sum(n for _label, n in report.by_kind)
    report.by_category = _counts(rows, "category__name", {}, _("no category"))
    report.by_channel = _counts(rows, "channel", dict(CaseChannel.choices), "—")
    report.by_outcome = _counts(rows, "outcome", dict(CaseOutcome.choices), _("no outcome yet"))
    durations = []
    timing = rows.filter(answered_at__isnull=False).order_by().values_list("received_at", "answered_at",
                                                                           "due_date", "due_at")
    for received_at, answered_at, due_date, due_at in timing.iterator(chunk_size=2000):
        late = services.was_late(Case(answered_at=answered_at, due_date=due_date, due_at=due_at))
        report.late += late
        report.on_time += not late
        durations.append((answered_at - received_at).total_seconds() / 86400)
    report.answered = report.on_time + report.late
    report.unanswered = report.total - report.answered
    if durations:
        report.median_days = round(statistics.median(durations), 1)
    return report


def _report_rows(report: PeriodReport) -> Iterator[list]:
    for title, lines in report.sections():
        for label, figure in lines:
            yield [title, label, figure]


def report_header() -> list[str]:
    return [pgettext("case report", "section"), pgettext("case report", "indicator"),
            pgettext("case report", "figure")]


def report_xlsx(hromada, report: PeriodReport) -> bytes:
    return xlsx_bytes(str(_("Report")), report_header(), _report_rows(report))


def report_docx(hromada, report: PeriodReport) -> bytes:
    document = Document()
    _landscape(document)
    document.add_heading(_("Report on cases"), level=1)
    document.add_paragraph(f"{hromada.council_name or hromada.name}. {capfirst(report.title)}.")
    for title, lines in report.sections():
        document.add_heading(title, level=2)
        if lines:
            _table(document, [pgettext("case report", "indicator"), pgettext("case report", "figure")], lines,
                   size=10)
        else:
            document.add_paragraph(_("No cases."))
    return _docx_bytes(document)
