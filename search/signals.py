"""Keep the search index in step with the database: every change to a session or to a row shown in
its document (committee, speakers, documents, key phrases) re-indexes that session on commit."""

import logging
import threading

from django.db import transaction
from django.db.models import signals
from haystack.signals import BaseSignalProcessor

log = logging.getLogger(__name__)


def affected_session_ids(sender, instance) -> set[int]:
    from plenums.models import (
        Appearance,
        Committee,
        Document,
        KeyPhrase,
        Person,
        PhraseOccurrence,
        Session,
    )

    if sender is Session:
        return {instance.pk}
    if sender in (Appearance, Document, PhraseOccurrence):
        return {instance.session_id}
    if sender is Committee:
        return set(Session.objects.filter(committee_id=instance.pk).values_list("pk", flat=True))
    if sender is Person:
        return set(
            Appearance.objects.filter(person_id=instance.pk).values_list("session_id", flat=True)
        )
    if sender is KeyPhrase:
        return set(
            PhraseOccurrence.objects.filter(phrase_id=instance.pk).values_list(
                "session_id", flat=True
            )
        )
    return set()


class SessionSignalProcessor(BaseSignalProcessor):
    """Collects the sessions touched in a transaction and re-indexes them once, after commit.

    Waiting for the commit keeps a rolled-back edit out of the index, and lets one admin save
    (a session plus its inline rows) cost one index write. Each flush reads the committed rows,
    so it indexes what the database holds, never a stale instance.
    """

    def setup(self):
        self._local = threading.local()
        for model in self._models():
            signals.post_save.connect(self.handle_save, sender=model)
            signals.post_delete.connect(self.handle_delete, sender=model)

    def teardown(self):
        for model in self._models():
            signals.post_save.disconnect(self.handle_save, sender=model)
            signals.post_delete.disconnect(self.handle_delete, sender=model)

    @staticmethod
    def _models():
        from plenums.models import (
            Appearance,
            Committee,
            Document,
            KeyPhrase,
            Person,
            PhraseOccurrence,
            Session,
        )

        return (Session, Appearance, Document, PhraseOccurrence, Committee, Person, KeyPhrase)

    def _pending(self) -> set[int]:
        if not hasattr(self._local, "pending"):
            self._local.pending = set()
        return self._local.pending

    def handle_save(self, sender, instance, **kwargs):
        self._queue(affected_session_ids(sender, instance))

    def handle_delete(self, sender, instance, **kwargs):
        self._queue(affected_session_ids(sender, instance))

    def _queue(self, session_ids):
        if not session_ids:
            return
        self._pending().update(session_ids)
        # A rolled-back transaction drops this callback; its ids stay pending and are simply
        # re-read at the next flush, which is harmless.
        transaction.on_commit(self.flush)

    def flush(self):
        from plenums.models import Session

        pending = self._pending()
        if not pending:
            return
        session_ids = set(pending)
        pending.clear()
        try:
            for using in self.connection_router.for_write(instance=None):
                backend = self.connections[using].get_backend()
                index = self.connections[using].get_unified_index().get_index(Session)
                rows = index.index_queryset(using=using).filter(pk__in=session_ids)
                docs = [backend.document(index, obj) for obj in rows if index.should_update(obj)]
                docs = [d for d in docs if d]
                label = Session._meta.label_lower
                backend.write(add=docs, delete_ids=[f"{label}.{pk}" for pk in session_ids])
        except Exception:
            # The database change is committed and the editor's request must not fail for it:
            # keep the ids, so that the next write in this process retries them, and log loudly.
            pending.update(session_ids)
            log.exception("search index not updated for sessions %s", sorted(session_ids))
