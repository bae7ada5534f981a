"""Loading the bench's fixture into SQLite: ``loaddata`` row by row, or in bulk_create batches."""

import hashlib
import json
import time
from pathlib import Path

# Rows per INSERT: large enough that a statement's overhead vanishes, small enough to stay under
# SQLite's 32,766 bound parameters (Session has 21 columns).
BATCH = 1000


def with_primary_keys(fixture: Path, out: Path) -> None:
    """The same fixture with primary keys in place of natural keys.

    loaddata resolves every natural key with a query (~10 per row); numbering the rows here
    loads the same data several times faster, and lets the rows be inserted in batches.
    """
    from django.apps import apps

    foreign = _foreign_keys()
    objects = json.loads(fixture.read_text(encoding="utf-8"))
    numbered: dict[str, dict[tuple, int]] = {}
    for obj in objects:
        label = obj["model"]
        rows = numbered.setdefault(label, {})
        key: tuple = ()
        for name in apps.get_model(label).natural_key_fields:
            value = obj["fields"][name]
            key += tuple(value) if isinstance(value, list) else (value,)
        obj["pk"] = rows[key] = len(rows) + 1
    for obj in objects:
        for name, target in foreign.get(obj["model"], {}).items():
            obj["fields"][name] = numbered[target][tuple(obj["fields"][name])]
    out.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")


def _foreign_keys() -> dict[str, dict[str, str]]:
    from django.apps import apps

    found = {}
    for model in apps.get_app_config("plenums").get_models():
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model._meta.app_label == "plenums":
                found.setdefault(model._meta.label_lower, {})[field.name] = (
                    field.related_model._meta.label_lower
                )
    return found


def loaddata(numbered: Path) -> float:
    """Seconds ``manage.py loaddata`` takes over the numbered fixture."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("loaddata", str(numbered), verbosity=0)
    return time.perf_counter() - started


def bulk_load(numbered: Path, batch: int = BATCH) -> float:
    """Seconds to load the numbered fixture with ``bulk_create``, in one transaction.

    Each object goes through Django's own JSON deserializer, as with loaddata, so every field
    is converted the same way and the same rows result; only the per-row INSERT (after an
    UPDATE that finds nothing, since each row has its primary key) and the archive stamp's
    UPDATE per row are gone. bulk_create sends no signals, so the stamp is bumped once.
    """
    from django.core import serializers
    from django.db import transaction

    from plenums.records.stamp import bump

    started = time.perf_counter()
    with numbered.open(encoding="utf-8") as stream, transaction.atomic():
        pending: dict[type, list] = {}
        for wrapped in serializers.deserialize("json", stream):
            obj = wrapped.object
            rows = pending.setdefault(type(obj), [])
            rows.append(obj)
            if len(rows) >= batch:
                type(obj)._default_manager.bulk_create(rows)
                rows.clear()
        # SQLite checks the foreign keys at commit (they are deferred), so the order in which
        # the tables are filled does not matter.
        for model, rows in pending.items():
            if rows:
                model._default_manager.bulk_create(rows)
        bump()
    return time.perf_counter() - started


def fingerprint() -> dict[str, str]:
    """A digest of every row of each archive table (and its history table), ordered by key."""
    from django.apps import apps
    from django.db import connection

    digests = {}
    for model in apps.get_app_config("plenums").get_models():
        if model._meta.model_name == "archivestamp":
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        digest = hashlib.sha256()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            for row in cursor:
                digest.update(repr(row).encode())
        digests[model._meta.db_table] = digest.hexdigest()
    return digests


def empty_archive() -> None:
    """Delete every archive row (children first), for a second load into the same database."""
    from django.apps import apps
    from django.db import connection, transaction

    models = [
        m
        for m in apps.get_app_config("plenums").get_models()
        if m._meta.model_name != "archivestamp"
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for model in sorted(models, key=_depth, reverse=True):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _depth(model) -> int:
    parents = [
        f.related_model
        for f in model._meta.concrete_fields
        if f.many_to_one and f.related_model is not model
    ]
    return 1 + max((_depth(p) for p in parents), default=0)
