"""Full-text search over acts, the same on SQLite (FTS5) and PostgreSQL (tsvector, `simple` configuration).

Both databases index the same strings, made in Python: the lemmas of the title and of the body (text,
attachments and topics), and the plain words of both for phrases. A query is parsed once (acts.query) and
translated into each engine's syntax; filters are plain SQL on the act. Relevance is each engine's own
ranking (FTS5 bm25, PostgreSQL ts_rank) with the title weighted above the body, so the same acts match on
both and clear-cut orders agree, while scores are comparable only within one list. Two rules hold on both
whatever the scores: the acts whose own number was asked for come before the acts that quote it, and a query
word in the title ranks an act above acts that only have it in the body (TITLE_HIT).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from itertools import combinations

from django.db import connection, transaction
from django.utils import timezone

from hromada.acts import numbers
from hromada.acts.models import Act, SearchEntry
from hromada.acts.query import ParsedQuery, parse, surface
from hromada.acts.snippets import snippet
from hromada.core.ukrlemma import index_text, lemmas, words

# PostgreSQL keeps word positions only up to 16 383 and a tsvector below 1 MB: the index takes the first
# words of very long bodies (about 40 pages for phrases, 150 for words), the same cut on both databases.
PHRASE_WORD_LIMIT = 16_000
LEMMA_WORD_LIMIT = 60_000
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
# SQLite: what each occurrence of a query term in the title adds to the score. bm25 saturates, and a column weight
# multiplies the count before saturation, so the title's weight alone is worth at most about twice a body
# mention — less than the length normalisation takes off a long act: a long programme with the word in its
# title ranked ninth behind short acts mentioning it once in the body. bm25 never reaches this (at most about
# 2.2 × idf per query term), so more title matches always rank higher and bm25 orders acts with as many.
# (PostgreSQL: ts_rank with the title weighted A = 1.0 and the body B = 0.4 already puts one title match above
# any number of body mentions of the same word — the body counts at most BODY_TERM_CAP of them.)
TITLE_HIT = 1000.0
# Occurrences of one lemma counted in a body: BM25 saturates, so a word's 10th mention barely changes the
# rank, while every indexed mention costs the ranking time on each match (measured in bench/acts.py).
BODY_TERM_CAP = 3
# Tokens no text can produce (words() never joins letters and digits): the hromada of an act and whether the
# public sees it, so the common searches — one hromada's registry, or its public part — are answered by the
# full-text index alone, without reading the acts table for every match.
PUBLIC_MARK = "pub1"


def hromada_token(hromada_id: int) -> str:
    return f"hrm{hromada_id}"


def is_public(act: Act) -> bool:
    """Published and not internal. (A publication time can be at most minutes ahead: services refuse more.)"""
    return act.published_at is not None and not act.internal


# --- indexing ------------------------------------------------------------------------------------------


def entry_values(act: Act, extra_texts: list[str] | tuple = ()) -> dict:
    """The search columns of an act: its number as tokens, title and body lemmas, and plain words."""
    body = "\n".join([act.text or "", *extra_texts])
    body_words = words(body)
    title_words = words(act.title)
    tokens = [hromada_token(act.hromada_id), *([PUBLIC_MARK] if is_public(act) else []),
              *numbers.number_tokens(act.number)]
    return {
        "hromada_id": act.hromada_id,
        "title_lemmas": f"{' '.join(tokens)} {index_text(act.title)}".strip(),
        "body_lemmas": _capped(body_words[:LEMMA_WORD_LIMIT]),
        "words": " ".join(surface(w) for w in (title_words + body_words)[:PHRASE_WORD_LIMIT]),
        "public": is_public(act),
    }


def _capped(body_words: list[str]) -> str:
    """The words' lemmas in order, each lemma kept for its first BODY_TERM_CAP occurrences."""
    seen: dict[str, int] = {}
    kept = []
    for lemma in (lemma for word in body_words for lemma in lemmas(word)):
        seen[lemma] = seen.get(lemma, 0) + 1
        if seen[lemma] <= BODY_TERM_CAP:
            kept.append(lemma)
    return " ".join(kept)


def extra_texts(act: Act) -> list[str]:
    """What the body index holds beside the act's text: its attachments' text and its topics."""
    return [a.text for a in act.attachments.all() if a.text] + [t.name for t in act.topics.all()]


def index_act(act: Act) -> None:
    """(Re)build the act's search entry from its current text, attachments and topics."""
    values = entry_values(act, extra_texts(act))
    # Delete and insert, not update: the FTS5 mirror is kept by insert/delete triggers only.
    SearchEntry.objects.filter(act=act).delete()
    SearchEntry.objects.create(act=act, **values)


def index_many(rows: list[tuple[Act, list[str]]]) -> None:
    """Index many new acts at once (imports): one INSERT for the batch."""
    SearchEntry.objects.filter(act__in=[act for act, _ in rows]).delete()
    SearchEntry.objects.bulk_create([SearchEntry(act=act, **entry_values(act, texts)) for act, texts in rows])


def optimize_index() -> None:
    """Merge the full-text index after a bulk load (SQLite FTS5 keeps many segments until merged: a query
    over 100 000 freshly indexed acts is about twice as slow before). PostgreSQL's GIN needs nothing."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO acts_fts(acts_fts) VALUES ('optimize')")


_INDEX_KINDS: dict[tuple, str] = {}


def _database_key(conn) -> tuple:
    settings = conn.settings_dict
    return conn.vendor, settings.get("NAME"), settings.get("HOST"), settings.get("PORT")


def index_kind(conn=None) -> str:
    """The full-text index in use: "fts5" on SQLite; on PostgreSQL "rum" when migration 0005 could create
    RUM indexes (the `rum` extension), else "gin". Read from the catalogue once per process and database."""
    conn = conn or connection
    if conn.vendor != "postgresql":
        return "fts5"
    key = _database_key(conn)
    if key not in _INDEX_KINDS:
        with conn.cursor() as cursor:
            cursor.execute("SELECT to_regclass('acts_searchentry_lemmas_rum') IS NOT NULL")
            _INDEX_KINDS[key] = "rum" if cursor.fetchone()[0] else "gin"
    return _INDEX_KINDS[key]


def forget_index_kind(conn=None) -> None:
    """Read the index kind afresh next time (after a migration changed it)."""
    _INDEX_KINDS.pop(_database_key(conn or connection), None)


# --- querying ------------------------------------------------------------------------------------------


@dataclass
class Filters:
    types: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    convocation: int | None = None
    session: int | None = None
    unit_id: int | None = None
    topic_id: int | None = None
    published_only: bool = False
    unpublished_only: bool = False  # staff: what is still to be published


@dataclass
class Hit:
    act: Act
    score: float | None
    snippet: str  # HTML: escaped text with <mark> around the words that matched
    match: str = "all"  # "all": every term of the query; "partial": some of its plain words are missing
    matched_terms: list[str] = field(default_factory=list)  # the query's terms the act has, as typed


@dataclass
class Results:
    count: int  # acts matching the whole query (and the filters)
    hits: list[Hit]
    query: ParsedQuery
    empty_query: bool  # a query was typed but nothing in it can be searched (stop words, punctuation)
    partial_count: int = 0  # acts listed after those, lacking some plain words (0 unless count < the page)

    @property
    def total(self) -> int:
        """Everything the list pages through: the full matches, then the partial ones."""
        return self.count + self.partial_count


SORTS = ("relevance", "date", "-date")


def _filter_sql(hromada_id: int, filters: Filters) -> tuple[list[str], list]:
    where, params = ["a.hromada_id = %s"], [hromada_id]
    if filters.types:
        where.append(f"a.type IN ({', '.join(['%s'] * len(filters.types))})")
        params += filters.types
    if filters.statuses:
        where.append(f"a.status IN ({', '.join(['%s'] * len(filters.statuses))})")
        params += filters.statuses
    if filters.date_from:
        where.append("a.date >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        where.append("a.date <= %s")
        params.append(filters.date_to)
    if filters.convocation is not None:
        where.append("a.convocation = %s")
        params.append(filters.convocation)
    if filters.session is not None:
        where.append("a.session = %s")
        params.append(filters.session)
    if filters.unit_id is not None:
        where.append("(a.author_unit_id = %s OR a.control_unit_id = %s)")
        params += [filters.unit_id, filters.unit_id]
    if filters.topic_id is not None:
        where.append("a.id IN (SELECT act_id FROM acts_act_topics WHERE topic_id = %s)")
        params.append(filters.topic_id)
    if filters.published_only:  # what the public sees (selectors.public_q): published, not internal, not ahead
        where.append("a.published_at IS NOT NULL AND a.published_at <= %s AND a.internal = %s")
        params += [timezone.now(), False]
    if filters.unpublished_only:
        where.append("a.published_at IS NULL")
    return where, params


def _index_only(filters: Filters, sort: str) -> bool:
    """Whether the index alone answers: relevance order, no filter beyond the hromada and public-ness."""
    return sort == "relevance" and not (
        filters.types or filters.statuses or filters.date_from or filters.date_to or filters.unpublished_only
        or filters.convocation is not None or filters.session is not None or filters.unit_id is not None
        or filters.topic_id is not None)


def _date_order(sort: str) -> str:
    if sort == "-date":
        return "a.date ASC, a.id ASC"
    return "a.date DESC, a.id DESC"


# SQLite FTS5 ---------------------------------------------------------------------------------------------

_LEMMA_COLUMNS = "{title_lemmas body_lemmas}"


def _fts_quote(token: str) -> str:
    return '"' + token.replace('"', "") + '"'


def _fts_group(group) -> str:
    return f"{_LEMMA_COLUMNS}: ({' OR '.join(_fts_quote(lemma) for lemma in group)})"


def _fts_phrase(phrase) -> str:
    return "words: " + _fts_quote(" ".join(phrase))


def _fts_number(term) -> str:
    parts = [f"title_lemmas: {_fts_quote(term.token)}"]
    if term.parts:
        parts.append(_fts_phrase(term.parts))
    return "(" + " OR ".join(parts) + ")"


def _fts_at_least(groups, need: int) -> str:
    """Acts having at least `need` of the word groups: any `need` of them, each in any form."""
    return " OR ".join("(" + " AND ".join(f"({_fts_group(g)})" for g in combo) + ")"
                       for combo in combinations(groups, need))


def _fts_words(parsed: ParsedQuery, tier: int) -> list[str]:
    """The plain words' part: all of them (tier 0), or exactly all but `tier` of them."""
    if not tier:
        return [_fts_group(g) for g in parsed.groups]
    total = len(parsed.groups)
    return [f"({_fts_at_least(parsed.groups, total - tier)}) NOT ({_fts_at_least(parsed.groups, total - tier + 1)})"]


def fts5_match(parsed: ParsedQuery, tier: int = 0) -> str:
    positive = [*_fts_words(parsed, tier), *(_fts_phrase(p) for p in parsed.phrases)]
    positive += [_fts_number(n) for n in parsed.numbers]
    expression = " AND ".join(f"({p})" for p in positive)
    for group in parsed.excluded_groups:
        expression += f" NOT ({_fts_group(group)})"
    for phrase in parsed.excluded_phrases:
        expression += f" NOT ({_fts_phrase(phrase)})"
    return expression


# Acts marked public in the index whose publication time is still ahead (a few minutes at most through the
# services; found by the index on published_at, so the set is small and cheap).
_NOT_YET_PUBLIC = "SELECT id FROM acts_act WHERE hromada_id = %s AND published_at > %s"


@dataclass(frozen=True)
class _Sql:
    key: str  # the act id column
    score: str  # the relevance expression
    base: str  # FROM … WHERE …
    params: list  # parameters of score, then of base
    score_params: int  # how many of them the score takes
    order: str  # ORDER BY of the ranked list


def _sqlite_sql(parsed: ParsedQuery, hromada_id: int, filters: Filters, where: list[str], params: list,
                index_only: bool, tier: int = 0, own: bool | None = None) -> _Sql:
    scope = f"title_lemmas: {_fts_quote(hromada_token(hromada_id))}"
    if filters.published_only:
        scope += f" AND title_lemmas: {_fts_quote(PUBLIC_MARK)}"
    match = f"{scope} AND ({fts5_match(parsed, tier)})"
    if own is not None:  # the acts whose own number is a number of the query (or, False, the others)
        numbered = " OR ".join(f"title_lemmas: {_fts_quote(n.token)}" for n in parsed.numbers)
        match = f"{match} AND ({numbered})" if own else f"({match}) NOT ({numbered})"
    # The query's matches in the title, marked by highlight(): the scope tokens are always there, once each.
    # (Each match opens with one character and closes with none, so the text grows by one per match.)
    title_hits = ("(length(highlight(acts_fts, 0, char(1), '')) - length(acts_fts.title_lemmas) - "
                  f"{2 if filters.published_only else 1})")
    score = f"({TITLE_HIT} * {title_hits} - bm25(acts_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}, 1.0))"
    if index_only:
        base, extra = " FROM acts_fts WHERE acts_fts MATCH %s", []
        if filters.published_only:
            base += f" AND acts_fts.rowid NOT IN ({_NOT_YET_PUBLIC})"
            extra = [hromada_id, timezone.now()]
        return _Sql("acts_fts.rowid", score, base, [match, *extra], 0, "score DESC, acts_fts.rowid DESC")
    base = (f" FROM acts_fts JOIN acts_act a ON a.id = acts_fts.rowid WHERE acts_fts MATCH %s AND "
            f"{' AND '.join(where)}")
    return _Sql("a.id", score, base, [match, *params], 0, "score DESC, a.id DESC")


# PostgreSQL -------------------------------------------------------------------------------------------------


def _ts_lexeme(token: str) -> str:
    return "'" + token.replace("'", "").replace("\\", "") + "'"


def _ts_group(group) -> str:
    return "(" + " | ".join(_ts_lexeme(lemma) for lemma in group) + ")"


def _ts_phrase(phrase) -> str:
    return "(" + " <-> ".join(_ts_lexeme(word) for word in phrase) + ")"


def _ts_at_least(groups, need: int) -> str:
    return " | ".join("(" + " & ".join(_ts_group(g) for g in combo) + ")" for combo in combinations(groups, need))


def _ts_words(parsed: ParsedQuery, tier: int) -> list[str]:
    """The plain words' part of the lemma query: all of them (tier 0), or exactly all but `tier` of them."""
    if not tier:
        return [_ts_group(g) for g in parsed.groups]
    total = len(parsed.groups)
    return [f"({_ts_at_least(parsed.groups, total - tier)}) & !({_ts_at_least(parsed.groups, total - tier + 1)})"]


# Exclusions with nothing positive in the same column to join: the excluded acts of the hromada, as a set.
_EXCLUDED = {column: ("e.act_id NOT IN (SELECT x.act_id FROM acts_searchentry x WHERE x.hromada_id = %s AND "  # noqa: S608
                      f"x.{column} @@ to_tsquery('simple', %s))") for column in ("lemmas_tsv", "words_tsv")}


def _postgres_sql(parsed: ParsedQuery, hromada_id: int, filters: Filters, where: list[str], params: list,
                  index_only: bool, tier: int = 0, own: bool | None = None) -> _Sql:
    """Each tsvector column is asked one tsquery, exclusions inside it (`a & b & !c`): the index (GIN or RUM)
    answers that exactly, where a separate NOT (… @@ …) would read every candidate's tsvector. Whether an act
    is public is a plain column of the entry (migration 0004), checked on the narrow row."""
    conditions, cond_params = [], []
    lemma_terms = _ts_words(parsed, tier)
    excluded_groups = [_ts_group(g) for g in parsed.excluded_groups]
    if lemma_terms:
        conditions.append("e.lemmas_tsv @@ to_tsquery('simple', %s)")
        cond_params.append(" & ".join([*lemma_terms, *(f"!{g}" for g in excluded_groups)]))
    elif excluded_groups:
        conditions.append(_EXCLUDED["lemmas_tsv"])
        cond_params += [hromada_id, " | ".join(excluded_groups)]
    excluded_phrases = [_ts_phrase(p) for p in parsed.excluded_phrases]
    if parsed.phrases:
        conditions.append("e.words_tsv @@ to_tsquery('simple', %s)")
        cond_params.append(" & ".join([*(_ts_phrase(p) for p in parsed.phrases),
                                       *(f"!{p}" for p in excluded_phrases)]))
    elif excluded_phrases:
        conditions.append(_EXCLUDED["words_tsv"])
        cond_params += [hromada_id, " | ".join(excluded_phrases)]
    for term in parsed.numbers:
        # A number token is only ever in the title: no weight needed (a weighted query is rechecked).
        alternatives = ["e.lemmas_tsv @@ to_tsquery('simple', %s)"]
        cond_params.append(_ts_lexeme(term.token))
        if term.parts:
            alternatives.append("e.words_tsv @@ to_tsquery('simple', %s)")
            cond_params.append(_ts_phrase(term.parts))
        conditions.append("(" + " OR ".join(alternatives) + ")")
    if own is not None:  # the acts whose own number is a number of the query (or, False, the others)
        numbered = " | ".join(_ts_lexeme(n.token) for n in parsed.numbers)
        if own:
            conditions.append("e.lemmas_tsv @@ to_tsquery('simple', %s)")
            cond_params.append(numbered)
        else:
            conditions.append(_EXCLUDED["lemmas_tsv"])
            cond_params += [hromada_id, numbered]
    if filters.published_only:
        conditions.append("e.public")
    # Rank by every positive lemma, number token and phrase word: more of them, and in the title, ranks higher.
    rank_terms = [*(_ts_group(g) for g in parsed.groups), *(_ts_lexeme(n.token) for n in parsed.numbers),
                  *(_ts_lexeme(w) for p in parsed.phrases for w in p)]
    score = "ts_rank('{0.1, 0.2, 0.4, 1.0}', e.lemmas_tsv, to_tsquery('simple', %s))"
    rank = " | ".join(rank_terms)
    if index_only:
        base = f" FROM acts_searchentry e WHERE e.hromada_id = %s AND {' AND '.join(conditions)}"
        if filters.published_only:
            base += f" AND e.act_id NOT IN ({_NOT_YET_PUBLIC})"
            cond_params += [hromada_id, timezone.now()]
        return _Sql("e.act_id", score, base, [rank, hromada_id, *cond_params], 1, "score DESC, e.act_id DESC")
    base = (f" FROM acts_searchentry e JOIN acts_act a ON a.id = e.act_id WHERE e.hromada_id = %s AND "
            f"{' AND '.join(conditions + where)}")
    return _Sql("a.id", score, base, [rank, hromada_id, *cond_params, *params], 1, "score DESC, a.id DESC")


# Relevance is computed for the newest RANK_WINDOW matches; a query matching more (a third of all acts say
# «земельна ділянка») lists the rest after them, newest first. Ranking reads every ranked act's index entry,
# so this bounds a request's work whatever the registry's size; the same rule on both databases.
RANK_WINDOW = 1000


def _within_rank_window(sql: _Sql) -> _Sql:
    base_params = sql.params[sql.score_params:]
    edge = _fetch(f"SELECT {sql.key}{sql.base} ORDER BY {sql.key} DESC LIMIT 1 OFFSET %s",
                  [*base_params, RANK_WINDOW - 1])
    if not edge:
        return sql
    score = f"CASE WHEN {sql.key} >= %s THEN {sql.score} END"
    return replace(sql, score=score, params=[edge[0][0], *sql.params], score_params=sql.score_params + 1,
                   order=f"score DESC NULLS LAST, {sql.key} DESC")


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# PostgreSQL answers a relevance page in one statement: the matches are read from the index once, and counted,
# windowed and ranked from that list (three statements would read a broad match three times).
def _postgres_ranked_page(sql: _Sql, limit: int, offset: int) -> tuple[list[tuple], int | None]:
    score_params, base_params = sql.params[:sql.score_params], sql.params[sql.score_params:]
    rest = ""
    if offset + limit > RANK_WINDOW:  # the page reaches past the ranked window: the rest, newest first
        rest = " UNION ALL SELECT id, NULL FROM m WHERE id < (SELECT coalesce(min(id), 0) FROM w)"
    statement = (
        f"WITH m AS MATERIALIZED (SELECT {sql.key} AS id{sql.base}), "  # noqa: S608 (our own fragments)
        f"w AS MATERIALIZED (SELECT id FROM m ORDER BY id DESC LIMIT {RANK_WINDOW}), "
        f"ranked AS (SELECT w.id, {sql.score} AS score FROM w JOIN acts_searchentry e ON e.act_id = w.id) "
        f"SELECT id, score, (SELECT count(*) FROM m) FROM (SELECT id, score FROM ranked{rest}) page "
        f"ORDER BY score DESC NULLS LAST, id DESC LIMIT %s OFFSET %s")
    rows = _fetch(statement, [*base_params, *score_params, limit, offset])
    return [(pk, score) for pk, score, _ in rows], (rows[0][2] if rows else None)


def _page(sql: _Sql, *, ranked: bool, limit: int, offset: int) -> tuple[list[tuple], int]:
    """One page of a list of matches (ids and scores) and the length of the whole list."""
    rows: list[tuple] = []
    count = None
    if limit > 0:
        if ranked and connection.vendor == "postgresql":
            rows, count = _postgres_ranked_page(sql, limit, offset)
        else:
            if ranked:
                sql = _within_rank_window(sql)
            rows = _fetch(f"SELECT {sql.key}, {sql.score} AS score{sql.base} ORDER BY {sql.order} "
                          "LIMIT %s OFFSET %s", [*sql.params, limit, offset])
        if count is None and (0 < len(rows) < limit or (not rows and offset == 0)):  # the end of the list
            count = offset + len(rows)
    if count is None:
        count = _fetch("SELECT count(*)" + sql.base, sql.params[sql.score_params:])[0][0]
    return rows, count


def search(hromada, q: str, filters: Filters | None = None, *, sort: str = "relevance", limit: int = 20,
           offset: int = 0, snippets: bool = True, partial: bool = True) -> Results:
    """Acts of one hromada matching the query and filters, one page, with the total count.

    With `partial` (the default), a query of three plain words or more whose full matches fill less than
    the page (`limit`) goes on with the acts lacking one of its words (two, from five words): after all the
    full matches, in the same order, as one list paged by `limit`/`offset` (Results.total long).
    `snippets=False` skips the highlighted passages (exports of a whole result list need none)."""
    if connection.vendor != "postgresql":
        return _search(hromada, q, filters, sort=sort, limit=limit, offset=offset, snippets=snippets,
                       partial=partial)
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner does not know that testing a tsvector means reading it out of line (migration 0003):
        # for a broad query it would test every row. Bitmap scans answer the match from the index (GIN or
        # RUM alike: the ranking reads the window's entries, which is cheaper than RUM's distance ordering
        # over every match — see docs/acts.md).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        try:
            return _search(hromada, q, filters, sort=sort, limit=limit, offset=offset, snippets=snippets,
                           partial=partial)
        finally:  # within a caller's transaction, SET LOCAL would outlast this search
            cursor.execute("SET LOCAL enable_seqscan = on")
            cursor.execute("SET LOCAL enable_indexscan = on")


def _search(hromada, q: str, filters: Filters | None, *, sort: str, limit: int, offset: int,
            snippets: bool, partial: bool) -> Results:
    filters = filters or Filters()
    parsed = parse(q)
    where, params = _filter_sql(hromada.pk, filters)
    typed = bool((q or "").strip())
    ranked = sort == "relevance" and not parsed.is_empty
    if parsed.is_empty:
        if typed:  # only stop words, punctuation or exclusions: nothing to look for
            return Results(0, [], parsed, empty_query=True)
        rows, count = _page(_Sql("a.id", "NULL", f" FROM acts_act a WHERE {' AND '.join(where)}", params, 0,
                                 _date_order(sort)), ranked=False, limit=limit, offset=offset)
        return Results(count, _hits(rows, {}, parsed, snippets), parsed, empty_query=False)
    build = _postgres_sql if connection.vendor == "postgresql" else _sqlite_sql
    index_only = _index_only(filters, sort)
    # By relevance, the acts whose own number was asked for come first, whatever their score against acts
    # that only quote that number: each tier is listed as two parts, those acts and then the others.
    parts = (True, False) if ranked and parsed.numbers else (None,)

    def tier_sql(tier: int, own: bool | None) -> _Sql:
        sql = build(parsed, hromada.pk, filters, where, params, index_only, tier, own)
        return sql if ranked else replace(sql, order=_date_order(sort))

    rows: list[tuple] = []
    tiers: dict[int, int] = {}
    count = partial_count = listed = 0
    for tier in range(parsed.missing_allowed + 1 if partial else 1):
        # Full matches fill less than a page: the acts lacking one word follow (then two, for long queries);
        # when they fill it, no partial ones are listed or counted (Results.partial_count).
        if tier and count >= limit:
            break
        for own in parts:
            more, part_count = _page(tier_sql(tier, own), ranked=ranked, limit=limit - len(rows),
                                     offset=max(0, offset - listed))
            rows += more
            tiers.update((pk, tier) for pk, _ in more)
            listed += part_count
            if tier:
                partial_count += part_count
            else:
                count += part_count
    return Results(count, _hits(rows, tiers, parsed, snippets), parsed, empty_query=False,
                   partial_count=partial_count)


def _hits(rows: list[tuple], tiers: dict[int, int], parsed: ParsedQuery, snippets: bool) -> list[Hit]:
    acts = Act.objects.select_related("author_unit").in_bulk([row[0] for row in rows])
    texts = _texts(acts.keys()) if snippets and not parsed.is_empty else {}
    matched = _matched_terms(parsed, [pk for pk, tier in tiers.items() if tier])
    everything = parsed.terms()
    return [Hit(acts[pk], None if score_value is None else round(float(score_value), 6),
                snippet(texts.get(pk, ""), parsed) if texts else "",
                match="partial" if tiers.get(pk) else "all", matched_terms=matched.get(pk, everything))
            for pk, score_value in rows if pk in acts]


def _matched_terms(parsed: ParsedQuery, ids: list[int]) -> dict[int, list[str]]:
    """For partial matches: the query's terms each act has (its index entry's lemmas against each word's)."""
    if not ids:
        return {}
    mandatory = parsed.terms()[len(parsed.groups):]  # phrases and numbers: every match has them
    result = {}
    for pk, title, body in SearchEntry.objects.filter(act_id__in=ids).values_list("act_id", "title_lemmas",
                                                                                   "body_lemmas"):
        present = set(title.split()) | set(body.split())
        result[pk] = [word for group, word in zip(parsed.groups, parsed.group_words, strict=True)
                      if not present.isdisjoint(group)] + mandatory
    return result


def _texts(ids) -> dict[int, str]:
    """Act text followed by attachments' text, for snippets of one page of results."""
    from hromada.acts.models import Attachment

    texts = dict(Act.objects.filter(pk__in=ids).values_list("pk", "text"))
    for act_id, text in Attachment.objects.filter(act_id__in=ids).exclude(text="").values_list("act_id", "text"):
        texts[act_id] = f"{texts.get(act_id, '')}\n{text}"
    return texts
