"""Read a saved web page: its encoding, its main text (trafilatura) and its metadata as evidence."""

import codecs
import datetime
import functools
import logging
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from urllib.parse import urljoin, urlsplit

import lxml.html
from charset_normalizer import from_bytes

from .decode import MAX_BYTES, _chinese_score
from .records import ArticleError

# Their warnings (a page too short, a date not found) would reach stderr past a command's own
# message; the reason a page is refused is the parser's to say.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

TRAFILATURA = f"trafilatura {version('trafilatura')}"
HTMLDATE = f"htmldate {version('htmldate')}"
# The cleaning log's name for the extraction: the step and the library that did it, so a
# record says which version chose its text.
EXTRACT_STEP = f"html_main_text ({TRAFILATURA})"

# What makes bytes a web page rather than article text: the markers decode.py refuses in
# text. Only ASCII bytes are matched, which GBK and Big5 never form inside a character ("<"
# is no trailing byte of either).
_HTML_RE = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:script|style|meta)\b[^>]*>",
    re.IGNORECASE,
)
_META_CHARSET_RE = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# A page declares its charset within its first bytes; 4 KiB allows for long comments.
_META_SCAN = 4096

# The codecs a declared label is decoded with, widest last: pages labelled gb2312 or gbk are
# written in GBK, whose superset GB18030 decodes them; Big5 pages carry Microsoft's (cp950) or
# Hong Kong's (HKSCS) additions.
_FAMILIES = {
    "gb18030": ("gb18030",),
    "big5": ("big5", "cp950", "big5hkscs"),
    "utf-8": ("utf-8",),
}
_LABELS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb18030": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5",
    "big5-hkscs": "big5",
    "x-big5": "big5",
    "cp950": "big5",
    "utf-8": "utf-8",
    "utf8": "utf-8",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class PageMeta:
    """What the page says of itself, each a piece of evidence for the parser."""

    title: str = ""
    site_name: str = ""
    url: str = ""  # the canonical link, else og:url
    url_from: str = ""  # "canonical" or "og:url"
    date: datetime.date | None = None  # the publication date trafilatura/htmldate found


@dataclass
class Page:
    html: str  # the whole page, decoded verbatim
    encoding: str
    notes: list[str]
    text: str  # the main text, a paragraph a line pair apart
    paragraphs: int
    meta: PageMeta = field(default_factory=PageMeta)


def is_html(data: bytes) -> bool:
    """Whether the bytes are a web page (doctype, html, head, body, script, style, meta)."""
    return _HTML_RE.search(data) is not None


def _family(label: str) -> tuple[str, ...]:
    label = label.strip().lower()
    if label in _LABELS:
        return _FAMILIES[_LABELS[label]]
    try:
        return (codecs.lookup(label).name,)
    except LookupError:
        return ()


def _try(data: bytes, codecs_: tuple[str, ...]) -> tuple[str, str] | None:
    for name in codecs_:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def decode_page(data: bytes, path: str, declared: str = "") -> tuple[str, str, list[str]]:
    """(text, codec, notes) of a page's bytes: its byte-order mark, else the charset the server
    ``declared``, else its own ``<meta charset>``, each checked by decoding strictly; else
    UTF-8, else what charset-normalizer finds most like Chinese text."""
    if len(data) > MAX_BYTES:
        raise ArticleError(
            path, f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte (2 MiB) limit"
        )
    for bom, name in _BOMS:
        if data.startswith(bom):
            if found := _try(data, (name,)):
                return found[0], found[1], []
    notes = []
    meta = _META_CHARSET_RE.search(data[:_META_SCAN])
    for label, where in (
        (declared, "the server's Content-Type"),
        (meta.group(1).decode("ascii", "replace") if meta else "", "the page's meta charset"),
    ):
        if not label:
            continue
        if found := _try(data, _family(label)):
            return found[0], found[1], notes
        notes.append(f"{where} says {label}, but the bytes are not {label}")
    if found := _try(data, ("utf-8",)):
        return found[0], "utf-8", notes
    best = None
    guesses = [m.encoding for m in list(from_bytes(data))[:5]] + ["gb18030", "big5"]
    for guess in dict.fromkeys(guesses):
        if found := _try(data, (guess,)):
            score = _chinese_score(found[0])
            if best is None or score > best[0]:
                best = (score, found)
    if best is None or best[0] < 0.2:
        raise ArticleError(path, "web page: no encoding decodes it as Chinese text")
    text, name = best[1]
    notes.append(f"no charset declared that fits: decoded from {name}, detected from the bytes")
    return text, name, notes


def _absolute(url: str, base: str) -> str:
    url = urljoin(base, url.strip()) if base else url.strip()
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else ""


def _links(tree, base: str) -> tuple[str, str]:
    """(url, which) of the page's canonical link, else its og:url; ("", "") when neither."""
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and (url := _absolute(link.get("href") or "", base)):
            return url, "canonical"
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url":
            if url := _absolute(meta.get("content") or "", base):
                return url, "og:url"
    return "", ""


_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
# trafilatura falls back to the host name when a page names no site: that is no outlet's name.
_HOST_NAME_RE = re.compile(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _meta_site_name(tree) -> str:
    """The site's name in a government portal's own metadata (<meta name="SiteName">)."""
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").lower() == "sitename" and (meta.get("content") or "").strip():
            return meta.get("content").strip()
    return ""


def _site_name(found: str, named: str) -> str:
    if found and not _HOST_NAME_RE.fullmatch(found):
        return found
    return named


@functools.cache
def _config():
    from trafilatura.settings import use_config

    config = use_config()
    # Plenum reports can be a few lines long: trafilatura's defaults drop texts under 250
    # characters as not an article.
    for key in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE", "MIN_EXTRACTED_COMM_SIZE"):
        config.set("DEFAULT", key, "10")
    return config


_BLOCKS = frozenset(
    "p div section article table ul ol li h1 h2 h3 h4 h5 h6 blockquote pre figure".split()
)


def _paragraph_sections(tree) -> None:
    """WeChat's editors write each paragraph as a ``<section>`` of spans, which trafilatura
    does not read as text; a section holding no block of its own is made the paragraph it is."""
    for section in tree.iter("section"):
        if not any(child.tag in _BLOCKS for child in section.iterdescendants()):
            section.tag = "p"


def read_page(data: bytes, path: str, declared: str = "", base_url: str = "") -> Page:
    """Decode a page and extract its main text and metadata; ArticleError when it holds none.

    ``declared`` is the charset an HTTP response named, ``base_url`` where the page was found
    (to resolve a relative canonical link)."""
    html, encoding, notes = decode_page(data, path, declared)
    try:
        # lxml refuses a decoded string that still declares its encoding (<?xml … ?>).
        tree = lxml.html.fromstring(_XML_DECLARATION_RE.sub("", html, count=1))
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ArticleError(path, f"web page: not readable as HTML ({exc})") from exc
    # Read before trafilatura, which prunes the tree it is given.
    url, url_from = _links(tree, base_url)
    named_site = _meta_site_name(tree)
    _paragraph_sections(tree)
    # Imported here: with its dependencies about 11 MB, which a web worker that never reads a
    # saved page (nearly all of them) should not hold.
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=base_url or None,
            with_metadata=True,
            include_comments=False,
            # Layout tables (an e-paper's page list beside the article) are not the text.
            include_tables=False,
            include_images=False,
            favor_precision=True,
            config=_config(),
        )
    except (ValueError, TypeError) as exc:
        raise ArticleError(path, f"web page: {TRAFILATURA} could not read it ({exc})") from exc
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if not lines:
        raise ArticleError(path, f"web page: {TRAFILATURA} found no main text in it")
    title = (getattr(doc, "title", None) or "").strip()
    # The headline often stands outside the article's body: it goes first, as in a text file.
    if title and not lines[0].startswith(title[:12]):
        lines.insert(0, title)
    date = None
    if raw := getattr(doc, "date", None):
        try:
            date = datetime.date.fromisoformat(raw[:10])
        except ValueError:
            date = None
    meta = PageMeta(
        title=title,
        site_name=_site_name((getattr(doc, "sitename", None) or "").strip(), named_site),
        url=url,
        url_from=url_from,
        date=date,
    )
    return Page(html, encoding, notes, "\n\n".join(lines), len(lines), meta)
