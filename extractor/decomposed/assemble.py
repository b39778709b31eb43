"""From answers to incidents: ask each mention's questions, fill drafts, then ground and normalize as usual.

The drafts go through the same ``pipeline.build_incidents`` as the one-call path (grounding, dates, places,
counts, aliases). Then the article's records are made distinct: mentions of one incident (same sub-event
type, date and place) merge into one record, background mentions with neither date nor place below the country
are dropped (the codebook does not label them), and no two records are equal field for field. A record dated
only by its report ("the ministry said on Saturday", "the death toll rose to nine on Wednesday") has no day of
its own (GUIDE 15): it joins the record of its kind told with its own day a little earlier in a compatible place.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..choice import Chooser
from ..language_cues import merged_alternation
from ..normalize.dates import find_date_expressions
from ..normalize.places import VILLAGE_POPULATION, geocode
from ..pipeline import ArticleContext, FieldChoice, build_incidents, drop_repeats
from ..schemas import ExtractionDraft, Incident, IncidentDraft
from .claims import blamed_actor, claimant
from .locations import (
    country_surface,
    main_country,
    named_region,
    read_as_region,
    region_named_for,
    resolve_place,
    window_region,
)
from .mentions import Mention, Sentence, find_mentions, periodic_report, told_date
from .phrases import WORDS, actors_in
from .question_file import ArticleStructure
from .questions import Question, QuestionSet, build_questions, load_questions, shared_weapons
from .subjects import subject_phrase

__all__ = ["Decomposed", "article_context", "extract_decomposed", "passage"]

#: Words of a mention shown with each question: its event sentence, cut to keep every question cheap.
PASSAGE_WORDS = 50
_ROLE_ORDER = ("claimed_by", "attributed_to", "perpetrator")


@dataclass
class Decomposed:
    """The incidents of one article and what it took: questions put to the engine, notes on merges."""

    incidents: list[Incident]
    questions_asked: int = 0
    mentions: int = 0
    notes: list[str] = field(default_factory=list)


def article_context(ctx: ArticleContext, qs: QuestionSet) -> str:
    """The text every question shares: the instructions and the article's headline.

    An engine keeps it evaluated (its KV cache), so only the headline changes from one article to the next.
    The whole article is not sent: evaluating ~400 tokens per article would cost more than the whole budget
    of the embedded engine, and each question carries the passage it is about.
    """
    published = ctx.article.published.isoformat() if ctx.article.published else "unknown"
    headline = ctx.article.text.strip().splitlines()[0][:200] if ctx.article.text.strip() else ""
    return f"{qs.instructions}\nPublication date: {published}\nHeadline: {headline}\n"


def passage(mention: Mention, text: str) -> str:
    """The event sentence, at most PASSAGE_WORDS words: what every question about the mention refers to."""
    return " ".join(mention.lead.text.split()[:PASSAGE_WORDS])


def _ask(
    chooser: Chooser, context: str, question: Question, shown: str, qs: QuestionSet, ctx: ArticleContext
) -> tuple[str | None, bool]:
    """The chosen value, and whether the engine was asked (a question with one option is not).

    Whether the engine overrode the heuristic is kept in ``ctx.choices`` for the judge step (extractor.judge)."""
    heuristic = max(range(len(question.values)), key=lambda i: (question.prior[i], -i)) if question.values else None
    best, asked, scores = heuristic, False, question.prior
    if not (question.trivial or not qs.questions[question.field].model):
        prompt = f"{qs.passage_label}: {shown}\nQuestion: {question.text}\nAnswer:"
        choice = chooser.choose(context, prompt, list(question.options), list(question.prior))
        best, asked, scores = choice.index, True, choice.logprobs
    value = question.values[best] if best is not None else None
    if value is not None and best is not None:
        # The chosen option's softmax share; with the rules backend the scores are the heuristic's prior alone.
        share = 1.0 / sum(math.exp(score - scores[best]) for score in scores) if scores[best] > -math.inf else 1.0
        ctx.choices[(question.field, value)] = FieldChoice(by_model=best != heuristic, probability=share)
    return value, asked


_ACTOR_ROLES = ("perpetrator", "claimed_by", "attributed_to")


#: A finite or participle verb in a share of a toll split by place ("two were killed in A", "four died in B"); a
#: share without one ("and three in C") is elliptical: it shares the verb (and its agent) of another share.
_VERB = re.compile(
    rf"(?i)\b(?:\w{{3,}}ed|{WORDS.alternation('subject_verbs')}|{WORDS.alternation('died_verbs')}"
    rf"|{merged_alternation('passive_auxiliaries')}|{merged_alternation('passive_victim_verbs')})\b"
)

_SAID = frozenset(w.lower() for w in (*WORDS.speech_verbs, *WORDS.source_verbs))


def _shared_answers(
    mention: Mention,
    answers: dict[str, Any],
    chooser: Chooser,
    context: str,
    qs: QuestionSet,
    ctx: ArticleContext,
    others: list[Sentence],
) -> int:
    """Fill what an incident told with others in one sentence takes from that sentence; the questions asked.

    A listed place is the incident's locality. The sentence's actors are each incident's when the incident's own
    words name none ("Gunmen killed four in Tamsu and two in Baram": the gunmen did both), unless the actor is
    told inside another incident's own share of the sentence (``others``) and is not the sentence's subject
    ("two were killed in A, six were gunned down by police in B": the police are B's). Its one toll is no
    single incident's (GUIDE 10: a total over several places is not attributable), so a count read only there
    is dropped."""
    assert mention.shared is not None
    shared = mention.shared
    if mention.place is not None:
        answers["locality"] = mention.place
    own = [s for s in mention.sentences if s is not shared]
    for name in ("killed", "injured"):
        value = answers.get(name)
        if value is not None and value in shared.text and not any(value in s.text for s in own):
            answers[name] = None
    if not own or not all(answers.get(r) is None for r in _ACTOR_ROLES):
        return 0
    whole = Mention([shared], cues=list(mention.cues), headline=mention.headline)
    asked = 0
    for question in build_questions(whole, ctx, qs):
        if question.field in (*_ACTOR_ROLES, "target") and answers.get(question.field) is None:
            answers[question.field], was_asked = _ask(
                chooser, context, question, passage(whole, ctx.article.text), qs, ctx
            )
            asked += was_asked
    subject = subject_phrase(shared.text, ctx) or ""
    for role in _ACTOR_ROLES:
        value = answers.get(role)
        at = shared.text.find(value) if isinstance(value, str) and value not in subject else -1
        if at >= 0 and _inside(shared.start + at, others) and not _inside(shared.start + at, own):
            # told in another entry's own share: that entry's actor, unless this share has no verb of its own and
            # so shares the verb, and its agent, of another ("four killed by gunmen in A and two in B")
            if any(_has_verb(s.text) for s in own):
                answers[role] = None
    return asked


def _inside(offset: int, sentences: list[Sentence]) -> bool:
    return any(s.start <= offset < s.end for s in sentences)


def _has_verb(share: str) -> bool:
    """Whether a share has a verb of its own; a verb of saying ("and two in B, police said") tells the source."""
    return any(m.group(0).lower() not in _SAID for m in _VERB.finditer(share))


def _region_over_gazetteer(mention: Mention, place: str, country: str, ctx: ArticleContext) -> str | None:
    """The region the mention names for a gazetteer village (places.VILLAGE_POPULATION) that lies in none of the
    regions the article names ("Makera village ... of Zamfara State" where the gazetteer's one Makera is in Kaduna):
    another village of that name, which the gazetteer lacks, so the article's region is kept (in the village's
    country only) and geocode places the name in it. Only a region the mention's own sentences name overrides the
    gazetteer: one named before, for another town ("Sarmada in Idlib ... in Atarib"), does not."""
    town = geocode(place, country=country, context=ctx.place_names).place
    if town is None or town.population >= VILLAGE_POPULATION:
        return None
    region = window_region(mention, ctx)
    found = resolve_place(region, ctx) if region else None
    return region if found is not None and found == ("region", country) else None


def _stated_claimant(mention: Mention, values: dict[str, Any], ctx: ArticleContext) -> bool:
    """Whether the perpetrator is also the claimant and the event sentence itself states, as fact, that it acted
    ("the Taliban attacked the district ... the group's spokesman said it was responsible"): GUIDE 7 keeps it in
    both fields. A claim told in the event sentence ("X said its fighters planted the bomb") stays a claim only."""
    perpetrator, claimed = values.get("perpetrator"), values.get("claimed_by")
    if not isinstance(perpetrator, str) or not isinstance(claimed, str) or perpetrator.lower() != claimed.lower():
        return False
    lead = mention.lead
    if claimant(lead.text, actors_in(lead, ctx)) is not None or blamed_actor(lead.text, actors_in(lead, ctx)):
        return False
    subject = subject_phrase(lead.text, ctx)
    return subject is not None and perpetrator.lower() in subject.lower()


def _draft(mention: Mention, answers: dict[str, Any], ctx: ArticleContext) -> IncidentDraft:
    values = dict(answers)
    place = values.pop("locality")
    values["locality"] = values["admin1"] = None
    found = resolve_place(place, ctx) if place is not None else None
    if found is not None and found[0] == "town" and place is not None:
        # "killed in Abuja, Kano, Niger, Borno, Kaduna and Jigawa": in a list of regions, Kano is the state
        told = next((s.text for s in (mention.shared, *mention.sentences) if s is not None and place in s.text), "")
        if read_as_region(place, told, found[1], ctx):
            found = ("region", found[1])
    if found is not None:
        values["admin1" if found[0] == "region" else "locality"] = place
        if values.get("country") is None:  # the article's own word for the place's country pins the gazetteer
            values["country"] = country_surface(found[1], ctx)
        if found[0] == "town":
            values["admin1"] = region_named_for(place, found[1], ctx) or _region_over_gazetteer(
                mention, place, found[1], ctx
            )
    elif place is not None:  # a town the gazetteer lacks: kept as written, in the region the mention names
        values["locality"] = place
        region = values["admin1"] = named_region(mention, ctx)
        if values.get("country") is None:  # the region's country, else the country the article is about
            found_region = resolve_place(region, ctx) if region else None
            values["country"] = (
                country_surface(found_region[1], ctx) if found_region else next(iter(main_country(ctx)), None)
            )
    seen: set[str] = set()
    stated = _stated_claimant(mention, values, ctx)
    for role in _ROLE_ORDER:  # one actor in one role; a claim beats a blame beats a plain statement
        if values.get(role) is not None and values[role].lower() in seen and not (role == "perpetrator" and stated):
            values[role] = None
        elif values.get(role) is not None:
            seen.add(values[role].lower())
    if values.get("target") is not None and values["target"].lower() in seen:
        values["target"] = None
    return IncidentDraft(primary=mention.primary or mention.listed, type_quote=mention.lead.text, **values)


def extract_decomposed(ctx: ArticleContext, chooser: Chooser, qs: QuestionSet | None = None) -> Decomposed:
    """Find the mentions, ask their questions, build and tidy the records of one article."""
    qs = qs or load_questions()
    text = ctx.article.text
    context = article_context(ctx, qs)
    mentions = find_mentions(
        text,
        published=ctx.article.published,
        extra_cues=qs.cue_patterns,
        not_events=qs.not_event,
        structure=qs.structure,
    )
    result = Decomposed([], mentions=len(mentions))
    drafts: list[IncidentDraft] = []
    told: list[Mention] = []  # each draft's mention
    last_date: str | None = None
    for mention in mentions:
        shown = passage(mention, text)
        answers: dict[str, Any] = {}
        for question in build_questions(mention, ctx, qs, report=mentions[0]):
            value, asked = _ask(chooser, context, question, shown, qs, ctx)
            result.questions_asked += asked
            if question.field == "incident":
                if value != "yes":
                    break
                continue
            answers[question.field] = value
        else:
            if mention.shared is not None:
                others = [
                    s
                    for m in mentions
                    if m.shared is mention.shared and m is not mention
                    for s in m.sentences
                    if s is not mention.shared
                ]
                result.questions_asked += _shared_answers(mention, answers, chooser, context, qs, ctx, others)
            # A roundup gives the day once; an entry whose event sentence names a day of its own, if only the
            # report's ("sources reported today"), is not dated by the entry before (GUIDE 15: then date null).
            undated = answers.get("date_text") is None and not find_date_expressions(mention.lead.text)
            if undated and mention.in_roundup:
                answers["date_text"] = last_date
            last_date = answers.get("date_text") or last_date
            drafts.append(_draft(mention, answers, ctx))
            told.append(mention)
    for draft, weapon in zip(
        drafts, shared_weapons([(m, d.sub_event_type, d.weapon) for m, d in zip(told, drafts)], ctx)
    ):
        draft.weapon = weapon
    incidents = build_incidents(ExtractionDraft(incidents=drafts), ctx)
    incidents = _mark_primary(incidents, qs.primary_window_days)
    if periodic_report(text, qs.structure):
        incidents = _report_primary(incidents, ctx.article.published, qs.structure.report_window_days)
    elif next((i.date is None for i in incidents if i.primary), False):  # an undated lede sums the day's news
        incidents = _report_primary(incidents, ctx.article.published, qs.structure.undated_lede_window_days)
    # GUIDE 3: a background mention is labelled when it has a date or a place of its own; the country alone is
    # what the article is about ("Afghan forces now lead most of the fighting"), not a place.
    incidents = [i for i in incidents if i.primary or i.date_text or i.locality or i.admin1]
    days = [report_day(i, text, qs.structure, ctx.article.published) for i in incidents]
    incidents, joined = join_reports(incidents, days)
    if joined:
        result.notes.append(f"joined {joined} record(s) dated only by their report to the incident they report")
    incidents, merged = merge_mentions(incidents)
    if merged:
        result.notes.append(f"merged {merged} mention(s) of an incident already reported (same type, date, place)")
    result.incidents = incidents
    return result


def _mark_primary(incidents: list[Incident], window_days: int) -> list[Incident]:
    """The lede's incident is primary; so is any other dated the same day (a report of several events)."""
    lede = next((i for i in incidents if i.primary), None)
    if lede is None or lede.date is None:
        return incidents
    out = []
    for incident in incidents:
        if not incident.primary and incident.date is not None and abs((incident.date - lede.date).days) <= window_days:
            incident = incident.model_copy(update={"primary": True})
        out.append(incident)
    return out


def _report_primary(incidents: list[Incident], published: dt.date | None, window_days: int) -> list[Incident]:
    """A periodic report's news is every incident of its period: those dated within the window are primary."""
    if published is None:
        return incidents
    return [
        i.model_copy(update={"primary": True})
        if not i.primary and i.date is not None and 0 <= (published - i.date).days <= window_days
        else i
        for i in incidents
    ]


#: A record dated only by its report is at most this many days after the incident it updates (a week of follow-ups).
REPORT_DAY_REACH = 7


def report_day(
    incident: Incident, text: str, structure: ArticleStructure, published: dt.date | None = None
) -> dt.date | None:
    """The day the record's news was told when that is all its date says, else None (its day is the event's).

    A date the telling carries ("Lebanon's health ministry said on Saturday": ``telling_dates``) is that day. A
    record whose event sentence updates a toll ("The death toll ... rose to nine on Wednesday", ``toll_update``)
    tells the news as of publication, whatever date it picked up (a caption's, the update's). Such a record cannot
    be told apart by its day from the incident it reports (GUIDE 15: the report day is no event date)."""
    lead = incident.evidence.get("sub_event_type")
    update = structure.pattern("toll_update")
    if lead is not None and update is not None and update.search(lead.quote):
        return published or incident.date
    told = incident.evidence.get("date_text") or incident.evidence.get("date")
    if incident.date is None or told is None:
        return None
    telling, after = structure.pattern("telling_dates"), structure.pattern("telling_dates_after")
    return incident.date if told_date(text, told.start, told.end, telling, after) else None


def _place(incident: Incident) -> str | None:
    return incident.locality or incident.admin1


def _updates(report: Incident, day: dt.date, event: Incident) -> bool:
    """Whether ``report``, told on ``day`` with no day of its own, can be the news of ``event``, told with its own.

    The same event type (a toll update's "bombing" reads as an IED where the body's "blew himself up" tells a
    suicide bomb), the report's day on or at most REPORT_DAY_REACH days after the event's, the same country, and
    the same place below it or one of them naming none (the lede names the town, the body retells the event by
    "the town's mosque")."""
    if report.event_type != event.event_type or not _within_reach(day, event.date):
        return False
    return not _other_countries(report, event) and _may_be_at(event, _place(report))


def _same_event(a: Incident, b: Incident) -> bool:
    place_a, place_b = (a.locality or a.admin1 or a.country), (b.locality or b.admin1 or b.country)
    if a.sub_event_type != b.sub_event_type:
        return False
    if a.date is None or b.date is None:  # an undated retelling of the incident in the same town joins it
        town_a, town_b = a.locality or a.admin1, b.locality or b.admin1
        if town_a is not None and town_a == town_b and (a.date, b.date) != (None, None):
            return True
    return (
        a.date == b.date
        and (place_a == place_b or None in (place_a, place_b))
        and (a.date is not None or place_a == place_b)
    )


_DATE_FIELDS = ("date", "date_text", "date_precision")
_TYPE_FIELDS = ("event_type", "sub_event_type")


def _event_of(n: int, incidents: list[Incident | None], days: list[dt.date | None]) -> int | None:
    """The index of the record that record ``n`` (told on ``days[n]``) tells the news of: the one of its kind
    and place told with its own day, else, when one of the two names no place, the only one of its event type told
    in the report's reach that can be at the report's place."""
    report, day = incidents[n], days[n]
    assert report is not None and day is not None
    told = {m: i for m, (i, d) in enumerate(zip(incidents, days, strict=True)) if i is not None and d is None}
    found = [m for m, i in told.items() if _updates(report, day, i)]
    same_place = [m for m in found if _place(report) is not None and _place(told[m]) == _place(report)]
    same_kind = [m for m in same_place if told[m].sub_event_type == report.sub_event_type]
    if same_kind or same_place:
        return (same_kind or same_place)[0]
    # With no place to go by, only when no other record of the event type is told within the report's reach:
    # in a live blog or a roundup of those days, a placeless strike is as likely another entry. A record placed in
    # another town than the report's is not one the report can tell (GUIDE 2: one location), so it is no rival.
    kin = [
        m
        for m, i in told.items()
        if i.event_type == report.event_type and _within_reach(day, i.date) and _may_be_at(i, _place(report))
    ]
    return found[0] if len(found) == 1 and kin == found else None


def _may_be_at(incident: Incident, place: str | None) -> bool:
    """Whether ``incident`` can have happened at ``place``: it names no place, or that one, or ``place`` is None."""
    return None in (place, _place(incident)) or _place(incident) == place


def _other_countries(a: Incident, b: Incident) -> bool:
    """Whether two records name different countries (one naming none may be in either)."""
    return None not in (a.country, b.country) and a.country != b.country


def _within_reach(day: dt.date, event_day: dt.date | None) -> bool:
    return event_day is not None and 0 <= (day - event_day).days <= REPORT_DAY_REACH


def _fill(twin: Incident, other: Incident, names: tuple[str, ...] = ()) -> Incident:
    """``twin`` with its gaps filled from ``other`` (and ``names`` taken from it whole); evidence goes along."""
    updates = {
        name: getattr(other, name)
        for name in Incident.model_fields
        if name not in ("notes", "evidence", "primary")
        and getattr(twin, name) is None
        and getattr(other, name) is not None
    }
    if "date" in updates:  # a date filled from the twin comes with its precision (twin's is "unknown")
        updates["date_precision"] = other.date_precision
    updates.update({name: getattr(other, name) for name in names})
    evidence = {**twin.evidence, **{k: v for k, v in other.evidence.items() if k in updates}}
    updates.update(primary=twin.primary or other.primary, evidence=evidence)
    return twin.model_copy(update=updates)


def join_reports(incidents: list[Incident], days: list[dt.date | None]) -> tuple[list[Incident], int]:
    """Join each record dated only by its report (``days``, from ``report_day``) to the incident it reports.

    A toll update or a lede whose one date is the ministry's statement ("killed seven, the ministry said on
    Saturday") retells an incident the body dates ("were killed a day earlier"): GUIDE 2 makes one record of
    them, at the earlier one's place in the article, with the event's own day and kind (better evidence than the
    report's)."""
    out: list[Incident | None] = list(incidents)
    days = list(days)
    joined = 0
    for n in range(len(out)):
        if days[n] is None or out[n] is None:
            continue
        m = _event_of(n, out, days)
        if m is None:
            continue
        report, event = out[n], out[m]
        assert report is not None and event is not None
        first, second = min(n, m), max(n, m)
        # The event's own sentence tells its day and its kind; the report's sentence tells the news of it.
        out[first] = _fill(report, event, (*_DATE_FIELDS, *_TYPE_FIELDS)) if n < m else _fill(event, report)
        out[second] = None
        days[first] = None
        joined += 1
    return [i for i in out if i is not None], joined


def merge_mentions(incidents: list[Incident]) -> tuple[list[Incident], int]:
    """Merge records of one incident (same type, date, place; a missing place joins), filling gaps from later ones.

    An undated record joins the one other record it cannot be told apart from (``_join_bare``): the kidnappers'
    ransom call retells the kidnapping."""
    incidents, joined = _join_bare(incidents)
    kept: list[Incident] = []
    merged = joined
    for incident in incidents:
        at = next((n for n, k in enumerate(kept) if _same_event(k, incident)), None)
        if at is None:
            kept.append(incident)
            continue
        merged += 1
        kept[at] = _fill(kept[at], incident)
    kept, repeats = drop_repeats(kept)
    return kept, merged + repeats


def _join_bare(incidents: list[Incident]) -> tuple[list[Incident], int]:
    """Each undated record that nothing sets apart from one other record, joined to it (GUIDE 2: one date, one
    place, one kind make an incident, and it has no date of its own to differ by).

    With no place either, its partner is the one other record of its sub-event type (and country); with a place,
    the one other record of its event type in that place, whatever sub-event type each sentence was read as ("the
    rebels overran Tamsu" beside "the clash in Tamsu"). With two or more candidates it may be any of them, and it
    stays. The joined record is the dated one's (else the earlier one's), its gaps filled from the other, at the
    earlier one's place in the article."""
    out: list[Incident | None] = list(incidents)
    joined = 0
    for n, bare in enumerate(incidents):
        if bare.date is not None or out[n] is None:
            continue
        kin = [m for m, other in enumerate(out) if m != n and other is not None and _indistinct(bare, other)]
        if len(kin) == 1:
            event = out[kin[0]]
            assert event is not None
            keep, other = (event, bare) if event.date is not None or kin[0] < n else (bare, event)
            out[min(n, kin[0])], out[max(n, kin[0])] = _fill(keep, other), None
            joined += 1
    return [i for i in out if i is not None], joined


def _indistinct(bare: Incident, other: Incident) -> bool:
    """Whether ``other`` can be the incident the undated record ``bare`` tells: of its sub-event type when ``bare``
    names no place, else of its event type in the same place; never in another country."""
    if _other_countries(bare, other):
        return False
    if _place(bare) is None:
        return other.sub_event_type == bare.sub_event_type
    return other.event_type == bare.event_type and _place(other) == _place(bare)
