"""Turn an article file's bytes into text, refusing binary, empty, oversized and HTML input."""

import codecs
import re
from dataclasses import dataclass, field

from plenums.chinese import HAN_RE, to_simplified

from .records import ArticleError

MAX_BYTES = 2 * 1024 * 1024

# Legacy encodings tried, in order, when the bytes are not UTF-8. GB18030 is a superset of GBK
# and GB2312; Big5 covers Traditional-script sites in Taiwan and Hong Kong.
LEGACY_ENCODINGS = ("gb18030", "big5")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A saved web page, not article text: paragraph markup left in reposted text (<p>, <br>) is
# cleaned instead (clean.remove_html_tags).
_HTML_RE = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:script|style|meta)\b[^>]*>",
    re.IGNORECASE,
)
# Three or more tags means markup, not an article quoting one tag name in prose.
_HTML_TAG_LIMIT = 1
# Common characters in official prose; a wrong legacy decode yields rare characters instead.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制"
    "机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
    "心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党"
    "程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角"
    "期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压"
    "志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万"
    "每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林"
    "律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史"
    "感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层"
    "片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
)


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def _chinese_score(text: str) -> float:
    # Traditional text is scored on its Simplified form, so Big5 and GB18030 compete fairly.
    han = to_simplified("".join(HAN_RE.findall(text)))
    if not han:
        return 0.0
    return sum(1 for c in han if c in _COMMON) / len(han)


def _decode_legacy(data: bytes, path: str) -> Decoded:
    best = None
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _chinese_score(text)
        if best is None or score > best[0]:
            best = (score, encoding, text)
    if best is None or best[0] < 0.2:
        raise ArticleError(
            path,
            "not valid UTF-8, and neither GB18030 nor Big5 decodes it as Chinese text; "
            "save the article as UTF-8",
        )
    _score, encoding, text = best
    return Decoded(text, encoding, [f"decoded from {encoding}, not UTF-8"])


def decode(data: bytes, path: str) -> Decoded:
    """Decode an article's bytes strictly; raise ArticleError naming the file and the reason."""
    if len(data) > MAX_BYTES:
        raise ArticleError(
            path, f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte (2 MiB) limit"
        )
    decoded = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                decoded = Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    path, f"starts with a {encoding} byte-order mark but is not valid {encoding}"
                ) from exc
            break
    if decoded is None:
        if b"\x00" in data:
            raise ArticleError(path, "binary file: contains NUL bytes")
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = _decode_legacy(data, path)
    text = decoded.text
    if not text.strip():
        raise ArticleError(path, "empty file: no text")
    if control := _CONTROL_RE.search(text):
        raise ArticleError(
            path,
            f"binary file: control character {control.group()!r} at character {control.start()}",
        )
    if len(_HTML_RE.findall(text)) >= _HTML_TAG_LIMIT:
        raise ArticleError(
            path, "looks like an HTML page, not article text; save the article's text only"
        )
    if not HAN_RE.search(text):
        raise ArticleError(path, "no Chinese text in the file")
    return decoded


def media_type(value: str | None) -> tuple[str, str]:
    """(type, charset) of a Content-Type value (``text/html; charset=GBK``), lower-cased type."""
    if not value:
        return "", ""
    parts = [part.strip() for part in value.split(";")]
    charset = ""
    for part in parts[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'")
    return parts[0].lower(), charset
