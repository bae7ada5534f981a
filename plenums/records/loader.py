"""Write parsed records into the database in one transaction, keyed on natural keys."""

from collections import Counter

from django.apps import apps
from django.db import DatabaseError, transaction

from plenums.ingest.fixtures import fixture_objects
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

# Rows that belong to a session: a re-ingested session keeps exactly those its record lists.
_CHILDREN = (Appearance, Document, PhraseOccurrence)


def _resolve(model, fields: dict, people: dict) -> dict:
    """Replace natural-key lists of foreign keys with the rows they name."""
    resolved = {}
    for name, value in fields.items():
        field = model._meta.get_field(name)
        if field.is_relation and isinstance(value, list):
            related = field.related_model
            if related is Person:
                value = people[tuple(value)]
            else:
                value = related._default_manager.get_by_natural_key(*value)
        resolved[name] = value
    return resolved


@transaction.atomic
def load_records(records: list[SessionRecord], *, published: bool = True) -> Counter:
    """Create or update every row the records describe; return counts by model and outcome.

    ``published=False`` keeps the sessions off the public site until staff review them. Any
    error rolls the whole load back, so the database is either fully updated or untouched.

    Each session's key phrases are the whole lexicon counted in its text: the phrases already
    archived and those the records propose. A newly proposed phrase is then counted in every
    other session too.
    """
    counts: Counter = Counter()
    sessions: list[int] = []
    kept: dict[int, dict[type, set[int]]] = {}
    committees: dict[tuple, Committee] = {}
    people: dict[tuple, Person] = {}
    appearances: dict[tuple[int, int], Appearance] = {}
    # Committees already archived keep their slugs (and so their sessions' URLs).
    taken = dict(Committee.objects.values_list("name", "slug"))
    lexicon = set(KeyPhrase.objects.values_list("phrase", flat=True))
    new_phrases: list[KeyPhrase] = []
    for obj in fixture_objects(records, taken, tracked=lexicon):
        label = obj["model"]
        model = apps.get_model(label)
        if model is KeyPhrase:
            # An archived phrase keeps its row and origin (staff may have added it).
            if obj["fields"]["phrase"] not in lexicon:
                new_phrases.append(KeyPhrase.objects.create(**obj["fields"]))
                counts["keyphrase created"] += 1
            continue
        if model is Person:
            name, committee_key = obj["fields"]["name"], tuple(obj["fields"]["committee"])
            if committee_key not in committees:
                committees[committee_key] = Committee.objects.get_by_natural_key(*committee_key)
            person, created = Person.objects.for_speaker(committees[committee_key], name)
            people[(name, *committee_key)] = person
            counts[f"person {'created' if created else 'updated'}"] += 1
            continue
        fields = _resolve(model, obj["fields"], people)
        if model is Appearance:
            key = (fields["session"].pk, fields["person"].pk)
            if key in appearances:
                # Two printings staff merged into one person: one appearance with both roles.
                earlier = appearances[key]
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
                continue
        lookup = {k: fields.pop(k) for k in model.natural_key_fields}
        if model is Session:
            fields["published"] = published
            # A session ingested again from a file no longer has the page's origin.
            fields.setdefault("fetched_at", None)
            fields.setdefault("warc_record_id", "")
            # Its facts are the parser's again, whatever staff corrected: nobody has checked them.
            fields.update(reviewed_at=None, reviewed_by=None)
        instance, created = model._default_manager.update_or_create(**lookup, defaults=fields)
        counts[f"{model._meta.model_name} {'created' if created else 'updated'}"] += 1
        if model is Session:
            sessions.append(instance.pk)
        elif model in _CHILDREN:
            kept.setdefault(instance.session_id, {}).setdefault(model, set()).add(instance.pk)
        if model is Appearance:
            appearances[(instance.session_id, instance.person_id)] = instance
    for session_pk in sessions:
        for model in _CHILDREN:
            stale = model._default_manager.filter(session_id=session_pk).exclude(
                pk__in=kept.get(session_pk, {}).get(model, set())
            )
            # Per-row delete so every removal lands in the history.
            for row in stale:
                row.delete()
                counts[f"{model._meta.model_name} removed"] += 1
    if new_phrases:
        # The loaded sessions are counted already (they come out unchanged); the others gain
        # the new phrases wherever their text uses them.
        counts["phraseoccurrence created"] += recount(new_phrases)["created"]
    return counts


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
