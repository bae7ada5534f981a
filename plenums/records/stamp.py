"""The archive's last-change stamp: one row bumped in the same transaction as every write.

``ArchiveStamp`` is one database row whose version is bumped in the same transaction as every
write to an archive model (post_save / post_delete / m2m_changed below, connected from
``PlenumsConfig.ready`` so management commands bump it too). Readers (the page cache,
``web.caching``) key what they keep on it, so an edit made through any worker, any app server
sharing the database, the admin or a management command is seen by the very next request.

Writes that bypass model signals (``QuerySet.update()``, ``bulk_create()``, raw SQL) must call
``bump()`` themselves.
"""

import datetime

from django.conf import settings
from django.db import connections, router
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

# Apps whose models make up the archive; any write to one of them bumps the stamp.
ARCHIVE_APPS = frozenset({"plenums"})
STAMP_PK = 1


def _stamp_model():
    from plenums.models import ArchiveStamp

    return ArchiveStamp


def bump(using: str | None = None) -> None:
    """Record that the archive changed: a new version, stamped now, in the caller's transaction.

    Called for every row written (a load of 10,000 sessions writes ~100,000), hence plain SQL.
    """
    stamp = _stamp_model()
    using = using or router.db_for_write(stamp)
    connection = connections[using]
    now = timezone.now()
    quote = connection.ops.quote_name
    sql = "UPDATE {table} SET {version} = {version} + 1, {changed_at} = %s WHERE {id} = %s".format(
        table=quote(stamp._meta.db_table),
        version=quote("version"),
        changed_at=quote("changed_at"),
        id=quote("id"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now), STAMP_PK])
        updated = cursor.rowcount
    if not updated:
        # The row is created by migration 0002; it is only missing after a flush.
        stamp.objects.using(using).get_or_create(
            pk=STAMP_PK, defaults={"version": 1, "changed_at": now}
        )


def current_stamp(using: str | None = None) -> tuple[int, datetime.datetime | None]:
    """(version, changed_at) of the archive as committed right now: one primary-key lookup.

    Every public request pays for this, so it is plain SQL: building the same query with the
    ORM costs several times more than running it.
    """
    stamp = _stamp_model()
    connection = connections[using or router.db_for_read(stamp)]
    quote = connection.ops.quote_name
    sql = "SELECT {}, {} FROM {} WHERE {} = %s".format(
        quote("version"), quote("changed_at"), quote(stamp._meta.db_table), quote("id")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [STAMP_PK])
        row = cursor.fetchone()
    if row is None:
        return 0, None
    version, changed_at = row
    if isinstance(changed_at, str):
        # SQLite hands datetimes back as text, in UTC when USE_TZ is on.
        changed_at = datetime.datetime.fromisoformat(changed_at)
    if changed_at is not None and settings.USE_TZ and timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return version, changed_at


def _is_archive_model(model) -> bool:
    meta = model._meta
    return meta.app_label in ARCHIVE_APPS and meta.model_name != "archivestamp"


def _on_write(sender, using=None, **kwargs):
    if _is_archive_model(sender):
        bump(using)


def _on_m2m(sender, instance, action, using=None, **kwargs):
    if action.startswith("post_") and _is_archive_model(type(instance)):
        bump(using)


def connect_signals() -> None:
    post_save.connect(_on_write, dispatch_uid="archive-stamp-save")
    post_delete.connect(_on_write, dispatch_uid="archive-stamp-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="archive-stamp-m2m")
