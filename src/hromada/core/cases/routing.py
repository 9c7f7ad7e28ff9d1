"""Routing help for a new case: the likely category and department, learned from the hromada's past cases.

Always a suggestion a person confirms (docs/decisions/0008-case-routing.md). Each hromada gets its own model
per family of kinds (appeals and hotline calls share one: people say the same things on either channel),
trained on its own cases that have a category or a department: the subject and text are lemmatised with
``hromada.core.ukrlemma`` (so «ліхтарі не світять» and «не горить ліхтар» share «ліхтар»), weighed with TF-IDF
and fed to a logistic regression, whose probability is the confidence shown to the operator.

Models live in this process's memory under a version key (how many training cases and the newest id), so
the next suggestion after a new categorised case retrains; the lemmatised texts are kept beside the model so
retraining only lemmatises what is new. ``suggest`` never raises: registration must not
fail because of routing.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max, Q
from django_tasks import task

from hromada.core.ukrlemma import index_text

logger = logging.getLogger(__name__)

MIN_CASES = 30  # below this many training cases a hromada gets no suggestion
MIN_CONFIDENCE = 0.4  # below this probability the suggestion is not worth the operator's attention
MAX_CASES = 3000  # the newest cases trained on: bounds the time and memory of one training
MAX_CHARS = 2000  # of each case's subject and text
# A model is retrained when this many cases (or 5 %) were added, or after this long: not for every new case.
RETRAIN_AFTER_NEW = 20
RETRAIN_AFTER_SECONDS = 3600
# Kinds whose cases share a model (the same matters come by letter and by phone).
FAMILIES = {"appeal": "appeals", "hotline": "appeals"}


@dataclass(frozen=True)
class Suggestion:
    category: object | None
    department: object | None
    confidence: float  # the model's probability of the category (or department), 0 to 1

    @property
    def percent(self) -> int:
        return round(100 * self.confidence)


@dataclass(frozen=True)
class Evaluation:
    trained: int  # cases the model learned from
    held_out: int  # cases it was tested on
    category_accuracy: float | None  # share of held-out cases whose category it guessed (None: too few cases)
    department_accuracy: float | None


@dataclass
class _Target:
    """One classifier: the vectoriser and logistic regression for category ids or department ids."""

    vectorizer: object
    classifier: object

    def predict(self, doc: str) -> tuple[int, float]:
        probabilities = self.classifier.predict_proba(self.vectorizer.transform([doc]))[0]
        best = int(probabilities.argmax())
        return int(self.classifier.classes_[best]), float(probabilities[best])


@dataclass
class _Model:
    version: tuple = ()
    category: _Target | None = None
    department: _Target | None = None
    docs: dict[int, str] = field(default_factory=dict)  # case id → lemmatised text, reused on retraining
    trained_at: float = 0.0  # time.monotonic() of the training

    def fresh(self, version: tuple) -> bool:
        """Good enough for a version: the same, or few new cases since and not long ago (no retraining per case)."""
        if self.version == version:
            return True
        if not self.version or version[0] < MIN_CASES <= self.version[0] or self.version[0] < MIN_CASES:
            return False
        grown = version[0] - self.version[0]
        return 0 <= grown < max(RETRAIN_AFTER_NEW, self.version[0] // 20) and \
            time.monotonic() - self.trained_at < RETRAIN_AFTER_SECONDS


_MODELS: dict[tuple[int, str], _Model] = {}
_LOCK = threading.Lock()


def family(kind: str | None) -> str:
    return FAMILIES.get(kind or "", kind or "all")


def family_kinds(kind: str | None) -> list[str] | None:
    """The kinds whose cases train the model for ``kind`` (None: every kind)."""
    if kind is None:
        return None
    name = family(kind)
    return sorted({key for key, value in FAMILIES.items() if value == name} | {kind})


def document(subject: str, text: str = "") -> str:
    """The lemmas a model sees for a case: its subject and the start of its text."""
    return index_text(f"{subject}\n{text}"[:MAX_CHARS])


def _training_rows(hromada, kind: str | None):
    from hromada.core.models import Case

    rows = Case.objects.filter(Q(category__isnull=False) | Q(department__isnull=False), hromada=hromada)
    kinds = family_kinds(kind)
    return rows.filter(kind__in=kinds) if kinds is not None else rows


def _version(rows) -> tuple:
    figures = rows.aggregate(count=Count("id"), last=Max("id"))
    return figures["count"], figures["last"]


def _fit(docs: list[str], labels: list[int]) -> _Target | None:
    """A classifier for the labels, or None when there is nothing to tell apart (fewer than two labels)."""
    if len(docs) < MIN_CASES or len(set(labels)) < 2:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    # The documents are lemma strings already: split on spaces, keep every lemma (one-letter ones too).
    vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, sublinear_tf=True)
    matrix = vectorizer.fit_transform(docs)
    # A weak penalty (C=10): the vocabularies of categories are small and distinct, and the probability is
    # what the operator reads, so it should reach high values when the words agree.
    classifier = LogisticRegression(C=10.0, max_iter=1000)
    classifier.fit(matrix, labels)
    return _Target(vectorizer, classifier)


def _rows_for_training(rows, cache: dict[int, str]) -> list[tuple[int, str, int | None, int | None]]:
    """The newest cases as (id, lemmas, category id, department id); texts are read only for uncached ids."""
    labels = list(rows.order_by("-id").values_list("id", "category_id", "department_id")[:MAX_CASES])
    missing = [pk for pk, _category, _unit in labels if pk not in cache]
    docs = dict(cache)
    for first in range(0, len(missing), 500):
        for pk, subject, text in rows.model.objects.filter(pk__in=missing[first:first + 500]).values_list(
                "id", "subject", "text"):
            docs[pk] = document(subject, text)
    return [(pk, docs[pk], category, unit) for pk, category, unit in labels]


def train(hromada, kind: str | None) -> _Model:
    """Train (or reuse) the hromada's model for the kind's family; the current one when it is not stale."""
    key = (hromada.pk, family(kind))
    rows = _training_rows(hromada, kind)
    version = _version(rows)
    with _LOCK:
        model = _MODELS.get(key)
        if model is not None and model.fresh(version):
            return model
        previous = model.docs if model is not None else {}
        if version[0] < MIN_CASES:
            model = _Model(version=version)
        else:
            data = _rows_for_training(rows, previous)
            categorised = [(doc, category) for _pk, doc, category, _unit in data if category is not None]
            assigned = [(doc, unit) for _pk, doc, _category, unit in data if unit is not None]
            model = _Model(
                version=version,
                category=_fit([doc for doc, _ in categorised], [label for _, label in categorised]),
                department=_fit([doc for doc, _ in assigned], [label for _, label in assigned]),
                docs={pk: doc for pk, doc, _category, _unit in data}, trained_at=time.monotonic(),
            )
        _MODELS[key] = model
        return model


def forget(hromada=None) -> None:
    """Drop the cached models (of one hromada, or all): the next suggestion trains afresh."""
    with _LOCK:
        for key in [key for key in _MODELS if hromada is None or key[0] == hromada.pk]:
            del _MODELS[key]


def _suggest(hromada, kind: str, text: str) -> Suggestion | None:
    from hromada.core.models import CaseCategory, Department

    doc = document(text)
    if not doc.strip():
        return None
    model = train(hromada, kind)
    category = department = None
    confidence = 0.0
    if model.category is not None:
        pk, probability = model.category.predict(doc)
        found = CaseCategory.objects.filter(hromada=hromada, pk=pk, active=True).select_related("department").first()
        if found is not None and found.fits(kind) and probability >= MIN_CONFIDENCE:
            category, confidence = found, probability
    if model.department is not None:
        pk, probability = model.department.predict(doc)
        if probability >= MIN_CONFIDENCE and (category is None or probability >= confidence
                                              or not category.department_id):
            department = Department.objects.filter(hromada=hromada, pk=pk).first()
            if category is None and department is not None:
                confidence = probability
    if department is None and category is not None:
        department = category.department
    if category is None and department is None:
        return None
    return Suggestion(category=category, department=department, confidence=round(confidence, 3))


def suggest(hromada, kind: str, text: str) -> Suggestion | None:
    """The likely category and department of a new case of ``kind`` with this text, or None.

    None below ``MIN_CASES`` training cases, below ``MIN_CONFIDENCE``, and on any failure (logged): the
    caller registers the case all the same. The reads run in a savepoint so that a failed query does not
    spoil the transaction of the registration around it.
    """
    if hromada is None or not (text or "").strip():
        return None
    try:
        with transaction.atomic():
            return _suggest(hromada, kind, text)
    except Exception:
        logger.exception("routing suggestion failed for hromada %s", getattr(hromada, "pk", None))
        return None


def _accuracy(train_rows: list, test_rows: list, index: int) -> float | None:
    train_pairs = [(row[1], row[index]) for row in train_rows if row[index] is not None]
    test_pairs = [(row[1], row[index]) for row in test_rows if row[index] is not None]
    target = _fit([doc for doc, _ in train_pairs], [label for _, label in train_pairs])
    if target is None or not test_pairs:
        return None
    right = sum(1 for doc, label in test_pairs if target.predict(doc)[0] == label)
    return right / len(test_pairs)


def evaluate(hromada, holdout: float = 0.2, seed: int = 0, kind: str | None = None) -> Evaluation:
    """Accuracy on held-back cases: train on the rest, guess the held-back ones' category and department.

    The cases are shuffled with ``seed`` (the same seed, the same split). A target with too few cases to
    train on has accuracy None.
    """
    if not 0 < holdout < 1:
        raise ValueError("holdout is a share between 0 and 1")
    data = _rows_for_training(_training_rows(hromada, kind), {})
    random.Random(seed).shuffle(data)  # noqa: S311  (a reproducible split, not a secret)
    cut = max(1, round(len(data) * holdout)) if data else 0
    test_rows, train_rows = data[:cut], data[cut:]
    return Evaluation(trained=len(train_rows), held_out=len(test_rows),
                      category_accuracy=_accuracy(train_rows, test_rows, 2),
                      department_accuracy=_accuracy(train_rows, test_rows, 3))


@task(queue_name="default")
def suggest_for_case(case_id: int) -> None:
    """Keep the routing suggestion on a newly registered case (the staff see it on the case page)."""
    from hromada.core.models import Case

    case = Case.objects.select_related("hromada").filter(pk=case_id).first()
    if case is None or case.suggestion_confidence is not None:
        return
    suggestion = suggest(case.hromada, case.kind, f"{case.subject}\n{case.text}")
    if suggestion is None:
        return
    Case.objects.filter(pk=case_id).update(
        suggested_category=suggestion.category, suggested_department=suggestion.department,
        suggestion_confidence=suggestion.confidence)
