"""Every public answer of an archive built from the test articles, written to a folder, so that two
versions of the code can be compared byte for byte (``diff -r before after``).

In a scratch directory: ``build_fixtures`` over the test articles and seeds, ``loaddata``,
``rebuild_index``; then every public page reachable from the home page (each HTML page also as its
JSON twin), the session pages in both scripts and in English, a sample of searches with their
facets, pages and formats, and the parse and build commands' outputs. The access date and static
files' content hashes are masked, as in the golden page tests.

    .venv/bin/python bench/snapshot.py var/snapshot/before
"""

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

HREF = re.compile(r'href="(/[^"#]*)')
STATIC_HASH = re.compile(r"(/static/[^\"']+?)\.[0-9a-f]{12}(\.\w+)")
# Crawl limits: pages off these prefixes change state, are another site, or are files.
SKIP = ("/admin/", "/static/", "/script/", "/language/", "/data/originals")
SEARCHES = ["经济发展", "全面从严治党", "乡村振兴", "十四五", "全會", "报告 决议", "委员会"]


def masked(body: bytes, today: str) -> bytes:
    try:
        text = body.decode()
    except UnicodeDecodeError:
        return body
    return STATIC_HASH.sub(r"\1.HASH\2", text.replace(today, "ACCESS-DATE")).encode()


def build(scratch: Path, out: Path) -> None:
    from django.core.management import CommandError, call_command

    call_command("migrate", interactive=False, verbosity=0)
    articles = sorted((REPO / "tests" / "articles").glob("*.txt"))
    seeds = sorted((REPO / "fixtures" / "articles").glob("*.txt"))
    fixture = scratch / "plenums.json"
    stdout = io.StringIO()
    stderr = io.StringIO()
    # Some test articles are refused on purpose: the refusals are part of the output.
    with contextlib.suppress(SystemExit, CommandError):
        call_command(
            "build_fixtures",
            *map(str, articles + seeds),
            output=str(fixture),
            keep_going=True,
            stdout=stdout,
            stderr=stderr,
        )
    (out / "commands").mkdir(parents=True)
    (out / "commands" / "build_fixtures.out").write_text(
        (stdout.getvalue() + stderr.getvalue()).replace(str(scratch), "SCRATCH")
    )
    shutil.copy(fixture, out / "commands" / "plenums.json")
    stdout = io.StringIO()
    with contextlib.suppress(SystemExit, CommandError):
        call_command("parse_article", *map(str, articles[:40] + seeds), stdout=stdout)
    (out / "commands" / "parse_article.out").write_text(stdout.getvalue())
    call_command("loaddata", str(fixture), verbosity=0)
    # One writer: with several, which segment comes first (and so the order of hits that rank
    # equal) depends on which process finished first.
    call_command("rebuild_index", interactive=False, verbosity=0, workers=1)


def crawl(out: Path, limit: int) -> int:
    from django.test import Client
    from django.utils import timezone

    from plenums.models import Session

    today = timezone.localdate().isoformat()
    client = Client()
    seen: dict[str, str] = {}
    sessions = [s.get_absolute_url() for s in Session.objects.published().order_by("slug")]
    start = ["/", "/sitemap.xml", "/feed/atom/", "/robots.txt", "/opensearch.xml", "/data/"]
    start += ["/data/plenums.json", "/data/plenums.csv", "/data/datapackage.json"]
    for q in SEARCHES:
        start += [f"/search/?q={q}", f"/search/?q={q}&page=2", f"/search/?q={q}&format=json"]
        start += [
            f"/search/?q={q}&format=csv",
            f"/search/?q={q}&sort=date",
            f"/search/?q={q}&page=x",
        ]
    queue = deque(start + sessions)
    fact_pages = set()
    pages = out / "pages"
    pages.mkdir(parents=True)
    index = []

    def save(url, response, variant=""):
        name = hashlib.sha1((variant + url).encode()).hexdigest()[:16]
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = masked(raw, today)
        (pages / name).write_bytes(body)
        index.append(
            f"{variant}{url}\t{response.status_code}\t{response.get('Content-Type')}\t{name}"
        )
        return body

    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        parts = urlsplit(url)
        if "fact=" in parts.query:
            # One evidence link per page is enough to pin how they render.
            if parts.path in fact_pages:
                continue
            fact_pages.add(parts.path)
        response = client.get(url)
        seen[url] = ""
        body = save(url, response)
        if response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
            links = sorted(set(HREF.findall(body.decode())))
            queue.extend(link.replace("&amp;", "&") for link in links)
            if "format=" not in parts.query:
                sep = "&" if parts.query else "?"
                save(f"{url}{sep}format=json", client.get(f"{url}{sep}format=json"))
    for url in sessions[:12]:
        client.cookies["script"] = "hant"
        save(url, client.get(url), "hant:")
        del client.cookies["script"]
        save(url, client.get(url, HTTP_ACCEPT_LANGUAGE="en"), "en:")
    (out / "index.tsv").write_text("\n".join(sorted(index)) + "\n")
    return len(index)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="folder to write (emptied first)")
    parser.add_argument("--limit", type=int, default=20000, help="most URLs crawled (20000)")
    args = parser.parse_args(argv)
    out = args.output.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "plenums.settings",
                "DJANGO_DEBUG": "1",
                "ARCHIVE_VAR_DIR": str(scratch),
                "DATABASE_URL": f"sqlite:///{scratch / 'archive.sqlite3'}",
                "WHOOSH_PATH": str(scratch / "whoosh"),
                "DJANGO_ALLOWED_HOSTS": "testserver",
            }
        )
        import django

        django.setup()
        with contextlib.redirect_stderr(io.StringIO()):
            build(scratch, out)
        count = crawl(out, args.limit)
    print(json.dumps({"answers": count, "output": str(out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
