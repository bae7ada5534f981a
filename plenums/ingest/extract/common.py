"""Character classes, number patterns and paragraph helpers the extractors share."""

from plenums.chinese import CN_DIGITS

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
NUM = rf"[0-9{CN_DIGITS}]{{1,4}}"
_YEAR = r"(?:19|20)\d\d|[一二][〇零一二三四五六七八九]{3}"
_MONTH_DAY = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
# Folded text has half-width ASCII: ， is "," and （ is "(" here.
_CLAUSE_END = ",。;:!?\n"


def _paragraph_bounds(folded: str, offset: int) -> tuple[int, int]:
    start = folded.rfind("\n", 0, offset) + 1
    end = folded.find("\n", offset)
    return start, len(folded) if end < 0 else end


def _first_paragraphs(folded: str, limit: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(folded) and len(spans) < limit:
        end = folded.find("\n", start)
        end = len(folded) if end < 0 else end
        if end > start:
            spans.append((start, end))
        start = end + 1
    return spans
