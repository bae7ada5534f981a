"""Which paths are articles: regular files only, links followed only inside their folder."""

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .decode import MAX_BYTES
from .records import ArticleError

# The names an entry of a folder must end with to be read as an article; others are skipped.
# Web pages are read for their main text; a web archive for each HTML page it captured.
PAGE_SUFFIXES = (".html", ".htm")
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wacz")
ARTICLE_SUFFIXES = (".txt", *PAGE_SUFFIXES, *ARCHIVE_SUFFIXES)
_NOT_FOLLOWED = "symlink: not followed (--follow-symlinks follows links inside their folder)"


@dataclass(frozen=True)
class Article:
    """A path to read as an article, and the folder a link in it may point into."""

    path: str
    folder: str


@dataclass
class Listing:
    """What a list of paths holds: the articles to read, the entries refused at once with their
    reason, and the folder entries skipped for their name (not an article's, ``*.txt`` …)."""

    articles: list[Article] = field(default_factory=list)
    refused: list[ArticleError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def suffix_names() -> str:
    """``*.txt/*.html/…``: the names a folder's articles have."""
    return "/".join(f"*{suffix}" for suffix in ARTICLE_SUFFIXES)


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _inside(target: str, folder: str) -> bool:
    folder = os.path.realpath(folder)
    return os.path.commonpath([target, folder]) == folder


def check(article: Article, follow_symlinks: bool = False) -> None:
    """Refuse, with the reason, what is not a regular file: a link (unless followed and inside
    its folder), a directory, a FIFO, a device, a socket, or a path that is not there."""
    path = article.path
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        raise ArticleError(path, f"cannot read: {exc.strerror or exc}") from exc
    if stat.S_ISLNK(mode):
        if not follow_symlinks:
            raise ArticleError(path, _NOT_FOLLOWED)
        target = os.path.realpath(path)
        if not _inside(target, article.folder):
            raise ArticleError(path, f"symlink: points outside {article.folder} ({target})")
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            raise ArticleError(path, f"symlink: its target {target} cannot be read") from exc
    if kind := _kind(mode):
        raise ArticleError(path, f"{kind}, not an article file")


def read_article(article: Article, follow_symlinks: bool = False) -> bytes:
    """The bytes of an article file, at most 2 MiB, never blocking on a FIFO or device."""
    check(article, follow_symlinks)
    path = article.path
    # O_NONBLOCK: a file swapped for a FIFO after the check opens at once instead of waiting
    # for a writer; O_NOFOLLOW: nor is a regular file swapped for a link read.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ArticleError(path, f"cannot read: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if kind := _kind(info.st_mode):
            raise ArticleError(path, f"{kind}, not an article file")
        if info.st_size > MAX_BYTES:
            # Refuse before reading: an oversized file is never loaded whole.
            raise ArticleError(
                path, f"file is {info.st_size:,} bytes, over the {MAX_BYTES:,}-byte (2 MiB) limit"
            )
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ArticleError(path, f"file grew past the {MAX_BYTES:,}-byte (2 MiB) limit")
    return data


def _folder_entries(folder: str, listing: Listing) -> None:
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        listing.refused.append(ArticleError(folder, f"cannot read: {exc.strerror or exc}"))
        return
    found = False
    for name in names:
        path = os.path.join(folder, name)
        if name.lower().endswith(ARTICLE_SUFFIXES):
            listing.articles.append(Article(path, folder))
            found = True
        else:
            listing.skipped.append(path)
    if not found:
        listing.refused.append(
            ArticleError(folder, f"directory holds no article files ({suffix_names()})")
        )


def list_articles(paths, follow_symlinks: bool = False) -> Listing:
    """Every path given, accounted for: a folder's entries (not its subfolders' ones) are
    articles when named as one (``*.txt``, ``*.html``, a web archive) and skipped otherwise;
    a path given by name is an article (whatever its name) unless it is a folder; links to
    folders are followed only on request."""
    listing = Listing()
    for given in paths:
        path = str(given)
        try:
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode) and follow_symlinks:
                mode = os.stat(path).st_mode
        except OSError:
            mode = 0  # refused with its reason when it is read
        if stat.S_ISDIR(mode):
            _folder_entries(path, listing)
        else:
            folder = str(Path(path).parent)
            listing.articles.append(Article(path, folder))
    seen: set[str] = set()
    unique = []
    for article in listing.articles:  # a file named twice is read once
        if article.path not in seen:
            seen.add(article.path)
            unique.append(article)
    listing.articles = unique
    return listing


def read_named_file(path: str) -> bytes:
    """The bytes of a file named on purpose (a lexicon): a link is followed wherever it points,
    but only a regular file is read, so a FIFO or device is refused instead of waited on."""
    return read_article(Article(path, os.sep), follow_symlinks=True)
