"""The cards as documents: the information and technological cards of a service as DOCX in the official
structure (Art. 8; CMU Resolution No. 44), and the catalogue as open data (CSV and JSON)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from hromada.cnap.catalogue.cards import ACTIONS, DELIVERY
from hromada.core.ukrtext import xml_safe

WEEKDAYS = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд")


def term_text(card) -> str:
    if card.term_unit == "same_day":
        return str(card.get_term_unit_display()).capitalize()
    return f"{card.term_amount} {card.get_term_unit_display()}"


def fee_text(card) -> str:
    if not card.paid:
        return _("Free") + (f". {card.fee_basis}" if card.fee_basis else "")
    text = _("Paid: %(fee)s UAH") % {"fee": f"{card.fee:.2f}".replace(".", ",")}
    if card.fee_basis:
        text += f". {card.fee_basis}"
    if card.fee_account:
        text += ". " + _("Account") + f": {card.fee_account}"
    return text


def hours_text(office) -> str:
    parts = []
    for h in office.hours.all():
        span = f"{WEEKDAYS[h.weekday]} {h.opens:%H:%M}–{h.closes:%H:%M}"
        if h.break_starts and h.break_ends:
            span += " (" + _("break") + f" {h.break_starts:%H:%M}–{h.break_ends:%H:%M})"
        parts.append(span)
    return "; ".join(parts) or _("by the schedule of visits")


def information_rows(service, card, offices) -> list[tuple[str, str]]:
    places = "\n".join(f"{o.name}, {o.address}" for o in offices)
    contacts = "\n".join(", ".join(x for x in (o.name, o.phone, o.email) if x) for o in offices)
    return [
        (_("Provider of the service and the ЦНАП that receives"), f"{card.provider}\n{card.provider_unit}".strip()),
        (_("Place"), places),
        (_("Hours"), "\n".join(f"{o.name}: {hours_text(o)}" for o in offices)),
        (_("Phone, e-mail, website"), contacts),
        (_("Documents needed and the requirements to them"),
         "\n".join(f"{n}. {d.get('title', '')} — {d.get('requirements', '')}" for n, d in
                   enumerate(card.documents, 1))),
        (_("Paid or free"), fee_text(card)),
        (_("Term"), f"{term_text(card)} ({card.term_basis})" if card.term_basis else term_text(card)),
        (_("Result"), card.result),
        (_("Ways to receive the result"), "; ".join(str(DELIVERY.get(w, w)) for w in card.delivery)),
        (_("Legal acts"), "\n".join(card.legal_acts)),
        (_("Grounds for refusal"), "\n".join(card.refusal_grounds)),
    ]


def _cell(cell, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    lines = xml_safe(str(text)).split("\n")
    paragraph = cell.paragraphs[0]
    for n, line in enumerate(lines):
        if n:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(10)


def card_docx(service, card, offices, *, approval: str) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    doc.add_paragraph(xml_safe(approval)).alignment = 2  # right: «ЗАТВЕРДЖЕНО …»
    heading = doc.add_paragraph()
    heading.alignment = 1
    run = heading.add_run(_("INFORMATION CARD OF THE ADMINISTRATIVE SERVICE"))
    run.bold = True
    title = doc.add_paragraph()
    title.alignment = 1
    title.add_run(xml_safe(service.title)).bold = True
    table = doc.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for n, (label, value) in enumerate(information_rows(service, card, offices), 1):
        row = table.add_row().cells
        _cell(row[0], str(n))
        _cell(row[1], label, bold=True)
        _cell(row[2], value)
    landscape = doc.add_section()
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = section.page_height, section.page_width
    heading = doc.add_paragraph()
    heading.alignment = 1
    heading.add_run(_("TECHNOLOGICAL CARD OF THE ADMINISTRATIVE SERVICE")).bold = True
    doc.add_paragraph(xml_safe(service.title)).alignment = 1
    stages = doc.add_table(rows=1, cols=5)
    stages.style = "Table Grid"
    for cell, label in zip(stages.rows[0].cells, ("№", _("Stage"), _("Responsible official and unit"),
                                                  _("Action (В, У, П, З)"), _("Term, days")), strict=True):
        _cell(cell, label, bold=True)
    for n, stage in enumerate(card.stages, 1):
        row = stages.add_row().cells
        responsible = ", ".join(x for x in (stage.get("responsible", ""), stage.get("unit", "")) if x)
        for cell, value in zip(row, (str(n), stage.get("title", ""), responsible, stage.get("action", ""),
                                     str(stage.get("days", ""))), strict=True):
            _cell(cell, value)
    doc.add_paragraph(_("Action") + ": " + "; ".join(f"{k} — {v}" for k, v in ACTIONS.items()) + ".")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


OPEN_DATA_HEADER = ("identifier", "code", "title", "category", "provider", "providerUnit", "paid", "fee",
                    "term", "termBasis", "result", "online", "offices", "documents", "legalActs", "cardVersion",
                    "approvedAt", "approvingAct", "url")


def open_data_values(services, base_url: str):
    """The catalogue's open-data rows as typed values (the fee a Decimal, the approval a Kyiv date): what the
    live dataset ``cnap.services`` publishes and what the CSV and JSON files format."""
    for s in services:
        card = s.card
        yield (s.pk, s.code, s.title, s.category.title if s.category_id else "", card.provider, card.provider_unit,
               card.paid, card.fee, term_text(card), card.term_basis, card.result, s.online,
               "; ".join(o.name for o in s.offices.all() if o.is_active),
               "; ".join(d.get("title", "") for d in card.documents), "; ".join(card.legal_acts), card.version,
               timezone.localdate(card.approved_at) if card.approved_at else None,
               card.act_reference or (str(card.act) if card.act_id else ""), f"{base_url}{s.pk}/")


_FEE, _APPROVED = OPEN_DATA_HEADER.index("fee"), OPEN_DATA_HEADER.index("approvedAt")


def open_data_rows(services, base_url: str):
    """The same rows as text for the public CSV and JSON files: the fee with two decimals, the date in ISO."""
    for values in open_data_values(services, base_url):
        row = list(values)
        row[_FEE] = "" if row[_FEE] is None else f"{row[_FEE]:.2f}"
        row[_APPROVED] = row[_APPROVED].isoformat() if row[_APPROVED] else ""
        yield row
