"""The article commands' shared arguments and the line that accounts for every folder entry."""

from plenums.ingest.files import list_articles, suffix_names


def add_path_arguments(parser, nargs="+") -> None:
    parser.add_argument(
        "paths",
        nargs=nargs,
        help="article files (text, saved web pages, WARC/WACZ web archives), or directories"
        " whose such entries are read",
    )
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="read symlinked articles whose target stays inside their folder (default: refuse"
        " every symlink)",
    )


def skipped_line(skipped: list[str]) -> str:
    """``2 skipped (not *.txt/*.html/…)``, or "" when no folder entry was skipped."""
    return f"{len(skipped)} skipped (not {suffix_names()})" if skipped else ""


def strict_skipped_line(paths, follow_symlinks: bool) -> str:
    """The skipped line of an all-or-nothing run, which keeps no batch to count them in."""
    return skipped_line(list_articles(paths, follow_symlinks).skipped)
