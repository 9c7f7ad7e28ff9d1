"""The import pages' column guide says, for every column of every importer, what to enter in it."""

from django.utils import translation

from hromada.core import imports


def test_every_registered_importer_column_has_a_description():
    with translation.override("uk"):
        blank = [(kind, column["key"]) for kind in imports.kinds(unlisted=True)
                 for column in imports.describe_columns(imports.get(kind)) if not column["help"].strip()]
    assert imports.kinds(unlisted=True)  # the importers were found
    assert blank == []


def test_the_descriptions_are_translated():
    """A description in English on the Ukrainian page is a missing translation."""
    english = []
    with translation.override("uk"):
        for kind in imports.kinds(unlisted=True):
            for column in imports.describe_columns(imports.get(kind)):
                text = column["help"]
                if text.isascii() or any(word in text for word in ("The ", "One of", " e.g. ", "Empty")):
                    english.append((kind, column["key"], text))
    assert english == []
