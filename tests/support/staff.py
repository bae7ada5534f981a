"""A test client logged in as a superuser of the admin ("chief")."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def staff(client, db):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "x" * 20)
    client.force_login(user)
    return client
