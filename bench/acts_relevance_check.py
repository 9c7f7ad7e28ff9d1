"""Check the labels of bench/data/acts_relevance.json against the demo corpus, independently of the search engine.

Each query is judged against its own hromada's corpus, `hromada.acts.demo_corpus.corpus(query["hromada"])`.
Using only `hromada.core.ukrlemma`, for every query:

* every relevant act (number + date) must exist in that corpus and contain every query group: some lemma of each
  query word among the lemmas of the act's number, title and text (the number too: number lookups such as
  «2311-25/VIII» must find the act itself);
* the candidates, the acts containing every group, are counted: a query with more than MAX_CANDIDATES is too broad
  to test ranking; relevant sets must hold 1–5 acts.
* a query labelled "partial" is one no act has whole (resident wording with a word the acts do not use): no act
  may contain every group, and each relevant act must lack some but contain all the others but as many as the
  search may drop (acts.query.ParsedQuery.missing_allowed: one of three or four words, two of five or more);
  its candidates are the acts that do.

Run: cd /work/main && .venv/bin/python bench/acts_relevance_check.py   (exit status 1 on any failure)
No Django needed: ukrlemma depends only on core.ukrtext and pymorphy3.

With --search the labelled queries are also run through the search on a database with the demo — a throwaway
SQLite one, or HROMADA_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/hromada_relevance, an existing
empty database) — and recall@10 and MRR are printed, for all the queries and for the partial ones.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hromada.acts.demo_corpus import corpus  # noqa: E402
from hromada.acts.query import parse  # noqa: E402
from hromada.core.ukrlemma import index_text, query_groups  # noqa: E402

LABELS = ROOT / "bench" / "data" / "acts_relevance.json"
MAX_CANDIDATES = 60
MAX_RELEVANT = 5


def lemma_sets(hromada: str) -> dict[tuple[str, str], set[str]]:
    """(number, date) → the lemmas of the act's number, title and text."""
    return {(act["number"], act["date"]): set(index_text(f"{act['number']}\n{act['title']}\n{act['text']}").split())
            for act in corpus(hromada)}


def contains(lemmas: set[str], groups: list[tuple[str, ...]]) -> bool:
    return all(any(lemma in lemmas for lemma in group) for group in groups)


def present(lemmas: set[str], groups: list[tuple[str, ...]]) -> int:
    return sum(any(lemma in lemmas for lemma in group) for group in groups)


def check(labels: list[dict]) -> list[str]:
    """Print one line per query and return the failures."""
    indexes: dict[str, dict[tuple[str, str], set[str]]] = {}
    failures = []
    for entry in labels:
        hromada, query = entry["hromada"], entry["query"]
        if hromada not in indexes:
            indexes[hromada] = lemma_sets(hromada)
        index = indexes[hromada]
        groups = query_groups(query)
        partial = bool(entry.get("partial"))
        need = len(groups) - parse(query).missing_allowed
        whole = sum(contains(lemmas, groups) for lemmas in index.values())
        candidates = sum(present(lemmas, groups) >= need for lemmas in index.values()) if partial else whole
        problems = []
        if partial and need == len(groups):
            problems.append("labelled partial, but the search never drops a word of it")
        if partial and whole:
            problems.append(f"labelled partial, but {whole} acts have every word")
        if not 1 <= len(entry["relevant"]) <= MAX_RELEVANT:
            problems.append(f"{len(entry['relevant'])} relevant acts (want 1–{MAX_RELEVANT})")
        if candidates > MAX_CANDIDATES:
            problems.append(f"too broad: {candidates} candidates")
        for target in entry["relevant"]:
            key = (target["number"], target["date"])
            if key not in index:
                problems.append(f"no act № {key[0]} of {key[1]}")
            elif partial and not need <= present(index[key], groups) < len(groups):
                problems.append(f"№ {key[0]} of {key[1]} has {present(index[key], groups)} of {len(groups)} words "
                                f"(want {need}–{len(groups) - 1})")
            elif not partial and not contains(index[key], groups):
                missing = [group for group in groups if not any(lemma in index[key] for lemma in group)]
                problems.append(f"№ {key[0]} of {key[1]} lacks {missing}")
        status = "FAIL" if problems else "ok  "
        print(f"{status} {hromada:<12} relevant {len(entry['relevant'])}  candidates {candidates:>3}  {query}"
              f"{'  (partial)' if partial else ''}")
        failures += [f"{hromada} «{query}»: {problem}" for problem in problems]
    return failures


def search_figures(labels: list[dict]) -> None:
    """recall@10 and MRR of the labelled queries through the search, on a database seeded with the demo."""
    import os

    sys.argv = sys.argv[:1]
    sys.path.insert(0, str(ROOT / "bench"))
    from acts import bench_relevance
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment
    from run import DATA_DIR  # noqa: F401 — sets Django up on a throwaway data directory

    from hromada.acts import search

    setup_test_environment()
    call_command("migrate", verbosity=0)
    settings.DEMO_PASSWORD = "bench-password"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"\nSearch on {connection.vendor} (full-text index: {search.index_kind()})")
    bench_relevance(None, labels)


def main() -> int:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    failures = check(labels)
    per_hromada = {h: sum(1 for e in labels if e["hromada"] == h) for h in sorted({e["hromada"] for e in labels})}
    print(f"\n{len(labels)} queries ({', '.join(f'{h}: {n}' for h, n in per_hromada.items())}), "
          f"{len(failures)} failures")
    for failure in failures:
        print("  " + failure)
    if "--search" in sys.argv[1:]:
        search_figures(labels)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
