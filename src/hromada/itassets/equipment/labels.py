"""Inventory labels: a QR code per item (segno) that opens the item's staff page on the hromada's own host.

The payload is the absolute URL of the item page (:func:`payload`), so a phone's camera opens it directly; the
page asks for sign-in and shows the item only to staff of the hromada. A sheet holds at most MAX_LABELS labels
(A4, 3 × 8 labels of 70 × 37 mm, print CSS in ``itassets/equipment-labels.css``).
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from hromada.core.notifications.service import absolute_url

MAX_LABELS = 480  # 20 A4 sheets: a filter that finds more is narrowed first
PER_SHEET = 24


def payload(hromada, item) -> str:
    """What the item's QR code encodes: the absolute URL of its staff page on the hromada's host."""
    return absolute_url(hromada, reverse("itassets-staff:equipment-detail", args=[item.pk]))


def qr(text: str) -> segno.QRCode:
    """The QR code of a label: medium error correction (a label gets scratched), the smallest version that fits."""
    return segno.make_qr(text, error="m")


def svg(code: segno.QRCode) -> SafeString:
    """Inline SVG, scaled by the sheet's CSS; the text beside it says what it is, so it is hidden from readers."""
    markup = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None)
    return mark_safe(markup.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S308 (segno's markup)


@dataclass(frozen=True)
class Label:
    item: object
    url: str
    qr_svg: SafeString


def labels(hromada, items) -> list[Label]:
    result = []
    for item in items:
        url = payload(hromada, item)
        result.append(Label(item=item, url=url, qr_svg=svg(qr(url))))
    return result


def sheets(found: list[Label]) -> list[list[Label]]:
    return [found[start:start + PER_SHEET] for start in range(0, len(found), PER_SHEET)]
