"""Routing help for a new case: the likely category and department, learned from the hromada's past cases.

Always a suggestion a person confirms. (The model is trained by ``train``; ``suggest`` returns None until a
hromada has enough answered cases.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    category: object | None
    department: object | None
    confidence: float


def suggest(hromada, kind: str, text: str) -> Suggestion | None:
    return None
