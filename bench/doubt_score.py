"""Measure how well the parser's doubt codes predict its errors (bench/doubt_score.py DIR...).

Every fact parsed from a ``NAME.txt`` with a hand-written ``NAME.expected.json`` is judged right
or wrong as bench/parser_score.py judges it (a speaker also by its roles, a document by its
title); the table gives, per fact, how many wrong facts carry a doubt and how many right ones
do, and ``--codes`` how often each code is on a right or a wrong fact.
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parser_score import _title, score  # noqa: E402

FACTS = ("committee", "date", "speaker", "document", "attendance")


def judged(got: dict, want: dict) -> list[tuple[str, bool, list[str], str]]:
    """(fact, right, doubt, label) for every fact the parser gave."""
    facts = []
    c = want["committee"]
    right = (got["committee"]["name"], got["term"], got["plenum"]) == (
        c["name"],
        want["term"],
        want["plenum"],
    )
    facts.append(("committee", right, got["committee"]["doubt"], got["committee"]["name"]))
    d, gd = want["date"], got["date"]
    if any(gd.get(k) for k in ("year", "month", "day")) or any(d.get(k) for k in d):
        right = all(gd.get(k) == d.get(k) for k in ("year", "month", "day"))
        facts.append(("date", right, gd["doubt"], gd["edtf"] or f"{gd['month']}-{gd['day']}"))
    # An expected speaker printed without roles is judged by the name alone.
    roles = {s["name"]: s.get("roles") for s in want.get("speakers", [])}
    for s in got["speakers"]:
        right = s["name"] in roles and roles[s["name"]] in (None, s["roles"])
        facts.append(("speaker", right, s["doubt"], f"{s['name']} {s['roles']}"))
    if "documents" in want:
        titles = {_title(x["title"]) for x in want["documents"]}
        for doc in got["documents"]:
            right = _title(doc["title"]) in titles
            facts.append(("document", right, doc["doubt"], doc["title"]))
    a, ga = want.get("attendance"), got["attendance"]
    if a is not None or ga["members"] is not None or ga["alternates"] is not None:
        a = a or {"members": None, "alternates": None}
        right = all(ga.get(k) == a.get(k) for k in ("members", "alternates"))
        facts.append(("attendance", right, ga["doubt"], f"{ga['members']}/{ga['alternates']}"))
    return facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--codes", action="store_true", help="count each code on right/wrong")
    parser.add_argument("--list", action="store_true", help="list wrong facts and doubted ones")
    args = parser.parse_args()
    table = {f: Counter() for f in FACTS}
    codes: Counter = Counter()
    refused = 0
    for folder in args.folders:
        for expected in sorted(Path(folder).glob("*.expected.json")):
            article = expected.with_name(expected.name.replace(".expected.json", ".txt"))
            want = json.loads(expected.read_text(encoding="utf-8"))
            got = score(article, want)["got"]
            if got is None or "refused" in got:
                refused += 1
                continue
            for fact, right, doubt, label in judged(got, want):
                key = "right" if right else "wrong"
                table[fact][key] += 1
                table[fact][key + " doubted"] += bool(doubt)
                for code in doubt:
                    codes[(code, key)] += 1
                if args.list and (not right or doubt):
                    print(f"{key:5} {fact:10} {article.name}: {label} {doubt}")
    print("| fact | wrong facts doubted | right facts doubted |")
    print("|---|---:|---:|")
    total = Counter()
    for fact in FACTS:
        total.update(table[fact])
    for fact, counts in [*table.items(), ("all", total)]:
        print(f"| {fact} | {_share(counts, 'wrong')} | {_share(counts, 'right')} |")
    print(f"\n{refused} articles refused (no facts to judge)")
    if args.codes:
        print("\n| code | on right facts | on wrong facts |\n|---|---:|---:|")
        for code in sorted({c for c, _ in codes}):
            print(f"| {code} | {codes[(code, 'right')]} | {codes[(code, 'wrong')]} |")


def _share(counts: Counter, key: str) -> str:
    n, doubted = counts[key], counts[key + " doubted"]
    return f"{doubted}/{n} ({doubted / n:.0%})" if n else "0/0"


if __name__ == "__main__":
    main()
