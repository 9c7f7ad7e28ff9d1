"""The Pabulib format (pabulib.org, «.pb»): one file per category instance, an edition as a ZIP of them.

A file has three sections, each a header row then ``;``-separated rows: ``META`` (``key;value``), ``PROJECTS``
(``project_id;cost;votes;name;category;selected;submission_order``) and ``VOTES`` (``voter_id;vote``, the vote
being the comma-separated project ids). Voter ids are the pseudonyms of the public ballot log, never personal
data; project ids are the public project numbers. ``META`` carries what is needed to recompute the outcome:
budget, rule (``greedy`` or ``equalshares``), ``tie_breaking`` and the public ``seed``.

``write`` produces the text, ``parse`` reads one back into tally inputs (``PbInstance``) and raises
``PabulibError`` with a Ukrainian message naming the line for a malformed file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from hromada.participation.budget import tally

RULE_NAMES = {tally.GREEDY: "greedy", tally.EQUAL_SHARES: "equalshares"}
PROJECT_COLUMNS = ["project_id", "cost", "votes", "name", "category", "selected", "submission_order"]


class PabulibError(ValueError):
    """A malformed .pb file; the message (Ukrainian) names the line."""


@dataclass
class PbInstance:
    meta: dict[str, str]
    projects: list[tally.Project]
    ballots: list[tuple[str, frozenset]]  # (voter id, chosen project ids)
    categories: dict = field(default_factory=dict)  # project id → category name
    selected: set = field(default_factory=set)  # ids marked selected in the file
    votes: dict = field(default_factory=dict)  # project id → votes column (as written)

    @property
    def budget(self) -> Decimal:
        return Decimal(self.meta["budget"])

    def tally(self, method: str | None = None) -> tally.Outcome:
        """Recompute: the file's rule unless ``method`` is given, with the file's tie rule and seed."""
        if method is None:
            method = {v: k for k, v in RULE_NAMES.items()}.get(self.meta.get("rule", ""), tally.GREEDY)
        return tally.tally(method, self.budget, self.projects, [b for _v, b in self.ballots],
                           tie_rule=self.meta.get("tie_breaking", "earlier"), seed=self.meta.get("seed", ""))


def _money(value: Decimal) -> str:
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


def write(meta: dict, projects: list[tally.Project], ballots: list[tuple[str, frozenset]], *,
          categories: dict | None = None, selected: set | None = None) -> str:
    """The .pb text of one instance. ``meta`` gives description, unit, instance, budget, rule, dates…; the
    counts and ``vote_type`` are filled in here."""
    ids = {p.id for p in projects}
    ballots = [(voter, frozenset(i for i in chosen if i in ids)) for voter, chosen in ballots]
    ballots = [(voter, chosen) for voter, chosen in ballots if chosen]
    votes = dict.fromkeys(ids, 0)
    for _voter, chosen in ballots:
        for pid in chosen:
            votes[pid] += 1
    full = {"description": "", "country": "Ukraine", "unit": "", "instance": ""}
    full.update({k: str(v) for k, v in meta.items()})
    full["num_projects"] = str(len(projects))
    full["num_votes"] = str(len(ballots))
    full["budget"] = _money(Decimal(full.get("budget", "0")))
    full["vote_type"] = "approval"
    full.setdefault("rule", "greedy")
    full.setdefault("language", "uk")
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    w.writerow(["key", "value"])
    for key, value in full.items():
        w.writerow([key, value.replace("\n", " ")])
    out.write("PROJECTS\n")
    w.writerow(PROJECT_COLUMNS)
    selected = selected or set()
    categories = categories or {}
    for p in projects:
        w.writerow([p.id, _money(p.cost), votes[p.id], p.name.replace("\n", " "),
                    str(categories.get(p.id, "")).replace(",", " "), 1 if p.id in selected else 0,
                    p.submitted_order])
    out.write("VOTES\n")
    w.writerow(["voter_id", "vote"])
    for voter, chosen in ballots:
        w.writerow([voter, ",".join(str(i) for i in sorted(chosen, key=lambda i: (len(str(i)), str(i))))])
    return out.getvalue()


def parse(text: str) -> PbInstance:
    """Read a .pb text. Project ids stay strings (as in the file)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    section = None
    header: list[str] | None = None
    meta: dict[str, str] = {}
    projects: list[tally.Project] = []
    by_id: dict[str, tally.Project] = {}
    categories, selected, votes = {}, set(), {}
    ballots: list[tuple[str, frozenset]] = []
    voters: set[str] = set()
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    except csv.Error as exc:
        raise PabulibError(_("The file is not a Pabulib file: %(error)s") % {"error": exc}) from None
    for number, row in enumerate(rows, start=1):
        if not row or all(not c.strip() for c in row):
            continue
        first = row[0].strip()
        if first.lower() in ("meta", "projects", "votes") and len(row) == 1:
            section, header = first.lower(), None
            continue
        if section is None:
            raise PabulibError(_("Line %(line)s: the file must start with the META section.") % {"line": number})
        if header is None:
            header = [c.strip() for c in row]
            continue
        if len(row) != len(header):
            raise PabulibError(_("Line %(line)s: %(found)s fields where the header has %(expected)s.")
                               % {"line": number, "found": len(row), "expected": len(header)})
        record = {k: v.strip() for k, v in zip(header, row, strict=True)}
        if section == "meta":
            meta[row[0].strip()] = row[1].strip()
        elif section == "projects":
            pid = record.get("project_id", "")
            if not pid or "cost" not in record:
                raise PabulibError(_("Line %(line)s: a project needs project_id and cost.") % {"line": number})
            if pid in by_id:
                raise PabulibError(_("Line %(line)s: project %(id)s is listed twice.") % {"line": number, "id": pid})
            try:
                cost = Decimal(record["cost"].replace(",", "."))
            except InvalidOperation:
                cost = Decimal(-1)
            if not cost.is_finite() or cost < 0:
                raise PabulibError(_("Line %(line)s: the cost «%(value)s» is not a non-negative number.")
                                   % {"line": number, "value": record["cost"]})
            order = record.get("submission_order", "")
            project = tally.Project(id=pid, cost=cost, submitted_order=int(order) if order.isdigit() else 0,
                                    name=record.get("name", ""))
            projects.append(project)
            by_id[pid] = project
            categories[pid] = record.get("category", "")
            if record.get("selected", "0") in ("1", "true", "True"):
                selected.add(pid)
            if record.get("votes", "").isdigit():
                votes[pid] = int(record["votes"])
        else:
            voter = record.get("voter_id", "")
            if not voter or "vote" not in record:
                raise PabulibError(_("Line %(line)s: a vote needs voter_id and vote.") % {"line": number})
            if voter in voters:
                raise PabulibError(_("Line %(line)s: voter %(id)s votes twice.") % {"line": number, "id": voter})
            voters.add(voter)
            chosen = [c.strip() for c in record["vote"].split(",") if c.strip()]
            unknown = [c for c in chosen if c not in by_id]
            if unknown:
                raise PabulibError(_("Line %(line)s: the vote names an unknown project %(id)s.")
                                   % {"line": number, "id": unknown[0]})
            ballots.append((voter, frozenset(chosen)))
    if "budget" not in meta:
        raise PabulibError(_("The META section has no budget."))
    try:
        budget = Decimal(meta["budget"].replace(",", "."))
    except InvalidOperation:
        budget = Decimal(-1)
    if not budget.is_finite() or budget < 0:
        raise PabulibError(_("The budget «%(value)s» is not a non-negative number.") % {"value": meta["budget"]})
    meta["budget"] = str(budget)
    if meta.get("vote_type", "approval") not in ("approval", "choose-1"):
        raise PabulibError(_("Only approval votes can be read (vote_type «%(value)s»).")
                           % {"value": meta["vote_type"]})
    return PbInstance(meta=meta, projects=projects, ballots=ballots, categories=categories, selected=selected,
                      votes=votes)


def edition_zip(files: dict[str, str]) -> bytes:
    """A ZIP of .pb files (file name → text), UTF-8."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode())
    return buffer.getvalue()


def export_edition(edition) -> bytes:
    """The whole edition as a ZIP with one .pb per category (projects admitted to voting and their votes)."""
    from hromada.participation.budget import results

    return edition_zip(results.pabulib_files(edition))
