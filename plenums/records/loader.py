"""Write parsed records into the database in one transaction, keyed on natural keys."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from plenums.ingest import phrase_counts, row_fields
from plenums.ingest.fixtures import committee_slugs, session_slug
from plenums.ingest.records import ArticleError, SessionRecord
from plenums.models import (
    Appearance,
    Committee,
    Document,
    KeyPhrase,
    Person,
    PhraseOccurrence,
    Session,
)
from plenums.records.lexicon import recount

# Rows are looked up by their model's natural_key_fields. The loader finds people as
# Person.objects.for_speaker() does rather than by their key, so someone staff merged into a
# person of another committee stays merged when that committee's sessions are loaded again.
# Rows are written in the order the fixture lists them (ingest.fixtures.fixture_objects):
# committees, sessions, people, phrases, then each session's appearances, documents and phrases.

# Rows that belong to a session: a re-ingested session keeps exactly those its record lists.
_CHILDREN = (Appearance, Document, PhraseOccurrence)


@dataclass
class _Load:
    """What one load has written so far, by natural key, and its counts."""

    published: bool
    counts: Counter = field(default_factory=Counter)
    committees: dict[str, Committee] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)
    # (name, committee name) → the person a speaker of that committee is.
    people: dict[tuple[str, str], Person] = field(default_factory=dict)
    phrases: dict[str, KeyPhrase] = field(default_factory=dict)
    appearances: dict[tuple[int, int], Appearance] = field(default_factory=dict)
    kept: dict[int, dict[type, set[int]]] = field(default_factory=dict)

    def write(self, model, fields: dict):
        """``update_or_create`` on the model's natural key; counted, and kept if a child."""
        lookup = {k: fields.pop(k) for k in model.natural_key_fields}
        instance, created = model._default_manager.update_or_create(**lookup, defaults=fields)
        self.counts[f"{model._meta.model_name} {'created' if created else 'updated'}"] += 1
        if model in _CHILDREN:
            self.kept.setdefault(instance.session_id, {}).setdefault(model, set()).add(instance.pk)
        return instance


@transaction.atomic
def load_records(records: list[SessionRecord], *, published: bool = True) -> Counter:
    """Create or update every row the records describe; return counts by model and outcome.

    ``published=False`` keeps the sessions off the public site until staff review them. Any
    error rolls the whole load back, so the database is either fully updated or untouched.

    Each session's key phrases are the whole lexicon counted in its text: the phrases already
    archived and those the records propose. A newly proposed phrase is then counted in every
    other session too.
    """
    load = _Load(published)
    records = sorted(records, key=lambda r: (r.committee.name, r.term, r.plenum))
    # Committees already archived keep their slugs (and so their sessions' URLs).
    slugs = committee_slugs(records, dict(Committee.objects.values_list("name", "slug")))
    committees = {r.committee.name: r.committee for r in records}
    for name in sorted(committees):
        fields = row_fields.committee_fields(committees[name], slugs[name])
        load.committees[name] = load.write(Committee, fields)
    for r in records:
        slug = session_slug(slugs[r.committee.name], r.term, r.plenum)
        load.sessions.append(_write_session(load, r, slug))
    # A speaker is a person of the session's committee: namesakes elsewhere are other people.
    for name, committee in sorted(
        {(s.name, r.committee.name) for r in records for s in r.speakers}
    ):
        person, created = Person.objects.for_speaker(load.committees[committee], name)
        load.people[(name, committee)] = person
        load.counts[f"person {'created' if created else 'updated'}"] += 1
    new_phrases = _write_phrases(load, records)
    counter = phrase_counts.Lexicon(sorted(load.phrases))
    for r, session in zip(records, load.sessions, strict=True):
        for order, speaker in enumerate(r.speakers):
            _write_appearance(load, session, row_fields.appearance_fields(r, order, speaker))
        for order, document in enumerate(r.documents):
            load.write(
                Document, {**row_fields.document_fields(r, order, document), "session": session}
            )
        for found in counter.count(r.text):
            fields = row_fields.occurrence_fields(r, found)
            fields.update(session=session, phrase=load.phrases[found.phrase])
            load.write(PhraseOccurrence, fields)
    _remove_stale(load)
    if new_phrases:
        # The loaded sessions are counted already (they come out unchanged); the others gain
        # the new phrases wherever their text uses them.
        load.counts["phraseoccurrence created"] += recount(new_phrases)["created"]
    return load.counts


def _write_session(load: _Load, r: SessionRecord, slug: str) -> Session:
    fields = row_fields.session_fields(r, slug)
    fields["committee"] = load.committees[r.committee.name]
    fields["published"] = load.published
    # A session ingested again from a file no longer has the page's origin.
    fields.setdefault("fetched_at", None)
    fields.setdefault("warc_record_id", "")
    # Its facts are the parser's again, whatever staff corrected: nobody has checked them.
    fields.update(reviewed_at=None, reviewed_by=None)
    return load.write(Session, fields)


def _write_phrases(load: _Load, records: list[SessionRecord]) -> list[KeyPhrase]:
    """The lexicon: the phrases archived and those the records propose; return the new ones."""
    load.phrases = {p.phrase: p for p in KeyPhrase.objects.all()}
    new_phrases = []
    for phrase in sorted(phrase_counts.proposed(records) - set(load.phrases)):
        # An archived phrase keeps its row and origin (staff may have added it).
        load.phrases[phrase] = KeyPhrase.objects.create(phrase=phrase, origin=phrase_counts.QUOTED)
        new_phrases.append(load.phrases[phrase])
        load.counts["keyphrase created"] += 1
    return new_phrases


def _write_appearance(load: _Load, session: Session, fields: dict) -> None:
    person = load.people[tuple(fields["person"])]
    fields.update(session=session, person=person)
    earlier = load.appearances.get((session.pk, person.pk))
    if earlier is None:
        load.appearances[(session.pk, person.pk)] = load.write(Appearance, fields)
        return
    # Two printings staff merged into one person: one appearance with both roles.
    # A record made without spans (staff, a test) has none to keep: None each.
    spans = list(fields["role_evidence"])
    spans += [None] * (len(fields["roles"]) - len(spans))
    earlier.role_evidence += [None] * (len(earlier.roles) - len(earlier.role_evidence))
    for role, span in zip(fields["roles"], spans, strict=True):
        # Each role keeps the span it was read from.
        if role not in earlier.roles:
            earlier.roles.append(role)
            earlier.role_evidence.append(span)
    earlier.actions = list(dict.fromkeys(earlier.actions + fields["actions"]))
    earlier.doubt = list(dict.fromkeys(earlier.doubt + fields["doubt"]))
    earlier.save()


def _remove_stale(load: _Load) -> None:
    """Delete each loaded session's children that its record no longer lists."""
    for session in load.sessions:
        for model in _CHILDREN:
            stale = model._default_manager.filter(session_id=session.pk).exclude(
                pk__in=load.kept.get(session.pk, {}).get(model, set())
            )
            # Per-row delete so every removal lands in the history.
            for row in stale:
                row.delete()
                load.counts[f"{model._meta.model_name} removed"] += 1


def load_keep_going(parsed: list[tuple[str, SessionRecord]]) -> tuple[Counter, list[ArticleError]]:
    """Load ``(path, record)`` pairs, refusing only the records the database refuses.

    All are loaded together first (committee slugs are chosen over the whole set); when the
    database refuses that, each record is loaded on its own and the failures are returned.
    """
    try:
        return load_records([record for _path, record in parsed]), []
    except DatabaseError:
        pass
    counts: Counter = Counter()
    refused: list[ArticleError] = []
    for path, record in parsed:
        try:
            counts += load_records([record])
        except DatabaseError as error:
            refused.append(ArticleError(path, f"the database refused it: {error}"))
    return counts, refused
