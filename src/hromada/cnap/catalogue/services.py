"""Writes of the catalogue: services and their cards (draft → approved by an act → superseded)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.cnap.catalogue import cards
from hromada.cnap.models import CardStatus, Service, ServiceCard
from hromada.core import audit
from hromada.core.models import AuditEntry
from hromada.core.services import check_can, check_same_hromada
from hromada.core.ukrlemma import index_text

CARD_FIELDS = ("provider", "provider_unit", "documents", "paid", "fee", "fee_basis", "fee_account", "term_amount",
               "term_unit", "term_basis", "result", "delivery", "legal_acts", "refusal_grounds", "stages",
               "application_fields", "uploads")


def search_text(service: Service, card: ServiceCard | None) -> str:
    parts = [service.title, service.description, service.code]
    if card is not None:
        parts += [card.result, card.provider_unit] + [str(d.get("title", "")) for d in card.documents]
    return " " + index_text("\n".join(p for p in parts if p)) + " "


def reindex(service: Service) -> None:
    card = service.card
    Service.objects.filter(pk=service.pk).update(search_lemmas=search_text(service, card))


def draft_of(service: Service, *, actor, hromada) -> ServiceCard:
    """The service's draft card, made from the approved one (or empty) when there is none."""
    check_can(actor, hromada, "cnap.catalogue_manage")
    check_same_hromada(service, hromada)
    with transaction.atomic():
        Service.objects.select_for_update().filter(pk=service.pk).first()
        draft = service.cards.filter(status=CardStatus.DRAFT).first()
        if draft is not None:
            return draft
        last = service.cards.order_by("-version").first()
        draft = ServiceCard(service=service, version=(last.version + 1) if last else 1, status=CardStatus.DRAFT)
        source = service.card or last
        if source is not None:
            for name in CARD_FIELDS:
                setattr(draft, name, getattr(source, name))
        else:
            draft.term_amount = 30
            draft.term_basis = _("Law «Про адміністративні послуги», Art. 10 (30 calendar days at most)")
        draft.save()
        audit.record(AuditEntry.Action.CREATE, draft, actor=actor, hromada=hromada)
        return draft


def save_draft(card: ServiceCard, values: dict, *, actor, hromada) -> ServiceCard:
    check_can(actor, hromada, "cnap.catalogue_manage")
    check_same_hromada(card.service, hromada)
    if card.status != CardStatus.DRAFT:
        raise ValidationError(_("Only a draft card can be changed; open a new draft."))
    before = audit.snapshot(card)
    for name, value in values.items():
        if name not in CARD_FIELDS:
            raise ValueError(name)
        setattr(card, name, value)
    if not card.paid:
        card.fee, card.fee_account = None, ""
    with transaction.atomic():
        card.save()
        changes = audit.diff(before, audit.snapshot(card))
        changes.pop("changed_at", None)
        if changes:
            audit.record(AuditEntry.Action.UPDATE, card, actor=actor, hromada=hromada, changes=changes)
    return card


def approve(card: ServiceCard, *, actor, hromada, act=None, act_reference: str = "") -> ServiceCard:
    """Make a complete draft the card residents see, with the act that approved it."""
    check_can(actor, hromada, "cnap.catalogue_manage")
    service = card.service
    check_same_hromada(service, hromada)
    if act is not None and act.hromada_id != hromada.pk:
        raise ValidationError({"act": _("Choose an act of this hromada.")})
    act_reference = (act_reference or "").strip()
    if act is None and not act_reference:
        raise ValidationError({"act": _("Name the act that approved the card: choose it in the registry or write "
                                        "its title, date and number.")})
    with transaction.atomic():
        Service.objects.select_for_update().filter(pk=service.pk).first()
        card = ServiceCard.objects.get(pk=card.pk)
        if card.status != CardStatus.DRAFT:
            raise ValidationError(_("This card is not a draft; it was approved or replaced meanwhile."))
        problems = cards.missing(card, service)
        if problems:
            raise ValidationError(problems)
        previous = service.cards.filter(status=CardStatus.APPROVED).first()
        if previous is not None:
            previous.status = CardStatus.SUPERSEDED
            previous.save(update_fields=["status"])
        card.status, card.approved_at, card.approved_by = CardStatus.APPROVED, timezone.now(), actor
        card.act, card.act_reference = act, act_reference
        try:
            card.save()
        except IntegrityError:
            raise ValidationError(_("The card was approved by someone else meanwhile.")) from None
        service.card = card
        service.save(update_fields=["card"])
        reindex(service)
        audit.record(AuditEntry.Action.UPDATE, card, actor=actor, hromada=hromada,
                     changes={"status": ["draft", "approved"], "act": [None, act_reference or str(act)]})
    return card


def save_service(service: Service, *, actor, hromada, form=None) -> Service:
    """Create or change a catalogue entry (title, category, offices…); the card is edited separately."""
    from hromada.core.services import save_record

    saved = save_record(service, actor=actor, hromada=hromada, capability="cnap.catalogue_manage")
    if form is not None:
        saved.life_situations.set(form.cleaned_data.get("life_situations", []))
        saved.offices.set(form.cleaned_data.get("offices", []))
    reindex(saved)
    return saved
