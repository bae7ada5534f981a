"""Hand-built SessionRecords for tests of the fixture builder, loader and admin."""

import hashlib

from plenums.ingest.records import (
    Attendance,
    CleaningStep,
    Committee,
    Document,
    KeyPhrase,
    SessionDate,
    SessionRecord,
    Source,
    Speaker,
)


def make_record(
    region="嘉定区",
    parent="上海市",
    term=7,
    plenum=9,
    speakers=(("陆方舟", ("区委书记",)), ("高香", ("区委副书记", "区长"))),
    phrases=(("十四五", 2),),
    text=None,
):
    # The loader counts phrases in the text: by default each one is quoted there.
    text = text or f"{region}第{term}届委员会第{plenum}次全体会议举行。" + "".join(
        f"全会强调“{p}”。" for p, _count in phrases
    )
    level = "county" if region.endswith("县") else "district"
    return SessionRecord(
        file=f"articles/{region}-{term}-{plenum}.txt",
        committee=Committee(f"中共{parent}{region}委员会", region, parent, level),
        term=term,
        plenum=plenum,
        expanded=False,
        date=SessionDate(2024, 12, None, True),
        title=f"中共{parent}{region}第{term}届委员会第{plenum}次全体会议",
        source=Source("某新闻网", "http://example.org/a.html", "标题"),
        script="Hans",
        speakers=[Speaker(n, n, list(roles), ["讲话"]) for n, roles in speakers],
        attendance=Attendance(31, 1),
        documents=[Document(f"{region}全会决议", "审议通过", "决议")],
        key_phrases=[KeyPhrase(p, c, f"全会强调“{p}”。") for p, c in phrases],
        cleaning=[CleaningStep("pinyin_glosses", 0)],
        warnings=[],
        text=text,
        original=text,
        sha256=hashlib.sha256(f"{region}{term}{plenum}{text}".encode()).hexdigest(),
        encoding="utf-8",
    )
