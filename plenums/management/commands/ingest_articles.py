"""Parse article files, web pages, URLs and web archives and write them into the database."""

import sys

from django.core.management.base import BaseCommand, CommandError

from plenums.fetch import fetch_all, read_url_file
from plenums.ingest.parse import parse_batch, parse_paths
from plenums.ingest.records import ArticleError
from plenums.management.articles import add_path_arguments, skipped_line, strict_skipped_line
from plenums.management.progress import TerminalProgress
from plenums.records.loader import load_keep_going, load_records


def passed_over_line(passed_over) -> str:
    """``3 archive pages passed over (not plenum reports)``, or "" when none was."""
    if not passed_over:
        return ""
    return f"{len(passed_over)} archive pages passed over (not plenum reports)"


class Command(BaseCommand):
    help = (
        "Parse article files, saved web pages, WARC/WACZ web archives or directories, and pages"
        " fetched by URL, and create or update their sessions."
    )

    def add_arguments(self, parser):
        add_path_arguments(parser, nargs="*")
        parser.add_argument(
            "--url",
            dest="urls",
            nargs="+",
            action="extend",
            default=[],
            metavar="URL",
            help="fetch these pages (robots.txt obeyed, one request a second a host)",
        )
        parser.add_argument(
            "--url-file", dest="url_files", action="append", default=[], metavar="FILE",
            help="fetch the URLs of FILE, one a line (# starts a comment)",
        )  # fmt: skip
        parser.add_argument(
            "--keep-going",
            action="store_true",
            help="load every good file, list the refused ones, exit 1 if any was refused",
        )

    def handle(self, *args, paths, urls, url_files, keep_going, follow_symlinks, **options):
        try:
            for url_file in url_files:
                urls = [*urls, *read_url_file(url_file)]
        except ArticleError as exc:
            raise CommandError(str(exc)) from exc
        if not paths and not urls:
            raise CommandError("name article files or directories, --url or --url-file")
        fetched, failed = fetch_all(urls) if urls else ([], [])
        pages = [(page.name, page.data, page.origin()) for page in fetched]
        if failed and not keep_going:
            # All or nothing: a URL that gave no page stops the run before anything is written.
            raise CommandError("\n".join(str(error) for error in failed))
        progress = TerminalProgress(self.stdout)
        passed_over: list[ArticleError] = []
        if keep_going:
            batch = parse_batch(paths, progress, follow_symlinks, pages=pages, refused=failed)
            progress.finish()
            passed_over = batch.passed_over
            counts, refused_load = load_keep_going(batch.parsed)
            refused = sorted(batch.refused + refused_load, key=lambda error: error.path)
        else:
            try:
                records = parse_paths(
                    paths, progress, follow_symlinks, pages=pages, passed_over=passed_over
                )
                counts = load_records(records)
            except ArticleError as exc:
                raise CommandError(str(exc)) from exc
            finally:
                progress.finish()
        for key in sorted(counts):
            self.stdout.write(f"{key}: {counts[key]}")
        if over := passed_over_line(passed_over):
            self.stdout.write(over)
        if keep_going:
            for error in passed_over:
                self.stdout.write(f"passed over {error}")
            loaded = len(batch.parsed) - len(refused_load)
            skipped = skipped_line(batch.skipped)
            self.stdout.write(
                f"{loaded} loaded, {len(refused)} refused" + (f", {skipped}" if skipped else "")
            )
            for error in refused:
                self.stderr.write(str(error))
            if refused:
                sys.exit(1)
        elif paths and (skipped := strict_skipped_line(paths, follow_symlinks)):
            self.stdout.write(skipped)
