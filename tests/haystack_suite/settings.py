"""Settings for haystack's Whoosh suite: its own settings, with the archive's engine swapped in."""

import os
import shutil
from pathlib import Path

from test_haystack.settings import *  # noqa: F403
from test_haystack.settings import HAYSTACK_CONNECTIONS as _SUITE_CONNECTIONS

STOCK_ENGINE = "haystack.backends.whoosh_backend.WhooshEngine"
ENGINES = {"archive": "search.backend.whoosh_backend.ChineseWhooshEngine", "stock": STOCK_ENGINE}
SCRATCH = Path(os.environ["HAYSTACK_SUITE_SCRATCH"])

engine = ENGINES[os.environ.get("HAYSTACK_SUITE_ENGINE", "archive")]
HAYSTACK_CONNECTIONS = {}
for alias in ("default", "whoosh", "filtered_whoosh", "simple"):
    connection = dict(_SUITE_CONNECTIONS[alias])
    if connection["ENGINE"] == STOCK_ENGINE:
        # The suite made an empty temporary directory for each Whoosh connection on import.
        shutil.rmtree(connection["PATH"], ignore_errors=True)
        connection.update(ENGINE=engine, PATH=str(SCRATCH / alias))
    HAYSTACK_CONNECTIONS[alias] = connection
