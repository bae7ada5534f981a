"""The admin import tests' shared pieces: its address, an uploaded file and a scratch staging."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

IMPORT_URL = "/admin/plenums/session/import/"


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="text/plain")


@pytest.fixture
def staging(settings, tmp_path):
    """Staged uploads in the test's own folder, never the developer's var/."""
    settings.IMPORT_STAGING_DIR = tmp_path / "staged"
    return settings.IMPORT_STAGING_DIR
