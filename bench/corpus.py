"""Synthetic plenum articles for the benchmark, built from the sentences of the real seed articles.

Deterministic for a given count: committees are real county-level divisions from the parser's
gazetteer, each holding a run of plenums; bodies are drawn from the seeds' own sentences; about one
article in five is in Traditional script, as in the wild.
"""

import random
import re
from pathlib import Path

from plenums import chinese
from plenums.ingest.gazetteer import divisions

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "fixtures" / "articles"
TERMS = 5
# Plenums per term: 4, or more when the gazetteer's divisions are too few for the corpus (over
# about 50,000 sessions), as a county holding two or three plenums a year does.
PLENUMS_PER_TERM = 4
TARGET_CHARS = 2400  # the seeds hold 2,100–2,650 characters
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩"
    "冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红文斌志林波宇晨浩鹏飞雪琳方舟香"
DOC_TOPICS = (
    "进一步全面深化改革推进现代化建设",
    "制定国民经济和社会发展第十五个五年规划的建议",
    "加强基层党组织建设",
    "推进乡村全面振兴",
    "建设人民城市",
    "加快发展新质生产力",
)
# Seed sentences that name the seeds' own committee, people or roles would contradict the
# synthetic facts; the rest is the ordinary prose of a communiqué.
_SPECIFIC = re.compile(
    r"委员会|书记|区长|县长|主持|出席|候补|嘉定|陆方舟|高香|吴杰|鲁同志|来源|标题|地址|本篇"
)


def seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = chinese.to_simplified(path.read_text(encoding="utf-8"))
        for sentence in re.findall(r"[^。\n]+。", text):
            sentence = sentence.strip()
            if 12 <= len(sentence) <= 220 and not _SPECIFIC.search(sentence):
                sentences.append(sentence)
    if len(sentences) < 20:
        raise RuntimeError(f"{SEEDS}: too few usable seed sentences ({len(sentences)})")
    return sentences


def _numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _usable() -> list[tuple[str, str, str]]:
    """(region, parent, 区 or 县) for unambiguous county-level names, in a stable order."""
    found = []
    for name, items in sorted(divisions().items()):
        if len(items) == 1 and name[-1] in "区县" and len(name) >= 2 and items[0].city:
            found.append((name, items[0].city, name[-1]))
    rng = random.Random(7)
    rng.shuffle(found)
    return found


def plenums_per_term(sessions: int, divisions: int) -> int:
    """Plenums each term holds so that ``divisions`` committees hold ``sessions`` sessions."""
    per_committee = -(-sessions // divisions)
    return max(PLENUMS_PER_TERM, -(-per_committee // TERMS))


def article(rng, sentences, region, parent, kind, term, plenum, number, people) -> str:
    year = 2000 + (term - 1) * 5 + (plenum - 1) // 2
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    name = f"中共{parent}{region}第{_numeral(term)}届委员会第{_numeral(plenum)}次全体会议"
    secretary, deputy = rng.sample(people, 2)
    topic = rng.choice(DOC_TOPICS)
    head = [
        f"{year}年{month}月{day}日,{name}召开。",
        f"出席全体会议的有{rng.randint(25, 45)}名{kind}委委员和{rng.randint(1, 9)}名候补委员。",
        f"全会由{kind}委常委会主持。",
        f"{kind}委书记{secretary}代表{kind}委常委会作工作报告并讲话。"
        f"{kind}委副书记、{kind}长{deputy}出席会议。",
        f"全会审议通过了《中共{parent}{region}委员会关于{topic}的决议》。",
    ]
    body, length = [], sum(map(len, head))
    while length < TARGET_CHARS:
        paragraph = "".join(rng.sample(sentences, 4))
        body.append(paragraph)
        length += len(paragraph)
    trailer = [
        "来源:某地新闻网",
        f"标题:{name}召开",
        f"地址:http://news.example.org/{number}.html",
    ]
    text = "\n".join(head + body + [""] + trailer) + "\n"
    return chinese.to_traditional(text) if number % 5 == 4 else text


def write_corpus(directory: Path, sessions: int) -> int:
    """Write ``sessions`` article files into ``directory``; return the characters written."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(sessions)
    sentences = seed_sentences()
    people = sorted({s + a + b for s in SURNAMES for a in GIVEN[:12] for b in GIVEN[12:]})
    committees = _usable()
    per_term = plenums_per_term(sessions, len(committees))
    per_committee = TERMS * per_term
    if per_term > 10:
        raise RuntimeError(f"{sessions} sessions need {per_term} plenums a term: too many")
    chars = 0
    for number in range(sessions):
        region, parent, kind = committees[number // per_committee]
        within = number % per_committee
        term, plenum = within // per_term + 1, within % per_term + 1
        text = article(rng, sentences, region, parent, kind, term, plenum, number, people)
        (directory / f"{number:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars
