"""Review state in the job store: the queue, one article as the analyst sees it, and every change as a
versioned write with an audit row.

Tables (extractor.review.schema, added to the job store when a ReviewStore opens it): ``review_log`` is
append-only; ``review_state`` holds each touched incident's current values and a version; ``review_articles``
holds the reviewed record of each article marked reviewed. Model incidents are keyed
``m<n>`` (their index in the model's record), added ones ``a<n>``. A change carries the version its form
was rendered with: a stale one raises StaleVersion and writes nothing. Any change to an article marked
reviewed clears the mark: "reviewed" always means someone approved the record as it now stands.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..schemas import EVENT_TYPES, ArticleExtraction, Evidence, Incident, Provenance
from ..store import JobStore, transaction
from .edits import EditError, apply_edit, checked_evidence, new_incident
from .schema import open_review_tables

__all__ = [
    "ArticleView",
    "IncidentView",
    "NotFound",
    "PROBLEMS",
    "QueueFilters",
    "ReviewStore",
    "StaleVersion",
    "VIEWS",
]

VIEWS = ("unreviewed", "reviewed", "all")
PROBLEMS = ("", "errors", "no_incidents", "disagree")
_KEY = re.compile(r"^[ma]\d+$")

# Reports that seem to describe one event (same date, country and event type, in another article) but
# disagree on what happened (casualties, place or kind). A stand-in until events are linked across articles.
_DISAGREE = """EXISTS (SELECT 1 FROM incidents i JOIN incidents j ON j.date = i.date AND j.country = i.country
    AND j.event_type = i.event_type AND j.article_id <> i.article_id WHERE i.article_id = a.id AND (
    json_extract(i.incident, '$.killed') IS NOT json_extract(j.incident, '$.killed')
    OR json_extract(i.incident, '$.injured') IS NOT json_extract(j.incident, '$.injured')
    OR json_extract(i.incident, '$.locality') IS NOT json_extract(j.incident, '$.locality')
    OR i.sub_event_type IS NOT j.sub_event_type))"""


# The queue's order: least confident first (the lowest confidence the judge step gave any of an article's records).
# An article with nothing judged (an error, no incidents, records from before the judge step) sorts first: nothing
# in it has been shown to be trustworthy.
_CONFIDENCE = (
    "COALESCE((SELECT MIN(json_extract(i.incident, '$.confidence')) FROM incidents i WHERE i.article_id = a.id), -1)"
)
_ORDER = f"ORDER BY {_CONFIDENCE}, a.ordinal, a.id"


class NotFound(InputError):
    """No such article or incident in this job store."""


class StaleVersion(InputError):
    """The incident changed after the form was rendered (another tab or reviewer); nothing was written."""


@dataclass(frozen=True)
class QueueFilters:
    view: str = "unreviewed"
    problem: str = ""
    country: str = ""
    event_type: str = ""

    @classmethod
    def parse(cls, query: dict[str, str]) -> QueueFilters:
        filters = cls(
            **{
                k: (query.get(k) or "").strip()
                for k in ("view", "problem", "country", "event_type")
                if query.get(k) is not None
            }
        )
        if filters.view not in VIEWS:
            raise EditError(f"view must be one of {', '.join(VIEWS)}, got {filters.view!r}")
        if filters.problem not in PROBLEMS:
            raise EditError(f"problem must be one of {', '.join(p for p in PROBLEMS if p)}, got {filters.problem!r}")
        if filters.event_type and filters.event_type not in EVENT_TYPES:
            raise EditError(f"unknown event type {filters.event_type!r}")
        return filters

    def as_query(self) -> dict[str, str]:
        """The non-default filters, for links that keep the analyst in the same queue."""
        return {k: v for k, v in vars(self).items() if v != getattr(QueueFilters, k)}

    def where(self) -> tuple[str, list[str]]:
        clauses, params = ["1 = 1"], []
        if self.view == "unreviewed":
            clauses.append("v.article_id IS NULL")
        elif self.view == "reviewed":
            clauses.append("v.article_id IS NOT NULL")
        if self.problem == "errors":
            clauses.append("r.status = 'error'")
        elif self.problem == "no_incidents":
            clauses.append("r.status = 'ok' AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.article_id = a.id)")
        elif self.problem == "disagree":
            clauses.append(_DISAGREE)
        for name in ("country", "event_type"):
            if getattr(self, name):
                clauses.append(
                    f"(EXISTS (SELECT 1 FROM incidents i WHERE i.article_id = a.id AND i.{name} = ?) OR EXISTS "
                    "(SELECT 1 FROM review_state s WHERE s.article_id = a.id AND s.decision <> 'rejected' "
                    f"AND json_extract(s.incident_json, '$.{name}') = ?))"
                )
                params += [getattr(self, name)] * 2
        return " AND ".join(clauses), params


@dataclass
class IncidentView:
    key: str
    origin: str  # "model" or "added"
    decision: str  # "pending", "accepted", "edited" or "rejected"
    incident: Incident  # current values: the model's until an analyst changes them
    version: int
    model: Incident | None
    reviewer: str | None = None
    updated_at: str | None = None


@dataclass
class ArticleView:
    id: str
    ordinal: int
    text: str | None
    published: dt.date | None
    source: str | None
    url: str | None
    status: str | None  # "ok", "error" or None (not processed yet)
    error: dict[str, Any] | None
    provenance: Provenance | None
    incidents: list[IncidentView]
    reviewed_by: str | None
    reviewed_at: str | None
    log: list[dict[str, Any]] = field(default_factory=list)

    def pending(self) -> list[str]:
        return [i.key for i in self.incidents if i.decision == "pending"]


class ReviewStore:
    """Review reads and writes over one job store; one lock serializes them (the app shares one connection)."""

    def __init__(self, job: JobStore, reviewer: str) -> None:
        self.job = open_review_tables(job)
        self.db = job.db
        self.reviewer = reviewer
        self._lock = threading.RLock()

    # -- reading --------------------------------------------------------------------------------------
    def queue(self, filters: QueueFilters, *, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        where, params = filters.where()
        base = (
            "FROM articles a LEFT JOIN results r ON r.article_id = a.id "
            "LEFT JOIN review_articles v ON v.article_id = a.id LEFT JOIN errors e ON e.article_id = a.id "
            f"WHERE {where}"
        )
        with self._lock:
            total = self.db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0]
            rows = self.db.execute(
                "SELECT a.id, a.ordinal, a.source, a.published, r.status, "
                "(SELECT COUNT(*) FROM incidents i WHERE i.article_id = a.id), "
                "(SELECT i.sub_event_type || ' · ' || COALESCE(i.date, 'no date') || ' · ' || COALESCE(i.country, '?') "
                " FROM incidents i WHERE i.article_id = a.id ORDER BY i.n LIMIT 1), "
                "(SELECT COUNT(*) FROM review_state s WHERE s.article_id = a.id), "
                f"v.reviewer, v.reviewed_at, e.kind, e.message, substr(a.text, 1, 140), "
                "(SELECT MIN(json_extract(i.incident, '$.confidence')) FROM incidents i WHERE i.article_id = a.id), "
                "(SELECT COUNT(*) FROM incidents i WHERE i.article_id = a.id "
                f"AND json_extract(i.incident, '$.needs_review')) {base} "
                f"{_ORDER} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        names = (
            "id",
            "ordinal",
            "source",
            "published",
            "status",
            "incidents",
            "first",
            "touched",
            "reviewed_by",
            "reviewed_at",
            "error_kind",
            "error",
            "lead",
            "confidence",
            "needs_review",
        )
        return [dict(zip(names, row)) for row in rows], total

    def countries(self) -> list[str]:
        with self._lock:
            return [
                r[0]
                for r in self.db.execute(
                    "SELECT DISTINCT country FROM incidents WHERE country IS NOT NULL ORDER BY country"
                )
            ]

    def next_article(self, after: str | None, filters: QueueFilters) -> str | None:
        """The next article of the queue after ``after`` (wrapping to the start), or None when it is empty."""
        where, params = filters.where()
        base = (
            "SELECT a.id FROM articles a LEFT JOIN results r ON r.article_id = a.id "
            f"LEFT JOIN review_articles v ON v.article_id = a.id WHERE {where}"
        )
        with self._lock:
            position = self.db.execute(
                f"SELECT {_CONFIDENCE}, a.ordinal, a.id FROM articles a WHERE a.id = ?", (after,)
            ).fetchone()
            if position is not None:
                row = self.db.execute(
                    f"{base} AND ({_CONFIDENCE}, a.ordinal, a.id) > (?, ?, ?) {_ORDER} LIMIT 1", [*params, *position]
                ).fetchone()
                if row is not None:
                    return row[0]
            row = self.db.execute(f"{base} AND a.id IS NOT ? {_ORDER} LIMIT 1", [*params, after]).fetchone()
        return row[0] if row else None

    def article(self, article_id: str) -> ArticleView:
        with self._lock:
            return self._article(article_id)

    def _article(self, article_id: str) -> ArticleView:
        row = self.db.execute(
            "SELECT a.id, a.ordinal, a.text, a.published, a.source, a.url, r.status, r.extraction, v.reviewer, "
            "v.reviewed_at FROM articles a LEFT JOIN results r ON r.article_id = a.id "
            "LEFT JOIN review_articles v ON v.article_id = a.id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no article {article_id!r} in this job store")
        aid, ordinal, text, published, source, url, status, extraction, reviewed_by, reviewed_at = row
        model = ArticleExtraction.model_validate_json(extraction) if extraction else None
        error = self.db.execute("SELECT kind, message FROM errors WHERE article_id = ?", (aid,)).fetchone()
        states = {
            key: rest
            for key, *rest in self.db.execute(
                "SELECT incident, origin, decision, incident_json, version, reviewer, updated_at FROM review_state "
                "WHERE article_id = ? ORDER BY origin = 'added', position",
                (aid,),
            )
        }
        incidents = []
        for n, incident in enumerate(model.incidents if model else []):
            incidents.append(_view(f"m{n}", states.pop(f"m{n}", None), incident))
        incidents += [_view(key, state, None) for key, state in states.items() if state[0] == "added"]
        return ArticleView(
            id=aid,
            ordinal=ordinal,
            text=text,
            published=model.published if model else _date(published),
            source=source,
            url=url,
            status=status,
            error={"kind": error[0], "message": error[1]} if error else None,
            provenance=model.provenance if model else None,
            incidents=incidents,
            reviewed_by=reviewed_by,
            reviewed_at=reviewed_at,
            log=list(self._log(aid, limit=30)),
        )

    def _log(self, article_id: str, limit: int) -> Iterator[dict[str, Any]]:
        names = ("id", "reviewer", "at", "incident", "action", "field", "before", "after", "evidence")
        for row in self.db.execute(
            f"SELECT {', '.join(names)} FROM review_log WHERE article_id = ? ORDER BY id DESC LIMIT ?",
            (article_id, limit),
        ):
            entry = dict(zip(names, row))
            for name in ("before", "after", "evidence"):
                entry[name] = json.loads(entry[name]) if entry[name] else None
            yield entry

    # -- changes --------------------------------------------------------------------------------------
    def accept(self, article_id: str, key: str, version: int) -> None:
        self._change(article_id, key, version, "accept", lambda view: ("accepted", view.incident, None, None, None))

    def reject(self, article_id: str, key: str, version: int) -> None:
        self._change(article_id, key, version, "reject", lambda view: ("rejected", view.incident, None, None, None))

    def edit(
        self,
        article_id: str,
        key: str,
        version: int,
        field: str,
        value: str,
        *,
        start: int | None = None,
        end: int | None = None,
        quote: str | None = None,
    ) -> None:
        """Set one field from the analyst's words (and selected span); see extractor.review.edits."""

        def change(view: IncidentView, article: ArticleView) -> tuple:
            if view.decision == "rejected":
                raise EditError(f"incident {key} is rejected: accept it again before editing it")
            text = article.text or ""
            evidence = checked_evidence(text, start, end, quote)
            edited = apply_edit(view.incident, field, value, evidence, text=text, published=article.published)
            before, after = view.incident.model_dump(mode="json"), edited.model_dump(mode="json")
            changed = [field] + [k for k in after if k not in ("evidence", field) and before[k] != after[k]]
            decision = "edited" if view.origin == "model" else "accepted"
            return (
                decision,
                edited,
                {k: before[k] for k in changed},
                {k: after[k] for k in changed},
                edited.evidence.get("date_text" if field == "date" else field),
            )

        self._change(article_id, key, version, "edit", change, field=field, with_article=True)

    def add(
        self,
        article_id: str,
        sub_event_type: str,
        primary: bool,
        *,
        start: int | None = None,
        end: int | None = None,
        quote: str | None = None,
    ) -> str:
        """Add an incident the model missed; returns its key. The words saying what happened are its evidence."""
        with self._lock, transaction(self.db):
            article = self._article(article_id)
            evidence = checked_evidence(article.text or "", start, end, quote)
            incident = new_incident(sub_event_type, primary, evidence, published=article.published)
            position = self.db.execute(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM review_state WHERE article_id = ? AND origin = 'added'",
                (article_id,),
            ).fetchone()[0]
            key = f"a{position}"
            self._write_state(article_id, key, "added", position, "accepted", incident, 1)
            self._append(article_id, key, "add", None, None, incident.model_dump(mode="json"), evidence)
            return key

    def mark_reviewed(self, article_id: str) -> ArticleExtraction:
        """Approve the article as it stands; every incident must have been accepted, edited or rejected."""
        with self._lock, transaction(self.db):
            article = self._article(article_id)
            pending = article.pending()
            if pending:
                raise EditError(
                    f"{len(pending)} incident(s) not decided yet ({', '.join(pending)}): "
                    "accept, edit or reject each before marking the article reviewed"
                )
            now = _now()
            provenance = (
                article.provenance or Provenance(backend="review", model="analyst", prompt_hash="", prompt_version="")
            ).model_copy(update={"reviewed_by": self.reviewer, "reviewed_at": now})
            kept = [i.incident for i in article.incidents if i.decision != "rejected"]
            record = ArticleExtraction.model_validate(
                {
                    "article_id": article.id,
                    "published": article.published,
                    "source": article.source,
                    "incidents": kept,
                    "provenance": provenance,
                }
            )
            self.db.execute(
                "INSERT OR REPLACE INTO review_articles (article_id, reviewer, reviewed_at, extraction) "
                "VALUES (?, ?, ?, ?)",
                (article.id, self.reviewer, now, record.model_dump_json()),
            )
            summary = {
                "kept": len(kept),
                "rejected": len(article.incidents) - len(kept),
                "added": sum(i.origin == "added" and i.decision != "rejected" for i in article.incidents),
            }
            self._append(article.id, None, "reviewed", None, None, summary, None)
            return record

    def _change(
        self,
        article_id: str,
        key: str,
        version: int,
        action: str,
        change: Callable[..., tuple],
        *,
        field: str | None = None,
        with_article: bool = False,
    ) -> None:
        with self._lock, transaction(self.db):
            article = self._article(article_id)
            view = next((i for i in article.incidents if i.key == key), None)
            if view is None or not _KEY.match(key):
                raise NotFound(f"article {article_id!r} has no incident {key!r}")
            if version != view.version:
                who = f" by {view.reviewer} at {view.updated_at}" if view.reviewer else ""
                raise StaleVersion(
                    f"Not saved: incident {key} was changed{who} after this page was loaded (it is at version "
                    f"{view.version}, your page had version {version}). The current values are shown; "
                    "make your change again if it is still needed."
                )
            decision, incident, before, after, evidence = change(view, article) if with_article else change(view)
            position = int(key[1:])
            self._write_state(article_id, key, view.origin, position, decision, incident, version + 1)
            self._append(article_id, key, action, field, before, after, evidence)
            self.db.execute("DELETE FROM review_articles WHERE article_id = ?", (article_id,))

    def _write_state(
        self, article_id: str, key: str, origin: str, position: int, decision: str, incident: Incident, version: int
    ) -> None:
        self.db.execute(
            "INSERT INTO review_state (article_id, incident, origin, position, decision, incident_json, version, "
            "reviewer, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id, incident) DO UPDATE "
            "SET decision = excluded.decision, incident_json = excluded.incident_json, version = excluded.version, "
            "reviewer = excluded.reviewer, updated_at = excluded.updated_at",
            (article_id, key, origin, position, decision, incident.model_dump_json(), version, self.reviewer, _now()),
        )

    def _append(
        self,
        article_id: str,
        key: str | None,
        action: str,
        field: str | None,
        before: Any,
        after: Any,
        evidence: Evidence | None,
    ) -> None:
        self.db.execute(
            "INSERT INTO review_log (reviewer, at, article_id, incident, action, field, before, after, evidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.reviewer,
                _now(),
                article_id,
                key,
                action,
                field,
                _json(before),
                _json(after),
                evidence.model_dump_json() if evidence is not None else None,
            ),
        )


def _view(key: str, state: list[Any] | None, model: Incident | None) -> IncidentView:
    if state is None:
        return IncidentView(key, "model", "pending", model, 0, model)  # type: ignore[arg-type]
    origin, decision, incident_json, version, reviewer, updated_at = state
    return IncidentView(
        key, origin, decision, Incident.model_validate_json(incident_json), version, model, reviewer, updated_at
    )


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
