"""Run django-haystack's Whoosh test suite (from its sdist) against the archive's engine.

    python -m tests.haystack_suite.run --sdist var/haystack-sdist/django_haystack-3.4.0

Every failure or error fails the run, except the by-design differences listed in
``tests.haystack_suite.allowed``; an allowed test that passes fails it too, so the list stays
true. ``--engine stock`` runs the same suite against haystack's own engine, for comparison.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

SUITE = "test_haystack.whoosh_tests"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sdist", required=True, type=Path, help="the unpacked django-haystack sdist"
    )
    parser.add_argument("--engine", choices=("archive", "stock"), default="archive")
    parser.add_argument("-v", "--verbosity", type=int, default=1)
    args = parser.parse_args(argv)
    if not (args.sdist / "test_haystack" / "whoosh_tests").is_dir():
        parser.error(f"--sdist {args.sdist}: no test_haystack/whoosh_tests in it")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="haystack-suite-"))
    # Appended, not prepended: the installed haystack is the one under test, not the sdist's.
    sys.path.append(str(args.sdist.resolve()))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.haystack_suite.settings"
    os.environ["HAYSTACK_SUITE_ENGINE"] = args.engine
    os.environ["HAYSTACK_SUITE_SCRATCH"] = str(scratch)
    # The suite's fixtures and templates are found relative to its own directory.
    os.chdir(scratch)
    try:
        import django

        django.setup()
        from tests.haystack_suite.runner import SuiteRunner

        runner = SuiteRunner(verbosity=args.verbosity, interactive=False, engine=args.engine)
        return 1 if runner.run_tests([SUITE]) else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
