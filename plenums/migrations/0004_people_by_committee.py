"""Give every person a committee: one person per committee at whose sessions the name appears."""

from django.db import migrations
from django.db.models import Count, F
from django.utils import timezone

SPLIT = "按委员会区分同名人物"
UNITE = "撤销按委员会区分:同名人物并为一人"
ORPHAN = "无任何出场,按委员会区分时删除"


def _chronological(appearance):
    s = appearance.session
    return (s.year is None, s.year or 0, s.month or 0, s.day or 0, s.term, s.plenum, appearance.pk)


def _record(apps, db, row, history_type, reason, when):
    """A history entry for a row written here: migrations send no signals, so none is made."""
    historical = apps.get_model("plenums", f"Historical{row._meta.object_name}")
    values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    historical.objects.using(db).create(
        **values, history_date=when, history_type=history_type, history_change_reason=reason
    )


def _bump(apps, db, when):
    # Cached pages must not outlive the change (see plenums.caching).
    stamp = apps.get_model("plenums", "ArchiveStamp")
    stamp.objects.using(db).filter(pk=1).update(version=F("version") + 1, changed_at=when)


def split_people_by_committee(apps, schema_editor):
    """Each person without a committee gets one per committee where they appear.

    The row itself (its id, history and admin log entries) stays with the committee where the
    person appears most (the earliest of equals); each other committee gets a new person of the
    same name, and its appearances move there. A person with no appearance at all is deleted:
    no committee can be told for them. Every write is recorded in history.
    """
    db = schema_editor.connection.alias
    person_model = apps.get_model("plenums", "Person")
    appearance_model = apps.get_model("plenums", "Appearance")
    when = timezone.now()
    changed = False
    for person in person_model.objects.using(db).filter(committee__isnull=True).order_by("pk"):
        changed = True
        appearances = sorted(
            appearance_model.objects.using(db).filter(person=person).select_related("session"),
            key=_chronological,
        )
        if not appearances:
            _record(apps, db, person, "-", ORPHAN, when)
            person.delete()
            continue
        by_committee = {}
        for appearance in appearances:
            by_committee.setdefault(appearance.session.committee_id, []).append(appearance)
        # max() keeps the first of equals, and the dict is in order of first appearance.
        home = max(by_committee, key=lambda committee_id: len(by_committee[committee_id]))
        person.committee_id = home
        person.save(update_fields=["committee"])
        _record(apps, db, person, "~", SPLIT, when)
        for committee_id, moved in by_committee.items():
            if committee_id == home:
                continue
            twin = person_model.objects.using(db).create(name=person.name, committee_id=committee_id)
            _record(apps, db, twin, "+", f"{SPLIT}(拆自人物 #{person.pk})", when)
            for appearance in moved:
                appearance.person = twin
                appearance.save(update_fields=["person"])
                _record(apps, db, appearance, "~", SPLIT, when)
    if changed:
        _bump(apps, db, when)


def unite_people_by_name(apps, schema_editor):
    """The reverse: people sharing a name become the first of them, their roles united."""
    db = schema_editor.connection.alias
    person_model = apps.get_model("plenums", "Person")
    appearance_model = apps.get_model("plenums", "Appearance")
    when = timezone.now()
    shared = (
        person_model.objects.using(db)
        .values("name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", flat=True)
    )
    changed = False
    for name in list(shared):
        keep, *others = person_model.objects.using(db).filter(name=name).order_by("pk")
        for other in others:
            changed = True
            for appearance in appearance_model.objects.using(db).filter(person=other):
                mine = appearance_model.objects.using(db).filter(
                    person=keep, session_id=appearance.session_id
                ).first()
                if mine is None:
                    appearance.person = keep
                    appearance.save(update_fields=["person"])
                    _record(apps, db, appearance, "~", UNITE, when)
                    continue
                mine.roles = list(dict.fromkeys(mine.roles + appearance.roles))
                mine.actions = list(dict.fromkeys(mine.actions + appearance.actions))
                mine.save(update_fields=["roles", "actions"])
                _record(apps, db, mine, "~", UNITE, when)
                _record(apps, db, appearance, "-", UNITE, when)
                appearance.delete()
            _record(apps, db, other, "-", f"{UNITE}(并入人物 #{keep.pk})", when)
            other.delete()
    if changed:
        _bump(apps, db, when)


class Migration(migrations.Migration):
    dependencies = [
        ("plenums", "0003_person_committee"),
    ]

    operations = [
        migrations.RunPython(split_people_by_committee, unite_people_by_name),
    ]
