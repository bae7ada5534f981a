"""Run a management command in-process: its exit code, stdout and stderr."""

import io

from django.core.management import call_command


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()
