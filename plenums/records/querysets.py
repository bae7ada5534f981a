"""The archive's chainable filters and natural-key lookups: one QuerySet and Manager per model."""

from django.apps import apps
from django.db import models
from django.db.models.functions import Coalesce

# The archive's reading order of sessions: by date, then committee and number.
CHRONOLOGICAL = ("year", "month", "day", "committee__name", "term", "plenum")


def _model(name: str):
    # The models import this module, so they are looked up when a query is built.
    return apps.get_model("plenums", name)


def _published(model: str, **outer):
    """``Exists`` of published rows of ``model`` (a session, or a row of one) that point at the
    outer row, e.g. ``committee=OuterRef("pk")``."""
    rows = _model(model).objects.all()
    rows = rows.published() if model == "Session" else rows.in_published_sessions()
    return models.Exists(rows.filter(**outer))


class CommitteeQuerySet(models.QuerySet):
    def public(self):
        """Committees a reader may see: those with a published session. Every reader-facing
        query of committees starts here, so one saved unpublished import stays unseen."""
        return self.filter(_published("Session", committee=models.OuterRef("pk")))

    def with_published_count(self):
        """Every committee, annotated with ``n``, its number of published sessions."""
        return self.annotate(n=models.Count("sessions", filter=models.Q(sessions__published=True)))


class CommitteeManager(models.Manager.from_queryset(CommitteeQuerySet)):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class SessionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def of_committee(self, committee):
        return self.filter(committee=committee)

    def in_year(self, year):
        return self.filter(year=year)

    def chronological(self):
        return self.order_by(*CHRONOLOGICAL)

    def latest_first(self):
        return self.order_by("-year", "-month", "-day", "committee__name", "-term", "-plenum")

    def with_shapes(self):
        """With everything a session's shapes read (records.shapes): committee, speakers with
        their person and that person's committee, documents, key phrases. People and phrases
        are joined to their rows, not prefetched by id: Django spells a prefetch by id as one
        OR term per id, and past ~1,000 people in a chunk that exceeds SQLite's expression
        depth."""
        return self.select_related("committee").prefetch_related(
            models.Prefetch(
                "appearances",
                queryset=_model("Appearance")
                .objects.in_session_order()
                .select_related("person__committee"),
            ),
            models.Prefetch("documents", queryset=_model("Document").objects.in_session_order()),
            models.Prefetch(
                "phrases",
                queryset=_model("PhraseOccurrence")
                .objects.in_session_order()
                .select_related("phrase"),
            ),
        )

    def unreviewed(self):
        return self.filter(reviewed_at__isnull=True)

    def with_doubted_count(self):
        """Annotated with ``doubted``: how many of its facts the parser doubts (the committee
        and 届次, the date and the attendance count one each; each speaker and document one)."""
        one_if_doubted = [
            models.Case(models.When(**{field: []}, then=0), default=1)
            for field in ("committee_doubt", "date_doubt", "attendance_doubt")
        ]
        return self.annotate(
            doubted=sum(one_if_doubted, _doubted_rows("Appearance") + _doubted_rows("Document"))
        )

    def review_queue(self):
        """Sessions nobody has reviewed, the most doubted first (then by committee and
        number), each annotated with ``doubted``."""
        return (
            self.unreviewed()
            .with_doubted_count()
            .order_by("-doubted", "committee__name", "term", "plenum", "pk")
        )


def _doubted_rows(model: str):
    """How many rows of ``model`` (speakers or documents) of the outer session carry a doubt."""
    rows = (
        _model(model)
        .objects.filter(session=models.OuterRef("pk"))
        .exclude(doubt=[])
        .order_by()
        .values("session")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(rows), 0)


class SessionManager(models.Manager.from_queryset(SessionQuerySet)):
    def get_by_natural_key(self, committee_name, term, plenum):
        return self.get(committee__name=committee_name, term=term, plenum=plenum)


class PersonQuerySet(models.QuerySet):
    def named(self, name):
        return self.filter(name=name)

    def public(self):
        """People a reader may see: those who appear at a published session."""
        return self.filter(_published("Appearance", person=models.OuterRef("pk")))

    def counted_in_published_sessions(self):
        """People of published sessions, annotated with ``n``, their published appearances."""
        return self.filter(appearances__session__published=True).annotate(
            n=models.Count("appearances")
        )

    def with_published_count(self):
        """Every person, annotated with ``n``, their published appearances (0 for none)."""
        return self.annotate(
            n=models.Count("appearances", filter=models.Q(appearances__session__published=True))
        )


class PersonManager(models.Manager.from_queryset(PersonQuerySet)):
    def get_by_natural_key(self, name, committee_name):
        return self.get(name=name, committee__name=committee_name)

    def of_committee(self, committee, name):
        """The person a speaker named ``name`` at a session of ``committee`` is, or None.

        That committee's own person of the name; else the person who already appears under the
        name at that committee's sessions, which is where staff put someone merged across
        committees (an official who moved) or merged from a misprint.
        """
        own = self.filter(name=name, committee=committee).first()
        if own is not None:
            return own
        appearance = (
            _model("Appearance")
            .objects.filter(session__committee=committee)
            .filter(models.Q(person__name=name) | models.Q(name_as_printed=name))
            .select_related("person")
            .order_by("-session__term", "-session__plenum", "order", "pk")
            .first()
        )
        return appearance.person if appearance else None

    def for_speaker(self, committee, name):
        """``(person, created)``: ``of_committee``, else a new person of that committee."""
        person = self.of_committee(committee, name)
        if person is not None:
            return person, False
        return self.create(name=name, committee=committee), True


class SessionChildQuerySet(models.QuerySet):
    """Rows that belong to one session (appearances, documents, phrase occurrences)."""

    def in_session_order(self):
        """In the model's order within a session. The models order by session first, which
        joins the session and its committee; rows read one session at a time (or prefetched,
        which keeps each session's rows in query order) need no such join."""
        return self.order_by(*(f for f in self.model._meta.ordering if f != "session"))

    def in_published_sessions(self):
        return self.filter(session__published=True)

    def chronological(self):
        return self.order_by(*(f"session__{field}" for field in CHRONOLOGICAL))

    def published_chronological(self):
        """Rows of published sessions, oldest first, each with its session and committee."""
        return self.in_published_sessions().select_related("session__committee").chronological()


class AppearanceManager(models.Manager.from_queryset(SessionChildQuerySet)):
    def get_by_natural_key(self, committee_name, term, plenum, person_name, person_committee):
        return self.get(
            session__committee__name=committee_name,
            session__term=term,
            session__plenum=plenum,
            person__name=person_name,
            person__committee__name=person_committee,
        )


class DocumentManager(models.Manager.from_queryset(SessionChildQuerySet)):
    def get_by_natural_key(self, committee_name, term, plenum, title):
        return self.get(
            session__committee__name=committee_name,
            session__term=term,
            session__plenum=plenum,
            title=title,
        )


class KeyPhraseQuerySet(models.QuerySet):
    def public(self):
        """Key phrases a reader may see: those used by a published session."""
        return self.filter(_published("PhraseOccurrence", phrase=models.OuterRef("pk")))

    def counted_in_published_sessions(self):
        """Phrases of published sessions, annotated with ``n``, their published sessions."""
        return self.filter(occurrences__session__published=True).annotate(
            n=models.Count("occurrences")
        )


class KeyPhraseManager(models.Manager.from_queryset(KeyPhraseQuerySet)):
    def get_by_natural_key(self, phrase):
        return self.get(phrase=phrase)


class PhraseOccurrenceManager(models.Manager.from_queryset(SessionChildQuerySet)):
    def get_by_natural_key(self, committee_name, term, plenum, phrase):
        return self.get(
            session__committee__name=committee_name,
            session__term=term,
            session__plenum=plenum,
            phrase__phrase=phrase,
        )
