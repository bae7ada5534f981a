"""Score the parser fact by fact against hand-written expected facts (bench/parser_score.py DIR...).

Each ``NAME.txt`` in a folder has a ``NAME.expected.json`` written by a person (see
tests/articles). Per fact it prints how many articles the parser got exactly right, and for
speakers the F1 of names over all articles; ``--wrong`` lists what differed.
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plenums.ingest.parse import MissingFacts, Supplied, parse_bytes  # noqa: E402
from plenums.ingest.records import ArticleError  # noqa: E402

_DRAFT = re.compile(r"[(（](?:讨论稿|草案|征求意见稿|送审稿|审议稿)[)）]$")


def _title(title: str) -> str:
    return _DRAFT.sub("", title.strip().strip("《》"))


def score(article: Path, want: dict) -> dict:
    """Per fact: True (right), False (wrong) or None (the article does not state it); speakers
    as (right names, parsed names, expected names)."""
    data = article.read_bytes()
    got = None
    try:
        got = parse_bytes(data, str(article)).as_json()
    except MissingFacts as exc:
        if sorted(exc.missing) == sorted(want.get("missing", [])) and "supplied" in want:
            got = parse_bytes(data, str(article), supplied=Supplied(**want["supplied"])).as_json()
        elif want.get("missing"):
            # Refused, as the expected file says it should be, naming what is missing.
            got = {"refused": sorted(exc.missing)}
    except ArticleError as exc:
        got = {"refused": str(exc)}
    result: dict = {"got": got}
    if got is None or "refused" in got:
        refused_right = bool(want.get("missing")) and got is not None
        result["committee"] = refused_right
        for key in ("date", "documents", "attendance"):
            result[key] = False if key in want else None
        result["speakers"] = (0, 0, len(want.get("speakers", [])))
        return result
    c = want["committee"]
    result["committee"] = (
        got["committee"]["name"] == c["name"]
        and got["term"] == want["term"]
        and got["plenum"] == want["plenum"]
    )
    d, gd = want["date"], got["date"]
    result["date"] = all(gd.get(k) == d.get(k) for k in ("year", "month", "day"))
    if "documents" in want:
        result["documents"] = [_title(x["title"]) for x in got["documents"]] == [
            _title(x["title"]) for x in want["documents"]
        ]
    else:
        result["documents"] = None
    if "attendance" in want:
        a, ga = want["attendance"], got["attendance"] or {}
        result["attendance"] = all(ga.get(k) == a.get(k) for k in ("members", "alternates"))
    else:
        result["attendance"] = None
    wanted = Counter(s["name"] for s in want.get("speakers", []))
    parsed = Counter(s["name"] for s in got["speakers"])
    result["speakers"] = (
        sum((wanted & parsed).values()),
        sum(parsed.values()),
        sum(wanted.values()),
    )
    roles = {s["name"]: s.get("roles") for s in want.get("speakers", [])}
    result["roles"] = sum(1 for s in got["speakers"] if roles.get(s["name"]) == s["roles"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--wrong", action="store_true", help="list each difference")
    args = parser.parse_args()
    totals = {k: [0, 0] for k in ("committee", "date", "documents", "attendance")}
    tp = got_n = want_n = roles_right = 0
    for folder in args.folders:
        for expected in sorted(Path(folder).glob("*.expected.json")):
            article = expected.with_name(expected.name.replace(".expected.json", ".txt"))
            want = json.loads(expected.read_text(encoding="utf-8"))
            result = score(article, want)
            for key, counts in totals.items():
                if result[key] is not None:
                    counts[0] += bool(result[key])
                    counts[1] += 1
            t, g, w = result["speakers"]
            tp, got_n, want_n = tp + t, got_n + g, want_n + w
            roles_right += result.get("roles", 0)
            if args.wrong:
                _print_wrong(article, want, result)
    print("| fact | right |")
    print("|---|---:|")
    for key, (right, n) in totals.items():
        print(f"| {key} | {right}/{n} |")
    precision = tp / got_n if got_n else 0.0
    recall = tp / want_n if want_n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"| speakers F1 (names) | {f1:.2f} (P {precision:.2f}, R {recall:.2f}) |")
    print(f"| speakers with exactly the expected roles | {roles_right}/{tp} |")


def _print_wrong(article: Path, want: dict, result: dict) -> None:
    got = result["got"]
    lines = []
    if got is None or "refused" in got:
        lines.append(f"  refused: {got}")
    else:
        if result["committee"] is False:
            lines.append(
                f"  committee: {got['committee']['name']} {got['term']}/{got['plenum']}"
                f" ≠ {want['committee']['name']} {want['term']}/{want['plenum']}"
            )
        if result["date"] is False:
            lines.append(f"  date: {got['date']} ≠ {want['date']}")
        if result["documents"] is False:
            lines.append(f"  documents: {[d['title'] for d in got['documents']]}")
            lines.append(f"       want: {[d['title'] for d in want['documents']]}")
        if result["attendance"] is False:
            lines.append(f"  attendance: {got['attendance']} ≠ {want['attendance']}")
        t, g, w = result["speakers"]
        if t != g or t != w:
            names = [s["name"] for s in got["speakers"]]
            lines.append(f"  speakers: {names}")
            lines.append(f"      want: {[s['name'] for s in want.get('speakers', [])]}")
    if lines:
        print(article.name)
        print("\n".join(lines))


if __name__ == "__main__":
    main()
