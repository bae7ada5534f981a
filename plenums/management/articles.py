"""The article commands' shared arguments and the line that accounts for every folder entry."""

from plenums.ingest.files import ARTICLE_SUFFIXES, list_articles


def add_path_arguments(parser, nargs="+") -> None:
    parser.add_argument(
        "paths", nargs=nargs, help="article files, or directories whose *.txt entries are read"
    )
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="read symlinked articles whose target stays inside their folder (default: refuse"
        " every symlink)",
    )


def skipped_line(skipped: list[str]) -> str:
    """``2 skipped (not *.txt)``, or "" when no folder entry was skipped."""
    names = "/".join(f"*{suffix}" for suffix in ARTICLE_SUFFIXES)
    return f"{len(skipped)} skipped (not {names})" if skipped else ""


def strict_skipped_line(paths, follow_symlinks: bool) -> str:
    """The skipped line of an all-or-nothing run, which keeps no batch to count them in."""
    return skipped_line(list_articles(paths, follow_symlinks).skipped)
