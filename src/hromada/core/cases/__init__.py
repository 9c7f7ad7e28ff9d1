"""The case engine (``hromada.core.models.cases``): kinds and their clocks, numbering, services, selectors.

A module that brings a new kind of case registers it in ``kinds`` (its terms with their legal basis, the
grounds it may refuse on, its number series) and uses these services; it keeps no timeline or deadline logic
of its own.
"""
