"""A Django test runner that judges haystack's suite against the list of allowed differences."""

import inspect

from django.test.runner import DiscoverRunner

from tests.haystack_suite.allowed import ALLOWED_FAILURES


class SuiteRunner(DiscoverRunner):
    def __init__(self, engine="archive", **kwargs):
        super().__init__(**kwargs)
        self.allowed = ALLOWED_FAILURES if engine == "archive" else {}
        self.engine = engine

    def suite_result(self, suite, result, **kwargs):
        failed = {test.id(): trace for test, trace in result.failures}
        errored = {test.id() for test, _ in result.errors}
        surprises = {test.id() for test in result.unexpectedSuccesses}
        as_documented = {
            test.id()
            for test, trace in result.failures
            if test.id() in self.allowed and fails_as_documented(test, trace, self.allowed)
        }
        unexpected = sorted((failed.keys() - as_documented) | errored | surprises)
        fixed = sorted(name for name in self.allowed if name not in failed)
        print(
            f"\nhaystack's Whoosh suite against the {self.engine} engine: {result.testsRun} run, "
            f"{len(failed)} failed, {len(errored)} errors, {len(result.skipped)} skipped, "
            f"{len(result.expectedFailures)} expected failures (the suite's own)"
        )
        for name in sorted(as_documented):
            print(f"  allowed: {name}\n    {self.allowed[name].reason}")
        label = "NOT ALLOWED" if self.engine == "archive" else "failed"
        for name in unexpected:
            print(f"  {label}: {name}")
        for name in fixed:
            print(f"  ALLOWED BUT PASSED (remove it from allowed.py): {name}")
        return len(unexpected) + len(fixed)


def fails_as_documented(test, trace, allowed) -> bool:
    """True when the test failed at the first line of its source holding the documented
    assertion, not at any other assertion."""
    method = getattr(type(test), test._testMethodName)
    lines, first = inspect.getsourcelines(method)
    wanted = allowed[test.id()].fails_at
    for offset, line in enumerate(lines):
        if wanted in line:
            return f", line {first + offset}, in {test._testMethodName}\n" in trace
    return False
