"""The Mintsyfra template as data: passport item labels, section guidance, recommended directions and tasks.

The file is versioned (``key`` + ``version``); a programme records the template it was drafted on, so a
new edition of the template is a new file, not a code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOGUES = {"mintsyfra-2024": DATA_DIR / "catalogue_mintsyfra_2024.json"}
DEFAULT = "mintsyfra-2024"


@dataclass(frozen=True)
class CatalogueTask:
    key: str
    name: str


@dataclass(frozen=True)
class CatalogueDirection:
    key: str
    name: str
    tasks: tuple[CatalogueTask, ...]


@dataclass(frozen=True)
class Catalogue:
    key: str
    version: str
    title: str
    source: str
    passport_items: tuple[str, ...]
    sections: dict  # "ii".."vi" -> {"title", "guidance"}
    problems: tuple[str, ...]
    directions: tuple[CatalogueDirection, ...]
    expected_results: tuple[str, ...]

    def direction(self, key: str) -> CatalogueDirection | None:
        return next((d for d in self.directions if d.key == key), None)


@cache
def load(key: str = DEFAULT) -> Catalogue:
    raw = json.loads(CATALOGUES[key].read_text(encoding="utf-8"))
    if raw.get("schema") != "hromada.programme-catalogue/1":
        raise ValueError(f"{CATALOGUES[key]}: unexpected schema {raw.get('schema')!r}")
    return Catalogue(
        key=raw["key"], version=raw["version"], title=raw["title"], source=raw["source"],
        passport_items=tuple(raw["passport_items"]), sections=raw["sections"], problems=tuple(raw["problems"]),
        directions=tuple(
            CatalogueDirection(d["key"], d["name"], tuple(CatalogueTask(t["key"], t["name"]) for t in d["tasks"]))
            for d in raw["directions"]
        ),
        expected_results=tuple(raw["expected_results"]),
    )
