"""Convocation and session numbers are text inputs that read what people paste (issue 17)."""

from __future__ import annotations

from hromada.acts.forms import ActForm, ListFilterForm
from hromada.acts.views_public import SearchForm
from hromada.acts.views_sessions import AgendaItemForm, SessionForm


def test_number_fields_of_acts_forms_read_pasted_spaces_and_are_not_number_inputs():
    for form_class, name in [(ActForm, "session"), (ActForm, "convocation"), (ListFilterForm, "session"),
                             (SearchForm, "convocation"), (SessionForm, "number"), (AgendaItemForm, "order")]:
        field = form_class.base_fields[name]
        assert field.clean("\u00a08 ") == 8, (form_class, name)
        assert 'type="number"' not in field.widget.render(name, ""), (form_class, name)
