"""A hand-moved clock for tests that compare times exactly (a dataset's changed_at, say)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


class Clock:
    """timezone.now() fixed and moved by hand, so that changed_at can be compared exactly."""

    def __init__(self, monkeypatch, start: dt.datetime):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now
