"""A small factory for archive rows: committees and sessions with speakers, documents, phrases."""

import hashlib
import itertools

from plenums.models import (
    Appearance,
    Committee,
    Document,
    KeyPhrase,
    Person,
    PhraseOccurrence,
    Session,
)

_serial = itertools.count(1)


def make_committee(region="嘉定区", parent="上海市", slug="jiading", level="district"):
    committee, _ = Committee.objects.get_or_create(
        slug=slug,
        defaults={
            "name": f"中共{parent}{region}委员会",
            "region": region,
            "parent_region": parent,
            "level": level,
        },
    )
    return committee


def make_session(
    committee=None,
    term=7,
    plenum=9,
    *,
    year=2024,
    month=12,
    day=None,
    inferred=False,
    text="全会指出,要坚持“十四五”规划。\n全会强调,要加强党的建设。",
    original=None,
    script="Hans",
    source=("嘉定报", "https://example.org/jiading/7-9"),
    speakers=(("陆方舟", "陆方舟", ["区委书记"], ["作工作报告"]),),
    documents=(("中共嘉定区委关于加强党的建设的决议", "审议通过", "决议"),),
    phrases=(("十四五", 2, "要坚持“十四五”规划。"),),
    warnings=(),
    cleaning=(("strip_boilerplate", 1),),
    published=True,
):
    """One session with its speakers, documents and key phrases, all keyed by real rows."""
    committee = committee or make_committee()
    original = text if original is None else original
    session = Session.objects.create(
        committee=committee,
        term=term,
        plenum=plenum,
        slug=f"{committee.slug}-{term}-{plenum}",
        year=year,
        month=month,
        day=day,
        date_inferred=inferred,
        title=f"中共{committee.region}第{term}届委员会第{plenum}次全体会议举行",
        original_text=original,
        original_filename=f"{next(_serial):03d}_test.txt",
        original_encoding="utf-8",
        sha256=hashlib.sha256(f"{committee.slug}{term}{plenum}{original}".encode()).hexdigest(),
        cleaned_text=text,
        script=script,
        source_name=source[0] if source else "",
        source_url=source[1] if source else "",
        source_title="",
        attendance_members=31,
        attendance_alternates=1,
        cleaning_log=[{"step": s, "count": n} for s, n in cleaning],
        warnings=[{"kind": k, "offset": o, "excerpt": e} for k, o, e in warnings],
        published=published,
    )
    for order, (name, printed, roles, actions) in enumerate(speakers):
        person, _ = Person.objects.get_or_create(name=name, committee=committee)
        Appearance.objects.create(
            session=session,
            person=person,
            name_as_printed=printed,
            roles=roles,
            actions=actions,
            order=order,
        )
    for order, (title, action, kind) in enumerate(documents):
        Document.objects.create(session=session, title=title, action=action, kind=kind, order=order)
    for phrase_text, count, sentence in phrases:
        phrase, _ = KeyPhrase.objects.get_or_create(phrase=phrase_text)
        PhraseOccurrence.objects.create(
            session=session, phrase=phrase, count=count, sentence=sentence
        )
    return session
