"""Form fields for numbers as Ukrainians type and read them: «1 234,5» — a decimal comma, spaces between thousands.

Django's DecimalField reads only a decimal point unless localised, and even localised it refuses the
no-break space that our pages print between thousands (a user who copies «1 234,500» from a table gets
«Введіть число.»). These fields read a comma or a point, and ordinary, no-break or narrow no-break spaces
between groups of three digits; they show a value with a decimal comma, as the pages print it. Any app can use
them; :func:`parse_number` is the same reading for code outside forms.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Spaces that may separate thousands: ordinary, no-break (U+00A0), narrow no-break (U+202F), thin (U+2009).
SPACES = " \u00a0\u202f\u2009"
_GROUPED = re.compile(rf"[+-]?\d{{1,3}}(?:[{SPACES}]\d{{3}})+(?:[.,]\d*)?")
MINUS_SIGNS = {"\u2212": "-", "\u2013": "-"}  # a typographic minus or an en dash pasted from a document


class NotANumber(ValueError):
    pass


def parse_number(text: str) -> Decimal | None:
    """«1 234,5» → Decimal("1234.5"); "" → None; anything else that is not a finite number → NotANumber.

    One decimal mark, a comma or a point («12,5», «12.5»); spaces between thousands only in groups of three
    («1 234 567,5»), so «12 34» is a typo, not 1234.
    """
    text = (text or "").strip(SPACES + "\t\r\n")
    for sign, ascii_sign in MINUS_SIGNS.items():
        text = text.replace(sign, ascii_sign)
    if not text:
        return None
    if any(space in text for space in SPACES):
        if not _GROUPED.fullmatch(text):
            raise NotANumber(text)
        text = re.sub(f"[{SPACES}]", "", text)
    if text.count(",") + text.count(".") > 1:
        raise NotANumber(text)
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise NotANumber(text) from None
    if not number.is_finite():
        raise NotANumber(text)
    return number


def format_number(value, places: int | None = None) -> str:
    """A number with a decimal comma: to ``places`` decimals, or without trailing zeros when None."""
    number = Decimal(value)
    if places is None:
        number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    else:
        number = number.quantize(Decimal(1).scaleb(-places))
    return format(number, "f").replace(".", ",")


class LocalDecimalField(forms.DecimalField):
    """A DecimalField that reads «1 234,5» (and «1234.5») and shows «1234,5».

    ``places`` is how many decimals a stored value is shown with (money: 3, «2,500»); None drops trailing
    zeros (an indicator value: «12,5», «50»).
    """

    default_error_messages = {"invalid": _("Enter a number, e.g. 1 234,5.")}

    def __init__(self, *args, places: int | None = None, **kwargs):
        self.places = places
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)  # a text input: the browser must not refuse the comma
        attrs.setdefault("inputmode", "decimal")
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            try:
                value = parse_number(value)
            except NotANumber:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_number(value, self.places)
        return value  # as typed, when the form is shown again with an error


class LocalIntegerField(forms.IntegerField):
    """An IntegerField that reads «1 234» with any of the spaces above (and «45,0» as 45)."""

    default_error_messages = {"invalid": _("Enter a whole number.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        attrs.setdefault("inputmode", "numeric")
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            try:
                number = parse_number(value)
            except NotANumber:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            if number is not None and number != number.to_integral_value():
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = None if number is None else int(number)
        return super().to_python(value)
