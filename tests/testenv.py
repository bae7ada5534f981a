"""Pytest plugin loaded before Django: gives the test run its own secret key and scratch paths."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
_scratch = tempfile.mkdtemp(prefix="archive-tests-")
os.environ.setdefault("WHOOSH_PATH", os.path.join(_scratch, "whoosh"))
os.environ.setdefault("ARCHIVE_VAR_DIR", _scratch)
# The test client speaks plain HTTP; the production redirect is tested in
# tests/serving/test_deploy.py.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
