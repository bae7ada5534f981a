"""Cleaning steps that undo reposting damage; each returns the new text and how often it acted."""

import functools
import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from plenums.chinese import is_han, to_simplified, word_spans

from .records import CleaningStep, Source

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"

# ── pinyin glosses ────────────────────────────────────────────────────────────────────────
# Reposting sites gloss "hard" characters as 經(jīng): a parenthesised pinyin syllable.
_SYLLABLE_RE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|üan|van|ang|eng|ing|ong|iao|ian|uai|uan|ai|ao|an|ei|en|er|ia|ie|iu|"
    r"in|ou|ua|uo|ui|un|üe|ue|ve|ün|a|e|i|o|u|ü|v|ng|n|m)"
)
_GLOSS_RE = re.compile(rf"[(（]([a-z{_TONED}]{{1,6}})[)）]")
_HAN_CHAR_RE = re.compile(rf"[{_HAN}]")


@functools.lru_cache(maxsize=4096)
def _is_syllable(word: str) -> bool:
    # Tone marks (and the diaeresis of ü) come off: lǜ is checked as lu, which is as valid.
    base = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return _SYLLABLE_RE.fullmatch(base) is not None


def remove_pinyin_glosses(text: str) -> tuple[str, int]:
    """經(jīng)濟(jì) → 經濟: drop parenthesised pinyin syllables, wherever they stand, and the
    remains of glosses whose tone-marked letters a GBK/Big5 repost dropped (區(q), 經(jng))."""
    count = 0

    def repl(m: re.Match) -> str:
        nonlocal count
        word = m.group(1)
        damaged = word.isascii() and m.start() > 0 and _HAN_CHAR_RE.match(text, m.start() - 1)
        if damaged or _is_syllable(word):
            count += 1
            return ""
        return m.group(0)

    return _GLOSS_RE.sub(repl, text), count


# ── small mechanical steps ────────────────────────────────────────────────────────────────
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ENTITY_RE = re.compile(
    r"&(?:nbsp|amp|lt|gt|quot|apos|ldquo|rdquo|middot|#\d{2,6}|#x[0-9a-f]{2,5});", re.I
)
_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")


def remove_invisible_chars(text: str) -> tuple[str, int]:
    return _INVISIBLE_RE.subn("", text)


# Markup left in reposted text: block tags become line breaks, inline ones (and images) go.
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|br|section|article|h[1-6]|center|li|ul|ol|table|tr|td|blockquote)\b[^<>]{0,300}>",
    re.IGNORECASE,
)
_INLINE_TAG_RE = re.compile(
    r"</?(?:span|strong|b|em|i|u|font|a|small|big|sup|sub|img)\b[^<>]{0,300}>", re.IGNORECASE
)


def remove_html_tags(text: str) -> tuple[str, int]:
    text, blocks = _BLOCK_TAG_RE.subn("\n", text)
    text, inline = _INLINE_TAG_RE.subn("", text)
    return text, blocks + inline


def unescape_html_entities(text: str) -> tuple[str, int]:
    # &nbsp; becomes a plain space: a no-break space would survive line stripping.
    return _ENTITY_RE.subn(lambda m: html.unescape(m.group()).replace("\xa0", " "), text)


def remove_image_markdown(text: str) -> tuple[str, int]:
    return _IMAGE_RE.subn("", text)


# ── source trailer ────────────────────────────────────────────────────────────────────────
# A key at the start of a line, then a colon; values may hold a second key (来源：X 编辑：Y).
_TRAILER_KEYS = {
    "来源": "name",
    "稿源": "name",
    "来源网站": "name",
    "标题": "title",
    "原标题": "title",
    "题目": "title",
    "地址": "url",
    "链接": "url",
    "原文链接": "url",
    "原文地址": "url",
    "网址": "url",
    "网页地址": "url",
    "编辑": None,
    "责任编辑": None,
    "责编": None,
    "作者": None,
    "记者": None,
    "审核": None,
    "校对": None,
    "通讯员": None,
    "发布时间": None,
    "时间": None,
}
_KEY_ALTS = "|".join(sorted(_TRAILER_KEYS, key=len, reverse=True))
# A dateline may stand first: 2025-01-10 09:15 来源：南京日报.
_DATELINE = r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*)?"
_TRAILER_LINE_RE = re.compile(rf"^{_DATELINE}[【\[（(]?(?:{_KEY_ALTS})[】\]]?\s*[:：]")
_TRAILER_FIELD_RE = re.compile(rf"[【\[]?({_KEY_ALTS})[】\]]?\s*[:：]\s*")
_URL_RE = re.compile(r"https?://[^\s<>\"'“”，。]+")
_TRAILER_MAX_LEN = 200


def extract_source_trailer(lines: list[str]) -> tuple[list[str], int, Source | None]:
    """Remove 来源:/标题:/地址: lines (either script, either colon) and read them into a Source."""
    kept, fields, count = [], {}, 0
    for line in lines:
        stripped = line.strip()
        if len(stripped) > _TRAILER_MAX_LEN or not _TRAILER_LINE_RE.match(
            folded := to_simplified(stripped)
        ):
            kept.append(line)
            continue
        count += 1
        # Folding keeps lengths, so positions found in the folded line slice the printed one.
        marks = list(_TRAILER_FIELD_RE.finditer(folded))
        for i, mark in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(stripped)
            value = stripped[mark.end() : end].strip(" \t\u3000|｜/【】[]（）()")
            kind = _TRAILER_KEYS[mark.group(1)]
            if kind and value and kind not in fields:
                fields[kind] = value
    if not fields:
        return kept, count, None
    url = fields.get("url", "")
    if found := _URL_RE.search(url):
        url = found.group()
    name = fields.get("name", "")
    if not url and (found := _URL_RE.search(name)):
        url, name = found.group(), name.replace(found.group(), "").strip()
    return kept, count, Source(name=name, url=url, title=fields.get("title", ""))


# ── boilerplate lines ─────────────────────────────────────────────────────────────────────
_BOILERPLATE_RE = re.compile(
    r"本篇文章\s*\d+\s*字|读完约?\s*\d+\s*分钟|阅读(?:时间|全文)?(?:大)?约(?:需)?\s*\d+\s*分钟"
    r"|^\s*责任编辑|^\s*扫(?:一扫|码|描二维码)|分享到|^\s*分享[:：]?\s*(?:微信|微博|$)|微信扫一扫"
    r"|^\s*点击(?:进入|查看|阅读|关注)|^\s*[【\[]?(?:打印本页|关闭窗口|返回顶部|返回搜狐|查看更多)"
    r"|【?字[号体][:：]?\s*大\s*中\s*小】?|^\s*(?:字数|阅读量|浏览次数|点击数|阅读数)[:：]?\s*\d+"
    r"|^\s*(?:上一篇|下一篇)[:：]|^\s*(?:版权所有|本文来自|免责声明)|长按(?:识别)?二维码"
    r"|^\s*(?:收藏|点赞|在看|转发)\s*$"
    r"|^\s*[(（](?:本报|融媒体)?(?:记者|通讯员|编辑|文|图|文/图|摄影)[^()（）]{0,40}[)）]\s*$"
)
_BOILERPLATE_MAX_LEN = 60


def remove_boilerplate_lines(lines: list[str]) -> tuple[list[str], int]:
    kept, count = [], 0
    for line in lines:
        stripped = line.strip()
        if (
            stripped
            and len(stripped) <= _BOILERPLATE_MAX_LEN
            and _BOILERPLATE_RE.search(to_simplified(stripped))
        ):
            count += 1
        else:
            kept.append(line)
    return kept, count


# ── repeated caption lines ────────────────────────────────────────────────────────────────
_SENTENCE_END = "。！？!?；;…：:，,"
_PHOTO_CAPTION_RE = re.compile(r"^[（(【\[]?(?:图为|图片为|图：|图:|图/|摄影|▲)")
_CAPTION_MAX_LEN = 60


def _caption_key(line: str) -> str:
    key = line.strip().strip("*#_ \u3000")
    # Long lines are paragraphs, never captions: skip converting them.
    return to_simplified(key) if len(key) <= _CAPTION_MAX_LEN else ""


def remove_caption_lines(lines: list[str], source_title: str = "") -> tuple[list[str], int]:
    """Drop short, unpunctuated lines repeated between paragraphs (image captions reusing the
    headline), lines that merely repeat the source's title, and photo captions (图为…);
    every copy counts."""
    keys = [_caption_key(line) for line in lines]
    counts = Counter(k for k in keys if k)
    title_key = _caption_key(source_title) if source_title else ""
    kept, removed = [], 0
    for line, key in zip(lines, keys, strict=True):
        is_caption = (
            key
            and len(key) <= _CAPTION_MAX_LEN
            and key[-1] not in _SENTENCE_END
            and (counts[key] > 1 or key == title_key or _PHOTO_CAPTION_RE.match(key))
        )
        if is_caption:
            removed += 1
        else:
            kept.append(line)
    return kept, removed


# ── punctuation ───────────────────────────────────────────────────────────────────────────
_CJK = rf"[{_HAN}\u3001-\u303f\uff01-\uff0f“”‘’《》（）「」『』]"
_NUM = r"[\d%％]"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
# A half-width mark between CJK text (or between a number and CJK) becomes its full-width twin;
# between two digits it is a thousands separator or a clock and stays. A `?` only counts as a
# question mark at a line's end: between characters it stands for a character lost in reposting.
_PUNCT_RE = re.compile(
    rf"(?:(?<={_CJK})([,;:!])[ \t]*(?={_CJK}|\d)|(?<={_NUM})([,;:!])[ \t]*(?={_CJK})"
    rf"|(?<={_CJK})([,;:!?])[ \t]*$)",
    re.M,
)
_PAREN_RE = re.compile(rf"\(([^()\n]*[{_HAN}][^()\n]*)\)")


def normalise_punctuation(text: str) -> tuple[str, int]:
    def repl(m: re.Match) -> str:
        return _HALF_TO_FULL[m.group(1) or m.group(2) or m.group(3)]

    text, count = _PUNCT_RE.subn(repl, text)
    text, parens = _PAREN_RE.subn(r"（\1）", text)
    return text, count + parens


# ── line layout ───────────────────────────────────────────────────────────────────────────
_WS = " \t\u3000\xa0"


def strip_indentation(lines: list[str]) -> tuple[list[str], int]:
    stripped = [line.strip(_WS) for line in lines]
    return stripped, sum(1 for a, b in zip(lines, stripped, strict=True) if a != b and b)


# A line cut inside a number or date (2022年\n12月30日, 36\n名) — a clock (09:41) is not cut.
_NUMBER_CUT_END_RE = re.compile(r"(?:(?<![:\d])\d{1,4}|\d\s*[年月])$")
_NUMBER_CUT_START_RE = re.compile(r"^(?:\d{1,2}\s*[年月日号]|[年月日号名人次届])")
# Marks a paragraph never ends with: the sentence goes on on the next line.
_OPEN_ENDS = "，、,（(“‘《「『"


# A line a text hard-wrapped at a fixed width: long, with a comma inside, cut mid-sentence.
_WRAPPED_MIN = 20


def _cut_mid_sentence(line: str) -> bool:
    return (
        len(line) >= _WRAPPED_MIN
        and ("，" in line or "," in line)
        and (is_han(line[-1]) or line[-1].isdigit() or line[-1] in "》”」")
    )


def join_broken_lines(lines: list[str]) -> tuple[list[str], int]:
    """Join a line break that falls inside a word (委\n员), a number or date, or right after
    a comma: reposting cut the sentence there, it did not start a paragraph. A text wrapped
    at a fixed width (three or more long lines cut mid-sentence, the heading aside) has every
    such line joined to the next (县委副书记\n袁敏就…)."""
    first = next((i for i, line in enumerate(lines) if line), 0)
    body = [i for i, line in enumerate(lines) if i > first and line and _cut_mid_sentence(line)]
    wrapped = len(body) >= 3
    kept: list[str] = []
    count = 0
    for i, line in enumerate(lines):
        if kept and kept[-1] and line:
            prev = kept[-1]
            inside_word = is_han(prev[-1]) and is_han(line[0]) and word_spans(prev, line)
            inside_number = _NUMBER_CUT_END_RE.search(prev) and _NUMBER_CUT_START_RE.match(line)
            cut = wrapped and i - 1 > first and lines[i - 1] and _cut_mid_sentence(lines[i - 1])
            if inside_word or inside_number or prev[-1] in _OPEN_ENDS or cut:
                kept[-1] = prev + line
                count += 1
                continue
        kept.append(line)
    return kept, count


def drop_blank_lines(lines: list[str]) -> tuple[list[str], int]:
    kept = [line for line in lines if line]
    return kept, len(lines) - len(kept)


# ── the whole pipeline ────────────────────────────────────────────────────────────────────
STEPS = (
    "invisible_chars",
    "html_tags",
    "html_entities",
    "image_markdown",
    "pinyin_glosses",
    "source_trailer",
    "boilerplate_lines",
    "caption_lines",
    "punctuation",
    "indentation",
    "broken_lines",
    "blank_lines",
)


@dataclass
class Cleaned:
    text: str
    source: Source | None
    steps: list[CleaningStep] = field(default_factory=list)


def clean(original: str) -> Cleaned:
    """Run every step in a fixed order; the log lists all of them, zero counts included."""
    counts: dict[str, int] = {}
    text = original.replace("\r\n", "\n").replace("\r", "\n")
    text, counts["invisible_chars"] = remove_invisible_chars(text)
    # Tags before entities: an escaped &lt;p&gt; is text the article printed.
    text, counts["html_tags"] = remove_html_tags(text)
    text, counts["html_entities"] = unescape_html_entities(text)
    text, counts["image_markdown"] = remove_image_markdown(text)
    text, counts["pinyin_glosses"] = remove_pinyin_glosses(text)
    lines = text.split("\n")
    lines, counts["source_trailer"], source = extract_source_trailer(lines)
    lines, counts["boilerplate_lines"] = remove_boilerplate_lines(lines)
    lines, counts["caption_lines"] = remove_caption_lines(lines, source.title if source else "")
    text, counts["punctuation"] = normalise_punctuation("\n".join(lines))
    lines, counts["indentation"] = strip_indentation(text.split("\n"))
    lines, counts["broken_lines"] = join_broken_lines(lines)
    lines, counts["blank_lines"] = drop_blank_lines(lines)
    return Cleaned(
        text="\n\n".join(lines),
        source=source,
        steps=[CleaningStep(step, counts[step]) for step in STEPS],
    )
