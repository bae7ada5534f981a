"""The phrase lexicon: every tracked phrase counted in a session's text, quoted or not."""

import re
from collections.abc import Iterable

from plenums.chinese import fold, to_simplified

from .files import read_named_file
from .records import ArticleError, KeyPhrase, SessionRecord

# Where a phrase came from: proposed by the parser (quoted in some article), or added by staff.
QUOTED = "quoted"
STAFF = "staff"

MAX_LENGTH = 50  # KeyPhrase.phrase's max_length
_SENTENCE_END = "。！？!?\n"
_SENTENCE_RE = re.compile(r"[^。！？!?\n]*[。！？!?]?")


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` holding ``offset``, stripped."""
    start = max(text.rfind(c, 0, offset) for c in _SENTENCE_END) + 1
    return _SENTENCE_RE.match(text, start).group().strip()


def normalize(phrase: str) -> str:
    """A phrase as the lexicon stores it: Simplified, without surrounding blanks or quotes."""
    return to_simplified(phrase.strip().strip("“”「」『』‘’\"'").strip())


def problem(phrase: str) -> str | None:
    """Why ``phrase`` (normalised) cannot be a key phrase, or None when it can."""
    if len(phrase) < 2:
        return "a key phrase has at least 2 characters"
    if len(phrase) > MAX_LENGTH:
        return f"a key phrase has at most {MAX_LENGTH} characters"
    if any(c in phrase for c in _SENTENCE_END):
        return "a key phrase lies within one sentence (no 。！？ or line break)"
    return None


class Lexicon:
    """Phrases to count, each folded once (``chinese.fold``) however many texts are counted."""

    def __init__(self, phrases: Iterable[str]):
        self.keys = {p: fold(p) for p in sorted(set(phrases))}

    def __len__(self) -> int:
        return len(self.keys)

    def count(self, text: str) -> list[KeyPhrase]:
        """Each phrase that occurs in ``text``, in either script and quoted or not: how often
        (non-overlapping) and the sentence it first occurs in, in the text's own script. Most
        first, then by phrase."""
        folded = fold(text)
        found = []
        for phrase, key in self.keys.items():
            first = folded.find(key) if key else -1
            if first >= 0:
                found.append(KeyPhrase(phrase, folded.count(key), sentence_at(text, first)))
        return sorted(found, key=lambda k: (-k.count, k.phrase))


def count_phrases(text: str, phrases: Iterable[str]) -> list[KeyPhrase]:
    """``Lexicon(phrases).count(text)``: the occurrences of ``phrases`` in one text."""
    return Lexicon(phrases).count(text)


def proposed(records: Iterable[SessionRecord]) -> set[str]:
    """The phrases the parser proposed: quoted in any of the records."""
    return {k.phrase for r in records for k in r.key_phrases}


def read_lexicon(path) -> list[str]:
    """Staff-tracked phrases from a text file: one a line, ``#`` starts a comment.

    A line that cannot be a phrase raises ArticleError naming the file, line and reason.
    """
    path = str(path)
    try:
        lines = read_named_file(path).decode("utf-8").splitlines()
    except ArticleError as exc:
        raise ArticleError(path, f"cannot read the lexicon: {exc.reason}") from exc
    except UnicodeDecodeError as exc:
        raise ArticleError(path, f"cannot read the lexicon: {exc}") from exc
    phrases = []
    for number, line in enumerate(lines, 1):
        phrase = normalize(line.split("#", 1)[0])
        if not phrase:
            continue
        if reason := problem(phrase):
            raise ArticleError(f"{path}:{number}", f"{phrase!r}: {reason}")
        phrases.append(phrase)
    return list(dict.fromkeys(phrases))
