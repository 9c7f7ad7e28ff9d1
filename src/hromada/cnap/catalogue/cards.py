"""What an information and a technological card must hold before it can be approved.

Art. 8 part 1 of the Law «Про адміністративні послуги» lists the information card's content; the technological
card's stages, responsible officials, units and stage terms follow CMU Resolution No. 44 of 30.01.2013 (reference
§3.2–3.3). The offices' place, hours and contacts (items 1–4) come from the offices that provide the service.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIONS = {"В": gettext_lazy("performs"), "У": gettext_lazy("takes part"), "П": gettext_lazy("agrees"),
           "З": gettext_lazy("approves")}
DELIVERY = {"in_person": gettext_lazy("in person at the ЦНАП"), "cabinet": gettext_lazy("in the resident's cabinet"),
            "post": gettext_lazy("by post"), "email": gettext_lazy("by e-mail")}
FIELD_KINDS = ("text", "textarea", "date", "number", "choice", "checkbox")
BASIS = "Law «Про адміністративні послуги», Art. 8"


def term_days(card) -> int:
    """The card's term as a number of days (0 for «on the day of application»)."""
    return 0 if card.term_unit == "same_day" else int(card.term_amount or 0)


def missing(card, service=None) -> list[str]:
    """What keeps the card from approval, one Ukrainian sentence each (empty when it can be approved)."""
    service = service or card.service
    problems = []
    if not service.offices.exists():
        problems.append(_("Name the ЦНАП offices that provide the service (place, hours and contacts, Art. 8 "
                          "items 1–4)."))
    if not card.provider.strip():
        problems.append(_("Name the provider of the service (Art. 8 item 1)."))
    documents = [d for d in card.documents if str(d.get("title", "")).strip()]
    if not documents:
        problems.append(_("List the documents needed and the requirements to them (Art. 8 item 5)."))
    elif any(not str(d.get("requirements", "")).strip() for d in documents):
        problems.append(_("Give the requirements to every document listed (Art. 8 item 5)."))
    if any("тощо" in str(d.get("title", "")).lower() for d in documents):
        problems.append(_("The list of documents must be exhaustive: remove «тощо» (Art. 5)."))
    if card.paid:
        if card.fee is None or card.fee <= 0:
            problems.append(_("Give the amount of the fee of a paid service (Art. 8 item 6)."))
        if not card.fee_basis.strip():
            problems.append(_("Give the normative basis of the fee (Art. 8 item 6)."))
        if not card.fee_account.strip():
            problems.append(_("Give the account the fee is paid to (Art. 8 item 6)."))
    if card.term_unit != "same_day" and not card.term_amount:
        problems.append(_("Give the term of the service (Art. 8 item 7)."))
    if not card.term_basis.strip():
        problems.append(_("Give the basis of the term: the law that sets it, or Art. 10 for the 30-day maximum "
                          "(Art. 8 item 7)."))
    if not card.result.strip():
        problems.append(_("Describe the result of the service (Art. 8 item 8)."))
    if not card.delivery:
        problems.append(_("Give the ways to receive the result (Art. 8 item 9)."))
    if not [a for a in card.legal_acts if str(a).strip()]:
        problems.append(_("List the legal acts on the service (Art. 8 item 10)."))
    if not [g for g in card.refusal_grounds if str(g).strip()]:
        problems.append(_("List the grounds for refusal (Art. 5)."))
    problems.extend(_stage_problems(card))
    if service.online:
        problems.extend(_form_problems(card))
    return problems


def _stage_problems(card) -> list[str]:
    stages = card.stages or []
    if not stages:
        return [_("Describe the stages of the technological card.")]
    problems = []
    for n, stage in enumerate(stages, 1):
        if not str(stage.get("title", "")).strip() or not str(stage.get("responsible", "")).strip():
            problems.append(_("Stage %(n)s: give the stage and the responsible official.") % {"n": n})
        if stage.get("action") not in ACTIONS:
            problems.append(_("Stage %(n)s: the action is one of В, У, П, З.") % {"n": n})
    total = sum(int(stage.get("days") or 0) for stage in stages)
    if total > term_days(card):
        problems.append(_("The stages take %(total)s days, longer than the term of the service (%(term)s).")
                        % {"total": total, "term": term_days(card)})
    return problems


def _form_problems(card) -> list[str]:
    problems = []
    names = [f.get("name") for f in card.application_fields or []]
    if len(names) != len(set(names)):
        problems.append(_("The fields of the online form need different names."))
    for field in card.application_fields or []:
        if field.get("kind") not in FIELD_KINDS:
            problems.append(_("The field «%(label)s» of the online form has an unknown kind.")
                            % {"label": field.get("label", "")})
        if field.get("kind") == "choice" and not field.get("choices"):
            problems.append(_("The field «%(label)s» needs its choices.") % {"label": field.get("label", "")})
    return problems
